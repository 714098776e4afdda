//! Each kind of load, from the request to a checked run: a preset, a built-in dataset,
//! the learner's files, or a checkpoint file. Long synchronous steps (generating data,
//! importing, building the session) run after a status line has been painted.

use super::browser::{fetch_asset, file_path, let_page_paint, read_file};
use super::checkpoint_file::{Needs, peek};
use super::user_data;
use super::{LoadContext, LoadRequest};
use crate::catalog::{self, BuiltinData, BuiltinDataset};
use crate::loaded::{About, Loaded, Recipe, Source, facts, file_stem, spread, text_samples};
use crate::texts::{Bilingual, Language, Translated, label};
use nnplay_data::import::ImportLimits;
use nnplay_data::{AssetFiles, DatasetKind, SyntheticSpec, TensorData};
use nnplay_train::{RunData, RunSpec, presets, suggest_model};
use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;
use web_sys::File;

/// Examples a preview draws, and windows of text it shows.
const PREVIEW_EXAMPLES: usize = 8;
const TEXT_PREVIEWS: usize = 4;
/// The seed of suggested models (see `suggest_model`), which also generates their data.
const SUGGESTED_SEED: u64 = 1;

/// What a load gives.
pub enum Outcome {
    /// A run ready to play.
    Run(Box<Loaded>),
    /// A 2-D set: the playground shows it.
    Plane(DatasetKind),
}

fn run(loaded: Loaded) -> Outcome {
    Outcome::Run(Box::new(loaded))
}

/// Reports progress: a line such as "Loading digits.bin…".
pub type Status<'a> = &'a dyn Fn(String);

/// Carries out `request`; errors are sentences for the page.
pub async fn load(
    request: LoadRequest,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Outcome, String> {
    match request {
        LoadRequest::Preset(name) => preset(&name, context, cache, status).await.map(run),
        LoadRequest::Dataset(name) => {
            let entry = catalog::dataset(&name).map_err(|e| context.language.choose(e, unknown_dataset(&name)))?;
            match &entry.data {
                BuiltinData::Plane(kind) => Ok(Outcome::Plane(*kind)),
                BuiltinData::Generated(spec) => dataset(&entry, spec.clone(), context, cache, status).await.map(run),
            }
        }
        LoadRequest::Files(files) => user_files(&files, context.language, status).await.map(run),
        LoadRequest::Checkpoint(file) => checkpoint(&file, context, cache, status).await.map(run),
        LoadRequest::Spec(spec) => linked(*spec, context, cache, status).await.map(run),
        LoadRequest::Saved(saved) => {
            let name = format!("{}-step{}.nnplay.safetensors", file_stem(&saved.title), saved.step);
            let bytes = saved.checkpoint.clone();
            checkpoint_bytes(name, Translated::same(&saved.title), bytes, context, cache, status).await.map(run)
        }
    }
}

/// The packed files `names`, fetched once per page and kept.
async fn assets(
    names: &[&'static str],
    cache: &RefCell<AssetFiles>,
    language: Language,
    status: Status<'_>,
) -> Result<AssetFiles, String> {
    let mut files = AssetFiles::new();
    for &name in names {
        let cached = cache.borrow().get(name).map(<[u8]>::to_vec);
        let bytes = match cached {
            Some(bytes) => bytes,
            None => {
                status(language.choose(format!("Loading {name}…"), format!("正在加载 {name}…")));
                let bytes = fetch_asset(name, language).await?;
                cache.borrow_mut().insert(name, bytes.clone());
                bytes
            }
        };
        files.insert(name, bytes);
    }
    Ok(files)
}

/// The packed file a run's data reads, if any.
fn asset_of(data: &RunData) -> Option<&'static str> {
    match data {
        RunData::Generated(spec) => spec.asset(),
        RunData::Points(_) | RunData::Imported { .. } => None,
    }
}

/// The loaded run of `recipe`, which the training worker builds next to check it; the
/// status says so meanwhile.
async fn checked(
    source: Source,
    about: About,
    recipe: Recipe,
    status: Status<'_>,
    doing: String,
) -> Result<Loaded, String> {
    status(doing);
    let_page_paint().await;
    Ok(Loaded::new(source, about, recipe))
}

async fn preset(
    name: &str,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Loaded, String> {
    let preset = presets::find(name).map_err(|e| e.to_string())?;
    let mut run = preset.run().map_err(|e| e.to_string())?;
    if let Some(overrides) = &context.overrides {
        overrides.apply_to_run(&mut run);
    }
    let language = context.language;
    let files = assets(&asset_of(&run.data).into_iter().collect::<Vec<_>>(), cache, language, status).await?;
    let mut sections = vec![
        (label::SUMMARY, Translated::from(&preset.summary)),
        (label::EXPLANATION, Translated::from(&preset.explanation)),
        (label::EXPECTED, Translated::from(&preset.expected)),
    ];
    let mut about = About { kind: Some(label::KIND_PRESET), title: (&preset.title).into(), ..About::default() };
    describe_data(&run, &files, &mut sections, &mut about);
    about.sections = sections;
    let doing = preparing(about.title.get(language), language);
    let recipe = Recipe::Run { run, assets: files };
    let loaded = checked(Source::Preset(name.into()), about, recipe, status, doing).await?;
    Ok(Loaded { overrides: context.overrides.clone(), ..loaded })
}

/// A run file the page's link carries, with the link's training settings.
async fn linked(
    mut run: RunSpec,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Loaded, String> {
    if let Some(overrides) = &context.overrides {
        overrides.apply_to_run(&mut run);
    }
    let language = context.language;
    let files = assets(&asset_of(&run.data).into_iter().collect::<Vec<_>>(), cache, language, status).await?;
    let title = Translated::new("A run from the link", "链接中的训练");
    let doing = preparing(title.get(language), language);
    let mut sections = Vec::new();
    let mut about = About { kind: Some(label::KIND_LINK), title, ..About::default() };
    describe_data(&run, &files, &mut sections, &mut about);
    about.sections = sections;
    let recipe = Recipe::Run { run, assets: files };
    checked(Source::Link, about, recipe, status, doing).await
}

/// The status line while a run called `title` is prepared.
fn preparing(title: &str, language: Language) -> String {
    language.choose(format!("Preparing {title}…"), format!("正在准备{title}…"))
}

/// In Chinese, why a dataset name from a link or a menu is not one of the page's.
fn unknown_dataset(name: &str) -> String {
    let names: Vec<&str> = catalog::datasets().iter().map(|d| d.name).collect();
    format!("没有名为“{name}”的数据集；可选的数据集有 {}", names.join("、"))
}

/// Adds what the page says about a run's data: its description and, for generated data,
/// the facts and a preview (generating it costs about what the session's build does).
fn describe_data(run: &RunSpec, files: &AssetFiles, sections: &mut Vec<(Bilingual, Translated)>, about: &mut About) {
    match &run.data {
        RunData::Points(config) => {
            let title = catalog::datasets()
                .into_iter()
                .find(|d| d.data == BuiltinData::Plane(config.kind))
                .map_or(Bilingual { en: config.kind.title(), zh: config.kind.title() }, |d| d.title);
            let (samples, noise, train) =
                (config.samples, (config.noise * 100.0).round(), (config.train_ratio * 100.0).round());
            let text = Translated::new(
                format!("2-D points: {}, {samples} of them, {noise} % noise, {train} % for training.", title.en),
                format!("二维点：{}，共 {samples} 个，噪声 {noise} %，{train} % 用于训练。", title.zh),
            );
            sections.push((label::DATA, text));
        }
        RunData::Generated(spec) => {
            if let Some(entry) = catalog::dataset_of(spec) {
                sections.push((label::DATA, entry.description.into()));
            }
            if let Ok(generated) = spec.generate_with(run.model.seed, files) {
                preview(&generated, spec, files, about);
            }
        }
        RunData::Imported { source, .. } => sections
            .push((label::DATA, Translated::new(format!("Your file {source}."), format!("你的文件 {source}。")))),
    }
}

/// Fills the facts, preview and class names of `about` from `data` (generated from
/// `spec`, reading `files`); a character model's windows are shown as text.
fn preview(data: &TensorData, spec: &SyntheticSpec, files: &AssetFiles, about: &mut About) {
    about.facts = facts(data);
    match spec.corpus(files) {
        Ok(Some(corpus)) => about.texts = text_samples(data, &corpus, TEXT_PREVIEWS),
        _ => about.preview = Some(Rc::new(spread(data, PREVIEW_EXAMPLES))),
    }
    about.class_names = class_names(spec);
}

/// The names of a generated dataset's classes, where they have names.
fn class_names(spec: &SyntheticSpec) -> Vec<String> {
    let names: &[&str] = match spec {
        SyntheticSpec::Shapes(_) => &nnplay_data::shapes::CLASS_NAMES,
        SyntheticSpec::Tones(_) => &nnplay_data::tones::CLASS_NAMES,
        SyntheticSpec::Bars { .. } => &["horizontal", "vertical", "diagonal"],
        SyntheticSpec::Digits { .. } | SyntheticSpec::SpokenDigits => {
            &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]
        }
        _ => &[],
    };
    names.iter().map(|n| n.to_string()).collect()
}

async fn dataset(
    entry: &BuiltinDataset,
    spec: SyntheticSpec,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Loaded, String> {
    let language = context.language;
    let files = assets(&spec.asset().into_iter().collect::<Vec<_>>(), cache, language, status).await?;
    let title = entry.title.get(language);
    status(preparing(title, language));
    let_page_paint().await;
    let data = spec.generate_with(SUGGESTED_SEED, &files).map_err(|e| e.to_string())?;
    let model = suggest_model(&data);
    let mut about = About {
        kind: Some(label::KIND_DATASET),
        title: entry.title.into(),
        sections: vec![(label::DATA, entry.description.into())],
        ..About::default()
    };
    preview(&data, &spec, &files, &mut about);
    let mut run = RunSpec { model, data: RunData::Generated(spec) };
    if let Some(overrides) = &context.overrides {
        overrides.apply_to_run(&mut run);
    }
    let recipe = Recipe::Run { run, assets: files };
    let doing = language.choose(format!("Building {title}…"), format!("正在构建{title}…"));
    let loaded = checked(Source::Dataset(entry.name.into()), about, recipe, status, doing).await?;
    Ok(Loaded { overrides: context.overrides.clone(), ..loaded })
}

async fn user_files(files: &[File], language: Language, status: Status<'_>) -> Result<Loaded, String> {
    let limits = ImportLimits::default();
    for file in files {
        limits.check_file_size(&file.name(), file.size() as usize).map_err(|e| e.to_string())?;
    }
    let what = match files {
        [file] => file.name(),
        files => language.choose(format!("{} files", files.len()), format!("{} 个文件", files.len())),
    };
    status(language.choose(format!("Reading {what}…"), format!("正在读取 {what}…")));
    let mut named = Vec::with_capacity(files.len());
    for file in files {
        named.push((file_path(file), read_file(file, language).await?));
    }
    status(language.choose(format!("Importing {what}…"), format!("正在导入 {what}…")));
    let_page_paint().await;
    let user = user_data::read(&named, language)?;
    drop(named);
    let model = suggest_model(&user.data);
    let about = About {
        kind: Some(label::KIND_IMPORT),
        title: Translated::same(&user.source),
        sections: vec![(label::DATA, user.note.clone())],
        facts: facts(&user.data),
        preview: user.texts.is_empty().then(|| Rc::new(spread(&user.data, PREVIEW_EXAMPLES))),
        class_names: user.class_names.clone(),
        texts: user.texts.clone(),
    };
    let data = RunData::Imported { source: user.source.clone(), data: Arc::new(user.data) };
    let recipe = Recipe::Run { run: RunSpec { model, data }, assets: AssetFiles::new() };
    let source = Source::Import(user.source);
    let doing = language.choose(format!("Building a model for {what}…"), format!("正在为 {what} 构建模型…"));
    checked(source, about, recipe, status, doing).await
}

async fn checkpoint(
    file: &File,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Loaded, String> {
    let name = file.name();
    let language = context.language;
    status(language.choose(format!("Reading {name}…"), format!("正在读取 {name}…")));
    let bytes = read_file(file, language).await?;
    checkpoint_bytes(name.clone(), Translated::same(&name), bytes, context, cache, status).await
}

/// The run the checkpoint `bytes` continues, shown as `title`; `name` is its file's.
async fn checkpoint_bytes(
    name: String,
    title: Translated,
    bytes: Vec<u8>,
    context: &LoadContext,
    cache: &RefCell<AssetFiles>,
    status: Status<'_>,
) -> Result<Loaded, String> {
    let language = context.language;
    let peeked = peek(&bytes);
    let (files, imported) = match peeked.as_ref().map(|p| &p.needs) {
        Some(Needs::Builtin(Some(asset))) => (assets(&[asset], cache, language, status).await?, None),
        Some(Needs::Imported(source)) => match context.current.as_ref().and_then(|run| run.imported()) {
            Some((current, data)) if current == *source => (AssetFiles::new(), Some((current, data))),
            _ => return Err(needs_data(&name, source, language)),
        },
        _ => (AssetFiles::new(), None),
    };
    let saved = saved_run(&bytes, imported.clone());
    let recipe = Recipe::Checkpoint { bytes: Rc::from(bytes), assets: files.clone(), imported };
    status(language.choose(format!("Resuming {name}…"), format!("正在恢复 {name}…")));
    let_page_paint().await;
    let mut sections = Vec::new();
    let mut about = About { kind: Some(label::KIND_CHECKPOINT), title, ..About::default() };
    // A file that is no checkpoint has no run to describe: the worker's check says why.
    if let Some((run, steps)) = saved {
        describe_data(&run, &files, &mut sections, &mut about);
        about.facts = Translated::new(
            format!("Saved at step {steps}; training continues from there."),
            format!("保存于第 {steps} 步；训练从那里继续。"),
        );
    }
    about.sections = sections;
    Ok(Loaded::new(Source::Checkpoint(name), about, recipe))
}

/// The run a checkpoint continues and its step, read without building it; `imported` is
/// the data of a run on the learner's own file.
fn saved_run(bytes: &[u8], imported: Option<(String, Arc<TensorData>)>) -> Option<(RunSpec, u64)> {
    let info = nnplay_train::checkpoint::info(bytes).ok()?;
    let run = match imported {
        Some((source, data)) => RunSpec { model: info.model, data: RunData::Imported { source, data } },
        None => {
            let mut value = serde_json::to_value(&info.model).ok()?;
            value["data"] = info.data;
            RunSpec::from_json(&value.to_string()).ok()?
        }
    };
    Some((run, info.steps))
}

/// Why a checkpoint of a run on imported data cannot be resumed yet, and what to do.
fn needs_data(name: &str, source: &str, language: Language) -> String {
    language.choose(
        format!(
            "{name} continues a run on your file \"{source}\": upload {source} first, then load the checkpoint \
             again (a checkpoint holds the run's settings, weights and optimizer state, not its data)"
        ),
        format!(
            "{name} 接着的是在你的文件“{source}”上的训练：请先上传 {source}，再重新载入检查点\
             （检查点保存训练的设置、权重和优化器状态，不含数据）"
        ),
    )
}
