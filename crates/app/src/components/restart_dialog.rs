//! The in-page question before a change restarts a trained run: the playground's data and
//! network edits (see [`crate::restart`]) and the model builder's "Train this model".
//! Focus moves into the dialog, stays there (Tab cycles its two buttons, Escape keeps
//! training), and goes back to the control that asked when it closes.

use crate::texts::Language;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};
use yew::prelude::*;

/// Properties of [`RestartDialog`].
#[derive(Properties, PartialEq)]
pub struct RestartDialogProps {
    /// What restarting loses, such as "… the current run at step 420 is lost. Restart?".
    pub question: AttrValue,
    pub language: Language,
    /// "Restart": apply the change.
    pub on_restart: Callback<()>,
    /// "Keep training" (or Escape): drop the change.
    pub on_keep: Callback<()>,
}

/// A modal dialog: "Restart" applies the change, "Keep training" drops it.
#[component]
pub fn RestartDialog(props: &RestartDialogProps) -> Html {
    let language = props.language;
    let (keep, restart) = (use_node_ref(), use_node_ref());
    {
        let keep = keep.clone();
        use_effect_with((), move |()| {
            let document = web_sys::window().and_then(|w| w.document());
            let before =
                document.as_ref().and_then(|d| d.active_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok());
            if let Some(button) = keep.cast::<HtmlElement>() {
                let _ = button.focus();
            }
            move || {
                if let Some(element) = before {
                    let _ = element.focus();
                }
            }
        });
    }
    let onkeydown = {
        let (keep, restart, on_keep) = (keep.clone(), restart.clone(), props.on_keep.clone());
        move |event: KeyboardEvent| match event.key().as_str() {
            "Escape" => {
                event.prevent_default();
                on_keep.emit(());
            }
            "Tab" => {
                // Two buttons: Tab and Shift+Tab both go to the other one.
                event.prevent_default();
                let focused = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
                let other = if focused == keep.cast::<web_sys::Element>() { &restart } else { &keep };
                if let Some(button) = other.cast::<HtmlElement>() {
                    let _ = button.focus();
                }
            }
            _ => {}
        }
    };
    html! {
        <div class="dialog-backdrop">
            <div id="restart-dialog" class="dialog panel" role="alertdialog" aria-modal="true"
                aria-labelledby="restart-title" aria-describedby="restart-question" {onkeydown}>
                <h2 id="restart-title">{ language.pick("Restart training?", "重新开始训练？") }</h2>
                <p id="restart-question">{ props.question.clone() }</p>
                <div class="dialog-actions">
                    <button type="button" id="restart-confirm" class="button" ref={restart}
                        onclick={props.on_restart.reform(|_: MouseEvent| ())}>
                        { language.pick("Restart", "重新开始") }
                    </button>
                    <button type="button" id="restart-cancel" class="button primary" ref={keep}
                        onclick={props.on_keep.reform(|_: MouseEvent| ())}>
                        { language.pick("Keep training", "继续训练") }
                    </button>
                </div>
            </div>
        </div>
    }
}
