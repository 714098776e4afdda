//! Generated grey images of four filled shapes — circle, square, triangle, cross — at a
//! random position, size and rotation, for convolutional nets.
//!
//! Each shape is drawn by a signed distance `d` (in pixels, negative inside) taken at the
//! pixel centre: the pixel's value is `clamp(0.5 − d, 0, 1)`, the fraction of a one-pixel
//! box the edge covers, which gives a one-pixel anti-aliased rim. Polygons use the largest
//! distance to their edge lines, which keeps the corners sharp. Every shape fits inside a
//! circle of radius `r` that lies more than a pixel inside the image, so the border row
//! and column of a clean image are always 0. Gaussian noise of standard deviation `noise`
//! is then added to every pixel, without clipping.

use crate::{DataError, TensorData};
use nnplay_tensor::rng::StreamRng;
use serde::{Deserialize, Serialize};
use std::f32::consts::{FRAC_1_SQRT_2, TAU};
use std::fmt::Display;
use std::ops::RangeInclusive;

/// What the dataset shows, for the dataset picker.
pub const DESCRIPTION_EN: &str = "Grey images of four filled shapes — circle, square, triangle and cross — each \
at a random place, size and rotation, with a soft one-pixel edge and added Gaussian noise. A convolutional net \
learns to name the shape wherever it sits and however it is turned; a dense net must learn every position \
separately. The four classes take turns, so each has a quarter of the images.";

/// [`DESCRIPTION_EN`] in Chinese.
pub const DESCRIPTION_ZH: &str = "四种实心图形（圆形、正方形、三角形、十字形）的灰度图像，每个图形的位置、大小和\
旋转角度都是随机的，边缘有一个像素宽的柔和过渡，并叠加了高斯噪声。卷积网络能学会无论图形在哪里、转了多少度都认出它；\
全连接网络则必须分别学习每一个位置。四个类别依次轮换，各占四分之一。";

/// The class names in class-index order.
pub const CLASS_NAMES: [&str; 4] = ["circle", "square", "triangle", "cross"];

/// [`CLASS_NAMES`] in Chinese.
pub const CLASS_NAMES_ZH: [&str; 4] = ["圆形", "正方形", "三角形", "十字形"];

/// How many images may be asked for.
pub const SAMPLES: RangeInclusive<usize> = 10..=20_000;
/// The allowed side of the square image, in pixels.
pub const SIZE: RangeInclusive<usize> = 12..=64;
/// The allowed standard deviation of the pixel noise.
pub const NOISE: RangeInclusive<f32> = 0.0..=0.5;

/// The radius of a shape's bounding circle, as a fraction of the image side.
const RADIUS_FRACTION: (f32, f32) = (0.2, 0.38);
/// The gap in pixels between a shape's bounding circle and the image's edge: more than
/// half a pixel, so the anti-aliased rim never reaches the border pixels.
const MARGIN: f32 = 1.25;
/// Half the width of a cross's bar, as a fraction of the bounding radius.
const CROSS_HALF_WIDTH: f32 = 0.32;
/// The random streams of the shapes and of the noise: apart, so that changing the noise
/// keeps the same shapes.
const SHAPE_STREAM: u32 = 0x5AA9_E500;
const NOISE_STREAM: u32 = 0x5AA9_E501;

/// How many shape images, how big and how noisy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShapesSettings {
    /// Images in total; class `i % 4` for image `i`.
    pub samples: usize,
    /// Side of the square image in pixels.
    pub size: usize,
    /// Standard deviation of the Gaussian noise added to every pixel.
    pub noise: f32,
}

impl Default for ShapesSettings {
    fn default() -> Self {
        ShapesSettings { samples: 2000, size: 28, noise: 0.1 }
    }
}

/// Generates `settings.samples` images of shape `[1, size, size]` with class targets
/// (0 circle, 1 square, 2 triangle, 3 cross) from `seed`.
pub fn generate(settings: ShapesSettings, seed: u64) -> Result<TensorData, DataError> {
    let ShapesSettings { samples, size, noise } = settings;
    check_range("samples", samples, SAMPLES)?;
    check_range("size", size, SIZE)?;
    check_range("noise", noise, NOISE)?;

    let mut rng = StreamRng::new(seed, SHAPE_STREAM);
    let mut noise_rng = StreamRng::new(seed, NOISE_STREAM);
    let mut inputs = Vec::with_capacity(samples * size * size);
    let mut targets = Vec::with_capacity(samples);
    for i in 0..samples {
        let shape = Shape::ALL[i % 4];
        let side = size as f32;
        let radius = side * rng.uniform(RADIUS_FRACTION.0, RADIUS_FRACTION.1);
        let placement = Placement {
            centre_x: rng.uniform(radius + MARGIN, side - radius - MARGIN),
            centre_y: rng.uniform(radius + MARGIN, side - radius - MARGIN),
            radius,
            angle: rng.uniform(0.0, TAU),
        };
        let start = inputs.len();
        draw(shape, placement, size, &mut inputs);
        if noise > 0.0 {
            for value in &mut inputs[start..] {
                *value += noise * noise_rng.normal();
            }
        }
        targets.push(shape as usize as f32);
    }
    Ok(TensorData { inputs, input_shape: vec![1, size, size], targets, target_shape: vec![], classes: 4, len: samples })
}

/// Checks that a setting lies in its allowed range, naming it if not (shared by the
/// generated datasets: shapes, sequences and tones).
pub(crate) fn check_range<T: PartialOrd + Display>(
    field: &'static str,
    value: T,
    range: RangeInclusive<T>,
) -> Result<(), DataError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(DataError::OutOfRange {
            field,
            value: value.to_string(),
            range: format!("between {} and {}", range.start(), range.end()).into(),
        })
    }
}

/// The four classes, in class-index order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Circle = 0,
    Square = 1,
    Triangle = 2,
    Cross = 3,
}

impl Shape {
    const ALL: [Shape; 4] = [Shape::Circle, Shape::Square, Shape::Triangle, Shape::Cross];

    /// Signed distance from the shape's boundary at `(x, y)` in the shape's own frame
    /// (centred, unrotated), where every shape fits inside a circle of `radius`.
    fn distance(self, x: f32, y: f32, radius: f32) -> f32 {
        match self {
            Shape::Circle => (x * x + y * y).sqrt() - radius,
            Shape::Square => box_distance(x, y, radius * FRAC_1_SQRT_2, radius * FRAC_1_SQRT_2),
            Shape::Triangle => {
                // Equilateral with circumradius `radius`: each edge lies radius/2 from the
                // centre, with outward normals at −90°, 30° and 150°.
                let half_sqrt3 = 3f32.sqrt() / 2.0;
                let edges = [(0.0, -1.0), (half_sqrt3, 0.5), (-half_sqrt3, 0.5)];
                edges.iter().map(|&(nx, ny)| x * nx + y * ny - radius / 2.0).fold(f32::MIN, f32::max)
            }
            Shape::Cross => {
                let width = CROSS_HALF_WIDTH * radius;
                let length = (radius * radius - width * width).sqrt();
                box_distance(x, y, length, width).min(box_distance(x, y, width, length))
            }
        }
    }
}

/// Signed distance from an axis-aligned box of half-sides `half_x`, `half_y` (largest
/// distance to its edge lines).
fn box_distance(x: f32, y: f32, half_x: f32, half_y: f32) -> f32 {
    (x.abs() - half_x).max(y.abs() - half_y)
}

/// Where a shape sits in the image, in pixels (pixel `(row, col)` has its centre at
/// `(col + 0.5, row + 0.5)`), and how it is turned.
#[derive(Debug, Clone, Copy)]
struct Placement {
    centre_x: f32,
    centre_y: f32,
    radius: f32,
    angle: f32,
}

/// Appends the clean `size × size` image of `shape` at `placement`, row by row.
fn draw(shape: Shape, placement: Placement, size: usize, out: &mut Vec<f32>) {
    let (sin, cos) = placement.angle.sin_cos();
    for row in 0..size {
        let dy = row as f32 + 0.5 - placement.centre_y;
        for col in 0..size {
            let dx = col as f32 + 0.5 - placement.centre_x;
            let distance = shape.distance(dx * cos + dy * sin, dy * cos - dx * sin, placement.radius);
            out.push((0.5 - distance).clamp(0.0, 1.0));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(samples: usize, size: usize, noise: f32) -> ShapesSettings {
        ShapesSettings { samples, size, noise }
    }

    #[test]
    fn classes_take_turns_and_are_balanced() {
        let data = generate(settings(40, 28, 0.1), 1).unwrap();
        assert_eq!(data.len, 40);
        assert_eq!(data.classes, 4);
        assert_eq!(data.input_shape, vec![1, 28, 28]);
        assert_eq!(data.inputs.len(), 40 * 28 * 28);
        assert!(data.target_shape.is_empty());
        for (i, &target) in data.targets.iter().enumerate() {
            assert_eq!(target, (i % 4) as f32);
        }
        for class in 0..4 {
            assert_eq!(data.targets.iter().filter(|&&t| t == class as f32).count(), 10);
        }
    }

    #[test]
    fn clean_shapes_are_bright_and_stay_inside_the_image() {
        for size in [12, 28, 64] {
            let data = generate(settings(200, size, 0.0), 7).unwrap();
            for image in data.inputs.chunks(size * size) {
                assert!(image.iter().all(|&v| (0.0..=1.0).contains(&v)));
                let border = (0..size).flat_map(|i| [(0, i), (size - 1, i), (i, 0), (i, size - 1)]);
                assert!(
                    border.into_iter().all(|(row, col)| image[row * size + col] == 0.0),
                    "shape touches the border"
                );
                // Some pixel lies wholly inside the shape, and the shape is more than a speck.
                assert!(image.contains(&1.0), "no fully covered pixel at size {size}");
                let bright = image.iter().filter(|&&v| v >= 0.5).count();
                assert!(bright >= 6, "only {bright} bright pixels at size {size}");
            }
        }
    }

    #[test]
    fn drawn_area_matches_the_shape() {
        let placement = Placement { centre_x: 32.0, centre_y: 32.0, radius: 20.0, angle: 0.7 };
        let r2 = 20.0f32 * 20.0;
        let w = CROSS_HALF_WIDTH * 20.0;
        let l = (r2 - w * w).sqrt();
        let expected = [std::f32::consts::PI * r2, 2.0 * r2, 3.0 * 3f32.sqrt() / 4.0 * r2, 8.0 * l * w - 4.0 * w * w];
        for (shape, expected) in Shape::ALL.into_iter().zip(expected) {
            let mut image = Vec::new();
            draw(shape, placement, 64, &mut image);
            let area: f32 = image.iter().sum();
            assert!((area - expected).abs() < 0.02 * expected, "{shape:?}: drawn {area}, expected {expected}");
        }
    }

    #[test]
    fn noise_keeps_the_shapes_and_has_the_asked_spread() {
        let clean = generate(settings(50, 28, 0.0), 3).unwrap();
        let noisy = generate(settings(50, 28, 0.2), 3).unwrap();
        let n = clean.inputs.len();
        let diffs: Vec<f32> = noisy.inputs.iter().zip(&clean.inputs).map(|(a, b)| a - b).collect();
        let mean = diffs.iter().sum::<f32>() / n as f32;
        assert!(mean.abs() < 0.005, "noise mean {mean}");
        let var = diffs.iter().map(|d| d * d).sum::<f32>() / n as f32;
        assert!((var.sqrt() - 0.2).abs() < 0.005, "noise std {}", var.sqrt());
    }

    #[test]
    fn the_same_seed_gives_the_same_images() {
        let a = generate(settings(20, 20, 0.1), 5).unwrap();
        assert_eq!(a, generate(settings(20, 20, 0.1), 5).unwrap());
        assert_ne!(a.inputs, generate(settings(20, 20, 0.1), 6).unwrap().inputs);
    }

    #[test]
    fn bad_settings_name_the_field() {
        let err = generate(settings(5, 28, 0.1), 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset samples is 5; it must be between 10 and 20000");
        let err = generate(settings(100, 65, 0.1), 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset size is 65; it must be between 12 and 64");
        let err = generate(settings(100, 28, 0.7), 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset noise is 0.7; it must be between 0 and 0.5");
        let err = generate(settings(100, 28, f32::NAN), 1).unwrap_err();
        assert!(err.to_string().starts_with("dataset noise is NaN"), "{err}");
    }

    #[test]
    fn settings_read_from_partial_json() {
        let parsed: ShapesSettings = serde_json::from_str(r#"{"samples": 100}"#).unwrap();
        assert_eq!(parsed, ShapesSettings { samples: 100, ..ShapesSettings::default() });
        assert!(serde_json::from_str::<ShapesSettings>(r#"{"sample": 100}"#).is_err());
    }
}
