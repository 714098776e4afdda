//! A run the page loaded from its library or from a file: a preset, a built-in dataset,
//! the learner's own data, or a checkpoint. It carries what the page says about it and
//! the recipe for its session, and the session the loader already built to check it.

use crate::texts::{Bilingual, Translated};
use crate::worker::protocol::{WireData, WireRecipe, asset_files, unwire_run, wire_files, wire_run};
use nnplay_data::{AssetFiles, TensorData};
use nnplay_tensor::Device;
use nnplay_train::{RunSpec, SpecSession, TrainError};
use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where a loaded run came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The preset of this name.
    Preset(String),
    /// The built-in dataset of this name.
    Dataset(String),
    /// The learner's file (or set of image files) of this name.
    Import(String),
    /// The checkpoint file of this name.
    Checkpoint(String),
    /// A run file carried by the page's link (`#spec=`).
    Link,
}

impl Source {
    /// `preset:NAME`, `dataset:NAME`, `import:FILE` or `checkpoint:FILE`: what the badge's
    /// `data-example` says.
    pub fn key(&self) -> String {
        match self {
            Source::Preset(name) => format!("preset:{name}"),
            Source::Dataset(name) => format!("dataset:{name}"),
            Source::Import(file) => format!("import:{file}"),
            Source::Checkpoint(file) => format!("checkpoint:{file}"),
            Source::Link => "link:run".to_string(),
        }
    }

    /// The start of download names: the name, or the file name without its extensions.
    pub fn stem(&self) -> String {
        let raw = match self {
            Source::Preset(name) | Source::Dataset(name) => name.as_str(),
            Source::Link => "shared-run",
            Source::Import(file) => file.split('.').next().unwrap_or(file),
            // A checkpoint of `digits-step40` continues as `digits`.
            Source::Checkpoint(file) => {
                let base = file.split('.').next().unwrap_or(file);
                base.rsplit_once("-step").map_or(base, |(stem, _)| stem)
            }
        };
        file_stem(raw)
    }
}

/// `text` with anything but letters, digits, `-` and `_` made `-`, never empty.
pub fn file_stem(text: &str) -> String {
    let stem: String =
        text.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    let stem = stem.trim_matches('-');
    if stem.is_empty() { "run".to_string() } else { stem.to_string() }
}

/// How to build the run's session on a device.
#[derive(Debug, Clone)]
pub enum Recipe {
    /// A run file (its data may be imported), with the packed files it reads.
    Run { run: RunSpec, assets: AssetFiles },
    /// A checkpoint file, with the packed file or the imported data its run needs.
    Checkpoint { bytes: Rc<[u8]>, assets: AssetFiles, imported: Option<(String, Arc<TensorData>)> },
}

impl Recipe {
    /// A fresh session: the run from its first step, or the checkpoint's state.
    pub fn build(&self, device: Device) -> Result<SpecSession, TrainError> {
        match self {
            Recipe::Run { run, assets } => SpecSession::with_assets(run.clone(), device, assets),
            Recipe::Checkpoint { bytes, imported: Some((source, data)), .. } => {
                SpecSession::resume_with_data(bytes, device, source, (**data).clone())
            }
            Recipe::Checkpoint { bytes, assets, imported: None } => {
                SpecSession::resume_with_assets(bytes, device, assets)
            }
        }
    }

    /// The recipe as it travels to the training worker.
    pub fn to_wire(&self) -> WireRecipe {
        let imported = |imported: &Option<(String, Arc<TensorData>)>| {
            imported.as_ref().map(|(source, data)| WireData::new(source, data))
        };
        match self {
            Recipe::Run { run, assets } => {
                let (run, imported) = wire_run(run);
                WireRecipe::Run { run, imported, assets: wire_files(assets) }
            }
            Recipe::Checkpoint { bytes, assets, imported: data } => {
                WireRecipe::Checkpoint { bytes: bytes.to_vec(), assets: wire_files(assets), imported: imported(data) }
            }
        }
    }

    /// The recipe the page sent; a run file that does not parse is refused with the reason.
    pub fn from_wire(wire: WireRecipe) -> Result<Recipe, String> {
        let imported = |data: Option<WireData>| {
            data.map(|wire| {
                let (source, data) = wire.into_data();
                (source, Arc::new(data))
            })
        };
        Ok(match wire {
            WireRecipe::Run { run, imported, assets } => {
                Recipe::Run { run: unwire_run(&run, imported)?, assets: asset_files(assets) }
            }
            WireRecipe::Checkpoint { bytes, assets, imported: data } => {
                Recipe::Checkpoint { bytes: bytes.into(), assets: asset_files(assets), imported: imported(data) }
            }
        })
    }
}

/// What the page shows about a loaded run, in both languages so that it follows the
/// language switch.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct About {
    /// "Preset", "Dataset", "Your data" or "Checkpoint" (empty for a run not yet described).
    pub kind: Option<Bilingual>,
    pub title: Translated,
    /// Headed paragraphs: summary, explanation, expected outcome, data description.
    pub sections: Vec<(Bilingual, Translated)>,
    /// One line on the examples: count, shape, classes.
    pub facts: Translated,
    /// A few examples to draw, spread over the dataset.
    pub preview: Option<Rc<TensorData>>,
    /// Names of the classes, in index order, where known.
    pub class_names: Vec<String>,
    /// A few input windows of a character model, as text.
    pub texts: Vec<String>,
}

/// A loaded run. Two loads are two runs, even of the same file: each has its own id,
/// by which the page names it to the training worker once the worker has checked it.
pub struct Loaded {
    pub id: u64,
    pub source: Source,
    pub about: About,
    pub recipe: Recipe,
    /// The settings a link changed in a preset or dataset (already in `recipe`), which the
    /// page's own link carries on.
    pub overrides: Option<Rc<crate::share::Overrides>>,
}

impl Loaded {
    /// A run from `recipe`, not yet checked by the worker.
    pub fn new(source: Source, about: About, recipe: Recipe) -> Loaded {
        static NEXT_ID: AtomicU64 = AtomicU64::new(1);
        Loaded { id: NEXT_ID.fetch_add(1, Ordering::Relaxed), source, about, recipe, overrides: None }
    }

    /// The run's imported data and its name, for a checkpoint of this run.
    pub fn imported(&self) -> Option<(String, Arc<TensorData>)> {
        match &self.recipe {
            Recipe::Run { run: RunSpec { data: nnplay_train::RunData::Imported { source, data }, .. }, .. } => {
                Some((source.clone(), data.clone()))
            }
            Recipe::Checkpoint { imported, .. } => imported.clone(),
            Recipe::Run { .. } => None,
        }
    }
}

impl PartialEq for Loaded {
    fn eq(&self, other: &Loaded) -> bool {
        self.id == other.id
    }
}

impl fmt::Debug for Loaded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Loaded").field("id", &self.id).field("source", &self.source).finish_non_exhaustive()
    }
}

/// "1,797 examples · input 1×8×8 · 10 classes" (or "· values" for a regression).
pub fn facts(data: &TensorData) -> Translated {
    let shape = |dims: &[usize]| {
        if dims.is_empty() { "1".to_string() } else { dims.iter().map(usize::to_string).collect::<Vec<_>>().join("×") }
    };
    let (count, input, target_shape) = (thousands(data.len), shape(&data.input_shape), shape(&data.target_shape));
    let target = match (data.classes, data.target_shape.is_empty()) {
        (0, _) => Translated::new(format!("target {target_shape} value(s)"), format!("目标为 {target_shape} 个数值")),
        (classes, true) => Translated::new(format!("{classes} classes"), format!("{classes} 个类别")),
        (classes, false) => Translated::new(
            format!("{classes} classes at each of {target_shape} positions"),
            format!("{target_shape} 个位置各有 {classes} 个类别"),
        ),
    };
    Translated::new(
        format!("{count} examples · input {input} · {}", target.en),
        format!("{count} 个样本 · 输入 {input} · {}", target.zh),
    )
}

/// `1797` as "1,797".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `n` examples spread evenly over `data` (classes often come in order), for a preview.
pub fn spread(data: &TensorData, n: usize) -> TensorData {
    let n = n.min(data.len);
    let input_width: usize = data.input_shape.iter().product();
    let target_width: usize = data.target_shape.iter().product();
    let picks: Vec<usize> = (0..n).map(|i| i * data.len / n.max(1)).collect();
    TensorData {
        inputs: picks
            .iter()
            .flat_map(|&i| data.inputs[i * input_width..(i + 1) * input_width].iter().copied())
            .collect(),
        targets: picks
            .iter()
            .flat_map(|&i| data.targets[i * target_width..(i + 1) * target_width].iter().copied())
            .collect(),
        len: n,
        ..data.clone()
    }
}

/// `n` input windows of a character model's `data`, spread over it, as the text they
/// encode in `corpus` (line breaks shown as ⏎).
pub fn text_samples(data: &TensorData, corpus: &nnplay_data::corpus::Corpus, n: usize) -> Vec<String> {
    let picks = spread(data, n);
    let width: usize = picks.input_shape.iter().product();
    picks
        .inputs
        .chunks(width.max(1))
        .map(|ids| {
            let ids: Vec<u32> = ids.iter().map(|&id| id as u32).collect();
            corpus.decode(&ids).replace('\n', "⏎")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn data(len: usize) -> TensorData {
        TensorData {
            inputs: (0..len * 4).map(|v| v as f32).collect(),
            input_shape: vec![1, 2, 2],
            targets: (0..len).map(|i| (i * 3 / len) as f32).collect(),
            target_shape: vec![],
            classes: 3,
            len,
        }
    }

    #[test]
    fn facts_name_count_shape_and_classes() {
        assert_eq!(facts(&data(1797)).en, "1,797 examples · input 1×2×2 · 3 classes");
        assert_eq!(facts(&data(1797)).zh, "1,797 个样本 · 输入 1×2×2 · 3 个类别");
        let regression = TensorData { classes: 0, target_shape: vec![1], ..data(12) };
        assert_eq!(facts(&regression).en, "12 examples · input 1×2×2 · target 1 value(s)");
        let text = TensorData { target_shape: vec![8], input_shape: vec![8], ..data(5) };
        assert_eq!(facts(&text).en, "5 examples · input 8 · 3 classes at each of 8 positions");
        assert_eq!(facts(&text).zh, "5 个样本 · 输入 8 · 8 个位置各有 3 个类别");
    }

    #[test]
    fn a_preview_spreads_over_classes_in_order() {
        let preview = spread(&data(30), 6);
        assert_eq!(preview.len, 6);
        assert_eq!(preview.targets, vec![0.0, 0.0, 1.0, 1.0, 2.0, 2.0]);
        assert_eq!(&preview.inputs[4..8], &[20.0, 21.0, 22.0, 23.0], "example 5's pixels");
        assert_eq!(spread(&data(3), 8).len, 3);
    }

    #[test]
    fn text_windows_read_back_as_their_characters() {
        let corpus = nnplay_data::corpus::Corpus::new("ab\ncab\nc").unwrap();
        let data = corpus.windows(4, 3, 1).unwrap();
        let texts = text_samples(&data, &corpus, 2);
        assert_eq!(texts.len(), 2);
        for text in &texts {
            assert_eq!(text.chars().count(), 3);
            assert!("ab⏎cab⏎c".contains(text.as_str()), "{text}");
        }
    }

    #[test]
    fn download_stems_are_safe_file_names() {
        assert_eq!(Source::Preset("mlp-2d".into()).stem(), "mlp-2d");
        assert_eq!(Source::Import("my data (1).csv".into()).stem(), "my-data--1");
        assert_eq!(Source::Checkpoint("digits-step40.nnplay.safetensors".into()).stem(), "digits");
        assert_eq!(Source::Import("...".into()).stem(), "run");
        assert_eq!(Source::Dataset("text_zh".into()).key(), "dataset:text_zh");
    }

    #[test]
    fn recipes_cross_to_the_worker_and_back() {
        let run = RunSpec::from_json(crate::examples::Example::Cnn.spec_json().unwrap()).unwrap();
        let mut assets = AssetFiles::new();
        assets.insert("digits.bin", vec![1, 2, 3]);
        let recipe = Recipe::from_wire(Recipe::Run { run: run.clone(), assets }.to_wire()).unwrap();
        let Recipe::Run { run: back, assets } = recipe else { panic!("a run stays a run") };
        assert_eq!(back, run);
        assert_eq!(assets.get("digits.bin"), Some(&[1, 2, 3][..]));
        let checkpoint =
            Recipe::Checkpoint { bytes: Rc::from(&[9u8, 8][..]), assets: AssetFiles::new(), imported: None };
        let Recipe::Checkpoint { bytes, .. } = Recipe::from_wire(checkpoint.to_wire()).unwrap() else {
            panic!("a checkpoint stays a checkpoint")
        };
        assert_eq!(&bytes[..], &[9, 8]);
        let loaded = Loaded::new(Source::Dataset("circle".into()), About::default(), checkpoint.clone());
        let other = Loaded::new(loaded.source.clone(), About::default(), checkpoint);
        assert_ne!(loaded, other, "two loads are two runs");
    }
}
