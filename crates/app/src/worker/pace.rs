//! How many steps one GPU slice records. GPU steps only record commands, so the time a
//! slice takes on the main thread says nothing of the GPU work it queued; the loop ends
//! each slice by waiting for one small read, and sizes the next slice from how long the
//! whole round (recording, GPU work, read) took.

/// Wall time a GPU slice aims at, from its first recorded step to the read's answer:
/// about two frames, so the loss curve and the buttons stay live.
pub const GPU_SLICE_MS: f64 = 30.0;
/// Most steps in one slice, whatever the measurements say.
pub const MAX_GPU_STEPS: u32 = 256;

/// The size of the next GPU slice.
#[derive(Debug, Clone, PartialEq)]
pub struct Pace {
    steps: u32,
}

impl Default for Pace {
    /// Starts at one step: the first round measures what a step costs.
    fn default() -> Pace {
        Pace { steps: 1 }
    }
}

impl Pace {
    /// Steps the next slice should record.
    pub fn steps(&self) -> u32 {
        self.steps
    }

    /// Sizes the next slice from the last: `taken` steps took `elapsed_ms` from the first
    /// recording to the answer of the read that followed them.
    pub fn update(&mut self, taken: u32, elapsed_ms: f64) {
        let taken = taken.max(1) as f64;
        let ideal = taken * GPU_SLICE_MS / elapsed_ms.max(0.1);
        // Growing at most twofold per round keeps one unusually quick round (a cache
        // warming up) from queueing a flood of work.
        self.steps = ideal.min(2.0 * taken).floor().clamp(1.0, MAX_GPU_STEPS as f64) as u32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A GPU that takes `fixed` ms per round (the read's round trip) plus `per_step` ms per step.
    fn settle(fixed: f64, per_step: f64) -> u32 {
        let mut pace = Pace::default();
        for _ in 0..30 {
            let steps = pace.steps();
            pace.update(steps, fixed + per_step * steps as f64);
        }
        pace.steps()
    }

    #[test]
    fn settles_where_a_round_takes_about_the_target_time() {
        let steps = settle(2.0, 1.0);
        let round = 2.0 + steps as f64;
        assert!((GPU_SLICE_MS * 0.8..=GPU_SLICE_MS * 1.1).contains(&round), "{steps} steps, {round} ms");
    }

    #[test]
    fn a_slow_gpu_gets_one_step_and_a_fast_one_the_cap() {
        assert_eq!(settle(0.0, 200.0), 1);
        assert_eq!(settle(0.1, 0.001), MAX_GPU_STEPS);
    }

    #[test]
    fn grows_at_most_twofold_and_shrinks_at_once() {
        let mut pace = Pace::default();
        pace.update(1, 0.5);
        assert_eq!(pace.steps(), 2);
        pace.update(64, 300.0);
        assert_eq!(pace.steps(), 6);
    }
}
