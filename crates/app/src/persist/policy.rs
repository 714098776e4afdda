//! When the page checkpoints the current run: a run spec (the 2-D playground has no
//! checkpoint file) that has trained past step 0 since the last autosave, and that a
//! checkpoint can bring back on its own (not one on the learner's imported data, which the
//! checkpoint does not hold). A course that locks or hides the file controls turns it off.

use super::SavedRun;
use crate::choice::Choice;
use crate::share::Control;
use crate::state::State;

/// What an autosave is of: the run's key (as the badge names it) and its step.
pub type Mark = (String, u64);

/// The run and step an autosave now would save, if the run is one to save; a new autosave
/// is due when this differs from the last one asked for.
pub fn candidate(state: &State) -> Option<Mark> {
    if state.choice.is_playground() || !state.can_use(Control::Files) {
        return None;
    }
    if state.choice.loaded().is_some_and(|loaded| loaded.imported().is_some()) {
        return None;
    }
    // Metrics of a session not yet rebuilt for the chosen run are the old run's.
    if state.built.as_ref().is_none_or(|built| built.run != state.choice.run_ref()) {
        return None;
    }
    let step = state.metrics.as_ref()?.step;
    (step > 0).then(|| (state.choice.key(), step))
}

/// What the page calls the run it saves.
pub fn title(state: &State) -> String {
    match &state.choice {
        Choice::Example(example) => example.title().to_string(),
        Choice::Loaded(loaded) => loaded.about.title.get(state.language).to_string(),
    }
}

/// Whether a run saved by an earlier visit is worth offering on a page that `state` opens
/// with: it trained, its checkpoint names no imported data (which it does not hold), and
/// the course lets the learner load files.
pub fn offerable(saved: &SavedRun, state: &State) -> bool {
    let imported = nnplay_train::checkpoint::info(&saved.checkpoint).is_ok_and(|info| info.imported());
    saved.step > 0 && !imported && state.can_use(Control::Files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;
    use crate::loaded::{About, Loaded, Recipe, Source};
    use crate::state::{Action, Built};
    use nnplay_data::{AssetFiles, TensorData};
    use nnplay_tensor::Device;
    use nnplay_train::{Metrics, RunData, RunSpec, SpecSession};
    use std::rc::Rc;
    use std::sync::Arc;

    fn evaluated(step: u64) -> Action {
        let metrics =
            Metrics { step, epoch: 0.0, train_loss: 1.0, test_loss: 1.0, train_accuracy: None, test_accuracy: None };
        Action::Evaluated { metrics, boundary: None }
    }

    use crate::state::reduce_all as reduce;

    fn built_for(state: &State) -> Action {
        let run = state.choice.run_ref();
        Action::SessionBuilt(Built { run, device: Device::Cpu, data: None, layers: Rc::new([]), live: None })
    }

    fn on(choice: Action) -> State {
        let state = reduce(State::default(), [choice]);
        let built = built_for(&state);
        reduce(state, [built])
    }

    fn points() -> TensorData {
        TensorData {
            inputs: (0..40).map(|v| v as f32).collect(),
            input_shape: vec![2],
            targets: (0..20).map(|i| (i % 2) as f32).collect(),
            target_shape: vec![],
            classes: 2,
            len: 20,
        }
    }

    #[test]
    fn a_spec_run_is_saved_once_it_has_trained_and_the_playground_never() {
        let state = on(Action::SetExample(Example::Cnn));
        assert_eq!(candidate(&state), None, "nothing trained yet");
        let state = reduce(state, [evaluated(0)]);
        assert_eq!(candidate(&state), None, "step 0 is what any fresh run has");
        let state = reduce(state, [evaluated(12)]);
        assert_eq!(candidate(&state), Some(("cnn".to_string(), 12)));
        assert_eq!(title(&state), Example::Cnn.title());
        let playground = reduce(on(Action::SetExample(Example::Playground)), [evaluated(12)]);
        assert_eq!(candidate(&playground), None);
    }

    #[test]
    fn the_old_runs_numbers_do_not_count_for_a_new_choice() {
        let state = reduce(on(Action::SetExample(Example::Cnn)), [evaluated(12), Action::SetExample(Example::Gru)]);
        assert_eq!(candidate(&state), None, "the GRU's session is not built yet");
    }

    #[test]
    fn a_run_on_imported_data_or_under_a_files_lock_is_not_saved() {
        let model = nnplay_train::suggest_model(&points());
        let run = RunSpec { model, data: RunData::Imported { source: "pts.csv".into(), data: Arc::new(points()) } };
        let about = About { title: crate::texts::Translated::same("pts.csv"), ..About::default() };
        let recipe = Recipe::Run { run, assets: AssetFiles::new() };
        let loaded = Rc::new(Loaded::new(Source::Import("pts.csv".into()), about, recipe));
        let state = reduce(on(Action::Loaded(loaded)), [evaluated(5)]);
        assert_eq!(candidate(&state), None);
        let course = crate::share::parse("lock=files").state.course;
        let state = State { course: Rc::new(course), ..on(Action::SetExample(Example::Cnn)) };
        assert_eq!(candidate(&reduce(state, [evaluated(5)])), None);
    }

    #[test]
    fn only_a_trained_run_that_its_checkpoint_can_bring_back_is_offered() {
        let state = State::default();
        let model = nnplay_train::suggest_model(&points());
        let mut session = SpecSession::with_data(model, "pts.csv", points(), Device::Cpu).unwrap();
        session.step().unwrap();
        let imported = pollster::block_on(session.save()).unwrap();
        let saved =
            |step, checkpoint| SavedRun { saved_at_ms: 0.0, step, title: "t".into(), checkpoint, link: String::new() };
        assert!(!offerable(&saved(1, imported), &state), "its data is not saved with it");
        let spec = RunSpec::from_json(Example::Mlp.spec_json().unwrap()).unwrap();
        let mut session = SpecSession::with_assets(spec, Device::Cpu, &AssetFiles::new()).unwrap();
        session.step().unwrap();
        let bytes = pollster::block_on(session.save()).unwrap();
        assert!(offerable(&saved(1, bytes.clone()), &state));
        assert!(!offerable(&saved(0, bytes), &state), "nothing trained");
    }
}
