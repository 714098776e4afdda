//! Milliseconds per training step, measured the same way on every engine (`nnplay bench
//! spec` natively, the wasm benchmark in the browser): warm-up, then groups of steps each
//! ended by one read of the loss (so a GPU's queue is drained), the median over groups.

use crate::{SpecSession, TrainError};
use nnplay_tensor::{Device, gpu};

/// Untimed steps first: the first compiles the GPU kernels, the second reuses pooled buffers.
const WARMUP_STEPS: usize = 2;
/// Without a step count, a timed group is about this long.
const GROUP_SECONDS: f64 = 0.3;
/// Without a step count, at most this many steps per group.
const MAX_AUTO_STEPS: usize = 200;
/// Timed groups unless told; the median is reported.
const REPEATS: usize = 5;
/// Timed groups unless told when one group takes [`SLOW_GROUP_SECONDS`] or more.
const SLOW_REPEATS: usize = 3;
/// See [`SLOW_REPEATS`].
const SLOW_GROUP_SECONDS: f64 = 1.0;

/// Step times of one session.
#[derive(Debug, Clone, PartialEq)]
pub struct StepTiming {
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    /// Steps per timed group and how many groups.
    pub steps: usize,
    pub repeats: usize,
    /// The batch loss of the last step: a sanity check that it trained.
    pub loss: f32,
    /// GPU kernel launches per step (on the GPU).
    pub launches: Option<f64>,
}

/// Warms up, then times groups of `steps` steps (by default as many as fill
/// [`GROUP_SECONDS`]): `repeats` groups, by default [`REPEATS`] or [`SLOW_REPEATS`] when a
/// group takes over [`SLOW_GROUP_SECONDS`] (a software GPU's CNN step takes seconds).
/// `now` is the engine's clock in seconds.
pub async fn time_steps(
    session: &mut SpecSession,
    steps: Option<usize>,
    repeats: Option<usize>,
    now: &dyn Fn() -> f64,
) -> Result<StepTiming, TrainError> {
    let launched = gpu::launches();
    group_seconds(session, WARMUP_STEPS, now).await?;
    let launches = (gpu::launches() - launched) as f64 / WARMUP_STEPS as f64;
    let mut groups = Vec::new();
    let steps = match steps {
        Some(steps) => steps,
        None => {
            let single = group_seconds(session, 1, now).await?;
            let steps = ((GROUP_SECONDS / single.0).ceil() as usize).clamp(1, MAX_AUTO_STEPS);
            // A step that fills a group by itself was a timed group already.
            if steps == 1 {
                groups.push(single);
            }
            steps
        }
    };
    if groups.is_empty() {
        groups.push(group_seconds(session, steps, now).await?);
    }
    let repeats = repeats.unwrap_or(if groups[0].0 >= SLOW_GROUP_SECONDS { SLOW_REPEATS } else { REPEATS });
    while groups.len() < repeats {
        groups.push(group_seconds(session, steps, now).await?);
    }
    let per_step: Vec<f64> = groups.iter().map(|(seconds, _)| seconds / steps as f64 * 1e3).collect();
    Ok(StepTiming {
        min_ms: per_step.iter().copied().fold(f64::INFINITY, f64::min),
        max_ms: per_step.iter().copied().fold(0.0, f64::max),
        median_ms: median(per_step),
        steps,
        repeats: groups.len(),
        loss: groups[groups.len() - 1].1,
        launches: (session.device() == Device::Gpu).then_some(launches),
    })
}

/// Seconds for `steps` steps and one read of the last one's loss, and that loss.
async fn group_seconds(
    session: &mut SpecSession,
    steps: usize,
    now: &dyn Fn() -> f64,
) -> Result<(f64, f32), TrainError> {
    let started = now();
    let mut loss = session.step_with_loss()?;
    for _ in 1..steps {
        loss = session.step_with_loss()?;
    }
    let value = loss.to_scalar().await?;
    Ok((now() - started, value))
}

/// The median of `values` (the mean of the middle two for an even count); NaN for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }
}
