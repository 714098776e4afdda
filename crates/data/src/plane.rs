//! 2-D point datasets in the square `[-EXTENT, EXTENT]²`, generated from a seed.
//!
//! The shapes follow TensorFlow Playground (`dataset.ts`): the same radii, spiral turns
//! and noise scaling, so its learners recognise them. Labels are class indices 0/1 for
//! classification and values in `[-1, 1]` for regression.

use nnplay_tensor::rng::StreamRng;
use serde::{Deserialize, Serialize};

/// Half the side of the square the points lie in.
pub const EXTENT: f32 = 6.0;

/// Which 2-D problem to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatasetKind {
    /// A disc of one class inside a ring of the other.
    Circle,
    /// Quadrants: the sign of x·y.
    Xor,
    /// Two Gaussian clouds.
    Gaussian,
    /// Two interleaved spiral arms.
    Spiral,
    /// Regression: the target rises linearly along x + y.
    Plane,
}

impl DatasetKind {
    /// Every kind, in the order the UI lists them.
    pub const ALL: [DatasetKind; 5] =
        [DatasetKind::Circle, DatasetKind::Xor, DatasetKind::Gaussian, DatasetKind::Spiral, DatasetKind::Plane];

    /// Whether the labels are classes or values.
    pub fn task(self) -> Task {
        match self {
            DatasetKind::Plane => Task::Regression,
            _ => Task::Classification,
        }
    }
    /// The name used on the command line and in URLs.
    pub fn name(self) -> &'static str {
        match self {
            DatasetKind::Circle => "circle",
            DatasetKind::Xor => "xor",
            DatasetKind::Gaussian => "gaussian",
            DatasetKind::Spiral => "spiral",
            DatasetKind::Plane => "plane",
        }
    }
    /// A label for people.
    pub fn title(self) -> &'static str {
        match self {
            DatasetKind::Circle => "Circle",
            DatasetKind::Xor => "Exclusive or",
            DatasetKind::Gaussian => "Two Gaussians",
            DatasetKind::Spiral => "Spiral",
            DatasetKind::Plane => "Plane (regression)",
        }
    }
}

impl std::str::FromStr for DatasetKind {
    type Err = DataError;
    fn from_str(s: &str) -> Result<Self, DataError> {
        DatasetKind::ALL.into_iter().find(|k| k.name() == s).ok_or_else(|| DataError::UnknownKind(s.to_string()))
    }
}

/// Classification into classes 0 and 1, or regression of a value in `[-1, 1]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    Classification,
    Regression,
}

/// What to generate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DatasetConfig {
    /// Which problem.
    pub kind: DatasetKind,
    /// Points in total, before the train/test split.
    pub samples: usize,
    /// Noise level from 0 (clean) to 0.5 (TensorFlow Playground's 0–50 %).
    pub noise: f32,
    /// Fraction of points used for training; the rest are the test set.
    pub train_ratio: f32,
    /// Seed of the points and of the split.
    pub seed: u64,
}

impl Default for DatasetConfig {
    fn default() -> Self {
        DatasetConfig { kind: DatasetKind::Spiral, samples: 500, noise: 0.0, train_ratio: 0.5, seed: 1 }
    }
}

/// Why a dataset could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DataError {
    #[error("unknown dataset \"{0}\"; choose one of circle, xor, gaussian, spiral, plane")]
    UnknownKind(String),
    #[error("dataset {field} is {value}; it must be {range}")]
    OutOfRange { field: &'static str, value: String, range: std::borrow::Cow<'static, str> },
    /// A packed dataset file that is missing or cannot be read.
    #[error("dataset file {file}: {reason}")]
    Asset { file: &'static str, reason: String },
}

/// Smallest and largest number of points a 2-D dataset may have.
pub const SAMPLES_RANGE: (usize, usize) = (20, 20_000);

impl DatasetConfig {
    /// Checks every field, naming the first one out of range.
    pub fn validate(&self) -> Result<(), DataError> {
        if !(SAMPLES_RANGE.0..=SAMPLES_RANGE.1).contains(&self.samples) {
            return Err(DataError::OutOfRange {
                field: "samples",
                value: self.samples.to_string(),
                range: "between 20 and 20000".into(),
            });
        }
        if !(0.0..=0.5).contains(&self.noise) {
            return Err(DataError::OutOfRange {
                field: "noise",
                value: self.noise.to_string(),
                range: "between 0 and 0.5".into(),
            });
        }
        if !(0.1..=0.9).contains(&self.train_ratio) {
            return Err(DataError::OutOfRange {
                field: "train_ratio",
                value: self.train_ratio.to_string(),
                range: "between 0.1 and 0.9".into(),
            });
        }
        Ok(())
    }
}

/// One point and its label.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
    /// Class 0 or 1, or the regression target in `[-1, 1]`.
    pub label: f32,
}

/// A generated dataset, split into training and test points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset2d {
    pub config: DatasetConfig,
    pub train: Vec<Point>,
    pub test: Vec<Point>,
}

/// RNG streams, one per purpose, so changing one use never shifts another.
const POINT_STREAM: u32 = 0;
const SPLIT_STREAM: u32 = 1;

impl Dataset2d {
    /// Generates the points of `config` and splits them.
    pub fn generate(config: &DatasetConfig) -> Result<Dataset2d, DataError> {
        config.validate()?;
        let mut rng = StreamRng::new(config.seed, POINT_STREAM);
        let mut points = match config.kind {
            DatasetKind::Circle => circle(config.samples, config.noise, &mut rng),
            DatasetKind::Xor => xor(config.samples, config.noise, &mut rng),
            DatasetKind::Gaussian => gaussian(config.samples, config.noise, &mut rng),
            DatasetKind::Spiral => spiral(config.samples, config.noise, &mut rng),
            DatasetKind::Plane => plane(config.samples, config.noise, &mut rng),
        };
        StreamRng::new(config.seed, SPLIT_STREAM).shuffle(&mut points);
        let train_len = ((points.len() as f32 * config.train_ratio).round() as usize).clamp(1, points.len() - 1);
        let test = points.split_off(train_len);
        Ok(Dataset2d { config: config.clone(), train: points, test })
    }
    /// Whether labels are classes or values.
    pub fn task(&self) -> Task {
        self.config.kind.task()
    }
}

fn circle(n: usize, noise: f32, rng: &mut StreamRng) -> Vec<Point> {
    let radius = 5.0;
    let label_of = |x: f32, y: f32| if (x * x + y * y).sqrt() < radius * 0.5 { 1.0 } else { 0.0 };
    let mut points = Vec::with_capacity(n);
    for i in 0..n {
        // Half inside a disc of radius 2.5, half in the ring 3.5–5.
        let (low, high) = if i < n / 2 { (0.0, radius * 0.5) } else { (radius * 0.7, radius) };
        let r = rng.uniform(low, high);
        let angle = rng.uniform(0.0, std::f32::consts::TAU);
        let (x, y) = (r * angle.sin(), r * angle.cos());
        let nx = rng.uniform(-radius, radius) * noise;
        let ny = rng.uniform(-radius, radius) * noise;
        points.push(Point { x, y, label: label_of(x + nx, y + ny) });
    }
    points
}

fn xor(n: usize, noise: f32, rng: &mut StreamRng) -> Vec<Point> {
    let padding = 0.3;
    let away_from_axis = |v: f32| v + if v > 0.0 { padding } else { -padding };
    (0..n)
        .map(|_| {
            let x = away_from_axis(rng.uniform(-5.0, 5.0));
            let y = away_from_axis(rng.uniform(-5.0, 5.0));
            let nx = rng.uniform(-5.0, 5.0) * noise;
            let ny = rng.uniform(-5.0, 5.0) * noise;
            Point { x, y, label: if (x + nx) * (y + ny) >= 0.0 { 1.0 } else { 0.0 } }
        })
        .collect()
}

fn gaussian(n: usize, noise: f32, rng: &mut StreamRng) -> Vec<Point> {
    // Variance grows from 0.5 to 4 as noise goes from 0 to 0.5.
    let std = (0.5 + (4.0 - 0.5) * (noise / 0.5)).sqrt();
    (0..n)
        .map(|i| {
            let (cx, label) = if i < n / 2 { (2.0, 1.0) } else { (-2.0, 0.0) };
            Point { x: cx + rng.normal() * std, y: cx + rng.normal() * std, label }
        })
        .collect()
}

fn spiral(n: usize, noise: f32, rng: &mut StreamRng) -> Vec<Point> {
    let half = n / 2;
    let mut points = Vec::with_capacity(n);
    for (arm, label) in [(0.0, 1.0), (std::f32::consts::PI, 0.0)] {
        let count = if label == 1.0 { half } else { n - half };
        for i in 0..count {
            let t = i as f32 / count as f32;
            let r = t * 5.0;
            let angle = 1.75 * t * std::f32::consts::TAU + arm;
            let x = r * angle.sin() + rng.uniform(-1.0, 1.0) * noise;
            let y = r * angle.cos() + rng.uniform(-1.0, 1.0) * noise;
            points.push(Point { x, y, label });
        }
    }
    points
}

fn plane(n: usize, noise: f32, rng: &mut StreamRng) -> Vec<Point> {
    (0..n)
        .map(|_| {
            let x = rng.uniform(-EXTENT, EXTENT);
            let y = rng.uniform(-EXTENT, EXTENT);
            let nx = rng.uniform(-EXTENT, EXTENT) * noise;
            let ny = rng.uniform(-EXTENT, EXTENT) * noise;
            // x + y spans [-12, 12]; TensorFlow Playground maps [-10, 10] to [-1, 1].
            Point { x, y, label: ((x + nx + y + ny) / 10.0).clamp(-1.0, 1.0) }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(kind: DatasetKind) -> DatasetConfig {
        DatasetConfig { kind, ..DatasetConfig::default() }
    }

    #[test]
    fn every_kind_fills_the_split_inside_the_square() {
        for kind in DatasetKind::ALL {
            let data = Dataset2d::generate(&config(kind)).unwrap();
            assert_eq!(data.train.len(), 250, "{kind:?}");
            assert_eq!(data.test.len(), 250, "{kind:?}");
            for p in data.train.iter().chain(&data.test) {
                assert!(p.x.abs() <= EXTENT + 3.0 && p.y.abs() <= EXTENT + 3.0, "{kind:?} {p:?}");
                match kind.task() {
                    Task::Classification => assert!(p.label == 0.0 || p.label == 1.0),
                    Task::Regression => assert!((-1.0..=1.0).contains(&p.label)),
                }
            }
        }
    }

    #[test]
    fn classes_are_balanced() {
        for kind in [DatasetKind::Circle, DatasetKind::Gaussian, DatasetKind::Spiral] {
            let data = Dataset2d::generate(&config(kind)).unwrap();
            let ones = data.train.iter().chain(&data.test).filter(|p| p.label == 1.0).count();
            assert_eq!(ones, 250, "{kind:?}");
        }
    }

    #[test]
    fn labels_follow_the_geometry_without_noise() {
        let xor = Dataset2d::generate(&config(DatasetKind::Xor)).unwrap();
        assert!(xor.train.iter().all(|p| (p.x * p.y >= 0.0) == (p.label == 1.0)));
        let circle = Dataset2d::generate(&config(DatasetKind::Circle)).unwrap();
        assert!(circle.train.iter().all(|p| ((p.x * p.x + p.y * p.y).sqrt() < 2.5) == (p.label == 1.0)));
    }

    #[test]
    fn same_seed_same_points_other_seed_other_points() {
        let a = Dataset2d::generate(&config(DatasetKind::Spiral)).unwrap();
        let b = Dataset2d::generate(&config(DatasetKind::Spiral)).unwrap();
        assert_eq!(a, b);
        let c = Dataset2d::generate(&DatasetConfig { seed: 2, ..config(DatasetKind::Spiral) }).unwrap();
        assert_ne!(a.train, c.train);
    }

    #[test]
    fn noise_moves_points() {
        let clean = Dataset2d::generate(&config(DatasetKind::Spiral)).unwrap();
        let noisy = Dataset2d::generate(&DatasetConfig { noise: 0.5, ..config(DatasetKind::Spiral) }).unwrap();
        assert_ne!(clean.train, noisy.train);
    }

    #[test]
    fn bad_config_names_the_field() {
        let err = Dataset2d::generate(&DatasetConfig { noise: 2.0, ..DatasetConfig::default() }).unwrap_err();
        assert_eq!(err.to_string(), "dataset noise is 2; it must be between 0 and 0.5");
        let err = "moons".parse::<DatasetKind>().unwrap_err();
        assert!(err.to_string().contains("unknown dataset \"moons\""));
        let json: DatasetConfig =
            serde_json::from_str(r#"{"kind":"xor","samples":100,"noise":0.1,"train_ratio":0.8,"seed":3}"#).unwrap();
        assert_eq!(json.kind, DatasetKind::Xor);
    }
}
