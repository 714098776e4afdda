//! The race against real presets: equal starts, diverging lanes, the surface's anchor
//! and bounded memory.

use super::*;
use crate::presets;

fn race_runs() -> Vec<(String, RunSpec)> {
    presets::find("optimizer-race").unwrap().runs().unwrap()
}

fn block_on<T>(future: impl std::future::Future<Output = T>) -> T {
    pollster::block_on(future)
}

fn new_race(runs: Vec<(String, RunSpec)>, options: RaceOptions) -> Result<Race, TrainError> {
    block_on(Race::new(runs, Device::Cpu, &AssetFiles::new(), options))
}

fn distance(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f32>().sqrt()
}

#[test]
fn lanes_start_equal_and_diverge_when_their_optimizers_differ() {
    let mut runs = race_runs();
    // A second SGD lane is the control: the same optimizer must follow the same path.
    runs.push(("SGD again".into(), runs[0].1.clone()));
    let mut race = new_race(runs, RaceOptions { snapshot_every: 10, ..RaceOptions::default() }).unwrap();
    let labels: Vec<&str> = race.lanes().iter().map(Lane::label).collect();
    assert_eq!(labels, ["SGD", "momentum", "RMSProp", "Adam", "SGD again"]);
    for lane in race.lanes() {
        assert_eq!(lane.path().points()[0].weights, race.start(), "{} starts at the shared weights", lane.label());
    }
    for _ in 0..50 {
        block_on(race.step()).unwrap();
    }
    assert!(race.lanes().iter().all(|lane| lane.session().steps() == 50), "every lane took the same steps");
    let last = |i: usize| race.lanes()[i].path().points().last().unwrap().weights.clone();
    assert_eq!(race.lanes()[0].path().points().last().unwrap().step, 50);
    assert_eq!(last(0), last(4), "the same optimizer from the same start takes the same path");
    for other in 1..4 {
        let apart = distance(&last(0), &last(other));
        assert!(apart > 1e-3, "{} left SGD's path (distance {apart})", race.lanes()[other].label());
    }
    let moved = distance(&last(3), race.start());
    assert!(moved > 0.1, "Adam moved away from the start: {moved}");
}

#[test]
fn lanes_that_start_from_other_weights_are_refused() {
    let mut runs = race_runs();
    runs[2].1.model.seed += 1;
    let error = new_race(runs, RaceOptions::default()).err().unwrap().to_string();
    assert!(error.starts_with("race: `RMSProp` starts from other weights than `SGD`"), "{error}");
    assert!(new_race(Vec::new(), RaceOptions::default()).err().unwrap().to_string().contains("no runs"));
    let mut runs = race_runs();
    if let crate::RunData::Points(config) = &mut runs[1].1.data {
        config.noise = 0.3;
    }
    let error = new_race(runs, RaceOptions::default()).err().unwrap().to_string();
    assert!(error.contains("`momentum` trains on other data than `SGD`"), "{error}");
}

#[test]
fn the_surface_at_the_origin_is_the_loss_at_the_starting_weights() {
    let mut race = new_race(race_runs(), RaceOptions::default()).unwrap();
    for _ in 0..40 {
        block_on(race.step()).unwrap();
    }
    let surface = block_on(race.surface(9)).unwrap();
    assert_eq!(surface.losses.len(), 81);
    let (column, row) = surface.origin;
    assert_eq!(surface.coordinates(column, row), (0.0, 0.0));
    // The loss of a fresh, untrained session on the same subset of its training data,
    // computed by the session's own model, not through the plane.
    let fresh = SpecSession::new(race_runs().remove(0).1).unwrap();
    let total = fresh.core.train.len;
    let count = total.min(SURFACE_EXAMPLES);
    assert_eq!(surface.examples, count);
    let rows: Vec<usize> = (0..count).map(|i| i * total / count).collect();
    let (inputs, targets) = fresh.core.train.rows(&rows).unwrap();
    let output = fresh.core.predict(&inputs).unwrap();
    let expected = block_on(fresh.core.spec.loss.compute(&output, &targets).unwrap().to_scalar()).unwrap();
    let at_origin = surface.at(column, row);
    assert!((at_origin - expected).abs() <= 1e-5 * expected.abs().max(1.0), "{at_origin} vs {expected}");
    // Every path starts at the origin and ends at its lane's current weights.
    for (path, lane) in surface.paths.iter().zip(race.lanes()) {
        assert_eq!(path.label, lane.label());
        assert_eq!(path.points[0], (0.0, 0.0));
        assert_eq!(*path.steps.last().unwrap(), 40);
        assert_eq!(path.points.len(), path.steps.len());
    }
    assert!(surface.explained > 0.0 && surface.explained <= 1.0, "{}", surface.explained);
    // The paths lie within the grid.
    for (a, b) in surface.paths.iter().flat_map(|p| p.points.iter()) {
        assert!((surface.a_range.0..=surface.a_range.1).contains(a), "{a} in {:?}", surface.a_range);
        assert!((surface.b_range.0..=surface.b_range.1).contains(b), "{b} in {:?}", surface.b_range);
    }
    assert!(surface.losses.iter().all(|l| l.is_finite()), "a short race stays where the loss is finite");
}

#[test]
fn a_lane_whose_whole_path_lies_in_the_plane_projects_exactly() {
    // Two lanes after one step: each path is the start and one snapshot, so both lie in
    // the plane their two displacements span, and the projected coordinates must give
    // back the exact weights.
    let runs: Vec<(String, RunSpec)> = race_runs().into_iter().take(2).collect();
    let mut race = new_race(runs, RaceOptions { snapshot_every: 1, max_snapshots: 4, max_history: 8 }).unwrap();
    block_on(race.step()).unwrap();
    let surface = block_on(race.surface(5)).unwrap();
    let plane = Plane::through(
        race.start().to_vec(),
        &race.lanes().iter().map(|lane| lane.path().points()[1].weights.as_slice()).collect::<Vec<_>>(),
    );
    assert!((plane.explained - 1.0).abs() < 1e-4, "{}", plane.explained);
    for (lane, path) in race.lanes().iter().zip(&surface.paths) {
        let weights = &lane.path().points()[1].weights;
        let (a, b) = path.points[1];
        let back = plane.point(a, b);
        let error = distance(&back, weights);
        assert!(error < 1e-4 * distance(weights, race.start()).max(1e-6), "{}: off by {error}", lane.label());
    }
}

#[test]
fn paths_and_histories_stay_within_their_bounds() {
    let options = RaceOptions { snapshot_every: 1, max_snapshots: 8, max_history: 16 };
    let mut race = new_race(race_runs(), options).unwrap();
    for step in 0..200 {
        block_on(race.step()).unwrap();
        if step % 5 == 0 {
            block_on(race.measure()).unwrap();
        }
        for lane in race.lanes() {
            assert!(lane.path().points().len() <= 8, "{}: {}", lane.label(), lane.path().points().len());
            assert!(lane.history().len() <= 16);
        }
    }
    for lane in race.lanes() {
        assert_eq!(lane.path().points()[0].step, 0, "the start is kept");
        assert_eq!(lane.history()[0].step, 1, "the first measurement is kept");
        assert_eq!(lane.history().last().unwrap().step, 196, "the newest is kept");
    }
    assert_eq!(race.path_memory_bound(), 4 * 8 * race.start().len() * 4);
}

#[test]
fn every_lane_s_loss_falls_in_a_short_race() {
    let mut race = new_race(race_runs(), RaceOptions::default()).unwrap();
    let before = block_on(race.measure()).unwrap();
    for _ in 0..300 {
        block_on(race.step()).unwrap();
    }
    let after = block_on(race.measure()).unwrap();
    for ((lane, b), a) in race.lanes().iter().zip(&before).zip(&after) {
        assert!(a.train_loss < b.train_loss, "{}: {} -> {}", lane.label(), b.train_loss, a.train_loss);
    }
    // Adam beats SGD at the shared learning rate, as the preset documents.
    assert!(after[3].train_loss < after[0].train_loss);
}

/// Prints what a 21×21 surface of the optimizer race costs; run in release with
/// `cargo test --release -p nnplay-train race_surface_cost -- --ignored --nocapture`.
#[test]
#[ignore]
fn race_surface_cost() {
    let mut race = new_race(race_runs(), RaceOptions::default()).unwrap();
    for _ in 0..1000 {
        block_on(race.step()).unwrap();
    }
    let start = std::time::Instant::now();
    let rounds = 5;
    for _ in 0..rounds {
        let surface = block_on(race.surface(21)).unwrap();
        assert_eq!(surface.losses.len(), 441);
    }
    let each = start.elapsed().as_secs_f64() * 1000.0 / rounds as f64;
    println!("21x21 surface of optimizer-race after 1000 steps: {each:.1} ms ({} weights)", race.start().len());
}
