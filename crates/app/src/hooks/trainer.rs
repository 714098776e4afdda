//! The training loop: it owns the session and advances it in short time slices between
//! animation frames, so the page stays responsive while it trains.

use super::frame::{next_frame, now};
use crate::state::Action;
use nnplay_train::{Session, SessionConfig, Snapshot};
use std::cell::RefCell;
use std::rc::Rc;
use yew::Callback;

/// Training time per frame: with evaluation and drawing, a frame's task stays far below
/// the 50 ms that counts as a long task.
const SLICE_MS: f64 = 10.0;
/// Cells per side of the decision-boundary grid.
const BOUNDARY_RESOLUTION: usize = 56;
/// Share of the time evaluation may take while playing; big networks evaluate slowly,
/// and then the loss is sampled less often rather than training being starved.
const EVALUATION_SHARE: f64 = 0.3;

/// What the page asks of the trainer, compared between renders so that an unchanged
/// request does nothing.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The config to train, `None` while the controls hold an invalid one.
    pub config: Option<SessionConfig>,
    pub running: bool,
    pub reset_generation: u64,
    pub step_generation: u64,
}

/// The session, shared between the hook and the loop, and the orders waiting for the loop.
pub struct Trainer {
    dispatch: Callback<Action>,
    /// `None` before the first build, and while the loop holds it.
    session: Option<Session>,
    /// The session's last good state (see [`Worker`]), kept with it between loops.
    last_good: Option<Snapshot>,
    /// Whether a loop task is alive: only one may be, so the session has one user.
    busy: bool,
    target: Option<SessionConfig>,
    target_changed: bool,
    running: bool,
    reset_pending: bool,
    steps_pending: u64,
    reset_seen: u64,
    steps_seen: u64,
}

impl Trainer {
    /// A trainer that reports to `dispatch`; it builds its session on the first request.
    pub fn new(dispatch: Callback<Action>) -> Trainer {
        Trainer {
            dispatch,
            session: None,
            last_good: None,
            busy: false,
            target: None,
            target_changed: false,
            running: false,
            reset_pending: false,
            steps_pending: 0,
            reset_seen: 0,
            steps_seen: 0,
        }
    }

    fn pending(&self) -> bool {
        self.reset_pending || self.steps_pending > 0 || self.target_changed
    }

    fn take_orders(&mut self) -> Option<Orders> {
        let target = self.target.clone()?;
        self.target_changed = false;
        Some(Orders {
            target,
            reset: std::mem::take(&mut self.reset_pending),
            steps: std::mem::take(&mut self.steps_pending),
            running: self.running,
        })
    }
}

/// Passes the page's latest request to the trainer and starts the loop if there is work.
pub fn sync(shared: &Rc<RefCell<Trainer>>, request: &Request) {
    {
        let mut trainer = shared.borrow_mut();
        if let Some(config) = &request.config
            && trainer.target.as_ref() != Some(config)
        {
            trainer.target = Some(config.clone());
            trainer.target_changed = true;
        }
        trainer.running = request.running;
        trainer.reset_pending |= request.reset_generation != trainer.reset_seen;
        trainer.reset_seen = request.reset_generation;
        trainer.steps_pending += request.step_generation.saturating_sub(trainer.steps_seen);
        trainer.steps_seen = request.step_generation;
        let work = trainer.running || trainer.pending() || trainer.session.is_none();
        if trainer.busy || trainer.target.is_none() || !work {
            return;
        }
        trainer.busy = true;
    }
    wasm_bindgen_futures::spawn_local(run(shared.clone()));
}

/// One round's work, taken from the trainer so that no borrow is held across an await.
struct Orders {
    target: SessionConfig,
    reset: bool,
    steps: u64,
    running: bool,
}

/// Why a round stopped training.
enum Halt {
    /// The loss stopped being finite; carries the step whose weights were put back.
    Diverged(Option<u64>),
    Failed(String),
}

async fn run(shared: Rc<RefCell<Trainer>>) {
    let (dispatch, session, last_good) = {
        let mut trainer = shared.borrow_mut();
        (trainer.dispatch.clone(), trainer.session.take(), trainer.last_good.take())
    };
    let mut worker = Worker::new(dispatch.clone(), session, last_good);
    loop {
        let Some(orders) = shared.borrow_mut().take_orders() else { break };
        if let Err(halt) = worker.advance(orders).await {
            shared.borrow_mut().running = false;
            dispatch.emit(match halt {
                Halt::Diverged(restored_step) => Action::Diverged { restored_step },
                Halt::Failed(reason) => Action::Failed(reason),
            });
            // Going round again could repeat the failure without ever yielding; the next
            // request from the page starts a new loop.
            break;
        }
        let (running, pending) = {
            let trainer = shared.borrow();
            (trainer.running, trainer.pending())
        };
        if running {
            next_frame().await;
        } else if !pending && !worker.stale() {
            break;
        }
    }
    let mut trainer = shared.borrow_mut();
    trainer.session = worker.session;
    trainer.last_good = worker.last_good;
    trainer.busy = false;
}

/// The loop's own state: the session it holds and what is not yet evaluated.
struct Worker {
    dispatch: Callback<Action>,
    session: Option<Session>,
    metrics_stale: bool,
    boundary_stale: bool,
    /// `now()` from which the next evaluation may run while playing.
    next_evaluation: f64,
    evaluations: u64,
    /// The session as of the last evaluation with a finite loss, put back on divergence.
    last_good: Option<Snapshot>,
}

impl Worker {
    fn new(dispatch: Callback<Action>, session: Option<Session>, last_good: Option<Snapshot>) -> Worker {
        Worker {
            dispatch,
            session,
            metrics_stale: false,
            boundary_stale: false,
            next_evaluation: 0.0,
            evaluations: 0,
            last_good,
        }
    }

    fn stale(&self) -> bool {
        self.metrics_stale || self.boundary_stale
    }

    /// Applies the orders, trains for a slice or the asked steps, and evaluates when due.
    async fn advance(&mut self, orders: Orders) -> Result<(), Halt> {
        let fresh = self.prepare(&orders).map_err(Halt::Failed)?;
        let Some(session) = self.session.as_mut() else { return Ok(()) };
        let trained = if orders.running {
            let start = now();
            loop {
                session.step().map_err(|e| Halt::Failed(e.to_string()))?;
                if now() - start >= SLICE_MS {
                    break;
                }
            }
            true
        } else {
            for _ in 0..orders.steps {
                session.step().map_err(|e| Halt::Failed(e.to_string()))?;
            }
            orders.steps > 0
        };
        if trained {
            self.metrics_stale = true;
            self.boundary_stale = true;
        }
        let (metrics, boundary) = if fresh || !orders.running {
            (fresh || self.metrics_stale, fresh || self.boundary_stale)
        } else {
            let due = self.metrics_stale && now() >= self.next_evaluation;
            // The boundary costs about as much as the metrics; every other frame looks as smooth.
            (due, due && self.evaluations.is_multiple_of(2))
        };
        if metrics || boundary {
            self.evaluate(boundary).await?;
        }
        Ok(())
    }

    /// Builds a fresh session when the orders need one (returning `true`), else applies
    /// the live settings. On failure the current session stays as it was.
    fn prepare(&mut self, orders: &Orders) -> Result<bool, String> {
        let rebuild = orders.reset || self.session.as_ref().is_none_or(|s| s.config().needs_reset(&orders.target));
        if rebuild {
            let session = Session::new(orders.target.clone()).map_err(|e| e.to_string())?;
            self.dispatch.emit(Action::SessionBuilt(Rc::new(session.data().clone())));
            // Freshly initialised weights are the first good ones to fall back to.
            self.last_good = Some(session.snapshot());
            self.session = Some(session);
            return Ok(true);
        }
        if let Some(session) = self.session.as_mut()
            && session.config() != &orders.target
        {
            session.apply_live(&orders.target).map_err(|e| e.to_string())?;
        }
        Ok(false)
    }

    /// Evaluates the metrics (and the boundary if asked) and reports them. A loss that is
    /// no longer finite puts back the last good weights, reports those, and halts.
    async fn evaluate(&mut self, with_boundary: bool) -> Result<(), Halt> {
        let Some(session) = self.session.as_mut() else { return Ok(()) };
        let start = now();
        self.metrics_stale = false;
        self.boundary_stale &= !with_boundary;
        let mut report = Report::of(session, with_boundary).await?;
        let diverged = !(report.metrics.train_loss.is_finite() && report.metrics.test_loss.is_finite());
        let mut restored_step = None;
        if !diverged {
            self.last_good = Some(session.snapshot());
        } else if let Some(snapshot) = self.last_good.clone() {
            restored_step = Some(snapshot.steps());
            session.restore(snapshot);
            report = Report::of(session, true).await?;
        }
        let spent = now() - start;
        self.next_evaluation = now() + spent * (1.0 / EVALUATION_SHARE - 1.0);
        self.evaluations += 1;
        self.dispatch.emit(Action::Evaluated { metrics: report.metrics, boundary: report.boundary });
        if diverged { Err(Halt::Diverged(restored_step)) } else { Ok(()) }
    }
}

/// One evaluation's results.
struct Report {
    metrics: nnplay_train::Metrics,
    boundary: Option<Rc<nnplay_train::Boundary>>,
}

impl Report {
    async fn of(session: &Session, with_boundary: bool) -> Result<Report, Halt> {
        let failed = |e: nnplay_train::TrainError| Halt::Failed(e.to_string());
        let metrics = session.metrics().await.map_err(failed)?;
        let boundary = match with_boundary {
            true => Some(Rc::new(session.boundary(BOUNDARY_RESOLUTION).await.map_err(failed)?)),
            false => None,
        };
        Ok(Report { metrics, boundary })
    }
}
