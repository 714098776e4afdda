//! The browser's side of loading: fetching the packed datasets from `data/`, reading the
//! files the learner chose, and letting the page paint a status line before long work.

use crate::texts::Language;
use gloo_timers::future::TimeoutFuture;
use js_sys::Uint8Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{File, Response};

/// Where the page serves the packed datasets (index.html copies `www/data` there).
pub const DATA_DIR: &str = "data";

/// A JavaScript error as a sentence.
fn js_error(value: JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| format!("{value:?}"))
}

/// The bytes of `data/FILE`, or a sentence saying why they could not be had (the
/// browser's own reasons stay as the browser wrote them).
pub async fn fetch_asset(file: &str, language: Language) -> Result<Vec<u8>, String> {
    let url = format!("{DATA_DIR}/{file}");
    let failed = |reason: String| {
        language.choose(format!("Could not load {url}: {reason}"), format!("无法加载 {url}：{reason}"))
    };
    let window =
        web_sys::window().ok_or_else(|| failed(language.pick("no browser window", "没有浏览器窗口").into()))?;
    let response = JsFuture::from(window.fetch_with_str(&url)).await.map_err(|e| failed(js_error(e)))?;
    let response: Response = response
        .dyn_into()
        .map_err(|_| failed(language.pick("the answer is not a response", "收到的不是 HTTP 响应").into()))?;
    if !response.ok() {
        let (status, text) = (response.status(), response.status_text());
        return Err(failed(
            language.choose(format!("the server answered {status} {text}"), format!("服务器返回 {status} {text}")),
        ));
    }
    let buffer = response.array_buffer().map_err(|e| failed(js_error(e)))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| failed(js_error(e)))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The bytes of a file the learner chose.
pub async fn read_file(file: &File, language: Language) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| {
        let (name, reason) = (file.name(), js_error(e));
        language.choose(format!("Could not read {name}: {reason}"), format!("无法读取 {name}：{reason}"))
    })?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// The file's path inside the folder the learner chose (`pets/cats/1.png`), or its name.
pub fn file_path(file: &File) -> String {
    js_sys::Reflect::get(file, &JsValue::from_str("webkitRelativePath"))
        .ok()
        .and_then(|path| path.as_string())
        .filter(|path| !path.is_empty())
        .unwrap_or_else(|| file.name())
}

/// Waits until the browser has painted, so a status line set just before shows while
/// the synchronous work that follows runs.
pub async fn let_page_paint() {
    crate::hooks::next_frame().await;
    TimeoutFuture::new(0).await;
}
