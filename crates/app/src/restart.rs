//! Changes that restart a trained run (the playground's data, noise, split and network)
//! wait for the learner's answer in an in-page dialog. The controls show the change at
//! once, while the run trains on with the settings the reducer keeps here: "Restart"
//! lets the change through to the trainer, "Keep training" puts the kept settings back
//! in the controls. An untrained run changes at once.

use crate::state::{Action, State};
use crate::texts::Language;
use nnplay_train::SessionConfig;
use yew::Reducible;

/// The settings of a run kept until the learner says whether the change may restart it.
#[derive(Debug, Clone, PartialEq)]
pub struct PendingRestart {
    /// The step the run had reached when the change was asked for.
    pub step: u64,
    /// The config the run trains with meanwhile, and gets back if the change is dropped.
    pub config: SessionConfig,
    pub batch_text: String,
    pub seed_text: String,
    /// The controls' error as it was.
    pub error: Option<String>,
    /// Whether it was playing (a new 2-D set from the run menu pauses).
    pub running: bool,
}

impl PendingRestart {
    /// The dialog's question, in `language`.
    pub fn question(&self, language: Language) -> String {
        let step = self.step;
        language.choose(
            format!("This restarts training from step 0; the current run at step {step} is lost. Restart?"),
            format!("这会让训练从第 0 步重新开始；当前训练到第 {step} 步的结果将丢失。要重新开始吗？"),
        )
    }
}

impl State {
    /// The step the run shown has trained to (0 before its first evaluation).
    pub fn trained_step(&self) -> u64 {
        self.history.points().last().map_or(0, |point| point.step)
    }

    /// The change to hold for confirmation, when `action` would restart a run that has
    /// trained; `None` when it can apply at once.
    pub(crate) fn restart_for(&self, action: &Action) -> Option<PendingRestart> {
        let edits_the_plane = matches!(
            action,
            Action::SetDataset(_)
                | Action::SetNoise(_)
                | Action::SetTrainRatio(_)
                | Action::AddLayer
                | Action::RemoveLayer
                | Action::AddNeuron(_)
                | Action::RemoveNeuron(_)
                | Action::SetActivation(_)
                | Action::ShowPlane(_)
        );
        let step = self.trained_step();
        if !edits_the_plane || !self.choice.is_playground() || step == 0 || self.pending_restart.is_some() {
            return None;
        }
        // Try it: a change that leaves the data and the network as they are (a layer
        // button at its limit, the set already shown) restarts nothing.
        let probe = std::rc::Rc::new(State { history: Default::default(), ..self.clone() }).reduce(action.clone());
        let restarts = probe.config.needs_reset(&self.config) && probe.valid_config().is_some();
        restarts.then(|| PendingRestart {
            step,
            config: self.config.clone(),
            batch_text: self.batch_text.clone(),
            seed_text: self.seed_text.clone(),
            error: self.error.clone(),
            running: self.running,
        })
    }

    /// The config the run trains with while a restart waits for the learner's answer.
    pub(crate) fn restart_kept(&self) -> Option<&SessionConfig> {
        self.pending_restart.as_ref().map(|pending| &pending.config)
    }

    /// Drops the change waiting for an answer: the controls show the run's settings again.
    pub(crate) fn keep_training(&mut self) {
        if let Some(kept) = self.pending_restart.take() {
            self.config = kept.config;
            self.batch_text = kept.batch_text;
            self.seed_text = kept.seed_text;
            self.running = kept.running;
            self.error = kept.error;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::LossPoint;
    use crate::worker::protocol::{Model, Target};
    use nnplay_data::DatasetKind;
    use std::rc::Rc;

    use crate::state::reduce_all as reduce;

    /// The playground, playing, trained to `step`.
    fn trained(step: u64) -> State {
        let mut state = State { gallery: false, running: true, ..State::default() };
        Rc::make_mut(&mut state.history).push(LossPoint {
            step,
            train: 0.5,
            test: 0.6,
            train_accuracy: None,
            test_accuracy: None,
        });
        state
    }

    #[test]
    fn a_trained_run_asks_first_and_keep_training_drops_the_change() {
        let state = reduce(trained(120), [Action::GpuProbed(Err("none".into())), Action::SetDataset(DatasetKind::Xor)]);
        let pending = state.pending_restart.clone().expect("held for the learner's answer");
        assert_eq!(pending.step, 120);
        assert!(pending.question(Language::En).contains("the current run at step 120 is lost"));
        assert!(crate::texts::has_chinese(&pending.question(Language::Zh)));
        assert_eq!(state.config.dataset.kind, DatasetKind::Xor, "the menu shows the change");
        let Some(Target { model: Model::Points(trained_on), .. }) = state.target() else { panic!("a playground run") };
        assert_eq!(trained_on.dataset.kind, DatasetKind::Spiral, "the run trains on as it was");
        let state = reduce(state, [Action::KeepTraining]);
        assert_eq!(state.pending_restart, None);
        assert_eq!(state.config.dataset.kind, DatasetKind::Spiral);
        assert!(state.running, "training goes on");
        assert_eq!(state.trained_step(), 120);
    }

    #[test]
    fn restart_lets_the_change_through_to_the_trainer() {
        for action in [Action::SetDataset(DatasetKind::Xor), Action::SetNoise(0.3), Action::AddLayer] {
            let state = reduce(trained(40), [Action::GpuProbed(Err("none".into())), action.clone()]);
            assert!(state.pending_restart.is_some(), "{action:?}");
            let state = reduce(state, [Action::ConfirmRestart]);
            assert_eq!(state.pending_restart, None);
            let Some(Target { model: Model::Points(config), .. }) = state.target() else { panic!("a playground run") };
            assert!(config.needs_reset(&trained(40).config), "{action:?} applied");
        }
    }

    #[test]
    fn keep_training_puts_back_a_run_that_a_new_2d_set_paused() {
        let state = reduce(trained(40), [Action::ShowPlane(DatasetKind::Circle)]);
        assert!(state.pending_restart.is_some() && !state.running);
        let state = reduce(state, [Action::KeepTraining]);
        assert!(state.running);
        assert_eq!(state.config, trained(40).config);
    }

    #[test]
    fn untrained_runs_and_changes_that_restart_nothing_apply_at_once() {
        let state = reduce(State::default(), [Action::SetDataset(DatasetKind::Xor)]);
        assert_eq!((state.pending_restart, state.config.dataset.kind), (None, DatasetKind::Xor));
        let state = reduce(trained(40), [Action::SetDataset(DatasetKind::Spiral), Action::SetLearningRate(0.1)]);
        assert_eq!(state.pending_restart, None, "the same set, and a live setting");
        assert_eq!(state.config.optimizer.learning_rate, 0.1);
        let state = reduce(trained(40), [Action::RemoveNeuron(7)]);
        assert_eq!(state.pending_restart, None, "no such layer: nothing to restart");
    }

    #[test]
    fn a_locked_control_neither_asks_nor_changes() {
        let course = crate::share::parse("lock=dataset").state.course;
        let state = State { course: Rc::new(course), ..trained(40) };
        let state = reduce(state, [Action::SetDataset(DatasetKind::Xor)]);
        assert_eq!(state.pending_restart, None);
        assert_eq!(state.config.dataset.kind, DatasetKind::Spiral);
    }
}
