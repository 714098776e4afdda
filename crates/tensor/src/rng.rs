//! Counter-based random numbers: every value is a pure hash of (seed, stream, index).
//!
//! Nothing is carried from one draw to the next, so a value can be computed anywhere in
//! any order — on the CPU, or later in a WGSL kernel (which is why only 32-bit integer
//! arithmetic is used). The same seed gives the same initial weights, shuffles and
//! dropout masks on every backend.

use serde::{Deserialize, Serialize};

/// The shape of the values [`crate::Tensor::random`] draws.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Distribution {
    /// Uniform on `[low, high)`.
    Uniform { low: f32, high: f32 },
    /// Gaussian with the given mean and standard deviation (Box–Muller).
    Normal { mean: f32, std: f32 },
}

/// Chris Wellons' `lowbias32` integer finaliser: a bijection on u32 with low bias.
fn mix(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^= x >> 16;
    x
}

/// The key of `stream` under `seed`: what the GPU kernel is given, so it only hashes in
/// the index (random.wgsl).
pub fn stream_key(seed: u64, stream: u32) -> u32 {
    let key = mix(mix(seed as u32 ^ 0x9e37_79b9) ^ (seed >> 32) as u32);
    mix(key ^ stream.wrapping_mul(0x85eb_ca6b))
}

/// The random 32-bit word at `index` of `stream` under `seed`.
pub fn hash(seed: u64, stream: u32, index: u32) -> u32 {
    let key = stream_key(seed, stream);
    mix(mix(key ^ index) ^ key)
}

/// A uniform value in `[0, 1)` with 24 random bits (all an f32 mantissa holds).
pub fn unit(seed: u64, stream: u32, index: u32) -> f32 {
    (hash(seed, stream, index) >> 8) as f32 * (1.0 / 16_777_216.0)
}

/// A uniform value in `(0, 1]`, safe to take the logarithm of.
fn unit_open(seed: u64, stream: u32, index: u32) -> f32 {
    ((hash(seed, stream, index) >> 8) + 1) as f32 * (1.0 / 16_777_216.0)
}

/// The value at `index` of a stream drawn from `dist`.
pub fn sample(dist: Distribution, seed: u64, stream: u32, index: u32) -> f32 {
    match dist {
        Distribution::Uniform { low, high } => low + (high - low) * unit(seed, stream, index),
        Distribution::Normal { mean, std } => {
            let u1 = unit_open(seed, stream, index.wrapping_mul(2));
            let u2 = unit(seed, stream, index.wrapping_mul(2).wrapping_add(1));
            let radius = (-2.0 * u1.ln()).sqrt();
            mean + std * radius * (std::f32::consts::TAU * u2).cos()
        }
    }
}

/// A sequential view of one stream, for host-side work such as generating a dataset or
/// shuffling it. Its values equal [`unit`] at successive indices.
#[derive(Debug, Clone)]
pub struct StreamRng {
    seed: u64,
    stream: u32,
    index: u32,
}

impl StreamRng {
    /// The start of `stream` under `seed`.
    pub fn new(seed: u64, stream: u32) -> Self {
        StreamRng { seed, stream, index: 0 }
    }
    /// The next raw 32-bit word.
    pub fn next_u32(&mut self) -> u32 {
        let value = hash(self.seed, self.stream, self.index);
        self.index = self.index.wrapping_add(1);
        value
    }
    /// The next uniform value in `[0, 1)`.
    pub fn next_unit(&mut self) -> f32 {
        (self.next_u32() >> 8) as f32 * (1.0 / 16_777_216.0)
    }
    /// The next uniform value in `[low, high)`.
    pub fn uniform(&mut self, low: f32, high: f32) -> f32 {
        low + (high - low) * self.next_unit()
    }
    /// The next standard-normal value.
    pub fn normal(&mut self) -> f32 {
        let u1 = ((self.next_u32() >> 8) + 1) as f32 * (1.0 / 16_777_216.0);
        let u2 = self.next_unit();
        (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
    }
    /// A uniform integer in `0..n` (multiply-shift, no modulo bias worth noting).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u32() as u64 * n as u64) >> 32) as usize
    }
    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_inputs_same_value_and_streams_differ() {
        assert_eq!(hash(7, 0, 3), hash(7, 0, 3));
        assert_ne!(hash(7, 0, 3), hash(7, 1, 3));
        assert_ne!(hash(7, 0, 3), hash(8, 0, 3));
        assert_ne!(hash(7, 0, 3), hash(7, 0, 4));
    }

    #[test]
    fn stream_rng_matches_the_counter_form() {
        let mut rng = StreamRng::new(42, 5);
        for i in 0..10 {
            assert_eq!(rng.next_unit(), unit(42, 5, i));
        }
    }

    #[test]
    fn uniform_and_normal_moments_are_right() {
        let n = 20_000u32;
        let uniform: Vec<f32> = (0..n).map(|i| unit(1, 0, i)).collect();
        let mean = uniform.iter().sum::<f32>() / n as f32;
        assert!((mean - 0.5).abs() < 0.01, "uniform mean {mean}");
        assert!(uniform.iter().all(|&u| (0.0..1.0).contains(&u)));
        let dist = Distribution::Normal { mean: 0.0, std: 1.0 };
        let normal: Vec<f32> = (0..n).map(|i| sample(dist, 1, 0, i)).collect();
        let mean = normal.iter().sum::<f32>() / n as f32;
        let var = normal.iter().map(|x| (x - mean) * (x - mean)).sum::<f32>() / n as f32;
        assert!(mean.abs() < 0.03, "normal mean {mean}");
        assert!((var - 1.0).abs() < 0.05, "normal variance {var}");
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut items: Vec<usize> = (0..100).collect();
        StreamRng::new(3, 0).shuffle(&mut items);
        assert_ne!(items, (0..100).collect::<Vec<_>>());
        items.sort();
        assert_eq!(items, (0..100).collect::<Vec<_>>());
    }
}
