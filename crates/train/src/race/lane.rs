//! One lane of a race: a labelled session with its metrics history and weight path.

use super::path::WeightPath;
use crate::{Metrics, SpecSession};

/// A run in the race.
pub struct Lane {
    pub(super) label: String,
    pub(super) session: SpecSession,
    pub(super) path: WeightPath,
    pub(super) history: Vec<Metrics>,
    /// Whether its weights stopped being finite (its path stops there).
    pub(super) diverged: bool,
}

impl Lane {
    /// The variant's label ("Adam").
    pub fn label(&self) -> &str {
        &self.label
    }
    /// The session the lane trains.
    pub fn session(&self) -> &SpecSession {
        &self.session
    }
    /// The weight snapshots taken so far (bounded; see [`WeightPath`]).
    pub fn path(&self) -> &WeightPath {
        &self.path
    }
    /// The metrics measured so far, oldest first (bounded; thinned like the path).
    pub fn history(&self) -> &[Metrics] {
        &self.history
    }
    /// Whether its weights stopped being finite.
    pub fn diverged(&self) -> bool {
        self.diverged
    }

    /// Adds a measurement, dropping every other old one when `capacity` is reached; the
    /// first and the newest are always kept.
    pub(super) fn remember(&mut self, metrics: Metrics, capacity: usize) {
        if self.history.len() >= capacity.max(2) {
            let mut index = 0;
            self.history.retain(|_| {
                index += 1;
                index % 2 == 1
            });
        }
        self.history.push(metrics);
    }
}
