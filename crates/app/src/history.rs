//! What the charts draw over a run: the full evaluations (losses, accuracies) and the
//! worker's frequent progress reports (batch loss, learning rate), each thinned as the run
//! grows so the charts stay cheap to keep and draw.

use serde::{Deserialize, Serialize};

/// Points of each series kept before its older half is thinned out.
pub const HISTORY_LIMIT: usize = 600;

/// Train and test loss at one step, and for classification the fraction classified right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossPoint {
    pub step: u64,
    pub train: f32,
    pub test: f32,
    pub train_accuracy: Option<f32>,
    pub test_accuracy: Option<f32>,
}

/// What the worker reports between evaluations, several times more often: the step, the
/// mean objective of the batches trained since its last report, and the learning rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProgressPoint {
    pub step: u64,
    /// The mean batch objective (loss plus L1/L2 penalties) since the last report; `None`
    /// when no batch loss was read or it was not finite.
    pub batch_loss: Option<f32>,
    /// The learning rate the next step uses (after the schedule).
    pub learning_rate: f32,
}

/// A point of a series: it has a step, and may be unfit to keep.
trait Stepped: Copy + PartialEq {
    fn step(&self) -> u64;
    /// Whether the point is worth keeping: non-finite numbers are left out (the page
    /// explains divergence separately).
    fn keep(&self) -> bool;
}

impl Stepped for LossPoint {
    fn step(&self) -> u64 {
        self.step
    }
    fn keep(&self) -> bool {
        self.train.is_finite() && self.test.is_finite()
    }
}

impl Stepped for ProgressPoint {
    fn step(&self) -> u64 {
        self.step
    }
    fn keep(&self) -> bool {
        self.learning_rate.is_finite()
    }
}

/// Points in step order, at most [`HISTORY_LIMIT`] of them, roughly evenly spaced.
#[derive(Debug, Clone, PartialEq)]
struct Series<T> {
    points: Vec<T>,
    /// Least step distance between two kept points; grows as the run does.
    gap: u64,
}

impl<T> Default for Series<T> {
    fn default() -> Series<T> {
        Series { points: Vec::new(), gap: 0 }
    }
}

impl<T: Stepped> Series<T> {
    /// Records a point unless it is unfit; a point closer than `gap` to the one before the
    /// last replaces the last, so the curve always ends at the latest report.
    fn push(&mut self, point: T) {
        if !point.keep() {
            return;
        }
        let len = self.points.len();
        match self.points.last() {
            Some(last) if point.step() <= last.step() => {
                self.points[len - 1] = point;
                return;
            }
            _ if len >= 2 && point.step() - self.points[len - 2].step() < self.gap => {
                self.points[len - 1] = point;
                return;
            }
            _ => self.points.push(point),
        }
        if self.points.len() > HISTORY_LIMIT {
            self.thin();
        }
    }

    fn truncate_after(&mut self, step: u64) {
        self.points.retain(|p| p.step() <= step);
    }

    fn thin(&mut self) {
        let last = self.points[self.points.len() - 1];
        let mut index = 0;
        self.points.retain(|_| {
            index += 1;
            index % 2 == 1
        });
        if self.points.last() != Some(&last) {
            self.points.push(last);
        }
        let span = last.step() - self.points[0].step();
        self.gap = span / self.points.len() as u64;
    }
}

/// A run's evaluations and progress reports, oldest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct History {
    evaluations: Series<LossPoint>,
    progress: Series<ProgressPoint>,
}

impl History {
    /// The kept evaluations, oldest first.
    pub fn points(&self) -> &[LossPoint] {
        &self.evaluations.points
    }

    /// The kept progress reports, oldest first.
    pub fn progress(&self) -> &[ProgressPoint] {
        &self.progress.points
    }

    /// Records an evaluation. Non-finite losses are left out, and a repeated or earlier
    /// step replaces the last point.
    pub fn push(&mut self, point: LossPoint) {
        self.evaluations.push(point);
    }

    /// Records a progress report; a non-finite batch loss is kept as none, so the
    /// learning-rate curve goes on.
    pub fn push_progress(&mut self, mut point: ProgressPoint) {
        point.batch_loss = point.batch_loss.filter(|loss| loss.is_finite());
        self.progress.push(point);
    }

    /// Drops the points after `step`, for a run that went back to an earlier step.
    pub fn truncate_after(&mut self, step: u64) {
        self.evaluations.truncate_after(step);
        self.progress.truncate_after(step);
    }

    /// The latest step either series has reached (0 for an empty history).
    pub fn last_step(&self) -> u64 {
        let evaluated = self.points().last().map_or(0, |p| p.step);
        evaluated.max(self.progress().last().map_or(0, |p| p.step))
    }

    /// Whether the run reports accuracies (it is a classification).
    pub fn has_accuracy(&self) -> bool {
        self.points().iter().any(|p| p.train_accuracy.is_some() || p.test_accuracy.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(step: u64) -> LossPoint {
        LossPoint { step, train: 1.0 / (step + 1) as f32, test: 1.0, train_accuracy: None, test_accuracy: None }
    }

    fn progress(step: u64, learning_rate: f32) -> ProgressPoint {
        ProgressPoint { step, batch_loss: Some(0.5), learning_rate }
    }

    #[test]
    fn stays_bounded_evenly_spaced_and_ends_at_the_latest_point() {
        let mut history = History::default();
        for step in (0..=100_000).step_by(37) {
            history.push(point(step));
            history.push_progress(progress(step, 0.1));
            assert!(history.points().len() <= HISTORY_LIMIT);
            assert!(history.progress().len() <= HISTORY_LIMIT);
            assert_eq!(history.points().last().unwrap().step, step);
            assert_eq!(history.progress().last().unwrap().step, step);
        }
        for steps in [history.points().iter().map(|p| p.step).collect::<Vec<u64>>(), {
            history.progress().iter().map(|p| p.step).collect()
        }] {
            assert!(steps.len() > HISTORY_LIMIT / 3, "{}", steps.len());
            assert!(steps.windows(2).all(|w| w[0] < w[1]));
            assert_eq!(steps[0], 0);
            let widest = steps.windows(2).map(|w| w[1] - w[0]).max().unwrap();
            assert!(widest < 100_000 / 100, "widest gap {widest}");
        }
    }

    #[test]
    fn non_finite_losses_and_repeated_steps_do_not_add_points() {
        let mut history = History::default();
        history.push(point(0));
        history.push(LossPoint { step: 5, train: f32::NAN, ..point(5) });
        let again = LossPoint { step: 0, train: 0.5, test: 0.5, train_accuracy: Some(0.9), test_accuracy: Some(0.8) };
        history.push(again);
        assert_eq!(history.points(), &[again]);
    }

    #[test]
    fn evaluations_keep_their_accuracies_and_say_whether_the_run_classifies() {
        let mut history = History::default();
        history.push(point(0));
        assert!(!history.has_accuracy());
        history.push(LossPoint { train_accuracy: Some(0.75), test_accuracy: Some(0.5), ..point(10) });
        assert!(history.has_accuracy());
        assert_eq!(history.points()[1].test_accuracy, Some(0.5));
    }

    #[test]
    fn progress_keeps_the_learning_rate_through_a_diverged_batch() {
        let mut history = History::default();
        history.push_progress(progress(0, 0.1));
        history.push_progress(ProgressPoint { step: 5, batch_loss: Some(f32::INFINITY), learning_rate: 0.05 });
        history.push_progress(ProgressPoint { step: 6, batch_loss: None, learning_rate: f32::NAN });
        let rates: Vec<(u64, f32, Option<f32>)> =
            history.progress().iter().map(|p| (p.step, p.learning_rate, p.batch_loss)).collect();
        assert_eq!(rates, [(0, 0.1, Some(0.5)), (5, 0.05, None)]);
        assert_eq!(history.last_step(), 5);
    }

    #[test]
    fn a_run_sent_back_to_an_earlier_step_continues_from_there() {
        let mut history = History::default();
        for step in 0..10 {
            history.push(point(step * 10));
            history.push_progress(progress(step * 10 + 5, 0.1));
        }
        history.truncate_after(45);
        history.push(point(50));
        let steps: Vec<u64> = history.points().iter().map(|p| p.step).collect();
        assert_eq!(steps, [0, 10, 20, 30, 40, 50]);
        let progress_steps: Vec<u64> = history.progress().iter().map(|p| p.step).collect();
        assert_eq!(progress_steps, [5, 15, 25, 35, 45]);
        assert_eq!(history.last_step(), 50);
    }
}
