//! The hook that keeps a training session in step with the page's state.

use super::trainer::{Request, Trainer, sync};
use crate::state::State;
use yew::prelude::*;

/// Owns the page's training session and trains it while `state.running`: config edits,
/// the example and backend choices, Play/Pause, Step and Reset reach it through this
/// hook, and its evaluations come back as actions on `state`.
#[hook]
pub fn use_trainer(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let trainer = use_mut_ref(move || Trainer::new(dispatcher.into()));
    let request = Request {
        target: state.target(),
        running: state.running,
        reset_generation: state.reset_generation,
        step_generation: state.step_generation,
        export_generation: state.export_generation,
        save_generation: state.save_generation,
    };
    use_effect_with(request, move |request| sync(&trainer, request));
}
