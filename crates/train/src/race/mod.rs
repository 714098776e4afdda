//! The optimizer race: the runs of a preset's variants (one [`Lane`] each) trained side by
//! side from identical starting weights, stepped in turn so they always have taken the
//! same number of steps, with each lane's metrics and weight path kept for the page's
//! overlaid curves and its [`LossSurface`] map.

mod flat;
mod lane;
mod path;
mod plane;
mod surface;

pub use lane::Lane;
pub use path::{PathPoint, WeightPath};
pub use plane::Plane;
pub use surface::{LossSurface, PlanePath, SURFACE_EXAMPLES};

use crate::presets::Preset;
use crate::{Metrics, RunSpec, SpecSession, TrainError};
use nnplay_data::AssetFiles;
use nnplay_tensor::Device;
use surface::Probe;

/// How much of each lane a race keeps.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RaceOptions {
    /// Steps between weight snapshots at first (the interval doubles as paths fill).
    pub snapshot_every: u64,
    /// Most weight snapshots kept per lane: memory is at most lanes × this × weights × 4 bytes.
    pub max_snapshots: usize,
    /// Most metrics kept per lane.
    pub max_history: usize,
}

impl Default for RaceOptions {
    fn default() -> RaceOptions {
        RaceOptions { snapshot_every: 5, max_snapshots: 64, max_history: 512 }
    }
}

/// Several runs raced from the same starting weights.
pub struct Race {
    lanes: Vec<Lane>,
    /// The shared starting weights, flattened (see [`Race::start`]).
    start: Vec<f32>,
    /// Measures the loss at any weights, for the surface.
    probe: Probe,
    options: RaceOptions,
}

impl Race {
    /// A race of `runs` (label and run each) on `device`. The runs must train on the same
    /// data and start from identical weights (the same model and seed); otherwise the
    /// error names the lane that differs.
    pub async fn new(
        runs: Vec<(String, RunSpec)>,
        device: Device,
        assets: &AssetFiles,
        options: RaceOptions,
    ) -> Result<Race, TrainError> {
        let refuse = |message: String| Err(TrainError::Spec(format!("race: {message}")));
        let Some((first_label, first_run)) = runs.first().cloned() else {
            return refuse("there are no runs to race".into());
        };
        let mut lanes = Vec::with_capacity(runs.len());
        let mut start: Option<Vec<f32>> = None;
        for (label, run) in runs {
            if run.data != first_run.data {
                return refuse(format!(
                    "`{label}` trains on other data than `{first_label}`; a race needs the same data"
                ));
            }
            let session = SpecSession::with_assets(run, device, assets)
                .map_err(|e| TrainError::Spec(format!("race lane `{label}`: {e}")))?;
            let weights = flat::flatten(&session.core.params).await?;
            match &start {
                None => start = Some(weights.clone()),
                Some(start) => {
                    let differ = if weights.len() == start.len() {
                        weights.iter().zip(start).filter(|(a, b)| a.to_bits() != b.to_bits()).count()
                    } else {
                        weights.len().max(start.len())
                    };
                    if differ > 0 {
                        return refuse(format!(
                            "`{label}` starts from other weights than `{first_label}` ({differ} of {} differ); \
                             give every run the same model and seed",
                            start.len()
                        ));
                    }
                }
            }
            let path = WeightPath::new(weights, options.snapshot_every, options.max_snapshots);
            lanes.push(Lane { label, session, path, history: Vec::new(), diverged: false });
        }
        let probe = Probe::of(&lanes[0].session.core).await?;
        Ok(Race { lanes, start: start.unwrap_or_default(), probe, options })
    }

    /// A race of `preset`'s variants on `device` (packed datasets from `assets`).
    pub async fn of_preset(
        preset: &Preset,
        device: Device,
        assets: &AssetFiles,
        options: RaceOptions,
    ) -> Result<Race, TrainError> {
        Race::new(preset.runs()?, device, assets, options).await
    }

    /// The lanes, in the order of the runs given.
    pub fn lanes(&self) -> &[Lane] {
        &self.lanes
    }

    /// The shared starting weights, flattened.
    pub fn start(&self) -> &[f32] {
        &self.start
    }

    /// Steps every lane has taken.
    pub fn steps(&self) -> u64 {
        self.lanes.first().map_or(0, |lane| lane.session.steps())
    }

    /// One step of every lane in turn, then a weight snapshot of each when one is due.
    pub async fn step(&mut self) -> Result<(), TrainError> {
        for lane in &mut self.lanes {
            lane.session.step().map_err(|e| TrainError::Spec(format!("race lane `{}`: {e}", lane.label)))?;
        }
        for lane in &mut self.lanes {
            let step = lane.session.steps();
            if lane.diverged || !lane.path.due(step) {
                continue;
            }
            let weights = flat::flatten(&lane.session.core.params).await?;
            if weights.iter().all(|w| w.is_finite()) {
                lane.path.record(step, weights);
            } else {
                lane.diverged = true;
            }
        }
        Ok(())
    }

    /// Measures every lane's metrics (whole training and test sets), remembers them, and
    /// returns them in lane order.
    pub async fn measure(&mut self) -> Result<Vec<Metrics>, TrainError> {
        let mut measured = Vec::with_capacity(self.lanes.len());
        for lane in &mut self.lanes {
            let metrics = lane.session.metrics().await?;
            lane.remember(metrics.clone(), self.options.max_history);
            measured.push(metrics);
        }
        Ok(measured)
    }

    /// The loss on a `size`×`size` grid over the plane that best holds the lanes' paths,
    /// through the starting weights, with every path (and each lane's current weights)
    /// projected into it. Costs `size²` forward passes on [`SURFACE_EXAMPLES`] examples.
    pub async fn surface(&self, size: usize) -> Result<LossSurface, TrainError> {
        let mut currents = Vec::with_capacity(self.lanes.len());
        for lane in &self.lanes {
            let weights = flat::flatten(&lane.session.core.params).await?;
            let newer = lane.path.points().last().is_none_or(|last| last.step < lane.session.steps());
            let keep = newer && weights.iter().all(|w| w.is_finite());
            currents.push(keep.then_some((lane.session.steps(), weights)));
        }
        let paths: Vec<surface::LanePoints> = self
            .lanes
            .iter()
            .zip(&currents)
            .map(|(lane, current)| {
                let mut points: Vec<(u64, &[f32])> =
                    lane.path.points().iter().map(|p| (p.step, p.weights.as_slice())).collect();
                if let Some((step, weights)) = current {
                    points.push((*step, weights.as_slice()));
                }
                (lane.label.clone(), points)
            })
            .collect();
        let moved: Vec<&[f32]> = paths.iter().flat_map(|(_, points)| points.iter().map(|(_, w)| *w)).collect();
        let plane = Plane::through(self.start.clone(), &moved);
        surface::measure(&self.probe, &plane, &paths, size, self.steps()).await
    }

    /// An upper bound of the bytes the lanes' weight paths can take.
    pub fn path_memory_bound(&self) -> usize {
        self.lanes.len() * self.options.max_snapshots.max(4) * self.start.len() * std::mem::size_of::<f32>()
    }
}

#[cfg(test)]
mod tests;
