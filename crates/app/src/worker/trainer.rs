//! The training loop in the worker: it owns the session and advances it in slices,
//! yielding between them so the page's next message (pause, a new learning rate) is read
//! at once. On the CPU the clock bounds a slice; on the GPU, where a step only records
//! commands, a slice ends by waiting for one small read, so at most one slice of GPU work
//! is ever queued (see [`super::pace`]). At a set speed it takes one step at a time and
//! evaluates each, for the page to animate.

use super::batch_loss::BatchLosses;
use super::cadence::Cadence;
use super::clock::{now, sleep, yield_now};
use super::library::Library;
use super::pace::Pace;
use super::protocol::{FileOffer, FromWorker, Model, Request, RunRef, Speed, Target, ViewRequest};
use super::run::{Run, is_device_failure};
use super::views;
use crate::download;
use crate::history::ProgressPoint;
use nnplay_tensor::Device;
use nnplay_train::inspect::GradientWatch;
use nnplay_train::{Snapshot, TrainError};
use std::cell::RefCell;
use std::rc::Rc;

/// Worker time per slice at full speed: the page's messages wait at most this long.
const SLICE_MS: f64 = 25.0;
/// Cells per side of the decision-boundary grid.
const BOUNDARY_RESOLUTION: usize = 56;
/// Fewest milliseconds between views of the model while playing flat out.
const VIEWS_INTERVAL_MS: f64 = 500.0;

/// Where the worker's reports go: the page.
pub type Outbox = Rc<dyn Fn(FromWorker)>;

/// The session, shared between the hook and the loop, and the orders waiting for the loop.
pub struct Trainer {
    outbox: Outbox,
    library: Rc<RefCell<Library>>,
    /// `None` before the first build, and while the loop holds it.
    run: Option<Run>,
    /// The session's last good state (see [`Worker`]), kept with it between loops.
    last_good: Option<Snapshot>,
    /// Whether a loop task is alive: only one may be, so the session has one user.
    busy: bool,
    /// What to train; the loop moves it to the CPU itself when the GPU fails.
    target: Option<Target>,
    /// The page's last requested target: only a change of it replaces `target`, so a
    /// render from before a GPU failure cannot send the run back to the lost GPU.
    requested: Option<Target>,
    target_changed: bool,
    running: bool,
    speed: Speed,
    reset_pending: bool,
    steps_pending: u64,
    reset_seen: u64,
    steps_seen: u64,
    /// Downloads asked for and not yet made; each generation counter as last seen.
    export_pending: bool,
    save_pending: bool,
    export_seen: u64,
    save_seen: u64,
    /// The step at which to destroy the GPU device (a URL option for tests), until used.
    simulate_loss_at: Option<u64>,
    /// The step after which the GPU's next allocation fails for lack of memory (a URL
    /// option for tests), until used.
    simulate_oom_at: Option<u64>,
    /// Whether the first request's `simulate_gpu_loss_at` has been read.
    simulation_read: bool,
    /// What the page's view panels want; a change asks for fresh views.
    views: ViewRequest,
    views_changed: bool,
    /// A drawing to classify, until the loop takes it.
    drawing: Option<Vec<f32>>,
    /// An autosave checkpoint asked for and not yet made; its generation as last seen.
    autosave_pending: bool,
    autosave_seen: u64,
}

impl Trainer {
    /// A trainer that reports to `outbox` and finds loaded runs in `library`; it builds
    /// its session on the first request.
    pub fn new(outbox: Outbox, library: Rc<RefCell<Library>>) -> Trainer {
        Trainer {
            outbox,
            library,
            run: None,
            last_good: None,
            busy: false,
            target: None,
            requested: None,
            target_changed: false,
            running: false,
            speed: Speed::Max,
            reset_pending: false,
            steps_pending: 0,
            reset_seen: 0,
            steps_seen: 0,
            export_pending: false,
            save_pending: false,
            export_seen: 0,
            save_seen: 0,
            simulate_loss_at: None,
            simulate_oom_at: None,
            simulation_read: false,
            views: ViewRequest::default(),
            views_changed: false,
            drawing: None,
            autosave_pending: false,
            autosave_seen: 0,
        }
    }

    /// The id of the loaded run trained now, if it is one.
    pub fn loaded_run(&self) -> Option<u64> {
        match self.target.as_ref().map(|target| &target.model) {
            Some(Model::Spec(RunRef::Loaded(id))) => Some(*id),
            _ => None,
        }
    }

    fn pending(&self) -> bool {
        self.reset_pending
            || self.steps_pending > 0
            || self.target_changed
            || self.export_pending
            || self.save_pending
            || self.views_changed
            || self.drawing.is_some()
            || self.autosave_pending
    }

    fn take_orders(&mut self) -> Option<Orders> {
        let target = self.target.clone()?;
        self.target_changed = false;
        Some(Orders {
            target,
            reset: std::mem::take(&mut self.reset_pending),
            steps: std::mem::take(&mut self.steps_pending),
            running: self.running,
            speed: self.speed,
            export: std::mem::take(&mut self.export_pending),
            save: std::mem::take(&mut self.save_pending),
            views: self.views,
            views_changed: std::mem::take(&mut self.views_changed),
            drawing: self.drawing.take(),
            autosave: std::mem::take(&mut self.autosave_pending),
        })
    }
}

/// Passes the page's latest request to the trainer and starts the loop if there is work.
pub fn sync(shared: &Rc<RefCell<Trainer>>, request: &Request) {
    super::memory::apply(&request.memory);
    {
        let mut trainer = shared.borrow_mut();
        if !std::mem::replace(&mut trainer.simulation_read, true) {
            // Only the first request's test option counts: a later one cannot bring back a used one.
            trainer.simulate_loss_at = request.simulate_gpu_loss_at;
            trainer.simulate_oom_at = request.simulate_gpu_oom_at;
        }
        if let Some(target) = &request.target
            && trainer.requested.as_ref() != Some(target)
        {
            trainer.requested = Some(target.clone());
            trainer.target = Some(target.clone());
            trainer.target_changed = true;
        }
        trainer.running = request.running;
        trainer.speed = request.speed;
        trainer.reset_pending |= request.reset_generation != trainer.reset_seen;
        trainer.reset_seen = request.reset_generation;
        trainer.steps_pending += request.step_generation.saturating_sub(trainer.steps_seen);
        trainer.steps_seen = request.step_generation;
        trainer.export_pending |= request.export_generation != trainer.export_seen;
        trainer.export_seen = request.export_generation;
        trainer.save_pending |= request.save_generation != trainer.save_seen;
        trainer.save_seen = request.save_generation;
        trainer.views_changed |= request.views != trainer.views;
        trainer.views = request.views;
        trainer.autosave_pending |= request.autosave_generation != trainer.autosave_seen;
        trainer.autosave_seen = request.autosave_generation;
    }
    kick(shared);
}

/// Has the model classify a drawing; the answer comes as [`FromWorker::Predicted`].
pub fn classify(shared: &Rc<RefCell<Trainer>>, input: Vec<f32>) {
    shared.borrow_mut().drawing = Some(input);
    kick(shared);
}

/// Starts the loop if it is not running and there is work for it.
fn kick(shared: &Rc<RefCell<Trainer>>) {
    {
        let mut trainer = shared.borrow_mut();
        let work = trainer.running || trainer.pending() || trainer.run.is_none();
        if trainer.busy || trainer.target.is_none() || !work {
            return;
        }
        trainer.busy = true;
    }
    wasm_bindgen_futures::spawn_local(run(shared.clone()));
}

/// One round's work, taken from the trainer so that no borrow is held across an await.
struct Orders {
    target: Target,
    reset: bool,
    steps: u64,
    running: bool,
    speed: Speed,
    /// Offer the PyTorch export as a download.
    export: bool,
    /// Offer a checkpoint as a download.
    save: bool,
    views: ViewRequest,
    /// Whether the view request changed (fresh views are due at once).
    views_changed: bool,
    /// A drawing to classify.
    drawing: Option<Vec<f32>>,
    /// Make a checkpoint for the page's autosave.
    autosave: bool,
}

/// Why a round stopped training.
enum Halt {
    /// The loss stopped being finite; carries the step whose weights were put back.
    Diverged(Option<u64>),
    Failed(TrainError),
}

async fn run(shared: Rc<RefCell<Trainer>>) {
    let mut worker = {
        let mut trainer = shared.borrow_mut();
        Worker::new(trainer.outbox.clone(), trainer.library.clone(), trainer.run.take(), trainer.last_good.take())
    };
    worker.simulate_loss_at = shared.borrow().simulate_loss_at;
    worker.simulate_oom_at = shared.borrow().simulate_oom_at;
    loop {
        let Some(orders) = shared.borrow_mut().take_orders() else { break };
        let halt = match worker.advance(orders).await {
            Ok(()) => None,
            Err(Halt::Failed(error)) if worker.on_gpu() && is_device_failure(&error) => match worker.fall_back() {
                Ok(()) => {
                    if let Some(target) = shared.borrow_mut().target.as_mut() {
                        target.device = Device::Cpu;
                    }
                    None
                }
                Err(error) => Some(Halt::Failed(error)),
            },
            Err(halt) => Some(halt),
        };
        shared.borrow_mut().simulate_loss_at = worker.simulate_loss_at;
        shared.borrow_mut().simulate_oom_at = worker.simulate_oom_at;
        if let Some(halt) = halt {
            shared.borrow_mut().running = false;
            (worker.outbox)(match halt {
                Halt::Diverged(restored_step) => FromWorker::Diverged { restored_step },
                Halt::Failed(error) => FromWorker::Failed(error.to_string()),
            });
            // Going round again could repeat the failure without ever yielding; the next
            // request from the page starts a new loop.
            break;
        }
        let (running, pending, speed) = {
            let trainer = shared.borrow();
            (trainer.running, trainer.pending(), trainer.speed)
        };
        if running {
            match speed {
                // A GPU slice that waited for its read has already let messages in.
                Speed::Max if std::mem::take(&mut worker.mostly_waited) => {}
                Speed::Max => yield_now().await,
                Speed::PerSecond(steps) => {
                    let due = worker.last_step_at + 1000.0 / f64::from(steps.max(1));
                    sleep(due - now()).await;
                }
            }
        } else if !pending && !worker.stale() {
            break;
        }
    }
    let mut trainer = shared.borrow_mut();
    trainer.run = worker.run;
    trainer.last_good = worker.last_good;
    trainer.busy = false;
}

/// The loop's own state: the session it holds and what is not yet evaluated.
struct Worker {
    outbox: Outbox,
    library: Rc<RefCell<Library>>,
    run: Option<Run>,
    metrics_stale: bool,
    boundary_stale: bool,
    /// When the next progress report and evaluation are due while playing flat out.
    cadence: Cadence,
    /// The batch losses read since the last progress report.
    batch_losses: BatchLosses,
    evaluations: u64,
    /// The session as of the last evaluation with a finite loss, put back on divergence.
    last_good: Option<Snapshot>,
    /// How many steps the next GPU slice records.
    pace: Pace,
    /// Whether the last GPU slice spent at least as long awaiting its read as recording.
    mostly_waited: bool,
    /// `now()` of the last step at a set speed.
    last_step_at: f64,
    /// Follows gradient norms between views, for the vanishing/exploding warnings.
    watch: GradientWatch,
    /// `now()` from which the next views may be computed while playing.
    next_views: f64,
    /// Whether the model changed since the last views.
    views_stale: bool,
    simulate_loss_at: Option<u64>,
    simulate_oom_at: Option<u64>,
}

impl Worker {
    fn new(outbox: Outbox, library: Rc<RefCell<Library>>, run: Option<Run>, last_good: Option<Snapshot>) -> Worker {
        Worker {
            outbox,
            library,
            run,
            metrics_stale: false,
            boundary_stale: false,
            cadence: Cadence::default(),
            batch_losses: BatchLosses::default(),
            evaluations: 0,
            last_good,
            pace: Pace::default(),
            mostly_waited: false,
            last_step_at: 0.0,
            watch: GradientWatch::default(),
            next_views: 0.0,
            views_stale: true,
            simulate_loss_at: None,
            simulate_oom_at: None,
        }
    }

    fn stale(&self) -> bool {
        self.metrics_stale || self.boundary_stale
    }

    /// Computes and sends the views when they are wanted and due: at once when paused or
    /// stepping slowly, at most every [`VIEWS_INTERVAL_MS`] (or four times what they cost)
    /// while playing flat out. A failure is reported and training goes on.
    async fn send_views(&mut self, orders: &Orders, fresh: bool) {
        let Some(run) = self.run.as_ref() else { return };
        if !orders.views.wanted || !(self.views_stale || orders.views_changed || fresh) {
            return;
        }
        let flat_out = orders.running && orders.speed == Speed::Max;
        if flat_out && !orders.views_changed && now() < self.next_views {
            return;
        }
        if fresh {
            self.watch = GradientWatch::default();
        }
        let start = now();
        let report = match views::views(run, &orders.views, &mut self.watch).await {
            Ok(views) => FromWorker::Viewed(Box::new(views)),
            Err(error) => FromWorker::Failed(format!("the model's views could not be computed: {error}")),
        };
        let spent = now() - start;
        self.next_views = now() + (4.0 * spent).max(VIEWS_INTERVAL_MS);
        self.views_stale = false;
        (self.outbox)(report);
    }

    /// Classifies the learner's drawing and sends the answer.
    async fn classify(&self, drawing: &[f32]) {
        let Some(run) = self.run.as_ref() else { return };
        let answer = run.classify(drawing).await.map_err(|e| e.to_string());
        (self.outbox)(FromWorker::Predicted(answer));
    }

    fn on_gpu(&self) -> bool {
        self.run.as_ref().is_some_and(|run| run.device() == Device::Gpu)
    }

    /// Applies the orders, trains for a slice or the asked steps, and evaluates when due.
    async fn advance(&mut self, orders: Orders) -> Result<(), Halt> {
        let fresh = self.prepare(&orders)?;
        if orders.export {
            self.offer_export().await;
        }
        if orders.save {
            self.offer_checkpoint().await;
        }
        if let Some(drawing) = &orders.drawing {
            self.classify(drawing).await;
        }
        if orders.autosave {
            self.autosave().await;
        }
        let Some(device) = self.run.as_ref().map(Run::device) else { return Ok(()) };
        let one_at_a_time = matches!(orders.speed, Speed::PerSecond(_));
        if fresh {
            // The learning-rate curve starts at step 0.
            self.report_progress();
        }
        let trained = if !orders.running {
            for step in 1..=orders.steps {
                self.step_reading_loss(step == orders.steps).await?;
            }
            if orders.steps > 0 {
                self.report_progress();
            }
            orders.steps > 0
        } else if one_at_a_time {
            self.step_reading_loss(true).await?;
            self.last_step_at = now();
            self.report_progress();
            true
        } else if device == Device::Gpu {
            self.gpu_slice().await?;
            true
        } else {
            let start = now();
            // One step of a slice that ends in an evaluation measures the gradient norm
            // for it; the others leave that work out.
            let mut measured = false;
            loop {
                let measure = !measured && self.cadence.evaluation_due(now());
                measured |= measure;
                self.step_reading_loss(measure).await?;
                if self.cadence.progress_due(now()) {
                    self.report_progress();
                }
                if now() - start >= SLICE_MS {
                    break;
                }
            }
            true
        };
        if trained {
            self.metrics_stale = true;
            self.boundary_stale = true;
            self.views_stale = true;
            self.simulate_device_loss_when_due();
            super::memory::exhaust_when_due(self.run.as_ref().map(Run::steps));
        }
        let (metrics, boundary) = if fresh || !orders.running || one_at_a_time {
            (fresh || self.metrics_stale, fresh || self.boundary_stale)
        } else {
            let due = self.metrics_stale && self.cadence.evaluation_due(now());
            // The boundary costs about as much as the metrics; every other frame looks as smooth.
            (due, due && self.evaluations.is_multiple_of(2))
        };
        if metrics || boundary {
            self.evaluate(boundary).await?;
        }
        self.send_views(&orders, fresh).await;
        Ok(())
    }

    /// Records up to the paced number of steps (stopping early if recording itself takes
    /// a slice's time), then waits for the GPU to finish them.
    async fn gpu_slice(&mut self) -> Result<(), Halt> {
        let Some(run) = self.run.as_mut() else { return Ok(()) };
        let start = now();
        let mut taken = 1;
        while taken < self.pace.steps() && now() - start < SLICE_MS {
            run.step().map_err(Halt::Failed)?;
            taken += 1;
        }
        let loss = run.step_with_loss(self.cadence.evaluation_due(now())).map_err(Halt::Failed)?;
        let recorded = now() - start;
        let loss = run.wait_for(loss).await.map_err(Halt::Failed)?;
        let round = now() - start;
        self.pace.update(taken, round);
        self.mostly_waited = round >= 2.0 * recorded;
        if !loss.is_finite() {
            // The divergence check (and putting back good weights) lives in `evaluate`.
            self.cadence.evaluate_soon();
        }
        self.batch_losses.add(loss);
        if self.cadence.progress_due(now()) {
            self.report_progress();
        }
        Ok(())
    }

    /// One step whose batch loss is read for the next progress report, measuring the
    /// gradient norm with `measure`. Off the GPU the loss is already computed and the read
    /// returns at once; on the GPU it would wait for the device, so only
    /// [`Worker::gpu_slice`] reads one, at the end of a slice.
    async fn step_reading_loss(&mut self, measure: bool) -> Result<(), Halt> {
        let Some(run) = self.run.as_mut() else { return Ok(()) };
        if run.device() == Device::Gpu {
            return run.step().map_err(Halt::Failed);
        }
        let loss = run.step_with_loss(measure).map_err(Halt::Failed)?;
        let loss = run.wait_for(loss).await.map_err(Halt::Failed)?;
        if !loss.is_finite() {
            self.cadence.evaluate_soon();
        }
        self.batch_losses.add(loss);
        Ok(())
    }

    /// Tells the page the step, the mean batch loss since the last report and the
    /// learning rate: cheap, so the charts can move between evaluations.
    fn report_progress(&mut self) {
        let Some(run) = self.run.as_ref() else { return };
        let point = ProgressPoint {
            step: run.steps(),
            batch_loss: self.batch_losses.take(),
            learning_rate: run.learning_rate(),
        };
        self.cadence.progress_sent(now());
        (self.outbox)(FromWorker::Progress(point));
    }

    /// Offers the PyTorch export of the session as it stands as one zip file; a failure
    /// is reported and training goes on.
    async fn offer_export(&self) {
        let Some(run) = self.run.as_ref() else { return };
        let name = format!("{}-pytorch.zip", run.stem());
        let offered = async { download::zip(&run.export_files().await?) };
        (self.outbox)(match offered.await {
            Ok(bytes) => FromWorker::Download(FileOffer { name, bytes, mime: download::ZIP.to_string() }),
            Err(reason) => FromWorker::DownloadFailed(format!("No PyTorch export: {reason}")),
        });
    }

    /// Offers the session's checkpoint file; a failure is reported and training goes on.
    async fn offer_checkpoint(&self) {
        let Some(run) = self.run.as_ref() else { return };
        (self.outbox)(match run.save().await {
            Ok((bytes, step)) => {
                let name = format!("{}-step{step}.nnplay.safetensors", run.stem());
                FromWorker::Download(FileOffer { name, bytes, mime: download::BINARY.to_string() })
            }
            Err(reason) => FromWorker::DownloadFailed(format!("No checkpoint: {reason}")),
        });
    }

    /// Sends the page a checkpoint for its autosave; a failure is reported and training goes on.
    async fn autosave(&self) {
        let Some(run) = self.run.as_ref() else { return };
        (self.outbox)(match run.save().await {
            Ok((bytes, step)) => FromWorker::Autosaved { step, bytes },
            Err(reason) => FromWorker::AutosaveFailed(format!("No checkpoint for the autosave: {reason}")),
        });
    }

    /// Destroys the GPU device, or has its next allocation fail for lack of memory, once a
    /// GPU run reaches the step the URL asked for.
    fn simulate_device_loss_when_due(&mut self) {
        let Some(run) = self.run.as_ref() else { return };
        if run.device() == Device::Gpu && self.simulate_loss_at.is_some_and(|at| run.steps() >= at) {
            self.simulate_loss_at = None;
            nnplay_tensor::gpu::simulate_device_loss();
        }
        if run.device() == Device::Gpu && self.simulate_oom_at.is_some_and(|at| run.steps() >= at) {
            self.simulate_oom_at = None;
            nnplay_tensor::gpu::simulate_out_of_memory();
        }
    }

    /// Builds a fresh session when the orders need one (returning `true`), else applies
    /// the live settings. On failure the current session stays as it was.
    fn prepare(&mut self, orders: &Orders) -> Result<bool, Halt> {
        let rebuild = orders.reset || self.run.as_ref().is_none_or(|run| run.needs_rebuild(&orders.target));
        if rebuild {
            let mut run = Run::build(&orders.target, &mut self.library.borrow_mut()).map_err(Halt::Failed)?;
            // The learner's training settings outlive a Reset.
            run.apply_live(&orders.target).map_err(Halt::Failed)?;
            (self.outbox)(FromWorker::SessionBuilt(run.built()));
            // Freshly initialised weights are the first good ones to fall back to.
            self.last_good = run.snapshot();
            self.run = Some(run);
            self.pace = Pace::default();
            return Ok(true);
        }
        if let Some(run) = self.run.as_mut() {
            run.apply_live(&orders.target).map_err(Halt::Failed)?;
        }
        Ok(false)
    }

    /// After a GPU failure: moves the session to the CPU from its last checkpoint, tells
    /// the page, and has the result evaluated at once.
    fn fall_back(&mut self) -> Result<(), TrainError> {
        let Some(run) = self.run.as_mut() else { return Ok(()) };
        let notice = run.fall_back_to_cpu()?;
        // Snapshots of the GPU session hold buffers of the lost device.
        self.last_good = run.snapshot();
        self.metrics_stale = true;
        self.boundary_stale = true;
        self.cadence.evaluate_soon();
        self.batch_losses = BatchLosses::default();
        (self.outbox)(FromWorker::FellBackToCpu { notice, step: run.steps() });
        Ok(())
    }

    /// Evaluates the metrics (and the boundary if asked) and reports them. A loss that is
    /// no longer finite puts back the last good weights, reports those, and halts. On the
    /// GPU a good evaluation also copies the weights to the host, for a fall-back; and any
    /// good one reads the last measured gradient norm, warning when gradients explode.
    async fn evaluate(&mut self, with_boundary: bool) -> Result<(), Halt> {
        let Some(run) = self.run.as_mut() else { return Ok(()) };
        let start = now();
        self.metrics_stale = false;
        self.boundary_stale &= !with_boundary;
        let mut report = Report::of(run, with_boundary).await?;
        let diverged = !(report.metrics.train_loss.is_finite() && report.metrics.test_loss.is_finite());
        let mut restored_step = None;
        let mut surge = None;
        if !diverged {
            self.last_good = run.snapshot();
            if run.device() == Device::Gpu {
                run.checkpoint().await.map_err(Halt::Failed)?;
            }
            // The norm of the last measured step, read now rather than at every step.
            surge = run.watch_gradients(report.metrics.train_loss).await.map_err(Halt::Failed)?;
        } else if let Some(snapshot) = self.last_good.clone() {
            restored_step = Some(snapshot.steps());
            run.restore(snapshot);
            report = Report::of(run, true).await?;
        }
        let spent = now() - start;
        self.cadence.evaluated(now(), spent);
        self.evaluations += 1;
        (self.outbox)(FromWorker::Evaluated { metrics: report.metrics, boundary: report.boundary });
        if let Some(surge) = surge {
            (self.outbox)(FromWorker::GradientSurge(surge));
        }
        if diverged { Err(Halt::Diverged(restored_step)) } else { Ok(()) }
    }
}

/// One evaluation's results.
struct Report {
    metrics: nnplay_train::Metrics,
    boundary: Option<nnplay_train::Boundary>,
}

impl Report {
    async fn of(run: &Run, with_boundary: bool) -> Result<Report, Halt> {
        let metrics = run.metrics().await.map_err(Halt::Failed)?;
        let boundary = match with_boundary {
            true => run.boundary(BOUNDARY_RESOLUTION).await.map_err(Halt::Failed)?,
            false => None,
        };
        Ok(Report { metrics, boundary })
    }
}
