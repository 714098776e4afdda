//! A lane's path through weight space: flattened weight snapshots taken every so many
//! steps, in bounded memory.

/// One snapshot: the step it was taken at and every trainable weight, flattened in
/// parameter order.
#[derive(Debug, Clone, PartialEq)]
pub struct PathPoint {
    pub step: u64,
    pub weights: Vec<f32>,
}

/// Snapshots every `every` steps, at most `capacity` of them. When full, every other
/// snapshot is dropped and the interval doubles, so a long run keeps an evenly spaced
/// outline of its whole path (from the start on) instead of only its recent end.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightPath {
    points: Vec<PathPoint>,
    every: u64,
    capacity: usize,
}

/// Fewest snapshots a path keeps: the start, and room to halve.
const MIN_CAPACITY: usize = 4;

impl WeightPath {
    /// A path that starts at `start` (step 0) and wants a snapshot every `every` steps,
    /// keeping at most `capacity` (at least 4).
    pub fn new(start: Vec<f32>, every: u64, capacity: usize) -> WeightPath {
        WeightPath {
            points: vec![PathPoint { step: 0, weights: start }],
            every: every.max(1),
            capacity: capacity.max(MIN_CAPACITY),
        }
    }

    /// Whether a snapshot at `step` is wanted.
    pub fn due(&self, step: u64) -> bool {
        step.is_multiple_of(self.every) && self.points.last().is_none_or(|last| last.step < step)
    }

    /// Adds the snapshot of `step`, thinning the path first when it is full.
    pub fn record(&mut self, step: u64, weights: Vec<f32>) {
        if self.points.len() >= self.capacity {
            // Keeps steps that are multiples of the doubled interval: the start stays.
            self.every *= 2;
            let every = self.every;
            self.points.retain(|point| point.step.is_multiple_of(every));
        }
        self.points.push(PathPoint { step, weights });
    }

    /// The snapshots, oldest (the start) first.
    pub fn points(&self) -> &[PathPoint] {
        &self.points
    }

    /// Steps between snapshots now.
    pub fn every(&self) -> u64 {
        self.every
    }

    /// The most snapshots it keeps.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_path_stays_within_its_capacity_and_keeps_its_start() {
        let mut path = WeightPath::new(vec![0.0; 3], 5, 8);
        for step in 1..=10_000u64 {
            if path.due(step) {
                path.record(step, vec![step as f32; 3]);
            }
            assert!(path.points().len() <= 8, "step {step}: {} snapshots", path.points().len());
        }
        let steps: Vec<u64> = path.points().iter().map(|p| p.step).collect();
        assert_eq!(steps[0], 0, "the start is kept");
        assert_eq!(path.points()[0].weights, vec![0.0; 3]);
        assert!(*steps.last().unwrap() > 10_000 - path.every(), "the recent end is kept: {steps:?}");
        let gaps: Vec<u64> = steps.windows(2).map(|w| w[1] - w[0]).collect();
        assert!(gaps.iter().all(|&g| g == path.every()), "evenly spaced: {steps:?}");
        let every = path.every();
        assert!(every >= 10_000 / 8 && (every / 5).is_power_of_two(), "the interval doubled as needed: {every}");
    }

    #[test]
    fn a_snapshot_is_due_once_per_interval() {
        let mut path = WeightPath::new(vec![1.0], 10, 100);
        assert!(!path.due(0), "the start is already there");
        assert!(!path.due(5));
        assert!(path.due(10));
        path.record(10, vec![2.0]);
        assert!(!path.due(10), "not twice for one step");
        assert_eq!(path.points().len(), 2);
    }
}
