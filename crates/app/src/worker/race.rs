//! The optimizer race in the worker: the variants of a preset trained side by side (see
//! `nnplay_train::race`), apart from the page's normal run, which the page pauses while
//! the race plays. Like the trainer, the loop works in slices and yields between them, so
//! a Pause or Stop is read at once.

use super::clock::{now, yield_now};
use super::protocol::{FromWorker, LaneReport, RaceCommand, RaceFrame};
use super::trainer::Outbox;
use nnplay_data::AssetFiles;
use nnplay_tensor::Device;
use nnplay_train::Metrics;
use nnplay_train::race::{Race, RaceOptions};
use std::cell::RefCell;
use std::rc::Rc;

/// Worker time per slice of race steps.
const SLICE_MS: f64 = 20.0;
/// Fewest milliseconds between measurements of every lane's metrics.
const MEASURE_INTERVAL_MS: f64 = 100.0;
/// Fewest milliseconds between loss surfaces while playing.
const SURFACE_INTERVAL_MS: f64 = 1000.0;
/// Grid points per side of the loss surface (21×21 took 30 ms natively for the
/// optimizer race; see the train crate's `race_surface_cost`).
pub const SURFACE_SIZE: usize = 21;

/// The race and the page's orders for it.
pub struct Racing {
    outbox: Outbox,
    race: Option<(String, Race)>,
    /// A preset to race from the start, until the loop takes it.
    start: Option<String>,
    running: bool,
    stop: bool,
    /// Whether a loop task is alive: only one may be.
    busy: bool,
    /// Whether the page has the surface of the race as it stands.
    surface_sent: bool,
}

impl Racing {
    /// No race yet; reports go to `outbox`.
    pub fn new(outbox: Outbox) -> Racing {
        Racing { outbox, race: None, start: None, running: false, stop: false, busy: false, surface_sent: true }
    }
}

/// Takes the page's order and starts the loop if there is work.
pub fn command(shared: &Rc<RefCell<Racing>>, command: RaceCommand) {
    {
        let mut racing = shared.borrow_mut();
        match command {
            RaceCommand::Start(preset) => {
                racing.start = Some(preset);
                racing.running = true;
                racing.stop = false;
            }
            RaceCommand::Play => racing.running = true,
            RaceCommand::Pause => racing.running = false,
            RaceCommand::Stop => {
                racing.start = None;
                racing.running = false;
                racing.stop = true;
            }
        }
        if racing.busy {
            return;
        }
        racing.busy = true;
    }
    wasm_bindgen_futures::spawn_local(drive(shared.clone()));
}

/// The loop: builds a race when asked, steps it in slices while playing, and reports.
async fn drive(shared: Rc<RefCell<Racing>>) {
    let (outbox, mut current) = {
        let mut racing = shared.borrow_mut();
        (racing.outbox.clone(), racing.race.take())
    };
    // Metrics measured and not yet sent, per lane.
    let mut pending: Vec<Vec<Metrics>> = vec![Vec::new(); current.as_ref().map_or(0, |(_, race)| race.lanes().len())];
    let mut next_measure = 0.0;
    let mut next_surface = 0.0;
    loop {
        let (start, stop, running, surface_sent) = {
            let mut racing = shared.borrow_mut();
            (racing.start.take(), std::mem::take(&mut racing.stop), racing.running, racing.surface_sent)
        };
        if stop {
            current = None;
            break;
        }
        if let Some(preset) = start {
            current = None;
            match build(&preset).await {
                Ok(race) => {
                    pending = vec![Vec::new(); race.lanes().len()];
                    current = Some((preset, race));
                    (next_measure, next_surface) = (0.0, 0.0);
                }
                Err(reason) => {
                    shared.borrow_mut().running = false;
                    outbox(FromWorker::RaceFailed(reason));
                    break;
                }
            }
            continue;
        }
        let Some((preset, race)) = current.as_mut() else { break };
        if !running {
            // Paused: the page gets the latest metrics and the surface once.
            if !surface_sent {
                let frame = frame(preset, race, &mut pending, true, false).await;
                send(&outbox, frame, &shared);
            }
            break;
        }
        shared.borrow_mut().surface_sent = false;
        let slice_start = now();
        let stepped = async {
            while now() - slice_start < SLICE_MS {
                race.step().await?;
            }
            Ok::<(), nnplay_train::TrainError>(())
        };
        if let Err(error) = stepped.await {
            shared.borrow_mut().running = false;
            outbox(FromWorker::RaceFailed(format!("the race stopped: {error}")));
            current = None;
            break;
        }
        if now() >= next_measure {
            let with_surface = now() >= next_surface;
            let frame = frame(preset, race, &mut pending, with_surface, true).await;
            next_measure = now() + MEASURE_INTERVAL_MS;
            if with_surface {
                next_surface = now() + SURFACE_INTERVAL_MS;
            }
            send(&outbox, frame, &shared);
        }
        yield_now().await;
    }
    let mut racing = shared.borrow_mut();
    racing.race = current;
    racing.busy = false;
}

/// Builds the race of `preset`'s variants on the CPU: the variant presets train small
/// MLPs, which step faster there, and their weight snapshots need no GPU reads.
async fn build(preset: &str) -> Result<Race, String> {
    let preset = nnplay_train::presets::find(preset).map_err(|e| e.to_string())?;
    Race::of_preset(&preset, Device::Cpu, &AssetFiles::new(), RaceOptions::default()).await.map_err(|e| e.to_string())
}

/// Measures every lane and makes the page's frame (with the surface if asked); a failed
/// measurement or surface is reported as the race failing.
async fn frame(
    preset: &str,
    race: &mut Race,
    pending: &mut [Vec<Metrics>],
    with_surface: bool,
    running: bool,
) -> Result<RaceFrame, String> {
    let measured = race.measure().await.map_err(|e| e.to_string())?;
    for (lane, metrics) in pending.iter_mut().zip(measured) {
        lane.push(metrics);
    }
    let surface = match with_surface {
        true => Some(race.surface(SURFACE_SIZE).await.map_err(|e| format!("the loss surface failed: {e}"))?),
        false => None,
    };
    let lanes = race
        .lanes()
        .iter()
        .zip(pending.iter_mut())
        .map(|(lane, measured)| LaneReport {
            label: lane.label().to_string(),
            measured: std::mem::take(measured),
            diverged: lane.diverged(),
        })
        .collect();
    Ok(RaceFrame { preset: preset.to_string(), step: race.steps(), running, lanes, surface })
}

fn send(outbox: &Outbox, frame: Result<RaceFrame, String>, shared: &Rc<RefCell<Racing>>) {
    match frame {
        Ok(frame) => {
            if frame.surface.is_some() {
                shared.borrow_mut().surface_sent = true;
            }
            outbox(FromWorker::Raced(Box::new(frame)));
        }
        Err(reason) => {
            // Measuring again would fail again: the race waits for the page's next order.
            shared.borrow_mut().running = false;
            outbox(FromWorker::RaceFailed(reason));
        }
    }
}
