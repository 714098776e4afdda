//! Fewer step events than steps: a run at full speed takes hundreds of steps a second, and
//! a host page wants to redraw a progress bar, not to be flooded.

/// Lets through at most `per_second` events in any one second, spaced evenly: an event
/// passes when at least `1000 / per_second` ms have gone by since the last that passed.
#[derive(Debug, Clone, PartialEq)]
pub struct Throttle {
    interval_ms: f64,
    last_ms: Option<f64>,
}

impl Throttle {
    /// A throttle for `per_second` events a second; 0 lets none through.
    pub fn new(per_second: u32) -> Throttle {
        let interval_ms = if per_second == 0 { f64::INFINITY } else { 1000.0 / f64::from(per_second) };
        Throttle { interval_ms, last_ms: None }
    }

    /// Whether an event at `now_ms` (a monotonic clock, such as `performance.now()`) may
    /// pass; if it may, it counts as the last one. A clock that went back restarts the
    /// spacing from `now_ms` and lets nothing through until a full interval has passed.
    pub fn allow(&mut self, now_ms: f64) -> bool {
        if !now_ms.is_finite() || self.interval_ms.is_infinite() {
            return false;
        }
        match self.last_ms {
            Some(last) if now_ms < last => {
                self.last_ms = Some(now_ms);
                false
            }
            Some(last) if now_ms - last < self.interval_ms => false,
            _ => {
                self.last_ms = Some(now_ms);
                true
            }
        }
    }

    /// Forgets the last event, so the next one passes (after a reset of the run).
    pub fn reset(&mut self) {
        self.last_ms = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How many of the events at `times` pass.
    fn passed(throttle: &mut Throttle, times: impl IntoIterator<Item = f64>) -> Vec<f64> {
        times.into_iter().filter(|&t| throttle.allow(t)).collect()
    }

    #[test]
    fn a_flood_is_cut_to_the_rate_evenly_spaced() {
        let mut throttle = Throttle::new(10);
        // One event a millisecond for two seconds.
        let times = passed(&mut throttle, (0..2000).map(f64::from));
        assert_eq!(times.len(), 20);
        assert!(times.windows(2).all(|pair| pair[1] - pair[0] >= 100.0), "{times:?}");
        assert_eq!(times[..3], [0.0, 100.0, 200.0]);
    }

    #[test]
    fn no_second_holds_more_than_the_rate() {
        let mut throttle = Throttle::new(4);
        // Irregular times: bursts and pauses.
        let times: Vec<f64> = (0..500).map(|i| f64::from(i) * 7.3 + f64::from(i % 13) * 31.0).collect();
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let passed = passed(&mut throttle, sorted);
        for &start in &passed {
            let in_window = passed.iter().filter(|&&t| t >= start && t < start + 1000.0).count();
            assert!(in_window <= 4, "{in_window} events in the second from {start}");
        }
        assert!(passed.len() >= 4 * 3, "a steady stream over 3.9 s keeps going: {}", passed.len());
    }

    #[test]
    fn slow_events_all_pass() {
        let mut throttle = Throttle::new(10);
        assert_eq!(passed(&mut throttle, [0.0, 150.0, 400.0, 1000.0]).len(), 4);
    }

    #[test]
    fn zero_bad_clocks_and_reset() {
        assert!(!Throttle::new(0).allow(0.0));
        let mut throttle = Throttle::new(10);
        assert!(!throttle.allow(f64::NAN));
        assert!(throttle.allow(1000.0));
        // The clock went back: nothing passes until an interval after the new time.
        assert!(!throttle.allow(500.0));
        assert!(!throttle.allow(550.0));
        assert!(throttle.allow(600.0));
        assert!(!throttle.allow(650.0));
        throttle.reset();
        assert!(throttle.allow(651.0));
    }
}
