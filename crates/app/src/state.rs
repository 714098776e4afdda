//! The page's state: one reducer, where every control and every training event is an [`Action`].

use crate::backend::{self, BackendChoice, GpuStatus};
use crate::choice::Choice;
use crate::components::race::model::RaceAction;
use crate::engine_text;
use crate::history::{History, LossPoint, ProgressPoint};
use crate::hooks::page_url::Opening;
use crate::loaded::{Loaded, Source};
use crate::share::{Control, Course, Panel, Scale};
use crate::texts::{Bilingual, Language};
use crate::theme::Theme;
use crate::worker::protocol::{BuiltRun, Model, RunRef, Speed, Target, ViewRequest, Views};
use nnplay_data::{Dataset2d, DatasetKind};
use nnplay_nn::spec::LayerSummary;
use nnplay_nn::{Activation, OptimizerKind};
use nnplay_tensor::Device;
use nnplay_tensor::gpu::AdapterSummary;
use nnplay_train::{Boundary, GradientSurge, LiveSettings, MAX_HIDDEN_LAYERS, MAX_NEURONS, Metrics, SessionConfig};
use std::collections::BTreeSet;
use std::rc::Rc;
use yew::Reducible;

/// Size of a layer added to a network that has none to copy.
const NEW_LAYER_NEURONS: usize = 4;

/// Shown when the loss stops being a number.
pub const DIVERGED: Bilingual = Bilingual {
    en: "The loss diverged (it is no longer a finite number), so training was paused. The likely cause is a \
         learning rate that is too high, or exploding gradients without gradient clipping: lower the learning rate \
         or turn on clipping, then press Reset.",
    zh: "损失发散了（不再是有限的数），训练已暂停。最可能的原因是学习率过高，或没有梯度裁剪时梯度爆炸：\
         请调低学习率或打开梯度裁剪，然后按“重置”。",
};

/// The notice, in `language`, for a divergence after which the weights of `step` were put back.
pub fn diverged_and_restored(step: u64, language: Language) -> String {
    language.choose(
        format!(
            "The loss diverged (it is no longer a finite number), so training was paused and the weights \
             from step {step} were put back. The likely cause is a learning rate that is too high, or exploding \
             gradients without gradient clipping: lower the learning rate or turn on clipping, then press Play \
             to go on."
        ),
        format!(
            "损失发散了（不再是有限的数），训练已暂停，权重已恢复到第 {step} 步。最可能的原因是学习率过高，\
             或没有梯度裁剪时梯度爆炸：请调低学习率或打开梯度裁剪，然后按“训练”继续。"
        ),
    )
}

/// The session the worker built last.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub run: RunRef,
    pub device: Device,
    /// The points, for the 2-D playground and loaded runs on 2-D points.
    pub data: Option<Rc<Dataset2d>>,
    /// The layers of a run spec.
    pub layers: Rc<[LayerSummary]>,
    /// A run spec's training settings as it started.
    pub live: Option<LiveSettings>,
}

impl From<BuiltRun> for Built {
    fn from(built: BuiltRun) -> Built {
        Built {
            run: built.run,
            device: built.device,
            data: built.data.map(Rc::new),
            layers: Rc::from(built.layers),
            live: built.live,
        }
    }
}

/// The line under the file controls: a load or download in progress, done, or failed.
#[derive(Debug, Clone, PartialEq)]
pub enum FileNote {
    Busy(String),
    Done(String),
    Failed(String),
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
    /// The trainer's warning that the gradients are exploding, while training goes on.
    pub gradient_surge: Option<Rc<GradientSurge>>,
    /// The run chosen: the 2-D playground, an example spec, or a loaded run.
    pub choice: Choice,
    /// The engine the learner asked for.
    pub backend: BackendChoice,
    /// What opening the browser's GPU gave.
    pub gpu: GpuStatus,
    /// The session trained now, once the trainer has built one.
    pub built: Option<Built>,
    /// What the page said when the GPU failed mid-run and training moved to the CPU.
    pub fallback: Option<String>,
    /// The language of the run library's texts.
    pub language: Language,
    /// How the last load or download went, while it matters.
    pub file_note: Option<FileNote>,
    /// Bumped by "Download PyTorch export"; the trainer exports once per bump.
    pub export_generation: u64,
    /// Bumped by "Download checkpoint"; the trainer saves once per bump.
    pub save_generation: u64,
    /// A loaded run the worker is building to check it, before it replaces the current one.
    pub checking: Option<Rc<Loaded>>,
    /// How fast a playing run goes.
    pub speed: Speed,
    /// Whether the preset gallery is shown instead of the workspace.
    pub gallery: bool,
    /// A teacher's settings from the link: locked and hidden controls, hidden texts, a goal.
    pub course: Rc<Course>,
    /// What the page's link asked for that could not be used, as sentences.
    pub link_errors: Rc<[String]>,
    /// The step at which the course goal was first met in this run.
    pub goal_reached: Option<u64>,
    /// The panels the link asked to show (`None`: the run's usual ones).
    pub panels: Option<BTreeSet<Panel>>,
    /// The loss chart's axis.
    pub scale: Scale,
    /// The theme picked by the learner or the link (`None`: the system's).
    pub theme: Option<Theme>,
    /// The latest views of the model from the worker.
    pub views: Option<Rc<Views>>,
    /// What the view panels ask of the worker.
    pub view_request: ViewRequest,
    /// Each layer's gradient norm at each step the views were taken, for the norm chart.
    pub gradient_history: Rc<GradientHistory>,
    /// An input the learner drew, to be classified (bumped generation, values).
    pub drawing: Option<(u64, Rc<[f32]>)>,
    /// The model's class probabilities for the last drawing, or why there are none.
    pub drawing_prediction: Option<Result<Vec<f32>, String>>,
    /// A run spec's training settings as the learner set them (`None` for the playground,
    /// whose settings are in `config`).
    pub live: Option<LiveSettings>,
    /// The run spec's batch size as typed.
    pub live_batch_text: String,
    /// The background checkpoints and the offer to resume one (see [`Persistence`]).
    pub persist: Persistence,
    /// Which training worker is alive, and what the page says about the last that died.
    pub worker_life: crate::worker::crash::WorkerLife,
    /// Why the last change of a training setting was refused (its old value stays).
    pub setting_error: Option<String>,
    /// A change that would restart the trained run, waiting for the learner's answer.
    pub pending_restart: Option<crate::restart::PendingRestart>,
    /// The optimizer race of a preset's variants (see `components::race`).
    pub race: crate::components::race::model::RaceView,
    /// The page's and the worker's memory, once the worker has reported it.
    pub memory: Option<crate::memory::MemoryFigures>,
}

/// Gradient norms per layer over time, as the views report them (at most
/// [`GradientHistory::KEPT`] samples, the oldest dropped first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GradientHistory {
    /// Layer names, in model order.
    pub layers: Vec<String>,
    /// `(step, norm per layer)`, oldest first.
    pub samples: Vec<(u64, Vec<f32>)>,
}

impl GradientHistory {
    /// Samples kept.
    pub const KEPT: usize = 200;

    /// Adds the norms of `views`; a different set of layers starts the history afresh.
    pub fn record(&mut self, views: &Views) {
        let layers: Vec<String> = views.layers.iter().map(|layer| layer.layer.clone()).collect();
        if layers != self.layers {
            *self = GradientHistory { layers, samples: Vec::new() };
        }
        if self.samples.last().is_some_and(|(step, _)| *step >= views.step) {
            self.samples.retain(|(step, _)| *step < views.step);
        }
        self.samples.push((views.step, views.layers.iter().map(|layer| layer.gradient_norm()).collect()));
        if self.samples.len() > Self::KEPT {
            self.samples.remove(0);
        }
    }
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
            gradient_surge: None,
            choice: Choice::default(),
            backend: BackendChoice::default(),
            gpu: GpuStatus::default(),
            built: None,
            fallback: None,
            language: Language::default(),
            file_note: None,
            export_generation: 0,
            save_generation: 0,
            checking: None,
            speed: Speed::default(),
            gallery: true,
            course: Rc::default(),
            link_errors: Rc::from([]),
            goal_reached: None,
            panels: None,
            scale: Scale::default(),
            theme: None,
            views: None,
            view_request: ViewRequest::default(),
            gradient_history: Rc::default(),
            drawing: None,
            drawing_prediction: None,
            live: None,
            live_batch_text: String::new(),
            persist: Persistence::default(),
            worker_life: Default::default(),
            setting_error: None,
            pending_restart: None,
            race: crate::components::race::model::RaceView::default(),
            memory: None,
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
    /// An optimizer hyper-parameter other than the learning rate.
    SetOptimizerField(crate::live_settings::OptimizerField, f32),
    /// A run spec's learning-rate schedule (the menu's kind with its usual settings).
    SetSchedule(nnplay_nn::LrSchedule),
    /// A parameter of a run spec's schedule.
    SetScheduleParam(crate::live_settings::ScheduleParam, f64),
    /// The probability of every dropout of a run spec's model.
    SetDropout(f32),
    /// Apply the change waiting in `pending_restart`, restarting the run.
    ConfirmRestart,
    /// Drop the change waiting in `pending_restart`; the run goes on.
    KeepTraining,
    /// Show the panel if hidden, hide it if shown.
    TogglePanel(Panel),
    ToggleTestPoints,
    /// Play when paused, pause when playing.
    TogglePlay,
    /// An order for the optimizer race, or its worker's report.
    Race(crate::components::race::model::RaceAction),
    /// Play (`true`) or pause, whichever it is now (a host page's command).
    SetPlaying(bool),
    /// Pause and take exactly one step.
    Step,
    /// Pause and start again from fresh weights.
    Reset,
    /// Train this run instead; like Reset, it starts afresh.
    SetExample(crate::examples::Example),
    /// Show this 2-D set in the playground (the dataset menu's 2-D entries).
    ShowPlane(DatasetKind),
    /// A load is under way; the text says what it does now.
    LoadProgress(String),
    /// A load has its run; the worker builds it to check it before it is shown.
    Check(Rc<Loaded>),
    /// The worker built the loaded run `id` (it is shown next), or says why it cannot.
    Checked {
        id: u64,
        result: Result<(), String>,
    },
    /// A checked load: train this run from now on, paused, ready to play.
    Loaded(Rc<Loaded>),
    /// A load failed, with the reason; the current run goes on as it was.
    LoadFailed(String),
    /// Offer the PyTorch export of the current run as a download.
    DownloadExport,
    /// Offer the current run's checkpoint as a download.
    DownloadCheckpoint,
    /// A download was offered; the text names it.
    Downloaded(String),
    /// A download could not be made, with the reason.
    DownloadFailed(String),
    /// Train on this engine from now on; like Reset, it starts afresh, keeping the config.
    SetBackend(BackendChoice),
    /// `gpu::init` answered: the adapter, or why there is none.
    GpuProbed(Result<AdapterSummary, String>),
    /// Play at this speed.
    SetSpeed(Speed),
    /// Draw the loss chart on this axis.
    SetScale(Scale),
    /// The trainer's cheap report between evaluations: step, batch loss, learning rate.
    Progress(ProgressPoint),
    /// Show the page in this language.
    SetLanguage(Language),
    /// Show the page in this theme.
    SetTheme(Theme),
    /// The worker's fresh views of the model.
    Viewed(Box<Views>),
    /// Show this test example in the example views.
    SetViewExample(usize),
    /// Generate text at this temperature.
    SetTemperature(f32),
    /// Open (`true`) or close the view panels; closed, the worker computes none.
    ShowViews(bool),
    /// Classify this drawn input.
    Predict(Rc<[f32]>),
    /// The model's answer for the drawing.
    Predicted(Result<Vec<f32>, String>),
    /// Show the preset gallery.
    ShowGallery,
    /// Show the workspace (a gallery card was opened).
    CloseGallery,
    /// The worker built a new session.
    SessionBuilt(Built),
    /// The GPU failed mid-run and the trainer moved the session to the CPU, resuming at
    /// `step`; `notice` says so to the learner.
    FellBackToCpu {
        notice: String,
        step: u64,
    },
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
    /// The gradients are exploding while the loss is still finite; training goes on.
    GradientSurge(Rc<GradientSurge>),
    /// The engine refused to go on, with its reason.
    Failed(String),
    /// Autosaving and resuming (see [`PersistAction`]).
    Persist(PersistAction),
    /// The training worker died; the page starts another (see `worker::crash`).
    WorkerCrashed(crate::worker::crash::WorkerCrash),
    /// The page's and the worker's memory now.
    Memory(crate::memory::MemoryFigures),
}

impl State {
    /// The state the page opens with: the gallery, unless the address asks for an example
    /// (opened at once) or a run to load.
    pub fn opened_with(opening: Opening) -> State {
        let mut state = State { gallery: opening.example.is_none() && !opening.loads, ..State::default() };
        if opening.chinese {
            state.language = Language::Zh;
        }
        if let Some(example) = opening.example {
            state.choice = Choice::Example(example);
        }
        state
    }

    /// The config to train, or `None` while the controls hold an invalid one.
    pub fn valid_config(&self) -> Option<&SessionConfig> {
        self.error.is_none().then_some(&self.config)
    }

    /// Whether Play can start: the 2-D controls' errors do not concern a run spec.
    pub fn can_play(&self) -> bool {
        !self.choice.is_playground() || self.error.is_none()
    }

    /// Whether the current run can be saved as a checkpoint (the playground's cannot).
    pub fn can_save_checkpoint(&self) -> bool {
        !self.choice.is_playground()
    }

    /// What the trainer should train, or `None` while the config is invalid or the GPU's
    /// answer is awaited.
    pub fn target(&self) -> Option<Target> {
        let device = backend::resolve(self.backend, &self.gpu)?;
        let model = match &self.choice {
            choice if choice.is_playground() => Model::Points(self.restart_kept().or(self.valid_config())?.clone()),
            choice => Model::Spec(choice.run_ref()),
        };
        let live = if self.choice.is_playground() { None } else { self.live.clone() };
        Some(Target { model, device, live })
    }

    /// Why training does not run where the learner asked, if it does not, in the page's
    /// language (the worker's fallback notice is as the worker wrote it).
    pub fn backend_notice(&self) -> Option<&str> {
        if let Some(fallback) = &self.fallback {
            return Some(fallback);
        }
        match (self.backend, &self.gpu) {
            (BackendChoice::Gpu, GpuStatus::Missing(_)) => Some(backend::NO_ADAPTER.get(self.language)),
            (BackendChoice::Gpu, GpuStatus::Lost) => Some(backend::GPU_LOST.get(self.language)),
            _ => None,
        }
    }

    /// Trains `choice` from now on; another run than the current one pauses, and an
    /// error about an earlier load no longer applies.
    fn choose(&mut self, choice: Choice) {
        if choice != self.choice && matches!(self.file_note, Some(FileNote::Failed(_))) {
            self.file_note = None;
        }
        self.running &= choice == self.choice;
        if choice != self.choice {
            // Another run starts from its own settings, and the last run's views go.
            self.live = None;
            self.live_batch_text.clear();
            self.views = None;
            self.gradient_history = Rc::default();
            self.setting_error = None;
            self.pending_restart = None;
        }
        self.choice = choice;
        self.gallery = false;
        // A load still being checked was asked for before this choice.
        self.checking = None;
        self.fallback = None;
    }

    fn edit(&mut self, action: Action) {
        if !self.choice.is_playground()
            && let Some(live) = self.live.as_mut()
        {
            // A run spec's live settings: the same controls, another target.
            match action {
                Action::SetLearningRate(rate) => live.optimizer.learning_rate = rate,
                Action::SetOptimizer(kind) => live.optimizer.kind = kind,
                Action::SetL1(rate) => live.l1 = rate,
                Action::SetL2(rate) => live.l2 = rate,
                Action::SetOptimizerField(..)
                | Action::SetSchedule(_)
                | Action::SetScheduleParam(..)
                | Action::SetDropout(_) => self.change_live_setting(action),
                Action::SetBatchSize(text) => {
                    if let Ok(size) = text.trim().parse::<usize>()
                        && size > 0
                    {
                        live.batch_size = size;
                    }
                    self.live_batch_text = text;
                }
                _ => {}
            }
            return;
        }
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
            Action::SetOptimizerField(field, value) => self.change_playground_optimizer(field, value),
            _ => return,
        }
        self.error = self.check();
    }

    /// Copies the typed numbers into the config and says what is wrong, if anything: in the
    /// page's language for the typed numbers, as the engine says it for the rest.
    fn check(&mut self) -> Option<String> {
        let language = self.language;
        let Ok(batch_size) = self.batch_text.trim().parse::<usize>() else {
            let text = self.batch_text.trim();
            return Some(
                language
                    .choose(format!("batch size \"{text}\" is not a whole number"), format!("批大小“{text}”不是整数")),
            );
        };
        let Ok(seed) = self.seed_text.trim().parse::<u64>() else {
            let text = self.seed_text.trim();
            return Some(
                language.choose(format!("seed \"{text}\" is not a whole number"), format!("种子“{text}”不是整数")),
            );
        };
        self.config.batch_size = batch_size;
        // One seed for data and weights: a learner asking for "another run" expects both to change.
        self.config.seed = seed;
        self.config.dataset.seed = seed;
        self.config.validate().err().map(|e| e.to_string())
    }
}

/// The control a learner's action changes, for the course's locks; `None` for the
/// worker's reports and the page's own bookkeeping.
fn control_of(action: &Action) -> Option<Control> {
    Some(match action {
        Action::SetDataset(_) => Control::Dataset,
        Action::SetNoise(_) | Action::SetTrainRatio(_) => Control::Noise,
        Action::SetSeed(_) => Control::Seed,
        Action::AddLayer | Action::RemoveLayer | Action::AddNeuron(_) | Action::RemoveNeuron(_) => Control::Model,
        Action::SetActivation(_) => Control::Activation,
        Action::SetLearningRate(_) => Control::LearningRate,
        Action::SetBatchSize(_) => Control::Batch,
        Action::SetOptimizer(_) => Control::Optimizer,
        Action::SetL1(_) | Action::SetL2(_) => Control::Regularization,
        Action::SetOptimizerField(..) => Control::Optimizer,
        Action::SetSchedule(_) | Action::SetScheduleParam(..) => Control::Schedule,
        Action::SetDropout(_) => Control::Dropout,
        Action::TogglePlay | Action::SetPlaying(_) | Action::Step => Control::Play,
        Action::Reset => Control::Reset,
        Action::SetExample(_) | Action::ShowPlane(_) | Action::ShowGallery => Control::Presets,
        Action::DownloadExport | Action::DownloadCheckpoint => Control::Files,
        Action::SetBackend(_) => Control::Backend,
        Action::SetSpeed(_) => Control::Speed,
        Action::SetLanguage(_) => Control::Language,
        _ => return None,
    })
}

impl State {
    /// Whether the course lets the learner use `control` (it is neither locked nor hidden).
    pub fn can_use(&self, control: Control) -> bool {
        !self.course.lock.contains(&control) && !self.course.hide.contains(&control)
    }

    /// Whether the course shows `control`.
    pub fn shows(&self, control: Control) -> bool {
        !self.course.hide.contains(&control)
    }
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        // A locked control's action is refused here too, so no other path (a shortcut,
        // an embedding page's message) gets round the lock.
        if control_of(&action).is_some_and(|control| !self.can_use(control)) {
            return self;
        }
        let mut next = (*self).clone();
        // A change that restarts a trained run shows in the controls at once, but the
        // run trains on as it was until the learner answers (see `crate::restart`).
        if let Some(pending) = self.restart_for(&action) {
            next.pending_restart = Some(pending);
        }
        match action {
            Action::ConfirmRestart => next.pending_restart = None,
            Action::KeepTraining => next.keep_training(),
            Action::TogglePanel(panel) => next.toggle_panel(panel),
            Action::TogglePlay => {
                next.running = !next.running && next.can_play();
                if next.running {
                    next.notice = None;
                    next.worker_life.notice = None;
                    next.race.reduce(RaceAction::Pause);
                }
            }
            Action::SetPlaying(playing) => {
                next.running = playing && next.can_play();
                if next.running {
                    next.notice = None;
                    next.race.reduce(RaceAction::Pause);
                }
            }
            Action::Race(action) => {
                // The race and the normal run take turns: starting or resuming one pauses the other.
                if matches!(action, RaceAction::Start(_) | RaceAction::Play) {
                    next.running = false;
                }
                next.race.reduce(action);
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
            Action::SetExample(example) => next.choose(Choice::Example(example)),
            Action::ShowPlane(kind) => {
                next.running &= next.config.dataset.kind == kind;
                next.choose(Choice::default());
                next.edit(Action::SetDataset(kind));
            }
            Action::LoadProgress(text) => {
                // Progress comes from the latest load only: a run an earlier one is
                // checking is no longer wanted.
                next.checking = None;
                next.file_note = Some(FileNote::Busy(text));
            }
            Action::Check(loaded) => next.checking = Some(loaded),
            Action::Checked { id, result } => {
                if next.checking.as_ref().is_some_and(|loaded| loaded.id == id) {
                    let loaded = next.checking.take().expect("checked just above");
                    let language = next.language;
                    return Rc::new(next).reduce(match (result, &loaded.source) {
                        (Ok(()), _) => Action::Loaded(loaded),
                        (Err(reason), Source::Checkpoint(file)) => {
                            Action::LoadFailed(format!("{file}: {}", engine_text::say(language, &reason)))
                        }
                        (Err(reason), _) => Action::LoadFailed(reason),
                    });
                }
            }
            Action::SetSpeed(speed) => next.speed = speed,
            Action::Memory(figures) => next.memory = Some(figures),
            Action::SetTheme(theme) => next.theme = Some(theme),
            Action::SetScale(scale) => next.scale = scale,
            Action::Progress(point) => Rc::make_mut(&mut next.history).push_progress(point),
            Action::SetLanguage(language) => {
                next.language = language;
                // The controls' error is said again in the new language.
                next.error = next.check();
            }
            // Views of a run the page has left (sent before the worker heard) are dropped.
            Action::Viewed(views) if views.run != Some(next.choice.run_ref()) => {}
            Action::Viewed(views) => {
                Rc::make_mut(&mut next.gradient_history).record(&views);
                next.views = Some(Rc::from(views));
            }
            Action::SetViewExample(index) => next.view_request.example = index,
            Action::SetTemperature(temperature) => next.view_request.temperature = temperature.clamp(0.0, 2.0),
            Action::ShowViews(wanted) => next.view_request.wanted = wanted,
            Action::Predict(input) => {
                let generation = next.drawing.as_ref().map_or(1, |(generation, _)| generation + 1);
                next.drawing = Some((generation, input));
            }
            Action::Predicted(answer) => next.drawing_prediction = Some(answer),
            Action::ShowGallery => next.gallery = true,
            Action::CloseGallery => next.gallery = false,
            Action::Loaded(loaded) => {
                next.running = false;
                next.choose(Choice::Loaded(loaded));
                next.file_note = None;
            }
            Action::LoadFailed(reason) => {
                next.checking = None;
                // Loads fail with the page's own sentences or the engine's English ones.
                next.file_note = Some(FileNote::Failed(engine_text::say(next.language, &reason)));
            }
            Action::DownloadExport => {
                next.export_generation += 1;
                let text = next.language.pick("Preparing the PyTorch export…", "正在准备 PyTorch 导出…");
                next.file_note = Some(FileNote::Busy(text.into()));
            }
            Action::DownloadCheckpoint => {
                next.save_generation += 1;
                let text = next.language.pick("Saving a checkpoint…", "正在保存检查点…");
                next.file_note = Some(FileNote::Busy(text.into()));
            }
            Action::Downloaded(text) => next.file_note = Some(FileNote::Done(text)),
            Action::DownloadFailed(reason) => {
                next.file_note = Some(FileNote::Failed(engine_text::say(next.language, &reason)))
            }
            Action::SetBackend(choice) => {
                let before = backend::resolve(next.backend, &next.gpu);
                next.running &= backend::resolve(choice, &next.gpu) == before;
                next.backend = choice;
                next.fallback = None;
            }
            Action::GpuProbed(answer) => {
                // The first answer wins: a late success after the time-out would switch
                // the device under a run the learner has started.
                if next.gpu == GpuStatus::Probing {
                    next.gpu = match answer {
                        Ok(adapter) => GpuStatus::Ready(adapter),
                        Err(reason) => GpuStatus::Missing(reason),
                    };
                }
            }
            Action::SessionBuilt(built) => {
                // A different run's numbers must not pass for the new one's first ones;
                // a Reset keeps them until the new evaluation replaces them.
                let same_run = next.built.as_ref().is_some_and(|b| b.run == built.run && b.device == built.device);
                if !same_run {
                    next.metrics = None;
                    next.boundary = None;
                }
                if built.data.is_some() {
                    next.data = built.data.clone();
                }
                if !same_run {
                    // A new run starts from its own settings; a Reset keeps the learner's.
                    next.live_batch_text = built.live.as_ref().map(|l| l.batch_size.to_string()).unwrap_or_default();
                    next.live = built.live.clone();
                }
                next.built = Some(built);
                next.goal_reached = None;
                next.views = None;
                next.gradient_history = Rc::default();
                next.drawing_prediction = None;
                next.history = Rc::default();
                next.notice = None;
                next.gradient_surge = None;
            }
            Action::FellBackToCpu { notice, step } => {
                next.gpu = GpuStatus::Lost;
                next.fallback = Some(engine_text::say(next.language, &notice));
                Rc::make_mut(&mut next.history).truncate_after(step);
                if let Some(built) = &mut next.built {
                    built.device = Device::Cpu;
                }
            }
            Action::Evaluated { metrics, boundary } => {
                Rc::make_mut(&mut next.history).push(LossPoint {
                    step: metrics.step,
                    train: metrics.train_loss,
                    test: metrics.test_loss,
                    train_accuracy: metrics.train_accuracy,
                    test_accuracy: metrics.test_accuracy,
                });
                if next.goal_reached.is_none() && next.course.target.is_some_and(|goal| goal.is_met(&metrics)) {
                    next.goal_reached = Some(metrics.step);
                }
                next.metrics = Some(metrics);
                if boundary.is_some() {
                    next.boundary = boundary;
                }
            }
            Action::GradientSurge(surge) => next.gradient_surge = Some(surge),
            Action::Diverged { restored_step } => {
                next.running = false;
                // The divergence notice says what the warning said, and more.
                next.gradient_surge = None;
                if let Some(step) = restored_step {
                    // The batches after the restored step no longer happened.
                    Rc::make_mut(&mut next.history).truncate_after(step);
                }
                next.notice = Some(match restored_step {
                    Some(step) => diverged_and_restored(step, next.language),
                    None => DIVERGED.get(next.language).to_string(),
                });
            }
            Action::Failed(reason) => {
                next.running = false;
                next.notice = Some(next.language.choose(
                    format!("Training stopped: {reason}"),
                    format!("训练已停止：{}", engine_text::chinese(&reason).text),
                ));
            }
            Action::Persist(action) => next.persist.reduce(action),
            Action::WorkerCrashed(crash) => {
                next.running = false;
                next.worker_life.crashed(&crash, next.language);
            }
            edit => next.edit(edit),
        }
        Rc::new(next)
    }
}

// ---- Autosaving the current run and offering to resume it (see `crate::persist`) ----

/// What the page keeps of its background checkpoints.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Persistence {
    /// Bumped by the autosave hook; the trainer makes one autosave checkpoint per bump.
    pub autosave_generation: u64,
    /// The worker's latest autosave checkpoint, which the hook stores.
    pub autosaved: Option<Rc<Autosaved>>,
    /// A run saved on an earlier visit, offered until it is resumed, dismissed or replaced.
    pub offer: Option<Rc<crate::persist::SavedRun>>,
    /// Why the last autosave failed, until one succeeds.
    pub error: Option<String>,
}

/// A checkpoint the worker made for the autosave.
#[derive(Debug, Clone)]
pub struct Autosaved {
    /// Counts the autosaves of this page, so each is stored once.
    pub serial: u64,
    pub step: u64,
    pub bytes: Vec<u8>,
}

impl PartialEq for Autosaved {
    fn eq(&self, other: &Autosaved) -> bool {
        self.serial == other.serial
    }
}

/// What the autosave hook, the worker and the offer report.
#[derive(Debug, Clone, PartialEq)]
pub enum PersistAction {
    /// Ask the worker for an autosave checkpoint.
    Autosave,
    /// The worker's autosave checkpoint, of this step.
    Autosaved { step: u64, bytes: Vec<u8> },
    /// The autosave checkpoint is stored: it replaced any run offered.
    Stored,
    /// The checkpoint could not be made or stored, with the reason.
    Failed(String),
    /// Offer to resume this run saved on an earlier visit.
    Offer(Rc<crate::persist::SavedRun>),
    /// The offer was taken or dismissed.
    CloseOffer,
}

impl Persistence {
    fn reduce(&mut self, action: PersistAction) {
        match action {
            PersistAction::Autosave => self.autosave_generation += 1,
            PersistAction::Autosaved { step, bytes } => {
                let serial = self.autosaved.as_ref().map_or(1, |last| last.serial + 1);
                self.autosaved = Some(Rc::new(Autosaved { serial, step, bytes }));
            }
            PersistAction::Stored => {
                self.error = None;
                self.offer = None;
            }
            PersistAction::Failed(reason) => self.error = Some(reason),
            PersistAction::Offer(saved) => self.offer = Some(saved),
            PersistAction::CloseOffer => self.offer = None,
        }
    }
}

/// `state` after `actions` in turn, through the reducer as the page runs it (for tests).
#[cfg(test)]
pub(crate) fn reduce_all(state: State, actions: impl IntoIterator<Item = Action>) -> State {
    let mut state = Rc::new(state);
    for action in actions {
        state = state.reduce(action);
    }
    Rc::unwrap_or_clone(state)
}

#[cfg(test)]
mod persistence_tests {
    use super::*;
    use crate::persist::SavedRun;

    fn reduce(actions: impl IntoIterator<Item = PersistAction>) -> Persistence {
        let mut state = Rc::new(State::default());
        for action in actions {
            state = state.reduce(Action::Persist(action));
        }
        state.persist.clone()
    }

    fn saved() -> Rc<SavedRun> {
        Rc::new(SavedRun {
            saved_at_ms: 1.0,
            step: 40,
            title: "CNN".into(),
            checkpoint: vec![1, 2],
            link: String::new(),
        })
    }

    #[test]
    fn each_autosave_is_asked_for_once_and_numbered_as_it_comes_back() {
        let persist = reduce([PersistAction::Autosave, PersistAction::Autosave]);
        assert_eq!(persist.autosave_generation, 2);
        let persist = reduce([
            PersistAction::Autosaved { step: 5, bytes: vec![5] },
            PersistAction::Autosaved { step: 9, bytes: vec![9, 9] },
        ]);
        let last = persist.autosaved.unwrap();
        assert_eq!((last.serial, last.step, last.bytes.as_slice()), (2, 9, &[9u8, 9][..]));
    }

    #[test]
    fn the_offer_lasts_until_taken_dismissed_or_replaced_by_a_new_autosave() {
        let persist = reduce([PersistAction::Offer(saved())]);
        assert_eq!(persist.offer, Some(saved()));
        assert_eq!(reduce([PersistAction::Offer(saved()), PersistAction::CloseOffer]).offer, None);
        let persist = reduce([PersistAction::Offer(saved()), PersistAction::Autosaved { step: 3, bytes: vec![] }]);
        assert!(persist.offer.is_some(), "not replaced until stored");
        assert_eq!(reduce([PersistAction::Offer(saved()), PersistAction::Stored]).offer, None);
    }

    #[test]
    fn a_failure_is_shown_until_an_autosave_is_stored_and_ignores_the_courses_locks() {
        let persist = reduce([PersistAction::Failed("the browser's storage for this page is full".into())]);
        assert_eq!(persist.error.as_deref(), Some("the browser's storage for this page is full"));
        assert_eq!(reduce([PersistAction::Failed("x".into()), PersistAction::Stored]).error, None);
        let course = crate::share::parse("lock=files&hide=files").state.course;
        let state = Rc::new(State { course: Rc::new(course), ..State::default() });
        let state = state.reduce(Action::Persist(PersistAction::Offer(saved())));
        assert!(state.persist.offer.is_some(), "the page's own bookkeeping is no learner's action");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;

    use crate::state::reduce_all as reduce;

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
    fn a_chinese_page_says_its_errors_and_notices_in_chinese() {
        let chinese = State { language: Language::Zh, ..State::default() };
        let state = reduce(chinese.clone(), [Action::SetBatchSize("1x".into())]);
        assert_eq!(state.error.as_deref(), Some("批大小“1x”不是整数"));
        let state = reduce(chinese.clone(), [Action::SetSeed("-3".into())]);
        assert_eq!(state.error.as_deref(), Some("种子“-3”不是整数"));
        let state = reduce(chinese.clone(), [Action::TogglePlay, Action::Diverged { restored_step: None }]);
        assert_eq!(state.notice.as_deref(), Some(DIVERGED.zh));
        let state = reduce(chinese.clone(), [Action::Diverged { restored_step: Some(40) }]);
        let notice = state.notice.unwrap();
        assert!(crate::texts::has_chinese(&notice) && notice.contains("第 40 步"), "{notice}");
        // The engine's English sentences are said in Chinese where the catalogue knows them
        // (crate::engine_text), and kept as they are where it does not.
        let state = reduce(chinese.clone(), [Action::Failed("matmul: shapes 2×3 and 4×5".into())]);
        assert_eq!(state.notice.as_deref(), Some("训练已停止：matmul: shapes 2×3 and 4×5"));
        let state = reduce(
            chinese.clone(),
            [Action::Failed("optimizer: learning rate is 20; it must be above 0 and at most 10".into())],
        );
        assert_eq!(state.notice.as_deref(), Some("训练已停止：优化器：学习率是 20；应大于 0 且不超过 10"));
        let state = reduce(
            chinese.clone(),
            [Action::LoadFailed("a.csv line 3: expected 3 columns (as in line 1), found 2".into())],
        );
        assert_eq!(
            state.file_note,
            Some(FileNote::Failed("a.csv 第 3 行：应为 3 列（与第 1 行相同），实际是 2".into()))
        );
        let lost = "the GPU device was lost (destroyed on purpose). Training continues on the CPU from step 40, the last checkpoint.";
        let state = reduce(chinese.clone(), [Action::FellBackToCpu { notice: lost.into(), step: 40 }]);
        assert_eq!(
            state.backend_notice(),
            Some("GPU 设备丢失了（为测试而故意销毁）。训练改在 CPU 上，从最近的检查点（第 40 步）继续。")
        );
        let state = reduce(chinese.clone(), [Action::DownloadExport]);
        assert_eq!(state.file_note, Some(FileNote::Busy("正在准备 PyTorch 导出…".into())));
        let state = reduce(chinese.clone(), [Action::DownloadCheckpoint]);
        assert_eq!(state.file_note, Some(FileNote::Busy("正在保存检查点…".into())));
        let state =
            reduce(chinese, [Action::GpuProbed(Err("no adapter".into())), Action::SetBackend(BackendChoice::Gpu)]);
        assert_eq!(state.backend_notice(), Some(backend::NO_ADAPTER.zh));
    }

    #[test]
    fn a_gradient_surge_warns_without_pausing_until_the_run_diverges() {
        let surge = Rc::new(GradientSurge { step: 40, norm: 900.0, from_step: 10, from_norm: 0.5, clipping: None });
        let state = reduce(State::default(), [Action::TogglePlay, Action::GradientSurge(surge.clone())]);
        assert!(state.running, "a warning does not pause");
        assert_eq!(state.gradient_surge, Some(surge.clone()));
        assert_eq!(state.notice, None);
        let state = reduce(state, [Action::Diverged { restored_step: Some(30) }]);
        assert_eq!(state.gradient_surge, None, "the divergence notice takes over");
        let notice = state.notice.unwrap();
        assert!(notice.contains("learning rate that is too high") && notice.contains("gradient clipping"), "{notice}");
        assert!(DIVERGED.zh.contains("梯度裁剪"));
    }

    #[test]
    fn switching_the_language_says_the_controls_error_again() {
        let state = reduce(State::default(), [Action::SetBatchSize("1x".into())]);
        assert_eq!(state.error.as_deref(), Some("batch size \"1x\" is not a whole number"));
        let state = reduce(state, [Action::SetLanguage(Language::Zh)]);
        assert_eq!(state.error.as_deref(), Some("批大小“1x”不是整数"));
        let state = reduce(state, [Action::SetLanguage(Language::En), Action::SetBatchSize("32".into())]);
        assert_eq!(state.error, None);
        let state = reduce(state, [Action::SetLanguage(Language::Zh)]);
        assert_eq!(state.error, None, "a valid config stays valid");
    }

    #[test]
    fn a_picked_theme_replaces_the_systems_and_touches_nothing_else() {
        assert_eq!(State::default().theme, None, "the system's theme until one is picked");
        let state = reduce(State::default(), [Action::SetTheme(Theme::Dark)]);
        assert_eq!(state.theme, Some(Theme::Dark));
        assert_eq!(State { theme: None, ..state.clone() }, State::default());
        let course = crate::share::parse("lock=language,speed&hide=presets").state.course;
        let locked = State { course: Rc::new(course), ..State::default() };
        assert_eq!(reduce(locked, [Action::SetTheme(Theme::Light)]).theme, Some(Theme::Light), "no course locks it");
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
        assert_eq!(state.notice.as_deref(), Some(DIVERGED.en));
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

    fn software_gpu() -> AdapterSummary {
        AdapterSummary { name: "SwiftShader".into(), backend: "BrowserWebGpu".into(), is_software: true }
    }

    fn built(example: Example, device: Device) -> Built {
        Built { run: RunRef::Example(example), device, data: None, layers: Rc::new([]), live: None }
    }

    fn metrics(step: u64) -> Action {
        let metrics =
            Metrics { step, epoch: 0.0, train_loss: 1.0, test_loss: 1.0, train_accuracy: None, test_accuracy: None };
        Action::Evaluated { metrics, boundary: None }
    }

    #[test]
    fn nothing_is_trained_until_the_gpu_answers_and_auto_skips_a_software_one() {
        let state = State::default();
        assert_eq!(state.target(), None);
        let state = reduce(state, [Action::GpuProbed(Ok(software_gpu()))]);
        let playground = Model::Points(SessionConfig::spiral());
        assert_eq!(state.target(), Some(Target { model: playground, device: Device::Cpu, live: None }));
        let state = reduce(state, [Action::SetBackend(BackendChoice::Gpu), Action::SetExample(Example::Cnn)]);
        let cnn = Model::Spec(RunRef::Example(Example::Cnn));
        assert_eq!(state.target(), Some(Target { model: cnn, device: Device::Gpu, live: None }));
        assert_eq!(state.backend_notice(), None);
    }

    #[test]
    fn the_first_gpu_answer_wins() {
        let state = reduce(
            State::default(),
            [Action::GpuProbed(Err("no adapter".into())), Action::GpuProbed(Ok(software_gpu()))],
        );
        assert_eq!(state.gpu, GpuStatus::Missing("no adapter".into()));
    }

    #[test]
    fn asking_for_a_missing_gpu_trains_on_the_cpu_with_a_notice_that_play_keeps() {
        let state = reduce(
            State::default(),
            [Action::GpuProbed(Err("no adapter".into())), Action::SetBackend(BackendChoice::Gpu), Action::TogglePlay],
        );
        assert!(state.running);
        assert_eq!(state.target().unwrap().device, Device::Cpu);
        assert_eq!(state.backend_notice(), Some(backend::NO_ADAPTER.en));
        let state = reduce(state, [Action::SetBackend(BackendChoice::Auto)]);
        assert_eq!(state.backend_notice(), None);
    }

    #[test]
    fn switching_the_device_or_the_example_pauses_and_a_choice_that_changes_nothing_does_not() {
        let state = reduce(State::default(), [Action::GpuProbed(Ok(software_gpu())), Action::TogglePlay]);
        let state = reduce(state, [Action::SetBackend(BackendChoice::Cpu)]);
        assert!(state.running, "auto already trained on the CPU");
        let state = reduce(state, [Action::SetBackend(BackendChoice::Gpu)]);
        assert!(!state.running);
        let state = reduce(state, [Action::TogglePlay, Action::SetExample(Example::Playground)]);
        assert!(state.running);
        let state = reduce(state, [Action::SetExample(Example::Gru)]);
        assert!(!state.running);
    }

    #[test]
    fn a_spec_example_plays_even_while_the_2d_controls_hold_an_error() {
        let state = reduce(State::default(), [Action::SetBatchSize("0".into()), Action::TogglePlay]);
        assert!(!state.running);
        let state = reduce(state, [Action::SetExample(Example::Transformer), Action::TogglePlay]);
        assert!(state.running);
    }

    #[test]
    fn a_new_run_clears_the_old_runs_numbers_but_a_reset_keeps_them_until_replaced() {
        let state =
            reduce(State::default(), [Action::SessionBuilt(built(Example::Playground, Device::Cpu)), metrics(10)]);
        let state = reduce(state, [Action::SessionBuilt(built(Example::Playground, Device::Cpu))]);
        assert_eq!(state.metrics.as_ref().map(|m| m.step), Some(10));
        let state = reduce(state, [Action::SessionBuilt(built(Example::Mlp, Device::Cpu))]);
        assert_eq!(state.metrics, None);
        let state = reduce(state, [metrics(3), Action::SessionBuilt(built(Example::Mlp, Device::Gpu))]);
        assert_eq!(state.metrics, None);
    }

    #[test]
    fn a_lost_gpu_moves_every_later_run_to_the_cpu_and_says_so() {
        let state = reduce(
            State::default(),
            [
                Action::GpuProbed(Ok(software_gpu())),
                Action::SetBackend(BackendChoice::Gpu),
                Action::SessionBuilt(built(Example::Playground, Device::Gpu)),
                metrics(10),
                metrics(20),
                metrics(30),
                Action::TogglePlay,
                Action::FellBackToCpu { notice: "The GPU device was lost.".into(), step: 20 },
            ],
        );
        assert!(state.running, "training goes on");
        assert_eq!(state.built.as_ref().unwrap().device, Device::Cpu);
        assert_eq!(state.target().unwrap().device, Device::Cpu);
        assert_eq!(state.backend_notice(), Some("The GPU device was lost."));
        assert_eq!(state.history.points().last().map(|p| p.step), Some(20));
        let state = reduce(state, [Action::SetBackend(BackendChoice::Auto), Action::SetBackend(BackendChoice::Gpu)]);
        assert_eq!(state.backend_notice(), Some(backend::GPU_LOST.en));
        assert_eq!(state.target().unwrap().device, Device::Cpu);
    }

    fn loaded() -> Rc<Loaded> {
        use crate::loaded::{About, Recipe};
        let run = nnplay_train::RunSpec::from_json(Example::Gru.spec_json().unwrap()).unwrap();
        let recipe = Recipe::Run { run, assets: nnplay_data::AssetFiles::new() };
        Rc::new(Loaded::new(Source::Preset("gru".into()), About::default(), recipe))
    }

    #[test]
    fn a_loaded_run_is_trained_paused_and_a_failed_load_leaves_the_current_one() {
        let run = loaded();
        let state = reduce(
            State::default(),
            [Action::GpuProbed(Err("none".into())), Action::TogglePlay, Action::LoadProgress("Loading…".into())],
        );
        assert!(state.running, "a load under way does not stop training");
        assert_eq!(state.file_note, Some(FileNote::Busy("Loading…".into())));
        let state = reduce(state, [Action::Loaded(run.clone())]);
        assert!(!state.running);
        assert_eq!(state.file_note, None);
        assert_eq!(state.choice.key(), "preset:gru");
        let target = Model::Spec(RunRef::Loaded(run.id));
        assert_eq!(state.target(), Some(Target { model: target, device: Device::Cpu, live: None }));
        let state = reduce(state, [Action::TogglePlay, Action::LoadFailed("bad.csv line 3: expected a number".into())]);
        assert!(state.running);
        assert_eq!(state.choice, Choice::Loaded(run));
        assert_eq!(state.file_note, Some(FileNote::Failed("bad.csv line 3: expected a number".into())));
        let state = reduce(state, [Action::SetExample(Example::Cnn)]);
        assert_eq!(state.file_note, None, "the error went with the run it was about");
    }

    #[test]
    fn a_load_is_shown_only_once_the_worker_has_built_it_and_only_if_still_wanted() {
        let (first, second) = (loaded(), loaded());
        let state = reduce(State::default(), [Action::Check(first.clone())]);
        assert!(state.choice.is_playground(), "not shown before the worker's answer");
        let state = reduce(state, [Action::Checked { id: first.id, result: Ok(()) }]);
        assert_eq!(state.choice, Choice::Loaded(first.clone()));
        assert_eq!(state.checking, None);
        let state = reduce(
            state,
            [
                Action::Check(second.clone()),
                Action::LoadProgress("Loading digits.bin…".into()),
                Action::Checked { id: second.id, result: Ok(()) },
            ],
        );
        assert_eq!(state.choice, Choice::Loaded(first.clone()), "a later load superseded it");
        let state = reduce(state, [Action::Check(second.clone()), Action::Checked { id: first.id, result: Ok(()) }]);
        assert_eq!(state.checking, Some(second.clone()), "an answer about another run changes nothing");
        let state = reduce(state, [Action::Checked { id: second.id, result: Err("shapes do not fit".into()) }]);
        assert_eq!(state.choice, Choice::Loaded(first));
        assert_eq!(state.file_note, Some(FileNote::Failed("shapes do not fit".into())));
    }

    #[test]
    fn a_checkpoint_that_does_not_build_is_named_in_the_error() {
        let run = nnplay_train::RunSpec::from_json(Example::Gru.spec_json().unwrap()).unwrap();
        let recipe = crate::loaded::Recipe::Run { run, assets: nnplay_data::AssetFiles::new() };
        let file = "bad.csv".to_string();
        let checkpoint = Rc::new(Loaded::new(Source::Checkpoint(file), crate::loaded::About::default(), recipe));
        let state = reduce(
            State::default(),
            [
                Action::Check(checkpoint.clone()),
                Action::Checked { id: checkpoint.id, result: Err("checkpoint: not a safetensors file".into()) },
            ],
        );
        assert_eq!(state.file_note, Some(FileNote::Failed("bad.csv: checkpoint: not a safetensors file".into())));
    }

    #[test]
    fn the_page_opens_on_the_gallery_unless_the_address_asks_for_a_run() {
        assert!(State::opened_with(Opening::default()).gallery);
        let state = State::opened_with(Opening { example: Some(Example::Cnn), loads: false, chinese: false });
        assert!(!state.gallery);
        assert_eq!(state.choice, Choice::Example(Example::Cnn));
        assert!(!State::opened_with(Opening { example: None, loads: true, chinese: false }).gallery);
        assert_eq!(State::opened_with(Opening { chinese: true, ..Opening::default() }).language, Language::Zh);
        let state = reduce(State::default(), [Action::SetExample(Example::Playground)]);
        assert!(!state.gallery, "a card opens the workspace");
        let state = reduce(state, [Action::ShowGallery, Action::Loaded(loaded())]);
        assert!(!state.gallery, "a load opens the workspace");
    }

    #[test]
    fn locked_and_hidden_controls_refuse_their_actions_and_others_work() {
        let course = crate::share::parse("lock=learning-rate,play&hide=reset").state.course;
        let state = State { course: Rc::new(course), ..State::default() };
        let state =
            reduce(state, [Action::SetLearningRate(1.0), Action::TogglePlay, Action::Reset, Action::SetL2(0.1)]);
        assert_eq!(state.config.optimizer.learning_rate, 0.03);
        assert!(!state.running);
        assert_eq!(state.reset_generation, 0);
        assert_eq!(state.config.l2, 0.1, "an unlocked control still works");
        assert!(!state.can_use(Control::Play) && state.shows(Control::Play));
        assert!(!state.shows(Control::Reset));
    }

    #[test]
    fn the_course_goal_is_reached_once_per_run() {
        let course = crate::share::parse("target=test_loss<=0.5").state.course;
        let state = State { course: Rc::new(course), ..State::default() };
        let at = |step: u64, loss: f32| Action::Evaluated {
            metrics: Metrics {
                step,
                epoch: 0.0,
                train_loss: loss,
                test_loss: loss,
                train_accuracy: None,
                test_accuracy: None,
            },
            boundary: None,
        };
        let state = reduce(state, [at(10, 0.7), at(20, 0.4), at(30, 0.3)]);
        assert_eq!(state.goal_reached, Some(20));
        let state = reduce(state, [Action::SessionBuilt(built(Example::Playground, Device::Cpu)), at(5, 0.6)]);
        assert_eq!(state.goal_reached, None, "a new run starts without it");
    }

    #[test]
    fn a_run_specs_training_controls_edit_its_live_settings_and_survive_a_reset() {
        let live = LiveSettings {
            optimizer: nnplay_nn::OptimizerConfig::default(),
            batch_size: 32,
            l1: 0.0,
            l2: 0.0,
            schedule: nnplay_nn::LrSchedule::Constant,
            dropout: None,
        };
        let cnn = Built { live: Some(live.clone()), ..built(Example::Cnn, Device::Cpu) };
        let state = reduce(
            State::default(),
            [
                Action::GpuProbed(Err("none".into())),
                Action::SetExample(Example::Cnn),
                Action::SessionBuilt(cnn.clone()),
                Action::SetLearningRate(0.3),
                Action::SetBatchSize("8".into()),
                Action::SetL2(0.01),
            ],
        );
        let target = state.target().unwrap().live.unwrap();
        assert_eq!((target.optimizer.learning_rate, target.batch_size, target.l2), (0.3, 8, 0.01));
        assert_eq!(state.config, SessionConfig::spiral(), "the playground's settings are untouched");
        let state = reduce(state, [Action::Reset, Action::SessionBuilt(cnn)]);
        assert_eq!(state.live.as_ref().unwrap().batch_size, 8, "a Reset keeps the learner's settings");
        let state = reduce(state, [Action::SetBatchSize("x".into())]);
        assert_eq!((state.live.as_ref().unwrap().batch_size, state.live_batch_text.as_str()), (8, "x"));
        let state = reduce(state, [Action::SetExample(Example::Gru)]);
        assert_eq!(state.target().unwrap().live, None, "another run does not inherit them");
    }

    #[test]
    fn a_2d_dataset_opens_the_playground_with_that_set() {
        let state = reduce(State::default(), [Action::Loaded(loaded()), Action::ShowPlane(DatasetKind::Xor)]);
        assert!(state.choice.is_playground());
        assert_eq!(state.config.dataset.kind, DatasetKind::Xor);
        assert!(!state.can_save_checkpoint(), "the playground has no checkpoint file");
        let state = reduce(state, [Action::TogglePlay, Action::ShowPlane(DatasetKind::Xor)]);
        assert!(state.running, "the set shown already: nothing changes");
        let state = reduce(state, [Action::ShowPlane(DatasetKind::Circle)]);
        assert!(!state.running);
    }

    #[test]
    fn downloads_are_counted_and_their_outcome_shown() {
        let state =
            reduce(State::default(), [Action::DownloadExport, Action::DownloadCheckpoint, Action::DownloadExport]);
        assert_eq!((state.export_generation, state.save_generation), (2, 1));
        assert!(matches!(state.file_note, Some(FileNote::Busy(_))));
        let state = reduce(state, [Action::Downloaded("Downloaded gru-pytorch.zip (3.0 KiB).".into())]);
        assert_eq!(state.file_note, Some(FileNote::Done("Downloaded gru-pytorch.zip (3.0 KiB).".into())));
    }

    #[test]
    fn the_charts_get_progress_accuracies_and_their_scale_and_a_divergence_cuts_them_back() {
        let progress =
            |step: u64, rate: f32| Action::Progress(ProgressPoint { step, batch_loss: Some(0.9), learning_rate: rate });
        let classified = Action::Evaluated {
            metrics: Metrics { train_accuracy: Some(0.8), test_accuracy: Some(0.7), ..metrics_at(20) },
            boundary: None,
        };
        let state = reduce(State::default(), [progress(0, 0.1), metrics(10), progress(10, 0.1), classified]);
        let state = reduce(state, [progress(30, 0.05), Action::SetScale(Scale::Log)]);
        assert_eq!(state.scale, Scale::Log);
        assert!(state.history.has_accuracy());
        assert_eq!(
            state.history.points().last().map(|p| (p.train_accuracy, p.test_accuracy)),
            Some((Some(0.8), Some(0.7)))
        );
        let rates: Vec<(u64, f32)> = state.history.progress().iter().map(|p| (p.step, p.learning_rate)).collect();
        assert_eq!(rates, [(0, 0.1), (10, 0.1), (30, 0.05)]);
        let state = reduce(state, [Action::Diverged { restored_step: Some(10) }]);
        assert_eq!(state.history.last_step(), 10);
    }

    fn metrics_at(step: u64) -> Metrics {
        Metrics { step, epoch: 0.0, train_loss: 1.0, test_loss: 1.0, train_accuracy: None, test_accuracy: None }
    }
}
