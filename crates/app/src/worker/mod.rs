//! The training worker: a Web Worker with its own wasm instance that owns the session, so
//! the page's main thread only draws and answers the learner. The page sends
//! [`protocol::ToWorker`] messages and renders the [`protocol::FromWorker`] reports;
//! `nnplay-worker`'s `main` calls [`register`] and the page calls [`spawn`].

mod batch_loss;
mod cadence;
mod clock;
mod codec;
pub mod crash;
mod library;
pub mod memory;
mod memory_report;
mod pace;
pub mod protocol;
mod race;
mod run;
mod trainer;
mod views;

use codec::Structured;
use gloo_worker::{HandlerId, Registrable, Spawnable, WorkerBridge, WorkerScope};
use library::Library;
use protocol::{FromWorker, ToWorker};
use std::cell::RefCell;
use std::rc::Rc;
use trainer::{Outbox, Trainer};

/// Notes a refused allocation, so a worker that dies of it says so (see [`crash`]).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: crash::Watched = crash::Watched;

/// The script Trunk writes for the worker (`data-loader-shim` in index.html), beside the page.
const LOADER: &str = "./nnplay-worker_loader.js";

/// The worker's state: the training loop, the loaded runs it has checked, and where its
/// reports go.
pub struct TrainingWorker {
    trainer: Rc<RefCell<Trainer>>,
    library: Rc<RefCell<Library>>,
    page: Rc<RefCell<Page>>,
    /// The optimizer race, beside the trainer's run.
    racing: Rc<RefCell<race::Racing>>,
}

/// The page's end of the worker, once it has connected, and the reports made before.
#[derive(Default)]
struct Page {
    id: Option<HandlerId>,
    waiting: Vec<FromWorker>,
}

impl gloo_worker::Worker for TrainingWorker {
    type Message = ();
    type Input = ToWorker;
    type Output = FromWorker;

    fn create(scope: &WorkerScope<Self>) -> Self {
        let page = Rc::new(RefCell::new(Page::default()));
        let outbox: Outbox = {
            let (scope, page) = (scope.clone(), page.clone());
            Rc::new(move |report| {
                let mut page = page.borrow_mut();
                match page.id {
                    Some(id) => scope.respond(id, report),
                    None => page.waiting.push(report),
                }
            })
        };
        let library = Rc::new(RefCell::new(Library::default()));
        let trainer = Rc::new(RefCell::new(Trainer::new(outbox.clone(), library.clone())));
        let racing = Rc::new(RefCell::new(race::Racing::new(outbox.clone())));
        crash::watch(outbox.clone());
        wasm_bindgen_futures::spawn_local(memory_report::report(outbox.clone()));
        // The GPU is opened here, where the sessions live; the page learns the answer.
        wasm_bindgen_futures::spawn_local(async move {
            let answer = nnplay_tensor::gpu::init().await.map_err(|e| e.to_string());
            outbox(FromWorker::GpuProbed(answer));
        });
        TrainingWorker { trainer, library, page, racing }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _message: ()) {}

    fn connected(&mut self, scope: &WorkerScope<Self>, id: HandlerId) {
        let waiting = {
            let mut page = self.page.borrow_mut();
            page.id = Some(id);
            std::mem::take(&mut page.waiting)
        };
        for report in waiting {
            scope.respond(id, report);
        }
    }

    fn received(&mut self, scope: &WorkerScope<Self>, message: ToWorker, id: HandlerId) {
        match message {
            ToWorker::Check { id: run, stem, recipe, device } => {
                let trained_now = self.trainer.borrow().loaded_run();
                let result = self.library.borrow_mut().check(run, stem, *recipe, device, trained_now);
                scope.respond(id, FromWorker::Checked { id: run, result });
            }
            ToWorker::Sync(request) => trainer::sync(&self.trainer, &request),
            ToWorker::Predict(input) => trainer::classify(&self.trainer, input),
            ToWorker::Race(command) => race::command(&self.racing, command),
        }
    }
}

/// Runs this wasm instance as the training worker (the worker program's `main`).
pub fn register() {
    TrainingWorker::registrar().encoding::<Structured>().register();
}

/// Starts the training worker; its reports go to `on_report`.
pub fn spawn(on_report: impl Fn(FromWorker) + 'static) -> WorkerBridge<TrainingWorker> {
    TrainingWorker::spawner().callback(on_report).encoding::<Structured>().spawn_with_loader(LOADER)
}
