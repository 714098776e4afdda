//! Loading runs into the page: presets, built-in datasets (fetching their packed files),
//! the learner's own files and checkpoints. A load reports its progress and ends in
//! [`Action::Check`] (the training worker builds the run, then the page shows it) or
//! [`Action::LoadFailed`]; on failure the current run is untouched.

mod browser;
pub(crate) mod checkpoint_file;
mod runs;
pub(crate) mod user_data;

pub use user_data::ACCEPT as UPLOAD_ACCEPT;

use crate::loaded::Loaded;
use crate::state::Action;
use crate::texts::Language;
use nnplay_data::AssetFiles;
use runs::Outcome;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::File;
use yew::Callback;

/// What the learner asked to load.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadRequest {
    /// The preset of this name.
    Preset(String),
    /// The built-in dataset of this name.
    Dataset(String),
    /// Data files: one table or text, or several images.
    Files(Vec<File>),
    /// A checkpoint file.
    Checkpoint(File),
    /// A run file from the page's link (`#spec=`).
    Spec(Box<nnplay_train::RunSpec>),
    /// The run the page saved on an earlier visit (see [`crate::persist`]).
    Saved(Rc<crate::persist::SavedRun>),
}

/// What a load needs to know of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadContext {
    /// The run trained now, whose imported data a checkpoint of it may need.
    pub current: Option<Rc<Loaded>>,
    pub language: Language,
    /// Training settings the page's link sets on the run it opens with (only that first load).
    pub overrides: Option<Rc<crate::share::Overrides>>,
}

/// Starts loads; only the latest one started reports, so a quick second choice wins.
#[derive(Clone)]
pub struct Loader {
    dispatch: Callback<Action>,
    latest: Rc<Cell<u64>>,
    /// Packed files fetched so far: each is fetched once per page.
    cache: Rc<RefCell<AssetFiles>>,
}

impl Loader {
    /// A loader that reports to `dispatch`.
    pub fn new(dispatch: Callback<Action>) -> Loader {
        Loader { dispatch, latest: Rc::default(), cache: Rc::default() }
    }

    /// Loads `request` in the background.
    pub fn start(&self, request: LoadRequest, context: LoadContext) {
        let job = self.latest.get() + 1;
        self.latest.set(job);
        let loader = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let current = || loader.latest.get() == job;
            let status = |text: String| {
                if current() {
                    loader.dispatch.emit(Action::LoadProgress(text));
                }
            };
            let outcome = runs::load(request, &context, &loader.cache, &status).await;
            if !current() {
                return;
            }
            loader.dispatch.emit(match outcome {
                Ok(Outcome::Run(loaded)) => Action::Check(Rc::new(*loaded)),
                Ok(Outcome::Plane(kind)) => Action::ShowPlane(kind),
                Err(reason) => Action::LoadFailed(reason),
            });
        });
    }
}

impl PartialEq for Loader {
    fn eq(&self, other: &Loader) -> bool {
        Rc::ptr_eq(&self.latest, &other.latest)
    }
}
