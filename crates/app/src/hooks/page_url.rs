//! Options the page takes from its URL's query string.

use wasm_bindgen::JsValue;

/// The query parameter that makes the page destroy its GPU device once a GPU session
/// reaches the given step, so tests can watch the fall-back to the CPU.
pub const SIMULATE_GPU_LOSS_AT: &str = "simulate-gpu-loss-at";
/// The query parameter of the step after which the GPU's next allocation fails for lack
/// of memory (`?simulate-gpu-oom-at=STEP`), for tests of the fallback to the CPU.
pub const SIMULATE_GPU_OOM_AT: &str = "simulate-gpu-oom-at";

/// The step of `?simulate-gpu-loss-at=STEP`, if the URL has one; a value that is no step
/// number is reported on the console and ignored.
pub fn simulated_gpu_loss_step() -> Option<u64> {
    simulated_step(SIMULATE_GPU_LOSS_AT)
}

/// The step of `?simulate-gpu-oom-at=STEP`, if the URL has one; reported and ignored as
/// [`simulated_gpu_loss_step`] is.
pub fn simulated_gpu_oom_step() -> Option<u64> {
    simulated_step(SIMULATE_GPU_OOM_AT)
}

/// The step of the test option `?NAME=STEP`.
fn simulated_step(name: &str) -> Option<u64> {
    let value = params()?.get(name)?;
    match parse_step(name, &value) {
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
    /// Whether the browser prefers Chinese (the page's language when the link names none).
    pub chinese: bool,
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
    let chinese = web_sys::window()
        .and_then(|w| w.navigator().language())
        .is_some_and(|language| language.to_ascii_lowercase().starts_with("zh"));
    Opening { example, loads: query(PRESET).is_some() || query(DATASET).is_some(), chinese }
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

/// The address's hash (`#…`), or "" without one.
pub fn hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

/// The run `?preset=NAME` or `?dataset=NAME` asks for.
pub fn query_load() -> Option<crate::load::LoadRequest> {
    use crate::load::LoadRequest;
    query(PRESET).map(LoadRequest::Preset).or_else(|| query(DATASET).map(LoadRequest::Dataset))
}

/// Makes the address `PATH#HASH`: the link of what the page shows replaces the query
/// string that opened it; no history entry is added.
pub fn show_link(hash: &str) {
    let Some(window) = web_sys::window() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = if hash.is_empty() { path } else { format!("{path}#{hash}") };
    let current = format!(
        "{}{}{}",
        window.location().pathname().unwrap_or_default(),
        window.location().search().unwrap_or_default(),
        window.location().hash().unwrap_or_default()
    );
    if current == url {
        return;
    }
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

fn parse_step(name: &str, value: &str) -> Result<u64, String> {
    value.trim().parse().map_err(|_| format!("?{name}={value} is ignored: it takes a step number, such as 30"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_step_number_parses_and_anything_else_is_named() {
        assert_eq!(parse_step(SIMULATE_GPU_LOSS_AT, "30"), Ok(30));
        assert_eq!(
            parse_step(SIMULATE_GPU_OOM_AT, "later"),
            Err("?simulate-gpu-oom-at=later is ignored: it takes a step number, such as 30".into())
        );
        assert_eq!(
            parse_step(SIMULATE_GPU_LOSS_AT, "soon"),
            Err("?simulate-gpu-loss-at=soon is ignored: it takes a step number, such as 30".into())
        );
    }
}
