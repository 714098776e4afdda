//! The training loss on a grid over a 2-D plane of weight space (see [`super::plane`]),
//! with each lane's path projected into it: what the race's heat map draws.

use super::plane::Plane;
use crate::TrainError;
use crate::core::Core;
use nnplay_nn::loss::Loss;
use nnplay_nn::{Context, Model, ParamStore};
use nnplay_tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

/// Most training examples the surface's loss is measured on: a fixed, evenly spread
/// subset, so each of the G×G grid points costs one small forward pass.
pub const SURFACE_EXAMPLES: usize = 256;
/// Share of the paths' extent added on each side of the grid.
const MARGIN: f32 = 0.15;
/// The grid's half-width, in weight-space units, when nothing has moved yet.
const STILL_EXTENT: f32 = 1.0;

/// A lane's path in the plane's coordinates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanePath {
    pub label: String,
    /// The step of each point.
    pub steps: Vec<u64>,
    /// `(a, b)` of each snapshot, oldest (the start, at the origin) first, then the lane's
    /// current weights.
    pub points: Vec<(f32, f32)>,
}

/// The loss over a `size`×`size` grid of the plane, with the paths.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossSurface {
    /// Grid points per side.
    pub size: usize,
    /// Coordinates of the first and last column (`a`) and row (`b`).
    pub a_range: (f32, f32),
    pub b_range: (f32, f32),
    /// Row-major (row = `b`, from `b_range.0`), `size * size` values; a loss that is not
    /// finite is kept as it is, for the page to show as off the scale.
    pub losses: Vec<f32>,
    /// The column and row of the grid point at the origin (the starting weights).
    pub origin: (usize, usize),
    /// One per lane, in lane order.
    pub paths: Vec<PlanePath>,
    /// Share of the paths' movement that lies in the plane (1: all of it).
    pub explained: f32,
    /// Training examples the loss is measured on.
    pub examples: usize,
    /// Step of the race when it was computed.
    pub step: u64,
}

impl LossSurface {
    /// The loss at grid column `column` and row `row`.
    pub fn at(&self, column: usize, row: usize) -> f32 {
        self.losses[row * self.size + column]
    }
    /// The coordinates of grid column `column` and row `row`.
    pub fn coordinates(&self, column: usize, row: usize) -> (f32, f32) {
        (axis_value(self.a_range, self.size, column), axis_value(self.b_range, self.size, row))
    }
}

fn axis_value((low, high): (f32, f32), size: usize, index: usize) -> f32 {
    if size < 2 { low } else { low + (high - low) * index as f32 / (size - 1) as f32 }
}

/// What measuring the loss at any weights takes, kept on the CPU: the model's layers, a
/// copy of its parameters (for shapes and buffers), the loss and the example subset.
/// Reading a GPU loss back is asynchronous and slow; G² of them would stall the race.
pub(crate) struct Probe {
    model: Model,
    params: ParamStore,
    loss: Loss,
    inputs: Tensor,
    targets: Tensor,
    examples: usize,
}

impl Probe {
    /// A probe for `core`'s model on an evenly spread subset of its training examples.
    pub async fn of(core: &Core) -> Result<Probe, TrainError> {
        let spec_error = |e: nnplay_nn::SpecError| TrainError::Spec(e.to_string());
        let mut model = core.spec.build(Device::Cpu).map_err(spec_error)?;
        let params = std::mem::take(&mut model.params);
        let total = core.train.len;
        let count = total.min(SURFACE_EXAMPLES);
        let rows: Vec<usize> = (0..count).map(|i| i * total / count).collect();
        let (inputs, targets) = core.train.rows(&rows)?;
        let to_cpu = async |t: Tensor| -> Result<Tensor, TrainError> {
            let dims = t.dims().to_vec();
            Ok(Tensor::from_vec(t.to_vec().await?, dims, Device::Cpu)?)
        };
        Ok(Probe {
            model,
            params,
            loss: core.spec.loss,
            inputs: to_cpu(inputs).await?,
            targets: to_cpu(targets).await?,
            examples: count,
        })
    }

    /// The loss (without penalties) of the model with trainable weights `flat`.
    pub async fn loss_at(&self, flat: &[f32]) -> Result<f32, TrainError> {
        let params = super::flat::unflatten(&self.params, flat, Device::Cpu)?;
        let output = self.model.forward(&params, &self.inputs, &mut Context::eval())?;
        Ok(self.loss.compute(&output, &self.targets)?.to_scalar().await?)
    }

    /// Training examples the loss is measured on.
    pub fn examples(&self) -> usize {
        self.examples
    }
}

/// A grid axis from `low` to `high` coordinates (around 0) with `size` points, one of
/// them exactly at 0: returns the range and the index of 0.
fn axis(low: f32, high: f32, size: usize) -> ((f32, f32), usize) {
    let (low, high) = (low.min(0.0), high.max(0.0));
    let span = high - low;
    let (low, high) =
        if span > 0.0 { (low - MARGIN * span, high + MARGIN * span) } else { (-STILL_EXTENT, STILL_EXTENT) };
    if size < 3 {
        return ((0.0, 0.0), 0);
    }
    // Zero sits at grid index `zero`: at least one point on each side of it.
    let zero = ((-low / (high - low)) * (size - 1) as f32).round().clamp(1.0, (size - 2) as f32) as usize;
    let spacing = (-low / zero as f32).max(high / (size - 1 - zero) as f32);
    ((-(zero as f32) * spacing, (size - 1 - zero) as f32 * spacing), zero)
}

/// A lane's label and its snapshots (step and flattened weights), oldest first.
pub(crate) type LanePoints<'a> = (String, Vec<(u64, &'a [f32])>);

/// The loss surface of `plane` on a `size`×`size` grid that holds every path, measured
/// by `probe`; `paths` are each lane's label and snapshots (step, weights).
pub(crate) async fn measure(
    probe: &Probe,
    plane: &Plane,
    paths: &[LanePoints<'_>],
    size: usize,
    step: u64,
) -> Result<LossSurface, TrainError> {
    let paths: Vec<PlanePath> = paths
        .iter()
        .map(|(label, points)| PlanePath {
            label: label.clone(),
            steps: points.iter().map(|(step, _)| *step).collect(),
            points: points.iter().map(|(_, weights)| plane.project(weights)).collect(),
        })
        .collect();
    let all = || paths.iter().flat_map(|path| path.points.iter());
    let bounds = |pick: fn(&(f32, f32)) -> f32| {
        all().map(pick).filter(|v| v.is_finite()).fold((0.0f32, 0.0f32), |(lo, hi), v| (lo.min(v), hi.max(v)))
    };
    let (a_low, a_high) = bounds(|p| p.0);
    let (b_low, b_high) = bounds(|p| p.1);
    let (a_range, a_zero) = axis(a_low, a_high, size);
    let (b_range, b_zero) = axis(b_low, b_high, size);
    let mut losses = Vec::with_capacity(size * size);
    for row in 0..size {
        let b = if row == b_zero { 0.0 } else { axis_value(b_range, size, row) };
        for column in 0..size {
            let a = if column == a_zero { 0.0 } else { axis_value(a_range, size, column) };
            losses.push(probe.loss_at(&plane.point(a, b)).await?);
        }
    }
    Ok(LossSurface {
        size,
        a_range,
        b_range,
        losses,
        origin: (a_zero, b_zero),
        paths,
        explained: plane.explained,
        examples: probe.examples(),
        step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_axis_has_a_grid_point_at_zero_and_holds_the_paths() {
        for (low, high, size) in [(-0.3, 2.0, 21), (0.0, 5.0, 21), (-4.0, 0.0, 11), (-1.0, 1.0, 3), (0.0, 0.0, 21)] {
            let ((first, last), zero) = axis(low, high, size);
            let spacing = (last - first) / (size - 1) as f32;
            let at_zero = first + spacing * zero as f32;
            assert!(at_zero.abs() < 1e-5, "{low}..{high}: grid point {zero} is at {at_zero}");
            assert!(first <= low && last >= high, "{low}..{high} within {first}..{last}");
            assert!(zero >= 1 && zero <= size - 2, "zero at {zero} has a neighbour on each side");
        }
    }
}
