//! The hook that checkpoints the current run in the browser every few seconds and, when
//! the page opens, offers to resume the run saved on an earlier visit (see [`crate::persist`]).

use crate::link;
use crate::persist::{self, AUTOSAVE_MS, CURRENT, SavedRun, policy};
use crate::share;
use crate::state::{Action, PersistAction, State};
use gloo_timers::callback::Interval;
use std::rc::Rc;
use yew::prelude::*;

/// Every [`AUTOSAVE_MS`], asks the worker for a checkpoint when the run has trained since
/// the last one (see [`policy::candidate`]), and stores each one that comes back under
/// [`CURRENT`] with the run's title and link. Once, at mount, reads [`CURRENT`] and offers
/// it. Where the browser has no IndexedDB it does nothing.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<State>) {
    let on = *use_memo((), |()| persist::available());
    // What an autosave now would be of, as of the latest render; the timer reads it.
    let candidate = use_mut_ref(|| None);
    *candidate.borrow_mut() = if on { policy::candidate(state) } else { None };
    {
        let (dispatcher, candidate) = (state.dispatcher(), candidate.clone());
        use_effect_with((), move |()| {
            let mut asked: Option<policy::Mark> = None;
            let interval = on.then(|| {
                Interval::new(AUTOSAVE_MS, move || {
                    let now = candidate.borrow().clone();
                    if now.is_some() && now != asked {
                        asked = now;
                        dispatcher.dispatch(Action::Persist(PersistAction::Autosave));
                    }
                })
            });
            move || drop(interval)
        });
    }
    {
        let dispatcher = state.dispatcher();
        // The state the page opens with: whether its course lets files be loaded.
        let opening = use_memo((), |()| (**state).clone());
        use_effect_with((), move |()| {
            if on {
                wasm_bindgen_futures::spawn_local(async move {
                    match persist::get(CURRENT).await {
                        Ok(Some(saved)) if policy::offerable(&saved, &opening) => {
                            dispatcher.dispatch(Action::Persist(PersistAction::Offer(Rc::new(saved))));
                        }
                        Ok(_) => {}
                        Err(reason) => web_sys::console::warn_1(&reason.into()),
                    }
                });
            }
        });
    }
    let serial = state.persist.autosaved.as_ref().map(|saved| saved.serial);
    let title = policy::title(state);
    let link = link::link_of(state).map(|link| share::encode(&link)).unwrap_or_default();
    let (dispatcher, autosaved) = (state.dispatcher(), state.persist.autosaved.clone());
    use_effect_with(serial, move |_| {
        let Some(autosaved) = autosaved.filter(|_| on) else { return };
        let saved = SavedRun {
            saved_at_ms: js_sys::Date::now(),
            step: autosaved.step,
            title,
            checkpoint: autosaved.bytes.clone(),
            link,
        };
        wasm_bindgen_futures::spawn_local(async move {
            dispatcher.dispatch(Action::Persist(match persist::put(CURRENT, &saved).await {
                Ok(()) => PersistAction::Stored,
                Err(reason) => PersistAction::Failed(reason),
            }));
        });
    });
}
