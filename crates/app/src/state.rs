//! The page's state: one reducer, where every control and every training event is an [`Action`].

use crate::history::{History, LossPoint};
use nnplay_data::{Dataset2d, DatasetKind};
use nnplay_nn::{Activation, OptimizerKind};
use nnplay_train::{Boundary, MAX_HIDDEN_LAYERS, MAX_NEURONS, Metrics, SessionConfig};
use std::rc::Rc;
use yew::Reducible;

/// Size of a layer added to a network that has none to copy.
const NEW_LAYER_NEURONS: usize = 4;

/// Shown when the loss stops being a number.
pub const DIVERGED: &str = "The loss diverged (it is no longer a finite number), so training was paused: \
                            lower the learning rate, then press Reset.";

/// The notice for a divergence after which the weights of `step` were put back.
pub fn diverged_and_restored(step: u64) -> String {
    format!(
        "The loss diverged (it is no longer a finite number), so training was paused and the weights \
         from step {step} were put back: lower the learning rate, then press Play to go on."
    )
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The config as the controls set it; it may be invalid (see `error`).
    pub config: SessionConfig,
    /// The batch size as typed, so a half-typed number is not rewritten under the cursor.
    pub batch_text: String,
    /// The seed as typed.
    pub seed_text: String,
    /// Why `config` cannot be trained, if it cannot; the session keeps its last valid config.
    pub error: Option<String>,
    /// Whether the training loop is playing.
    pub running: bool,
    /// Bumped by Reset; the trainer rebuilds the session when it changes.
    pub reset_generation: u64,
    /// Bumped by Step; the trainer takes one step per bump.
    pub step_generation: u64,
    /// Whether the heat map also shows the test points.
    pub show_test: bool,
    /// The points of the current session.
    pub data: Option<Rc<Dataset2d>>,
    /// The latest evaluation.
    pub metrics: Option<Metrics>,
    /// The latest decision boundary.
    pub boundary: Option<Rc<Boundary>>,
    /// Losses over time, for the chart.
    pub history: Rc<History>,
    /// Why training stopped by itself (divergence, an engine error).
    pub notice: Option<String>,
}

impl Default for State {
    fn default() -> Self {
        let config = SessionConfig::spiral();
        State {
            batch_text: config.batch_size.to_string(),
            seed_text: config.seed.to_string(),
            config,
            error: None,
            running: false,
            reset_generation: 0,
            step_generation: 0,
            show_test: false,
            data: None,
            metrics: None,
            boundary: None,
            history: Rc::default(),
            notice: None,
        }
    }
}

/// Something the user did, or something the trainer reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    SetDataset(DatasetKind),
    /// Noise from 0 to 0.5.
    SetNoise(f32),
    /// Fraction of the points used for training.
    SetTrainRatio(f32),
    /// The seed of the data, the initial weights and the batch order, as typed.
    SetSeed(String),
    AddLayer,
    RemoveLayer,
    /// One more neuron in the hidden layer of this index.
    AddNeuron(usize),
    /// One neuron fewer in the hidden layer of this index.
    RemoveNeuron(usize),
    SetActivation(Activation),
    SetLearningRate(f32),
    /// The batch size as typed.
    SetBatchSize(String),
    SetOptimizer(OptimizerKind),
    SetL1(f32),
    SetL2(f32),
    ToggleTestPoints,
    /// Play when paused, pause when playing.
    TogglePlay,
    /// Pause and take exactly one step.
    Step,
    /// Pause and start again from fresh weights.
    Reset,
    /// The trainer built a new session on these points.
    SessionBuilt(Rc<Dataset2d>),
    /// The trainer evaluated the model; the boundary is left out on some frames.
    Evaluated {
        metrics: Metrics,
        boundary: Option<Rc<Boundary>>,
    },
    /// The loss became NaN or infinite; the trainer has paused and put back the weights
    /// of the given step, if an earlier evaluation was good.
    Diverged {
        restored_step: Option<u64>,
    },
    /// The engine refused to go on, with its reason.
    Failed(String),
}

impl State {
    /// The config to train, or `None` while the controls hold an invalid one.
    pub fn valid_config(&self) -> Option<&SessionConfig> {
        self.error.is_none().then_some(&self.config)
    }

    fn edit(&mut self, action: Action) {
        let config = &mut self.config;
        match action {
            Action::SetDataset(kind) => config.dataset.kind = kind,
            Action::SetNoise(noise) => config.dataset.noise = noise,
            Action::SetTrainRatio(ratio) => config.dataset.train_ratio = ratio,
            Action::SetSeed(text) => self.seed_text = text,
            Action::AddLayer if config.hidden.len() < MAX_HIDDEN_LAYERS => {
                let size = config.hidden.last().copied().unwrap_or(NEW_LAYER_NEURONS);
                config.hidden.push(size);
            }
            Action::RemoveLayer => {
                config.hidden.pop();
            }
            Action::AddNeuron(layer) => {
                if let Some(n) = config.hidden.get_mut(layer).filter(|n| **n < MAX_NEURONS) {
                    *n += 1;
                }
            }
            Action::RemoveNeuron(layer) => {
                if let Some(n) = config.hidden.get_mut(layer).filter(|n| **n > 1) {
                    *n -= 1;
                }
            }
            Action::SetActivation(activation) => config.activation = activation,
            Action::SetLearningRate(rate) => config.optimizer.learning_rate = rate,
            Action::SetBatchSize(text) => self.batch_text = text,
            Action::SetOptimizer(kind) => config.optimizer.kind = kind,
            Action::SetL1(rate) => config.l1 = rate,
            Action::SetL2(rate) => config.l2 = rate,
            _ => return,
        }
        self.error = self.check();
    }

    /// Copies the typed numbers into the config and says what is wrong, if anything.
    fn check(&mut self) -> Option<String> {
        let Ok(batch_size) = self.batch_text.trim().parse::<usize>() else {
            return Some(format!("batch size \"{}\" is not a whole number", self.batch_text.trim()));
        };
        let Ok(seed) = self.seed_text.trim().parse::<u64>() else {
            return Some(format!("seed \"{}\" is not a whole number", self.seed_text.trim()));
        };
        self.config.batch_size = batch_size;
        // One seed for data and weights: a learner asking for "another run" expects both to change.
        self.config.seed = seed;
        self.config.dataset.seed = seed;
        self.config.validate().err().map(|e| e.to_string())
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::TogglePlay => {
                next.running = !next.running && next.error.is_none();
                if next.running {
                    next.notice = None;
                }
            }
            Action::Step => {
                next.running = false;
                next.step_generation += 1;
            }
            Action::Reset => {
                next.running = false;
                next.reset_generation += 1;
            }
            Action::ToggleTestPoints => next.show_test = !next.show_test,
            Action::SessionBuilt(data) => {
                next.data = Some(data);
                next.history = Rc::default();
                next.notice = None;
            }
            Action::Evaluated { metrics, boundary } => {
                Rc::make_mut(&mut next.history).push(LossPoint {
                    step: metrics.step,
                    train: metrics.train_loss,
                    test: metrics.test_loss,
                });
                next.metrics = Some(metrics);
                if boundary.is_some() {
                    next.boundary = boundary;
                }
            }
            Action::Diverged { restored_step } => {
                next.running = false;
                next.notice = Some(match restored_step {
                    Some(step) => diverged_and_restored(step),
                    None => DIVERGED.to_string(),
                });
            }
            Action::Failed(reason) => {
                next.running = false;
                next.notice = Some(format!("Training stopped: {reason}"));
            }
            edit => next.edit(edit),
        }
        Rc::new(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reduce(state: State, actions: impl IntoIterator<Item = Action>) -> State {
        let mut state = Rc::new(state);
        for action in actions {
            state = state.reduce(action);
        }
        Rc::try_unwrap(state).unwrap()
    }

    #[test]
    fn defaults_are_the_valid_spiral_preset() {
        let state = State::default();
        assert_eq!(state.config, SessionConfig::spiral());
        assert_eq!(state.valid_config(), Some(&SessionConfig::spiral()));
    }

    #[test]
    fn too_large_a_batch_is_an_error_that_blocks_play_and_clears_when_fixed() {
        let state = reduce(State::default(), [Action::SetBatchSize("600".into()), Action::TogglePlay]);
        assert_eq!(state.error.as_deref(), Some("batch size is 600; it must be between 1 and the 500 training points"));
        assert!(!state.running);
        assert_eq!(state.valid_config(), None);
        let state = reduce(state, [Action::SetBatchSize("32".into()), Action::TogglePlay]);
        assert_eq!(state.error, None);
        assert!(state.running);
        assert_eq!(state.config.batch_size, 32);
    }

    #[test]
    fn typed_text_that_is_no_number_names_the_field() {
        let state = reduce(State::default(), [Action::SetBatchSize("1x".into())]);
        assert_eq!(state.error.as_deref(), Some("batch size \"1x\" is not a whole number"));
        assert_eq!(state.config.batch_size, 64, "the last valid value stays");
        let state = reduce(State::default(), [Action::SetSeed("7".into())]);
        assert_eq!((state.config.seed, state.config.dataset.seed), (7, 7));
    }

    #[test]
    fn layer_buttons_stay_inside_the_limits() {
        let state = reduce(State::default(), (0..20).map(|_| Action::AddLayer));
        assert_eq!(state.config.hidden, vec![8; MAX_HIDDEN_LAYERS]);
        let state = reduce(state, (0..20).map(|_| Action::RemoveLayer));
        assert!(state.config.hidden.is_empty());
        let state = reduce(state, [Action::AddLayer, Action::RemoveNeuron(0), Action::AddNeuron(5)]);
        assert_eq!(state.config.hidden, vec![NEW_LAYER_NEURONS - 1]);
        let state = reduce(state, (0..10).map(|_| Action::RemoveNeuron(0)));
        assert_eq!(state.config.hidden, vec![1]);
    }

    #[test]
    fn divergence_pauses_with_an_explanation_and_play_clears_it() {
        let state = reduce(State::default(), [Action::TogglePlay, Action::Diverged { restored_step: None }]);
        assert!(!state.running);
        assert_eq!(state.notice.as_deref(), Some(DIVERGED));
        let state = reduce(state, [Action::TogglePlay, Action::Diverged { restored_step: Some(40) }]);
        assert!(state.notice.as_deref().unwrap().contains("weights from step 40 were put back"));
        let state = reduce(state, [Action::TogglePlay]);
        assert!(state.running);
        assert_eq!(state.notice, None);
    }

    #[test]
    fn step_and_reset_pause_and_bump_their_counters() {
        let state = reduce(State::default(), [Action::TogglePlay, Action::Step, Action::Step]);
        assert!(!state.running);
        assert_eq!(state.step_generation, 2);
        let state = reduce(state, [Action::TogglePlay, Action::Reset]);
        assert!(!state.running);
        assert_eq!(state.reset_generation, 1);
    }
}
