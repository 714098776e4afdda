//! What the page knows of the optimizer race: the order for the worker, each lane's loss
//! curve, and the latest loss surface. Changed only through [`RaceView::reduce`], which
//! the page's reducer calls for [`crate::state::Action::Race`].

use crate::worker::protocol::{RaceCommand, RaceFrame};
use nnplay_train::Metrics;
use nnplay_train::race::LossSurface;
use std::rc::Rc;

/// Most points a lane's curve keeps; older ones are thinned to every other.
pub const CURVE_POINTS: usize = 600;

/// What the learner or the worker did to the race.
#[derive(Debug, Clone, PartialEq)]
pub enum RaceAction {
    /// Race the variants of this preset from the start.
    Start(String),
    Play,
    Pause,
    /// End the race (the page left the preset, or the learner closed it).
    Stop,
    /// The worker's progress.
    Frame(Box<RaceFrame>),
    /// The worker could not start or go on, with the reason.
    Failed(String),
}

/// One lane's curve.
#[derive(Debug, Clone, PartialEq)]
pub struct LaneCurve {
    pub label: String,
    /// `(step, training loss)`, oldest first.
    pub points: Vec<(u64, f32)>,
    pub latest: Option<Metrics>,
    pub diverged: bool,
}

/// The race as the page shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RaceView {
    /// The preset raced, once started.
    pub preset: Option<String>,
    pub running: bool,
    pub step: u64,
    pub lanes: Rc<Vec<LaneCurve>>,
    pub surface: Option<Rc<LossSurface>>,
    pub error: Option<String>,
    /// The latest order for the worker, numbered so that the same order twice is sent twice.
    pub order: Option<(u64, RaceCommand)>,
}

impl RaceView {
    /// Applies `action`.
    pub fn reduce(&mut self, action: RaceAction) {
        match action {
            RaceAction::Start(preset) => {
                *self = RaceView { order: self.order.clone(), ..RaceView::default() };
                self.preset = Some(preset.clone());
                self.running = true;
                self.send(RaceCommand::Start(preset));
            }
            RaceAction::Play if self.preset.is_some() && !self.running => {
                self.running = true;
                self.error = None;
                self.send(RaceCommand::Play);
            }
            RaceAction::Pause if self.running => {
                self.running = false;
                self.send(RaceCommand::Pause);
            }
            RaceAction::Stop if self.preset.is_some() => {
                *self = RaceView { order: self.order.clone(), ..RaceView::default() };
                self.send(RaceCommand::Stop);
            }
            RaceAction::Frame(frame) if self.preset.as_deref() == Some(frame.preset.as_str()) => {
                self.absorb(*frame);
            }
            RaceAction::Failed(reason) => {
                self.running = false;
                self.error = Some(reason);
            }
            RaceAction::Play | RaceAction::Pause | RaceAction::Stop | RaceAction::Frame(_) => {}
        }
    }

    /// Whether the race of `preset` is what this shows.
    pub fn is_of(&self, preset: &str) -> bool {
        self.preset.as_deref() == Some(preset)
    }

    fn send(&mut self, command: RaceCommand) {
        let number = self.order.as_ref().map_or(0, |(n, _)| n + 1);
        self.order = Some((number, command));
    }

    fn absorb(&mut self, frame: RaceFrame) {
        self.step = frame.step;
        let mut lanes: Vec<LaneCurve> = (*self.lanes).clone();
        if lanes.len() != frame.lanes.len() {
            lanes = frame
                .lanes
                .iter()
                .map(|lane| LaneCurve { label: lane.label.clone(), points: Vec::new(), latest: None, diverged: false })
                .collect();
        }
        for (curve, report) in lanes.iter_mut().zip(frame.lanes) {
            curve.diverged = report.diverged;
            for metrics in report.measured {
                if curve.points.len() >= CURVE_POINTS {
                    let mut index = 0;
                    curve.points.retain(|_| {
                        index += 1;
                        index % 2 == 1
                    });
                }
                curve.points.push((metrics.step, metrics.train_loss));
                curve.latest = Some(metrics);
            }
        }
        self.lanes = Rc::new(lanes);
        if let Some(surface) = frame.surface {
            self.surface = Some(Rc::new(surface));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::LaneReport;

    fn metrics(step: u64, loss: f32) -> Metrics {
        Metrics { step, epoch: 0.0, train_loss: loss, test_loss: loss, train_accuracy: None, test_accuracy: None }
    }

    fn frame(preset: &str, step: u64, losses: &[f32]) -> Box<RaceFrame> {
        Box::new(RaceFrame {
            preset: preset.into(),
            step,
            running: true,
            lanes: losses
                .iter()
                .enumerate()
                .map(|(i, &loss)| LaneReport {
                    label: format!("lane {i}"),
                    measured: vec![metrics(step, loss)],
                    diverged: false,
                })
                .collect(),
            surface: None,
        })
    }

    #[test]
    fn orders_are_numbered_and_frames_build_the_curves() {
        let mut race = RaceView::default();
        race.reduce(RaceAction::Play);
        assert_eq!(race.order, None, "nothing to play before a start");
        race.reduce(RaceAction::Start("optimizer-race".into()));
        assert_eq!(race.order, Some((0, RaceCommand::Start("optimizer-race".into()))));
        race.reduce(RaceAction::Frame(frame("optimizer-race", 10, &[0.7, 0.6])));
        race.reduce(RaceAction::Frame(frame("momentum", 20, &[9.0, 9.0])));
        race.reduce(RaceAction::Frame(frame("optimizer-race", 20, &[0.65, 0.4])));
        assert_eq!(race.lanes.len(), 2);
        assert_eq!(race.lanes[1].points, [(10, 0.6), (20, 0.4)], "another preset's frame is ignored");
        assert_eq!(race.step, 20);
        race.reduce(RaceAction::Pause);
        race.reduce(RaceAction::Pause);
        assert_eq!(race.order, Some((1, RaceCommand::Pause)), "one pause is one order");
        race.reduce(RaceAction::Start("optimizer-race".into()));
        assert_eq!(race.order, Some((2, RaceCommand::Start("optimizer-race".into()))), "a restart is sent again");
        assert!(race.lanes.is_empty(), "a restart clears the curves");
        race.reduce(RaceAction::Failed("no preset".into()));
        assert!(!race.running);
        race.reduce(RaceAction::Stop);
        assert_eq!((race.preset.clone(), race.order.clone()), (None, Some((3, RaceCommand::Stop))));
    }

    #[test]
    fn long_curves_are_thinned_and_keep_their_ends() {
        let mut race = RaceView::default();
        race.reduce(RaceAction::Start("p".into()));
        for step in 1..=2000u64 {
            race.reduce(RaceAction::Frame(frame("p", step, &[1.0 / step as f32])));
        }
        let points = &race.lanes[0].points;
        assert!(points.len() <= CURVE_POINTS, "{}", points.len());
        assert_eq!(points[0].0, 1);
        assert_eq!(points.last().unwrap().0, 2000);
    }

    #[test]
    fn the_race_and_the_normal_run_take_turns() {
        use crate::state::{Action, State};
        use yew::Reducible;
        let state = Rc::new(State::default()).reduce(Action::TogglePlay);
        assert!(state.running);
        let state = state.reduce(Action::Race(RaceAction::Start("optimizer-race".into())));
        assert!(!state.running, "starting the race pauses the normal run");
        assert!(state.race.running);
        let state = state.reduce(Action::TogglePlay);
        assert!(state.running);
        assert!(!state.race.running, "playing the normal run pauses the race");
        assert_eq!(state.race.order.as_ref().map(|(_, c)| c.clone()), Some(RaceCommand::Pause));
    }
}
