//! `torch.nn.BatchNorm1d` (`[channels]` or `[channels, length]` inputs) and
//! `torch.nn.BatchNorm2d` (`[channels, height, width]`): each channel normalised by
//! the statistics of the batch in training (biased variance), and by the running
//! statistics in evaluation. Training passes update the running statistics (momentum
//! average, unbiased variance) through [`Context::buffer_updates`].

use super::input_check::{check_batch, check_rank};
use crate::{Context, Layer, ParamId, ParamStore};
use nnplay_tensor::{Device, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// The JSON form of a `BatchNorm1d` or `BatchNorm2d`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BatchNormConfig {
    /// Added to the variance before the square root (default 1e-5).
    #[serde(default = "default_eps")]
    pub eps: f32,
    /// Weight of the new batch in the running averages (default 0.1); `null` for a
    /// cumulative average of all batches seen, as PyTorch's `momentum=None`.
    #[serde(default = "default_momentum")]
    pub momentum: Option<f32>,
    /// Whether to learn a scale (`weight`) and shift (`bias`) per channel (default true).
    #[serde(default = "yes")]
    pub affine: bool,
    /// Whether to keep running statistics for evaluation (default true); without them
    /// evaluation also uses the batch's statistics.
    #[serde(default = "yes")]
    pub track_running_stats: bool,
}

fn default_eps() -> f32 {
    1e-5
}
fn default_momentum() -> Option<f32> {
    Some(0.1)
}
fn yes() -> bool {
    true
}

impl Default for BatchNormConfig {
    fn default() -> Self {
        BatchNormConfig { eps: default_eps(), momentum: default_momentum(), affine: true, track_running_stats: true }
    }
}

/// The buffers behind running statistics, PyTorch's names in brackets.
#[derive(Debug, Clone, Copy)]
pub struct RunningStats {
    /// `[channels]` (`{name}.running_mean`), starts at 0.
    pub mean: ParamId,
    /// `[channels]` (`{name}.running_var`), starts at 1.
    pub var: ParamId,
    /// `[]` (`{name}.num_batches_tracked`; an int64 in PyTorch, a whole f32 here).
    pub batches: ParamId,
}

/// Batch normalisation over the channel axis (axis 1 of the batch).
#[derive(Debug, Clone)]
pub struct BatchNorm {
    /// `BatchNorm1d` or `BatchNorm2d`, the PyTorch class to export as.
    pub class: &'static str,
    /// Channels normalised (axis 1 of the batch).
    pub channels: usize,
    /// Added to the variance before the square root.
    pub eps: f32,
    /// Weight of a new batch in the running averages; None for a cumulative average.
    pub momentum: Option<f32>,
    /// `{name}.weight` (starts at 1) and `{name}.bias` (starts at 0), if affine.
    pub affine: Option<(ParamId, ParamId)>,
    /// The running statistics, if tracked.
    pub running: Option<RunningStats>,
    input_shape: Vec<usize>,
}

impl BatchNorm {
    /// `BatchNorm1d` for `[channels]` or `[channels, length]` inputs. Its parameters
    /// start at fixed values, so `seed` and `stream` are unused.
    pub fn new_1d(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &BatchNormConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<BatchNorm, String> {
        check_rank(
            "BatchNorm1d",
            input,
            &[1, 2],
            "[channels] or [channels, length]",
            "use BatchNorm2d for [channels, height, width] inputs",
        )?;
        BatchNorm::build("BatchNorm1d", store, name, input, config, device)
    }

    /// `BatchNorm2d` for `[channels, height, width]` inputs. Its parameters start at
    /// fixed values, so `seed` and `stream` are unused.
    pub fn new_2d(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &BatchNormConfig,
        _seed: u64,
        _stream: u32,
        device: Device,
    ) -> std::result::Result<BatchNorm, String> {
        check_rank(
            "BatchNorm2d",
            input,
            &[3],
            "[channels, height, width]",
            "use BatchNorm1d for [channels] or [channels, length] inputs",
        )?;
        BatchNorm::build("BatchNorm2d", store, name, input, config, device)
    }

    fn build(
        class: &'static str,
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &BatchNormConfig,
        device: Device,
    ) -> std::result::Result<BatchNorm, String> {
        if config.eps.is_nan() || config.eps <= 0.0 {
            return Err(format!("{class}: eps = {} must be positive; 1e-5 is usual", config.eps));
        }
        if let Some(momentum) = config.momentum
            && !(0.0..=1.0).contains(&momentum)
        {
            return Err(format!("{class}: momentum = {momentum} must lie in [0, 1]; 0.1 is usual"));
        }
        let channels = input[0];
        // PyTorch's state_dict order: weight, bias, running_mean, running_var, num_batches_tracked.
        let affine = config.affine.then(|| {
            let weight = store.add(format!("{name}.weight"), Tensor::ones([channels], device), false);
            let bias = store.add(format!("{name}.bias"), Tensor::zeros([channels], device), false);
            (weight, bias)
        });
        let running = config.track_running_stats.then(|| RunningStats {
            mean: store.add_buffer(format!("{name}.running_mean"), Tensor::zeros([channels], device)),
            var: store.add_buffer(format!("{name}.running_var"), Tensor::ones([channels], device)),
            batches: store.add_buffer(format!("{name}.num_batches_tracked"), Tensor::zeros([], device)),
        });
        Ok(BatchNorm {
            class,
            channels,
            eps: config.eps,
            momentum: config.momentum,
            affine,
            running,
            input_shape: input.to_vec(),
        })
    }

    /// Normalises with the batch's statistics and, when training with running
    /// statistics, queues their update. `x` is `[batch, channels, positions]`.
    fn batch_statistics(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor> {
        let count = x.dims()[0] * x.dims()[2];
        if count < 2 {
            return Err(TensorError::Invalid {
                op: self.class,
                shape: x.shape().clone(),
                reason: "training needs more than one value per channel to estimate a variance; \
                         use a batch of at least 2"
                    .into(),
            });
        }
        let scale = 1.0 / count as f32;
        let mean = x.sum_keepdim(0)?.sum_keepdim(2)?.mul_scalar(scale); // [1, channels, 1]
        let centered = x.sub(&mean)?;
        let var = centered.square().sum_keepdim(0)?.sum_keepdim(2)?.mul_scalar(scale);
        if let (true, Some(running)) = (ctx.train, self.running) {
            let batches = params.get(running.batches).add_scalar(1.0);
            // PyTorch's momentum=None: a cumulative average over the batches seen.
            let factor = match self.momentum {
                Some(momentum) => Tensor::scalar(momentum, x.device()),
                None => batches.recip(),
            };
            let keep = factor.neg().add_scalar(1.0);
            let blend = |old: &Tensor, new: &Tensor| -> Result<Tensor> {
                old.mul(&keep)?.add(&new.detach().reshape([self.channels])?.mul(&factor)?)
            };
            let unbiased = var.mul_scalar(count as f32 / (count - 1) as f32);
            ctx.buffer_updates.push((running.mean, blend(params.get(running.mean), &mean)?));
            ctx.buffer_updates.push((running.var, blend(params.get(running.var), &unbiased)?));
            ctx.buffer_updates.push((running.batches, batches));
        }
        centered.div(&var.add_scalar(self.eps).sqrt())
    }
}

impl Layer for BatchNorm {
    fn forward(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor> {
        check_batch(self.class, x, &self.input_shape)?;
        let batch = x.dims()[0];
        let positions = self.input_shape[1..].iter().product::<usize>();
        let grouped = x.reshape([batch, self.channels, positions])?;
        let per_channel = [1, self.channels, 1];
        let normalized = match (ctx.train, self.running) {
            (false, Some(running)) => {
                let mean = params.get(running.mean).reshape(per_channel)?;
                let var = params.get(running.var).reshape(per_channel)?;
                grouped.sub(&mean)?.div(&var.add_scalar(self.eps).sqrt())?
            }
            _ => self.batch_statistics(params, &grouped, ctx)?,
        };
        let output = match self.affine {
            Some((weight, bias)) => normalized
                .mul(&params.get(weight).reshape(per_channel)?)?
                .add(&params.get(bias).reshape(per_channel)?)?,
            None => normalized,
        };
        output.reshape(x.shape().clone())
    }
    fn output_shape(&self) -> &[usize] {
        &self.input_shape
    }
    /// Subtract, divide, scale and shift per value (the statistics cost about as much
    /// again in training).
    fn flops(&self) -> u64 {
        4 * self.input_shape.iter().product::<usize>() as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gradcheck::GradCheck;
    use nnplay_tensor::{Distribution, engine_test, testing::assert_close};

    fn build(input: &[usize], config: &BatchNormConfig) -> (ParamStore, BatchNorm) {
        let mut store = ParamStore::new();
        let layer = if input.len() == 3 {
            BatchNorm::new_2d(&mut store, "bn", input, config, 0, 0, Device::Cpu)
        } else {
            BatchNorm::new_1d(&mut store, "bn", input, config, 0, 0, Device::Cpu)
        };
        (store, layer.unwrap())
    }

    #[test]
    fn names_follow_the_state_dict_and_ranks_are_checked() {
        let (store, _) = build(&[3, 4, 4], &BatchNormConfig::default());
        let names: Vec<&str> = store.params().iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
        assert_eq!(store.params().iter().filter(|p| p.trainable).count(), 2);
        let error =
            BatchNorm::new_2d(&mut ParamStore::new(), "bn", &[3, 4], &BatchNormConfig::default(), 0, 0, Device::Cpu)
                .unwrap_err();
        assert!(error.contains("use BatchNorm1d"), "{error}");
        let config: BatchNormConfig = serde_json::from_str(r#"{"momentum": null}"#).unwrap();
        assert_eq!(config.momentum, None);
        assert_eq!(config.eps, 1e-5);
    }

    engine_test! {
        async fn training_normalises_and_queues_running_statistics() {
            let (mut store, layer) = build(&[2], &BatchNormConfig::default());
            // Channel 0: 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14/3); channel 1: constant 5.
            let x = Tensor::from_vec(vec![1.0, 5.0, 2.0, 5.0, 3.0, 5.0, 6.0, 5.0], [4, 2], Device::Cpu).unwrap();
            let mut ctx = Context::train(0, 0);
            let y = layer.forward(&store, &x, &mut ctx).unwrap().to_vec().await.unwrap();
            let scale = 1.0 / (3.5f32 + 1e-5).sqrt();
            assert_close(&y, &[-2.0 * scale, 0.0, -scale, 0.0, 0.0, 0.0, 3.0 * scale, 0.0], 1e-5, 1e-6);
            assert_eq!(ctx.buffer_updates.len(), 3);
            ctx.apply_buffer_updates(&mut store);
            let running = layer.running.unwrap();
            assert_close(&store.get(running.mean).to_vec().await.unwrap(), &[0.3, 0.5], 1e-6, 1e-7);
            assert_close(&store.get(running.var).to_vec().await.unwrap(), &[0.9 + 0.1 * 14.0 / 3.0, 0.9], 1e-6, 1e-7);
            assert_eq!(store.get(running.batches).to_vec().await.unwrap(), vec![1.0]);
            // Evaluation uses the running statistics and queues nothing.
            let mut eval = Context::eval();
            let y = layer.forward(&store, &x, &mut eval).unwrap().to_vec().await.unwrap();
            assert!(eval.buffer_updates.is_empty());
            let var0 = 0.9f32 + 0.1 * 14.0 / 3.0;
            assert_close(&y[..1], &[(1.0 - 0.3) / (var0 + 1e-5).sqrt()], 1e-5, 1e-6);
        }
    }

    engine_test! {
        async fn cumulative_average_without_momentum() {
            let (mut store, layer) = build(&[1], &BatchNormConfig { momentum: None, ..BatchNormConfig::default() });
            for (step, values) in [[1.0, 3.0], [5.0, 7.0]].into_iter().enumerate() {
                let x = Tensor::from_vec(values.to_vec(), [2, 1], Device::Cpu).unwrap();
                let mut ctx = Context::train(0, step as u64);
                layer.forward(&store, &x, &mut ctx).unwrap();
                ctx.apply_buffer_updates(&mut store);
            }
            // The plain mean of the batch means 2 and 6.
            let running = layer.running.unwrap();
            assert_close(&store.get(running.mean).to_vec().await.unwrap(), &[4.0], 1e-6, 1e-6);
        }
    }

    engine_test! {
        async fn a_single_value_per_channel_cannot_train() {
            let (store, layer) = build(&[3], &BatchNormConfig::default());
            let error = layer.forward(&store, &Tensor::ones([1, 3], Device::Cpu), &mut Context::train(0, 0)).unwrap_err();
            assert!(error.to_string().contains("batch of at least 2"), "{error}");
            assert!(layer.forward(&store, &Tensor::ones([1, 3], Device::Cpu), &mut Context::eval()).is_ok());
        }
    }

    engine_test! {
        async fn gradients_match_finite_differences_in_both_modes() {
            let (store, layer) = build(&[2, 3], &BatchNormConfig::default());
            let (weight, bias) = layer.affine.unwrap();
            let normal = Distribution::Normal { mean: 0.0, std: 1.0 };
            let inputs = [
                Tensor::random(normal, 3, 0, [3, 2, 3], Device::Cpu),
                Tensor::random(Distribution::Uniform { low: 0.5, high: 1.5 }, 3, 1, [2], Device::Cpu),
                Tensor::random(normal, 3, 2, [2], Device::Cpu),
            ];
            for train in [true, false] {
                let result = GradCheck::default()
                    .check(
                        |v| {
                            let mut local = store.clone();
                            local.set(weight.index(), &v[1]);
                            local.set(bias.index(), &v[2]);
                            let mut ctx = if train { Context::train(0, 0) } else { Context::eval() };
                            layer.forward(&local, &v[0], &mut ctx)
                        },
                        &inputs,
                    )
                    .await;
                assert!(result.is_ok(), "train {train}: {result:?}");
            }
        }
    }
}
