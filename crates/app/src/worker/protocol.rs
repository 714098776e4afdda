//! The messages between the page and the training worker. The page owns what the learner
//! sees and asks for; the worker owns the session and reports what it did. Every message
//! is plain data: the page names a loaded run by its id once the worker has checked it.

use crate::examples::Example;
use crate::history::ProgressPoint;
use nnplay_data::{AssetFiles, Dataset2d, TensorData};
use nnplay_nn::ModelSpec;
use nnplay_nn::spec::LayerSummary;
use nnplay_tensor::Device;
use nnplay_tensor::gpu::{AdapterSummary, GpuMemory};
use nnplay_train::{Boundary, LiveSettings, Metrics, RunData, RunSpec, SessionConfig, inspect};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A run the worker can build: one of the page's examples, or a loaded run it has checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum RunRef {
    Example(Example),
    /// The loaded run of this id (see [`ToWorker::Check`]).
    Loaded(u64),
}

/// The model a session trains.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Model {
    /// The 2-D playground with this config.
    Points(SessionConfig),
    /// A run spec: an example's, or a loaded run's (never the playground).
    Spec(RunRef),
}

/// What the worker should be training: a model on a device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub model: Model,
    pub device: Device,
    /// A run spec's training settings as the learner set them (applied without a new session).
    pub live: Option<LiveSettings>,
}

/// How fast a playing run goes: a few steps a second, each shown, or as fast as it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Speed {
    /// This many steps a second, each one evaluated and drawn.
    PerSecond(u32),
    #[default]
    Max,
}

impl Speed {
    /// The page's speed ladder, slowest first.
    pub const ALL: [Speed; 5] =
        [Speed::PerSecond(1), Speed::PerSecond(4), Speed::PerSecond(16), Speed::PerSecond(60), Speed::Max];

    /// The value of its `<option>` and its name in links: `1`, `4`, `16`, `60` or `max`.
    pub fn name(self) -> String {
        match self {
            Speed::PerSecond(steps) => steps.to_string(),
            Speed::Max => "max".to_string(),
        }
    }

    /// What the page calls it.
    pub fn title(self) -> String {
        match self {
            Speed::PerSecond(1) => "1 step/s (slow motion)".to_string(),
            Speed::PerSecond(steps) => format!("{steps} steps/s"),
            Speed::Max => "Flat out".to_string(),
        }
    }

    /// The speed of this name, if it is on the ladder.
    pub fn from_name(name: &str) -> Option<Speed> {
        Speed::ALL.into_iter().find(|speed| speed.name() == name)
    }
}

/// What the page asks of the worker; it sends it again whenever any part changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Request {
    /// What to train, `None` while the controls hold an invalid config or the GPU's
    /// answer is awaited.
    pub target: Option<Target>,
    pub running: bool,
    pub speed: Speed,
    /// Counters the page bumps; each bump asks for one reset, step, export or checkpoint.
    pub reset_generation: u64,
    pub step_generation: u64,
    pub export_generation: u64,
    pub save_generation: u64,
    /// The step at which to destroy the GPU device (a URL option for tests).
    pub simulate_gpu_loss_at: Option<u64>,
    /// The step after which the GPU's next allocation fails for lack of memory (a URL option for tests).
    pub simulate_gpu_oom_at: Option<u64>,
    /// What the view panels want.
    pub views: ViewRequest,
    /// Bumped by the autosave; each bump asks for one [`FromWorker::Autosaved`] checkpoint.
    pub autosave_generation: u64,
    /// The memory budget and the out-of-memory test option (see `worker::memory`).
    pub memory: super::memory::MemorySettings,
}

/// A message from the page.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum ToWorker {
    /// Build the loaded run `id` (on `device`) to check it, and keep it for a later target.
    Check { id: u64, stem: String, recipe: Box<WireRecipe>, device: Device },
    /// The page's latest request.
    Sync(Box<Request>),
    /// Classify this input (one example's values, row-major) with the current model.
    Predict(Vec<f32>),
    /// Start, pause, resume or end the optimizer race (see `worker::race`).
    Race(RaceCommand),
}

/// What the page asks of the optimizer race.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RaceCommand {
    /// Race the variants of the preset of this name from the start, and play.
    Start(String),
    /// Go on racing.
    Play,
    /// Stop stepping; the race is kept and its surface sent once more.
    Pause,
    /// End the race and drop its sessions.
    Stop,
}

/// One lane of a [`RaceFrame`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LaneReport {
    pub label: String,
    /// The metrics measured since the last frame, oldest first (the newest is the lane's latest).
    pub measured: Vec<Metrics>,
    /// Whether its weights stopped being finite.
    pub diverged: bool,
}

/// What the race did since the last frame: every lane's new metrics, and now and then
/// the loss surface with the paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RaceFrame {
    /// The preset raced.
    pub preset: String,
    /// Steps every lane has taken.
    pub step: u64,
    /// Whether the race is playing.
    pub running: bool,
    pub lanes: Vec<LaneReport>,
    /// The loss slice and paths, about once a second and when paused.
    pub surface: Option<nnplay_train::race::LossSurface>,
}

/// What the worker built last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuiltRun {
    pub run: RunRef,
    pub device: Device,
    /// The points, for the 2-D playground and loaded runs on 2-D points.
    pub data: Option<Dataset2d>,
    /// The layers of a run spec.
    pub layers: Vec<LayerSummary>,
    /// A run spec's training settings as it starts.
    pub live: Option<LiveSettings>,
}

/// A file the worker made for the page to offer as a download.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FileOffer {
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
    /// Its MIME type.
    pub mime: String,
}

/// What the page's panels show of the model beyond its loss, computed in the worker now
/// and then (see `worker::views`); each part is empty where it does not apply to the run.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Views {
    /// The run the views are of (the page drops views of a run it has left).
    pub run: Option<RunRef>,
    /// The step the views are of.
    pub step: u64,
    /// Per layer: weight and gradient histograms, gradient norms, near-zero weights, dead ReLUs.
    pub layers: Vec<inspect::LayerStats>,
    /// Plain-language warnings about vanishing or exploding gradients, newest first.
    pub alerts: Vec<inspect::GradientAlert>,
    /// The first convolution's filters.
    pub filters: Option<inspect::ConvFilters>,
    /// Each convolution's feature maps for the chosen example.
    pub feature_maps: Vec<inspect::FeatureMaps>,
    /// The first test examples with their predicted and true classes.
    pub predictions: Option<inspect::Predictions>,
    /// Test-set counts of true class (rows) against predicted class (columns).
    pub confusion: Option<inspect::ConfusionMatrix>,
    /// Hidden states and gates over time of each recurrent layer, for the chosen example.
    pub recurrent: Vec<inspect::RecurrentStates>,
    /// Attention weights per layer and head, for the chosen example.
    pub attention: Vec<inspect::AttentionMaps>,
    /// The dropout masks of the last step.
    pub dropout: Vec<inspect::DropoutMask>,
    /// Every hidden neuron's output over the plane (2-D playground only).
    pub neurons: Option<inspect::NeuronMaps>,
    /// The chosen test example (its index, input and target), which the views above show.
    pub example: Option<inspect::Example>,
    /// Text the model generates, for character models.
    pub sample: Option<String>,
}

/// What the page wants in its views: which test example, and how daring generated text is.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ViewRequest {
    /// Whether any view panel is open (views cost time; none are computed otherwise).
    pub wanted: bool,
    /// Index of the test example the example views show.
    pub example: usize,
    /// Sampling temperature of generated text (0 picks the likeliest character).
    pub temperature: f32,
}

impl Default for ViewRequest {
    fn default() -> ViewRequest {
        ViewRequest { wanted: true, example: 0, temperature: 0.8 }
    }
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker died (memory ran out, or a panic) and has closed; the page starts another.
    Crashed(super::crash::WorkerCrash),
    /// Opening the GPU in the worker gave this adapter, or this reason there is none.
    GpuProbed(Result<AdapterSummary, String>),
    /// The loaded run `id` builds (and is kept), or why it does not.
    Checked {
        id: u64,
        result: Result<(), String>,
    },
    SessionBuilt(BuiltRun),
    /// Where training stands between evaluations (often, and cheap): step, mean batch
    /// loss since the last report, learning rate.
    Progress(ProgressPoint),
    /// The model's metrics; the boundary is left out on some evaluations.
    Evaluated {
        metrics: Metrics,
        boundary: Option<Boundary>,
    },
    /// The GPU failed and the session moved to the CPU, resuming at `step`.
    FellBackToCpu {
        notice: String,
        step: u64,
    },
    /// The loss became NaN or infinite; training paused, with the weights of this step put back.
    Diverged {
        restored_step: Option<u64>,
    },
    /// The gradients are exploding while the loss is still finite; training goes on.
    GradientSurge(nnplay_train::GradientSurge),
    /// The engine refused to go on, with its reason.
    Failed(String),
    /// A download is ready.
    Download(FileOffer),
    /// A download could not be made, with the reason.
    DownloadFailed(String),
    /// Fresh views of the model.
    Viewed(Box<Views>),
    /// The model's class probabilities for an input the learner drew.
    Predicted(Result<Vec<f32>, String>),
    /// The checkpoint an autosave asked for, of this step.
    Autosaved {
        step: u64,
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
    },
    /// The autosave's checkpoint could not be made, with the reason.
    AutosaveFailed(String),
    /// The optimizer race's progress.
    Raced(Box<RaceFrame>),
    /// The optimizer race could not start or go on, with the reason; it is over.
    RaceFailed(String),
    /// The worker's memory, every few seconds while it changes (see `worker::memory_report`).
    Memory(WorkerMemory),
}

/// What the worker holds in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WorkerMemory {
    /// The worker's wasm linear memory in bytes (it only ever grows).
    pub wasm_bytes: u64,
    /// The GPU buffer pool, once the GPU is open.
    pub gpu: Option<GpuMemory>,
}

/// A loaded run's recipe (see [`crate::loaded::Recipe`]) as it travels to the worker.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum WireRecipe {
    Run {
        run: String,
        imported: Option<WireData>,
        assets: Vec<WireFile>,
    },
    Checkpoint {
        #[serde(with = "serde_bytes")]
        bytes: Vec<u8>,
        assets: Vec<WireFile>,
        imported: Option<WireData>,
    },
}

/// A packed file by name.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireFile {
    pub name: String,
    #[serde(with = "serde_bytes")]
    pub bytes: Vec<u8>,
}

/// Imported data and the name of the file it came from; the numbers travel as
/// little-endian bytes, which cross to the worker as one typed array.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireData {
    pub source: String,
    #[serde(with = "serde_bytes")]
    pub inputs: Vec<u8>,
    pub input_shape: Vec<usize>,
    #[serde(with = "serde_bytes")]
    pub targets: Vec<u8>,
    pub target_shape: Vec<usize>,
    pub classes: usize,
    pub len: usize,
}

impl WireData {
    /// `data`, imported from `source`, ready to send.
    pub fn new(source: &str, data: &TensorData) -> WireData {
        WireData {
            source: source.to_string(),
            inputs: data.inputs.iter().flat_map(|v| v.to_le_bytes()).collect(),
            input_shape: data.input_shape.clone(),
            targets: data.targets.iter().flat_map(|v| v.to_le_bytes()).collect(),
            target_shape: data.target_shape.clone(),
            classes: data.classes,
            len: data.len,
        }
    }

    /// The file name and the data as they were sent.
    pub fn into_data(self) -> (String, TensorData) {
        let floats = |bytes: Vec<u8>| {
            bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect::<Vec<f32>>()
        };
        let data = TensorData {
            inputs: floats(self.inputs),
            input_shape: self.input_shape,
            targets: floats(self.targets),
            target_shape: self.target_shape,
            classes: self.classes,
            len: self.len,
        };
        (self.source, data)
    }
}

/// `files` as they travel.
pub fn wire_files(files: &AssetFiles) -> Vec<WireFile> {
    files.iter().map(|(name, bytes)| WireFile { name: name.to_string(), bytes: bytes.to_vec() }).collect()
}

/// The files as they were sent.
pub fn asset_files(files: Vec<WireFile>) -> AssetFiles {
    let mut assets = AssetFiles::new();
    for file in files {
        assets.insert(&file.name, file.bytes);
    }
    assets
}

/// A run file with its imported data, as it travels.
pub fn wire_run(run: &RunSpec) -> (String, Option<WireData>) {
    let imported = match &run.data {
        RunData::Imported { source, data } => Some(WireData::new(source, data)),
        _ => None,
    };
    (run.to_json(), imported)
}

/// The run file as it was sent: its JSON names imported data only by file, so the data
/// that travelled with it is put back.
pub fn unwire_run(json: &str, imported: Option<WireData>) -> Result<RunSpec, String> {
    match imported {
        None => RunSpec::from_json(json).map_err(|e| e.to_string()),
        Some(wire) => {
            // The run's JSON says `"kind": "imported"`, which `RunSpec::from_json` refuses
            // without the data: the model is read alone.
            let mut value: serde_json::Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
            if let Some(object) = value.as_object_mut() {
                object.remove("data");
            }
            let model = ModelSpec::from_json(&value.to_string()).map_err(|e| e.to_string())?;
            let (source, data) = wire.into_data();
            Ok(RunSpec { model, data: RunData::Imported { source, data: Arc::new(data) } })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imported_data_survives_the_trip_bit_for_bit() {
        let data = TensorData {
            inputs: vec![0.5, -1.25, f32::MAX, 1e-30],
            input_shape: vec![2],
            targets: vec![1.0, 0.0],
            target_shape: vec![],
            classes: 2,
            len: 2,
        };
        let (source, back) = WireData::new("my.csv", &data).into_data();
        assert_eq!(source, "my.csv");
        assert_eq!(back, data);
    }

    #[test]
    fn a_run_on_imported_data_keeps_its_model_and_data() {
        let run = RunSpec::from_json(Example::Mlp.spec_json().unwrap()).unwrap();
        let data = TensorData {
            inputs: vec![0.0; 8],
            input_shape: vec![2],
            targets: vec![0.0, 1.0, 0.0, 1.0],
            target_shape: vec![],
            classes: 2,
            len: 4,
        };
        let run = RunSpec { data: RunData::Imported { source: "pts.csv".into(), data: Arc::new(data) }, ..run };
        let (json, imported) = wire_run(&run);
        assert_eq!(unwire_run(&json, imported).unwrap(), run);
        let plain = RunSpec::from_json(Example::Cnn.spec_json().unwrap()).unwrap();
        let (json, imported) = wire_run(&plain);
        assert!(imported.is_none());
        assert_eq!(unwire_run(&json, None).unwrap(), plain);
    }

    #[test]
    fn speeds_are_named_by_their_rate() {
        let names: Vec<String> = Speed::ALL.iter().map(|s| s.name()).collect();
        assert_eq!(names, ["1", "4", "16", "60", "max"]);
        assert_eq!(Speed::from_name("16"), Some(Speed::PerSecond(16)));
        assert_eq!(Speed::from_name("17"), None);
    }
}
