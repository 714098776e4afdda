//! When the training loop reports while playing flat out. Two kinds of report go to the
//! page: a cheap progress report (step, batch loss, learning rate) that the loop can send
//! between any two steps, and a costly full evaluation (train and test loss and accuracy
//! over the whole sets). Progress goes out often enough for the charts to move over 30
//! times a second; evaluations are paced by what they cost, so big networks sample
//! their loss less often rather than training being starved.

/// Fewest milliseconds between progress reports: at most 50 a second, more than the
/// 30 chart updates a second the page aims at, without flooding it.
pub const PROGRESS_INTERVAL_MS: f64 = 20.0;
/// Share of the time evaluation may take while playing.
pub const EVALUATION_SHARE: f64 = 0.3;
/// Fewest milliseconds between evaluations: about 30 a second, as often as the page can
/// draw them.
pub const EVALUATION_INTERVAL_MS: f64 = 33.0;

/// The clock readings from which the next reports are due.
#[derive(Debug, Clone, PartialEq)]
pub struct Cadence {
    /// `now()` of the last progress report.
    last_progress: f64,
    /// `now()` from which the next evaluation may run.
    next_evaluation: f64,
}

impl Default for Cadence {
    /// Both reports are due at once: a new loop shows where it stands.
    fn default() -> Cadence {
        Cadence { last_progress: f64::NEG_INFINITY, next_evaluation: 0.0 }
    }
}

impl Cadence {
    /// Whether a progress report is due at `now`.
    pub fn progress_due(&self, now: f64) -> bool {
        now - self.last_progress >= PROGRESS_INTERVAL_MS
    }

    /// Notes that a progress report went out at `now`.
    pub fn progress_sent(&mut self, now: f64) {
        self.last_progress = now;
    }

    /// Whether an evaluation is due at `now`.
    pub fn evaluation_due(&self, now: f64) -> bool {
        now >= self.next_evaluation
    }

    /// Notes that an evaluation finished at `now` after taking `spent` ms: the next waits
    /// until training has had its share of the time, and at least the least interval.
    pub fn evaluated(&mut self, now: f64, spent: f64) {
        let wait = (spent.max(0.0) * (1.0 / EVALUATION_SHARE - 1.0)).max(EVALUATION_INTERVAL_MS);
        self.next_evaluation = now + wait;
    }

    /// Makes the next evaluation due at once (the loss went bad, the run moved device).
    pub fn evaluate_soon(&mut self) {
        self.next_evaluation = f64::NEG_INFINITY;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What one simulated second of playing flat out gave.
    struct Second {
        progress_per_second: f64,
        evaluations_per_second: f64,
        evaluation_share: f64,
        widest_progress_gap: f64,
    }

    /// Plays the loop as the trainer does for `seconds` of simulated time: steps of
    /// `step_ms`, slices of `slice_ms` with a progress report whenever one is due between
    /// steps, and after each slice an evaluation of `evaluation_ms` if one is due.
    fn simulate(step_ms: f64, slice_ms: f64, evaluation_ms: f64, seconds: f64) -> Second {
        let mut cadence = Cadence::default();
        let (mut clock, mut evaluating, mut evaluations) = (0.0, 0.0, 0);
        let mut sent: Vec<f64> = Vec::new();
        while clock < seconds * 1000.0 {
            let start = clock;
            loop {
                clock += step_ms;
                if cadence.progress_due(clock) {
                    cadence.progress_sent(clock);
                    sent.push(clock);
                }
                if clock - start >= slice_ms {
                    break;
                }
            }
            if cadence.evaluation_due(clock) {
                clock += evaluation_ms;
                evaluating += evaluation_ms;
                evaluations += 1;
                cadence.evaluated(clock, evaluation_ms);
            }
        }
        let total = clock / 1000.0;
        Second {
            progress_per_second: sent.len() as f64 / total,
            evaluations_per_second: evaluations as f64 / total,
            evaluation_share: evaluating / clock,
            widest_progress_gap: sent.windows(2).map(|w| w[1] - w[0]).fold(0.0, f64::max),
        }
    }

    #[test]
    fn both_reports_are_due_when_a_loop_starts() {
        let cadence = Cadence::default();
        assert!(cadence.progress_due(0.0));
        assert!(cadence.evaluation_due(0.0));
    }

    #[test]
    fn progress_waits_for_its_interval() {
        let mut cadence = Cadence::default();
        cadence.progress_sent(100.0);
        assert!(!cadence.progress_due(100.0 + PROGRESS_INTERVAL_MS - 1.0));
        assert!(cadence.progress_due(100.0 + PROGRESS_INTERVAL_MS));
    }

    #[test]
    fn a_costly_evaluation_waits_for_training_to_have_its_share() {
        let mut cadence = Cadence::default();
        cadence.evaluated(1000.0, 60.0);
        // 60 ms is 30 % of 200 ms: the next may start 140 ms after this one ended.
        assert!(!cadence.evaluation_due(1139.0));
        assert!(cadence.evaluation_due(1140.0));
        cadence.evaluated(2000.0, 1.0);
        assert!(!cadence.evaluation_due(2000.0 + EVALUATION_INTERVAL_MS - 1.0));
        assert!(cadence.evaluation_due(2000.0 + EVALUATION_INTERVAL_MS));
        cadence.evaluate_soon();
        assert!(cadence.evaluation_due(0.0));
    }

    #[test]
    fn a_small_network_reports_progress_over_30_times_a_second_and_evaluates_about_30() {
        let second = simulate(0.5, 25.0, 3.0, 5.0);
        assert!(second.progress_per_second >= 30.0, "{} progress/s", second.progress_per_second);
        assert!(second.progress_per_second <= 1000.0 / PROGRESS_INTERVAL_MS, "{}", second.progress_per_second);
        assert!(
            (15.0..=31.0).contains(&second.evaluations_per_second),
            "{} evaluations/s",
            second.evaluations_per_second
        );
        assert!(second.widest_progress_gap <= 25.0, "gap {} ms", second.widest_progress_gap);
    }

    #[test]
    fn a_big_network_still_reports_progress_while_its_evaluations_are_rationed() {
        // 40 ms evaluations: a few a second, taking no more than their share of the time.
        let second = simulate(2.0, 25.0, 40.0, 5.0);
        assert!(second.evaluation_share <= EVALUATION_SHARE + 0.02, "share {}", second.evaluation_share);
        assert!(second.evaluations_per_second < 10.0, "{} evaluations/s", second.evaluations_per_second);
        assert!(second.progress_per_second >= 30.0, "{} progress/s", second.progress_per_second);
        // The only long gaps are the evaluations themselves.
        assert!(second.widest_progress_gap <= 40.0 + PROGRESS_INTERVAL_MS + 2.0, "gap {}", second.widest_progress_gap);
    }
}
