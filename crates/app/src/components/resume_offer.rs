//! The offer to resume the run saved on an earlier visit, and the line saying why the
//! autosave failed, if it did (see [`crate::persist`]).

use crate::load::LoadRequest;
use crate::persist::{self, CURRENT, SavedRun, age};
use crate::state::{Action, PersistAction, Persistence};
use crate::texts::Language;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`ResumeOffer`].
#[derive(Properties, PartialEq)]
pub struct ResumeOfferProps {
    pub persist: Persistence,
    pub language: Language,
    pub on_action: Callback<Action>,
    pub on_load: Callback<LoadRequest>,
}

/// "Resume your run from step N (saved 2 min ago)?" with Resume and Dismiss; Dismiss
/// forgets the saved run.
#[component]
pub fn ResumeOffer(props: &ResumeOfferProps) -> Html {
    let language = props.language;
    // The offer closes once the saved run is gone, not before: a reload straight after the
    // click could otherwise abort the delete and bring the dismissed run back.
    let dismissing = use_state(|| false);
    let error = props.persist.error.as_ref().map(|error| {
        html! {
            <p id="autosave-error" class="notice" role="status">
                { language.pick("Your run is not being saved: ", "训练没有自动保存：") }
                { crate::engine_text::say(language, error) }
            </p>
        }
    });
    let Some(offer) = props.persist.offer.clone() else { return html! { <>{ for error }</> } };
    let close = props.on_action.reform(|_: ()| Action::Persist(PersistAction::CloseOffer));
    let resume = {
        let (on_load, close, offer) = (props.on_load.clone(), close.clone(), offer.clone());
        Callback::from(move |_: MouseEvent| {
            on_load.emit(LoadRequest::Saved(offer.clone()));
            close.emit(());
        })
    };
    let dismiss = {
        let dismissing = dismissing.clone();
        Callback::from(move |_: MouseEvent| {
            dismissing.set(true);
            let (close, dismissing) = (close.clone(), dismissing.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Err(reason) = persist::delete(CURRENT).await {
                    web_sys::console::warn_1(&reason.into());
                }
                dismissing.set(false);
                close.emit(());
            });
        })
    };
    html! {
        <>
            <section id="resume-offer" class="resume-offer" role="region" aria-labelledby="resume-offer-title"
                data-step={offer.step.to_string()}>
                <h2 id="resume-offer-title">{ language.pick("Resume your run?", "继续上次的训练？") }</h2>
                <p>{ question(&offer, js_sys::Date::now(), language) }</p>
                <div class="resume-actions">
                    <button id="resume-run" class="button primary" onclick={resume}>
                        { language.pick("Resume", "继续") }
                    </button>
                    <button id="dismiss-resume" class="button" onclick={dismiss} disabled={*dismissing}>
                        { language.pick("Dismiss", "忽略") }
                    </button>
                </div>
            </section>
            { for error }
        </>
    }
}

/// The offer's question about `saved`, seen at `now_ms`.
fn question(saved: &Rc<SavedRun>, now_ms: f64, language: Language) -> String {
    let ago = age::ago(now_ms, saved.saved_at_ms, language);
    match language {
        Language::En => format!("Resume your run “{}” from step {} (saved {ago})?", saved.title, saved.step),
        Language::Zh => format!("从第 {} 步继续训练「{}」（{ago}保存）？", saved.step, saved.title),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_names_the_run_its_step_and_its_age_in_both_languages() {
        let saved = Rc::new(SavedRun {
            saved_at_ms: 1_000_000.0,
            step: 420,
            title: "Digits with a CNN".into(),
            checkpoint: Vec::new(),
            link: String::new(),
        });
        let now = 1_000_000.0 + 125_000.0;
        assert_eq!(
            question(&saved, now, Language::En),
            "Resume your run “Digits with a CNN” from step 420 (saved 2 min ago)?"
        );
        assert_eq!(question(&saved, now, Language::Zh), "从第 420 步继续训练「Digits with a CNN」（2 分钟前保存）？");
    }
}
