//! The learner's files: upload data to train on, load a checkpoint, download the PyTorch
//! export or a checkpoint, and the line saying how the last of these went.

use super::language::use_language;
use crate::load::{LoadRequest, UPLOAD_ACCEPT};
use crate::state::{Action, FileNote};
use crate::texts::label;
use web_sys::{File, HtmlInputElement};
use yew::prelude::*;

/// Properties of [`FilesPanel`].
#[derive(Properties, PartialEq)]
pub struct FilesPanelProps {
    /// How the last load or download went.
    pub note: Option<FileNote>,
    /// False for the 2-D playground, which has no checkpoint file.
    pub can_save_checkpoint: bool,
    pub on_action: Callback<Action>,
    pub on_load: Callback<LoadRequest>,
}

/// The files chosen in the input of `event`, emptying the input so that choosing the same
/// file again (after fixing it) is a change too.
fn chosen_files(event: &Event) -> Vec<File> {
    let input: HtmlInputElement = event.target_unchecked_into();
    let files = input.files().map_or_else(Vec::new, |list| (0..list.length()).filter_map(|i| list.get(i)).collect());
    input.set_value("");
    files
}

/// File inputs, download buttons and the status line.
#[component]
pub fn FilesPanel(props: &FilesPanelProps) -> Html {
    let on_upload = {
        let on_load = props.on_load.clone();
        Callback::from(move |event: Event| {
            let files = chosen_files(&event);
            if !files.is_empty() {
                on_load.emit(LoadRequest::Files(files));
            }
        })
    };
    let on_checkpoint = {
        let on_load = props.on_load.clone();
        Callback::from(move |event: Event| {
            if let Some(file) = chosen_files(&event).into_iter().next() {
                on_load.emit(LoadRequest::Checkpoint(file));
            }
        })
    };
    let on_export = props.on_action.reform(|_: MouseEvent| Action::DownloadExport);
    let on_save = props.on_action.reform(|_: MouseEvent| Action::DownloadCheckpoint);
    let language = use_language();
    let save_hint = (!props.can_save_checkpoint).then_some(label::NO_PLAYGROUND_CHECKPOINT.get(language));
    html! {
        <section class="panel files" id="files" aria-labelledby="files-heading">
            <h2 id="files-heading">{ label::FILES_HEADING.get(language) }</h2>
            <div class="field">
                <label for="upload">{ label::UPLOAD.get(language) }</label>
                <input type="file" id="upload" multiple=true accept={UPLOAD_ACCEPT} onchange={on_upload.clone()} />
                <p class="hint">{ label::UPLOAD_HINT.get(language) }</p>
            </div>
            <div class="field">
                <label for="upload-folder">{ label::UPLOAD_FOLDER.get(language) }</label>
                <input type="file" id="upload-folder" webkitdirectory=true multiple=true onchange={on_upload} />
            </div>
            <div class="field">
                <label for="load-checkpoint">{ label::LOAD_CHECKPOINT.get(language) }</label>
                <input type="file" id="load-checkpoint" accept=".safetensors" onchange={on_checkpoint} />
            </div>
            <div class="downloads">
                <button id="download-export" class="button" onclick={on_export}>{ label::DOWNLOAD_EXPORT.get(language) }</button>
                <button id="download-checkpoint" class="button" onclick={on_save}
                    disabled={!props.can_save_checkpoint} title={save_hint}>{ label::DOWNLOAD_CHECKPOINT.get(language) }</button>
            </div>
            { note(props.note.as_ref()) }
        </section>
    }
}

/// The status line: progress and results politely, failures as an alert.
fn note(note: Option<&FileNote>) -> Html {
    match note {
        None => html! {},
        Some(FileNote::Busy(text)) => html! {
            <p id="load-status" class="status busy" role="status" data-state="busy">{ text }</p>
        },
        Some(FileNote::Done(text)) => html! {
            <p id="load-status" class="status" role="status" data-state="done">{ text }</p>
        },
        Some(FileNote::Failed(text)) => html! {
            <p id="load-error" class="error" role="alert">{ text }</p>
        },
    }
}
