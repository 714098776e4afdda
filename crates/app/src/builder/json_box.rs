//! The spec as JSON: a folding box to export the model into, paste one to import, or
//! download it as a file.

use super::field_input::text_area_value;
use super::state::{BuilderAction, JsonNote};
use crate::components::language::use_language;
use yew::prelude::*;

/// Properties of [`JsonBox`].
#[derive(Properties, PartialEq)]
pub struct JsonBoxProps {
    /// The box's text, as typed.
    pub text: AttrValue,
    pub note: Option<JsonNote>,
    /// Import is off while the model is locked.
    pub locked: bool,
    pub dispatch: Callback<BuilderAction>,
    /// Imports the box's text.
    pub on_import: Callback<()>,
    /// Offers the current spec as a `.json` file.
    pub on_download: Callback<()>,
}

/// Import, export and download of the spec JSON.
#[component]
pub fn JsonBox(props: &JsonBoxProps) -> Html {
    let on_text = props.dispatch.reform(|e: InputEvent| BuilderAction::SetJsonText(text_area_value(&e)));
    let on_export = props.dispatch.reform(|_: MouseEvent| BuilderAction::ExportJson);
    let on_import = props.on_import.reform(|_: MouseEvent| ());
    let on_download = props.on_download.reform(|_: MouseEvent| ());
    let language = use_language();
    let note = match &props.note {
        Some(JsonNote::Exported) => {
            html! { <p class="builder-json-note" role="status">{ language.pick("The box holds the current spec.", "文本框里是当前的模型描述。") }</p> }
        }
        Some(JsonNote::Imported(text)) => {
            html! { <p class="builder-json-note" role="status">{ text.get(language) }</p> }
        }
        Some(JsonNote::Failed(text)) => {
            html! { <p class="builder-json-note builder-import-error error" role="alert">{ text.get(language) }</p> }
        }
        None => Html::default(),
    };
    html! {
        <details id="builder-json" class="builder-json">
            <summary>{ language.pick("Import / export JSON", "导入 / 导出 JSON") }</summary>
            <label for="builder-json-text">{ language.pick("Model spec (JSON)", "模型描述（JSON）") }</label>
            <textarea id="builder-json-text" rows="10" spellcheck="false" value={props.text.clone()}
                oninput={on_text} />
            <div class="builder-json-buttons">
                <button type="button" id="builder-export" onclick={on_export}>{ language.pick("Export to the box", "导出到文本框") }</button>
                <button type="button" id="builder-import" onclick={on_import} disabled={props.locked}>
                    { language.pick("Import from the box", "从文本框导入") }
                </button>
                <button type="button" id="builder-download" onclick={on_download}>{ language.pick("Download .json", "下载 .json") }</button>
            </div>
            { note }
        </details>
    }
}
