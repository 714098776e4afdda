//! The hook that keeps the training worker in step with the page's state.

use super::page_url::{simulated_gpu_loss_step, simulated_gpu_oom_step};
use crate::backend;
use crate::components::race::model::RaceAction;
use crate::download;
use crate::persist;
use crate::state::{Action, PersistAction, State};
use crate::worker::memory::MemorySettings;
use crate::worker::protocol::{FileOffer, FromWorker, Request, ToWorker};
use crate::worker::{self, TrainingWorker};
use gloo_timers::future::TimeoutFuture;
use gloo_worker::WorkerBridge;
use nnplay_tensor::Device;
use std::rc::Rc;
use yew::prelude::*;

/// How long the page waits for the worker to report on the GPU before it trains on the CPU.
const PROBE_TIMEOUT_MS: u32 = 10_000;

/// Starts the training worker when the page mounts and sends it the page's request
/// whenever that changes: config edits, the run and backend choices, Play/Pause, the
/// speed, Step, Reset and downloads reach the session this way, and a loaded run is sent
/// once to be checked. The worker's reports come back as actions on `state`.
///
/// A worker that dies reports it ([`FromWorker::Crashed`]) and closes; the reducer then
/// bumps `worker_life.generation`, which starts a fresh worker here, the current request
/// is sent to it, and the run's last autosave is offered.
#[hook]
pub fn use_trainer(state: &UseReducerHandle<State>) {
    let dispatcher = state.dispatcher();
    let generation = state.worker_life.generation;
    let bridge: Rc<WorkerBridge<TrainingWorker>> = use_memo(generation, move |&generation| {
        // The GPU's answer is awaited once: a later worker finds the page's answer made.
        if generation == 0 {
            let dispatcher = dispatcher.clone();
            wasm_bindgen_futures::spawn_local(async move {
                TimeoutFuture::new(PROBE_TIMEOUT_MS).await;
                let waited = PROBE_TIMEOUT_MS / 1000;
                let reason = format!("the browser did not offer a GPU within {waited} s");
                dispatcher.dispatch(Action::GpuProbed(Err(reason)));
            });
        }
        worker::spawn(move |report| {
            if let FromWorker::Crashed(_) = &report {
                offer_last_autosave(dispatcher.clone());
            }
            dispatcher.dispatch(action(report))
        })
    });
    let simulate_gpu_loss_at = *use_memo((), |()| simulated_gpu_loss_step());
    let simulate_gpu_oom_at = *use_memo((), |()| simulated_gpu_oom_step());
    let memory = *use_memo((), |()| MemorySettings::from_url());
    {
        let bridge = bridge.clone();
        let device = backend::resolve(state.backend, &state.gpu).unwrap_or(Device::Cpu);
        use_effect_with(state.checking.clone(), move |checking| {
            if let Some(loaded) = checking {
                let recipe = Box::new(loaded.recipe.to_wire());
                bridge.send(ToWorker::Check { id: loaded.id, stem: loaded.source.stem(), recipe, device });
            }
        });
    }
    let request = Request {
        target: state.target(),
        running: state.running,
        speed: state.speed,
        reset_generation: state.reset_generation,
        step_generation: state.step_generation,
        export_generation: state.export_generation,
        save_generation: state.save_generation,
        simulate_gpu_loss_at,
        simulate_gpu_oom_at,
        views: state.view_request,
        autosave_generation: state.persist.autosave_generation,
        memory,
    };
    {
        let bridge = bridge.clone();
        use_effect_with(state.drawing.clone(), move |drawing| {
            if let Some((_, input)) = drawing {
                bridge.send(ToWorker::Predict(input.to_vec()));
            }
        });
    }
    {
        // Each numbered order of the optimizer race goes to the worker once.
        let bridge = bridge.clone();
        use_effect_with(state.race.order.clone(), move |order| {
            if let Some((_, command)) = order {
                bridge.send(ToWorker::Race(command.clone()));
            }
        });
    }
    // A new worker gets the request at once, even when it has not changed.
    use_effect_with((request, generation), move |(request, _)| bridge.send(ToWorker::Sync(Box::new(request.clone()))));
}

/// Offers the run the autosave stored last, as the page does when it opens, so the
/// learner can resume after the worker died.
fn offer_last_autosave(dispatcher: UseReducerDispatcher<State>) {
    if !persist::available() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        match persist::get(persist::CURRENT).await {
            Ok(Some(saved)) => dispatcher.dispatch(Action::Persist(PersistAction::Offer(Rc::new(saved)))),
            Ok(None) => {}
            Err(reason) => web_sys::console::warn_1(&reason.into()),
        }
    });
}

/// What a report of the worker does to the page; a finished download is offered first.
fn action(report: FromWorker) -> Action {
    match report {
        FromWorker::GpuProbed(answer) => Action::GpuProbed(answer),
        FromWorker::Crashed(crash) => Action::WorkerCrashed(crash),
        FromWorker::Checked { id, result } => Action::Checked { id, result },
        FromWorker::SessionBuilt(built) => Action::SessionBuilt(built.into()),
        FromWorker::Progress(point) => Action::Progress(point),
        FromWorker::Evaluated { metrics, boundary } => Action::Evaluated { metrics, boundary: boundary.map(Rc::new) },
        FromWorker::FellBackToCpu { notice, step } => Action::FellBackToCpu { notice, step },
        FromWorker::Diverged { restored_step } => Action::Diverged { restored_step },
        FromWorker::GradientSurge(surge) => Action::GradientSurge(Rc::new(surge)),
        FromWorker::Failed(reason) => Action::Failed(reason),
        FromWorker::Download(file) => offer(file),
        FromWorker::DownloadFailed(reason) => Action::DownloadFailed(reason),
        FromWorker::Viewed(views) => Action::Viewed(views),
        FromWorker::Predicted(answer) => Action::Predicted(answer),
        FromWorker::Autosaved { step, bytes } => Action::Persist(PersistAction::Autosaved { step, bytes }),
        FromWorker::AutosaveFailed(reason) => Action::Persist(PersistAction::Failed(reason)),
        FromWorker::Raced(frame) => Action::Race(RaceAction::Frame(frame)),
        FromWorker::RaceFailed(reason) => Action::Race(RaceAction::Failed(reason)),
        FromWorker::Memory(worker) => Action::Memory(crate::memory::MemoryFigures::with_page(worker)),
    }
}

/// Offers `file` as a download and says how that went.
fn offer(file: FileOffer) -> Action {
    match download::offer(&file.name, &file.bytes, &file.mime) {
        Ok(()) => Action::Downloaded(format!("Downloaded {} ({}).", file.name, download::size_text(file.bytes.len()))),
        Err(reason) => Action::DownloadFailed(format!("Could not offer {}: {reason}", file.name)),
    }
}
