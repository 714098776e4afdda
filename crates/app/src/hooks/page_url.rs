//! Options the page takes from its URL's query string.

use wasm_bindgen::JsValue;

/// The query parameter that makes the page destroy its GPU device once a GPU session
/// reaches the given step, so tests can watch the fall-back to the CPU.
pub const SIMULATE_GPU_LOSS_AT: &str = "simulate-gpu-loss-at";

/// The step of `?simulate-gpu-loss-at=STEP`, if the URL has one; a value that is no step
/// number is reported on the console and ignored.
pub fn simulated_gpu_loss_step() -> Option<u64> {
    let search = web_sys::window()?.location().search().ok()?;
    let value = web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(SIMULATE_GPU_LOSS_AT)?;
    match parse_step(&value) {
        Ok(step) => Some(step),
        Err(message) => {
            web_sys::console::warn_1(&JsValue::from_str(&message));
            None
        }
    }
}

fn parse_step(value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("?{SIMULATE_GPU_LOSS_AT}={value} is ignored: it takes a step number, such as 30"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_number_parses_and_anything_else_is_named() {
        assert_eq!(parse_step("30"), Ok(30));
        assert_eq!(
            parse_step("soon"),
            Err("?simulate-gpu-loss-at=soon is ignored: it takes a step number, such as 30".into())
        );
    }
}
