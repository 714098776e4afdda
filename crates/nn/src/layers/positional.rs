//! Position encodings added to `[time, dim]` sequences (token embeddings), so that
//! attention, which is blind to order, can tell positions apart: a learned table, or
//! the fixed sinusoids of "Attention Is All You Need".
//!
//! Both accept sequences up to `max_len` long; shorter ones use the first rows.

use super::input_check::{check_parameter_size, check_rank};
use crate::{Context, Layer, ParamId, ParamStore};
use nnplay_tensor::{Device, Distribution, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// The JSON form of a learned positional embedding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnedPositionalConfig {
    /// Longest sequence it can encode (default: the input's length).
    #[serde(default)]
    pub max_len: Option<usize>,
    /// Standard deviation of the initial values (default 1, `nn.Embedding`'s N(0, 1);
    /// GPT-2 uses 0.02).
    #[serde(default = "one")]
    pub init_std: f32,
}

fn one() -> f32 {
    1.0
}

impl Default for LearnedPositionalConfig {
    fn default() -> Self {
        LearnedPositionalConfig { max_len: None, init_std: one() }
    }
}

/// The JSON form of a sinusoidal positional encoding.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SinusoidalPositionalConfig {
    /// Longest sequence it can encode (default: the input's length).
    #[serde(default)]
    pub max_len: Option<usize>,
}

/// Adds a learned vector per position: `{name}.weight` of shape `[max_len, dim]`
/// (in PyTorch an `nn.Embedding(max_len, dim)` applied to `arange(time)`).
#[derive(Debug, Clone)]
pub struct LearnedPositional {
    /// Longest sequence it encodes.
    pub max_len: usize,
    /// Features per position.
    pub dim: usize,
    /// `{name}.weight`: `[max_len, dim]`.
    pub weight: ParamId,
    output_shape: Vec<usize>,
}

impl LearnedPositional {
    /// Builds the layer for `[time, dim]` inputs, drawing the table from `stream` of
    /// `seed`.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &LearnedPositionalConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<LearnedPositional, String> {
        let (max_len, dim) = sequence_shape("LearnedPositional", input, config.max_len)?;
        if config.init_std.is_nan() || config.init_std < 0.0 {
            return Err(format!("LearnedPositional: init_std = {} must not be negative", config.init_std));
        }
        let table = Tensor::random(
            Distribution::Normal { mean: 0.0, std: config.init_std },
            seed,
            stream,
            [max_len, dim],
            device,
        );
        let weight = store.add(format!("{name}.weight"), table, true);
        Ok(LearnedPositional { max_len, dim, weight, output_shape: input.to_vec() })
    }
}

impl Layer for LearnedPositional {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        let time = check_sequence("LearnedPositional", x, self.max_len, self.dim)?;
        x.add(&params.get(self.weight).slice(0, 0, time)?)
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        self.output_shape.iter().product::<usize>() as u64
    }
}

/// Adds fixed sinusoids: `PE[pos, 2i] = sin(pos / 10000^(2i/dim))`,
/// `PE[pos, 2i+1] = cos(pos / 10000^(2i/dim))`. The table is a constant of the layer,
/// not a parameter, so it is neither trained nor saved (in PyTorch a buffer registered
/// with `persistent=False`).
#[derive(Debug, Clone)]
pub struct SinusoidalPositional {
    /// Longest sequence it encodes.
    pub max_len: usize,
    /// Features per position.
    pub dim: usize,
    /// `[max_len, dim]`.
    table: Tensor,
    output_shape: Vec<usize>,
}

impl SinusoidalPositional {
    /// Builds the layer for `[time, dim]` inputs; it has no parameters, so `store`,
    /// `name`, `seed` and `stream` are unused (the signature is every layer's).
    pub fn new(
        _store: &mut ParamStore,
        _name: &str,
        input: &[usize],
        config: &SinusoidalPositionalConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<SinusoidalPositional, String> {
        let (max_len, dim) = sequence_shape("SinusoidalPositional", input, config.max_len)?;
        let table = Tensor::from_vec(sinusoids(max_len, dim), [max_len, dim], device).map_err(|e| e.to_string())?;
        Ok(SinusoidalPositional { max_len, dim, table, output_shape: input.to_vec() })
    }
    /// The `[max_len, dim]` table (for the UI's picture of it).
    pub fn table(&self) -> &Tensor {
        &self.table
    }
}

impl Layer for SinusoidalPositional {
    fn forward(&self, _params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        let time = check_sequence("SinusoidalPositional", x, self.max_len, self.dim)?;
        x.add(&self.table.slice(0, 0, time)?)
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    fn flops(&self) -> u64 {
        self.output_shape.iter().product::<usize>() as u64
    }
}

/// The sinusoid table, computed in f64 so every entry is the correctly rounded f32.
fn sinusoids(max_len: usize, dim: usize) -> Vec<f32> {
    let mut table = Vec::with_capacity(max_len * dim);
    for position in 0..max_len {
        for feature in 0..dim {
            let pair = (feature / 2 * 2) as f64;
            let angle = position as f64 / 10_000f64.powf(pair / dim as f64);
            table.push(if feature % 2 == 0 { angle.sin() } else { angle.cos() } as f32);
        }
    }
    table
}

/// `(max_len, dim)` for a `[time, dim]` input.
fn sequence_shape(layer: &str, input: &[usize], max_len: Option<usize>) -> std::result::Result<(usize, usize), String> {
    check_rank(layer, input, &[2], "[time, dim]", "put it after an Embedding")?;
    let max_len = max_len.unwrap_or(input[0]);
    if max_len < input[0] {
        return Err(format!(
            "{layer}: max_len {max_len} is shorter than the input's {} positions; raise max_len to at least {}",
            input[0], input[0]
        ));
    }
    check_parameter_size(layer, "table", &[max_len, input[1]])?;
    Ok((max_len, input[1]))
}

/// Checks that `x` is `[batch, time, dim]` with `time <= max_len`; returns `time`.
fn check_sequence(layer: &'static str, x: &Tensor, max_len: usize, dim: usize) -> Result<usize> {
    if x.rank() != 3 || x.dims()[2] != dim || x.dims()[1] > max_len {
        return Err(TensorError::Invalid {
            op: layer,
            shape: x.shape().clone(),
            reason: format!("expected an input of shape [batch, time, {dim}] with time at most {max_len}"),
        });
    }
    Ok(x.dims()[1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::testing::assert_close;

    engine_test! {
        async fn sinusoids_follow_the_formula() {
            let layer = SinusoidalPositional::new(&mut ParamStore::new(), "pe", &[4, 6], &SinusoidalPositionalConfig { max_len: Some(10) }, 0, 0, Device::Cpu).unwrap();
            let table = layer.table().to_vec().await.unwrap();
            assert_eq!(table.len(), 60);
            // Position 3, features 2 and 3: angle 3 / 10000^(2/6).
            let angle = 3.0f32 / 10_000f32.powf(2.0 / 6.0);
            assert_close(&table[3 * 6 + 2..3 * 6 + 4], &[angle.sin(), angle.cos()], 1e-5, 1e-6);
            assert_eq!(&table[..6], &[0.0, 1.0, 0.0, 1.0, 0.0, 1.0]);
            // Shorter sequences use the first rows.
            let x = Tensor::zeros([2, 3, 6], Device::Cpu);
            let y = layer.forward(&ParamStore::new(), &x, &mut Context::eval()).unwrap().to_vec().await.unwrap();
            assert_eq!(&y[..18], &table[..18]);
            assert_eq!(&y[18..], &table[..18]);
            let long = Tensor::zeros([1, 11, 6], Device::Cpu);
            let error = layer.forward(&ParamStore::new(), &long, &mut Context::eval()).unwrap_err().to_string();
            assert!(error.contains("time at most 10"), "{error}");
        }
    }

    engine_test! {
        async fn learned_table_is_a_trained_parameter() {
            let mut store = ParamStore::new();
            let layer = LearnedPositional::new(&mut store, "pos", &[4, 3], &LearnedPositionalConfig::default(), 1, 0, Device::Cpu).unwrap();
            assert_eq!(store.params()[0].name, "pos.weight");
            assert_eq!(store.params()[0].value.dims(), &[4, 3]);
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 2, 0, [2, 4, 3], Device::Cpu);
            let table = store.get(layer.weight).clone();
            let result = GradCheck::default()
                .check(
                    |v| {
                        let mut local = store.clone();
                        local.set(layer.weight.index(), &v[1]);
                        layer.forward(&local, &v[0], &mut Context::eval())
                    },
                    &[x, table],
                )
                .await;
            assert!(result.is_ok(), "{result:?}");
            let error = LearnedPositional::new(&mut store, "pos", &[4, 3], &LearnedPositionalConfig { max_len: Some(2), init_std: 1.0 }, 1, 0, Device::Cpu).unwrap_err();
            assert!(error.contains("raise max_len to at least 4"), "{error}");
        }
    }
}
