//! The Share button: copies the link of what the page shows, so opening it reproduces
//! the run with its settings.

use crate::texts::Language;
use gloo_timers::callback::Timeout;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// How long "Link copied" shows.
const COPIED_MS: u32 = 2500;

/// Properties of [`ShareButton`].
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The page's hash (without `#`), `None` when the run cannot be carried by a link.
    pub link: Option<String>,
    pub language: Language,
}

/// What the last copy did (the Share and Embed buttons say so).
#[derive(Clone, Copy, PartialEq)]
pub enum Copied {
    Not,
    Done,
    Failed,
}

/// Copies the page's link to the clipboard.
#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let copied = use_state(|| Copied::Not);
    let language = props.language;
    let onclick = {
        let (copied, link) = (copied.clone(), props.link.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(link) = link.clone() else { return };
            let copied = copied.clone();
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(if copy(&link).await { Copied::Done } else { Copied::Failed });
                let copied = copied.clone();
                Timeout::new(COPIED_MS, move || copied.set(Copied::Not)).forget();
            });
        })
    };
    let text = match *copied {
        Copied::Not => language.pick("Share", "分享"),
        Copied::Done => language.pick("Link copied", "链接已复制"),
        Copied::Failed => language.pick("Copy the address bar", "请复制地址栏"),
    };
    let title = match props.link {
        Some(_) => {
            language.pick("Copy a link that opens this run with its settings", "复制能打开这次训练及其设置的链接")
        }
        None => language.pick(
            "A run on your own files or from a checkpoint cannot be shared as a link",
            "基于你自己的文件或检查点的训练无法通过链接分享",
        ),
    };
    html! {
        <button id="share" class="button" {onclick} disabled={props.link.is_none()} title={title}
            data-copied={(*copied == Copied::Done).then_some("true")}>
            { text }
        </button>
    }
}

/// Puts the page's address with `hash` on the clipboard; `false` when the browser refused.
async fn copy(hash: &str) -> bool {
    copy_text(&format!("{}#{hash}", page_address())).await
}

/// The page's address without its query and hash, such as `https://host/path/`.
pub fn page_address() -> String {
    let Some(location) = web_sys::window().map(|window| window.location()) else { return String::new() };
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Puts `text` on the clipboard; `false` when the browser refused.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    JsFuture::from(window.navigator().clipboard().write_text(text)).await.is_ok()
}
