//! The Embed button and its dialog: the HTML that puts what the page shows on a course
//! page as `<nn-playground>` (see [`crate::embed::snippet`] and `www/embed.js`), with a
//! button that copies it.

use super::share_button::{Copied, copy_text, page_address};
use crate::texts::Language;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

/// Properties of [`EmbedDialog`].
#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    /// The page's hash (without `#`), `None` when the run cannot be carried by a link.
    pub link: Option<String>,
    pub language: Language,
}

/// The Embed button; pressed, it shows the snippet until closed (Close or Escape).
#[component]
pub fn EmbedDialog(props: &EmbedDialogProps) -> Html {
    let language = props.language;
    let open = use_state(|| false);
    let copied = use_state(|| Copied::Not);
    let area = use_node_ref();
    let snippet = props.link.as_ref().map(|link| {
        crate::embed::snippet(&page_address(), link, language.pick("Open NN Playground", "打开 NN Playground"))
    });
    {
        // Opening selects the snippet, ready to copy by keyboard too.
        let area = area.clone();
        use_effect_with(*open, move |open| {
            if let (true, Some(area)) = (*open, area.cast::<HtmlTextAreaElement>()) {
                let _ = area.focus();
                area.select();
            }
        });
    }
    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            copied.set(Copied::Not);
            open.set(!*open);
        })
    };
    let close = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };
    let on_key = {
        let open = open.clone();
        Callback::from(move |event: KeyboardEvent| {
            if event.key() == "Escape" {
                open.set(false);
            }
        })
    };
    let copy = {
        let (copied, snippet) = (copied.clone(), snippet.clone());
        Callback::from(move |_: MouseEvent| {
            let (copied, snippet) = (copied.clone(), snippet.clone().unwrap_or_default());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(if copy_text(&snippet).await { Copied::Done } else { Copied::Failed });
            });
        })
    };
    let copy_text = match *copied {
        Copied::Not => language.pick("Copy", "复制"),
        Copied::Done => language.pick("Copied", "已复制"),
        Copied::Failed => language.pick("Select the text and copy it", "请选中文字后复制"),
    };
    html! {
        <>
            <button id="embed-button" class="button" onclick={toggle} disabled={snippet.is_none()}
                aria-expanded={open.to_string()} aria-controls="embed-dialog"
                title={language.pick("HTML that puts this run on your own page", "把这次训练放到你自己网页上的 HTML")}>
                { language.pick("Embed", "嵌入") }
            </button>
            if *open && let Some(snippet) = snippet {
                <section id="embed-dialog" class="embed-dialog" role="dialog" aria-labelledby="embed-title"
                    onkeydown={on_key}>
                    <h2 id="embed-title">{ language.pick("Embed this run in a page", "把这次训练嵌入网页") }</h2>
                    <p>
                        { language.pick(
                            "Paste this into your course page's HTML. The playground takes commands from, and sends \
                             events to, that page only.",
                            "把这段代码粘贴到课程网页的 HTML 中。训练场只接受该网页的指令，也只向它发送事件。") }
                    </p>
                    <label for="embed-snippet" class="visually-hidden">{ language.pick("Embed code", "嵌入代码") }</label>
                    <textarea id="embed-snippet" ref={area} readonly=true rows="6" value={snippet} />
                    <div class="embed-actions">
                        <button id="copy-embed" class="button primary" onclick={copy}
                            data-copied={(*copied == Copied::Done).then_some("true")}>{ copy_text }</button>
                        <button id="close-embed" class="button" onclick={close}>{ language.pick("Close", "关闭") }</button>
                    </div>
                </section>
            }
        </>
    }
}
