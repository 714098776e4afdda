//! Options the page takes from its URL's query string.

use wasm_bindgen::JsValue;

/// The query parameter that makes the page destroy its GPU device once a GPU session
/// reaches the given step, so tests can watch the fall-back to the CPU.
pub const SIMULATE_GPU_LOSS_AT: &str = "simulate-gpu-loss-at";

/// The step of `?simulate-gpu-loss-at=STEP`, if the URL has one; a value that is no step
/// number is reported on the console and ignored.
pub fn simulated_gpu_loss_step() -> Option<u64> {
    let value = params()?.get(SIMULATE_GPU_LOSS_AT)?;
    match parse_step(&value) {
        Ok(step) => Some(step),
        Err(message) => {
            web_sys::console::warn_1(&JsValue::from_str(&message));
            None
        }
    }
}

/// The query parameter naming the preset the page opens with (`?preset=mlp-2d`); the
/// page keeps it in step with the preset shown, so the address can be shared.
pub const PRESET: &str = "preset";
/// The query parameter naming the built-in dataset the page opens with (`?dataset=digits`).
pub const DATASET: &str = "dataset";

/// The query parameter naming the example the page opens with (`?example=playground`),
/// skipping the gallery.
pub const EXAMPLE: &str = "example";

/// What the address asks the page to open with.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Opening {
    /// `?example=NAME`, when it names one.
    pub example: Option<crate::examples::Example>,
    /// Whether it names a preset or dataset to load, so the gallery is skipped.
    pub loads: bool,
}

/// What the address asks for; an unknown example name is reported on the console and
/// the gallery opens.
pub fn opening() -> Opening {
    let example = query(EXAMPLE).and_then(|name| match name.parse() {
        Ok(example) => Some(example),
        Err(message) => {
            web_sys::console::warn_1(&JsValue::from_str(&format!("?{EXAMPLE}={name} is ignored: {message}")));
            None
        }
    });
    Opening { example, loads: query(PRESET).is_some() || query(DATASET).is_some() }
}

/// The query string's parameters, if the page has a location.
fn params() -> Option<web_sys::UrlSearchParams> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()
}

/// The value of `?NAME=…`, if the URL has it and it is not blank.
pub fn query(name: &str) -> Option<String> {
    params()?.get(name).map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

/// Puts `?preset=NAME` in the address (or takes it out), keeping the other parameters and
/// adding no history entry.
pub fn show_preset(name: Option<&str>) {
    let Some(params) = params() else { return };
    if params.get(PRESET).as_deref() == name {
        return;
    }
    match name {
        Some(name) => params.set(PRESET, name),
        None => params.delete(PRESET),
    }
    let Some(window) = web_sys::window() else { return };
    let query = String::from(params.to_string());
    let path = window.location().pathname().unwrap_or_default();
    let url = if query.is_empty() { path } else { format!("{path}?{query}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
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
