//! Shape inference and parameter counting from the spec alone: what a layer will output
//! and hold, found without building it, so a model too large for memory can be refused
//! before a single weight is allocated (see [`super::memory`]). The built model stays the
//! reference: the tests below check these figures against it for every layer kind.

use super::ModelSpec;
use super::error::SpecError;
use super::layer_spec::{LayerSpec, MAX_DENSE_WEIGHTS};
use crate::layers::im2col::Window;
use crate::layers::input_check::{check_parameter_size, check_rank};
use crate::layers::recurrent::MAX_LAYERS;

/// What one layer outputs and holds, for one example, inferred from its spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayerFootprint {
    /// Place in the spec (`layers[2]`).
    pub path: String,
    pub kind: &'static str,
    /// One example's output shape.
    pub output_shape: Vec<usize>,
    /// Trainable scalars: what the built model's summary counts.
    pub params: u64,
    /// Other values the layer stores: batch-norm running statistics, a fixed position table.
    pub buffers: u64,
    /// Values one example's forward pass makes in this layer: its output and the
    /// intermediates (patches of a convolution, attention scores, gates of every step) that
    /// the autodiff tape keeps until backward.
    pub values: u64,
}

impl ModelSpec {
    /// Every layer's footprint in order, without building the model; the first layer that
    /// does not fit is named as [`ModelSpec::build`] would.
    pub fn footprints(&self) -> Result<Vec<LayerFootprint>, SpecError> {
        match self.walk() {
            (layers, None) => Ok(layers),
            (_, Some(error)) => Err(error),
        }
    }

    /// The footprints of the layers up to the first that does not fit, and its error:
    /// building allocates those layers before it fails, so an estimate counts them.
    pub(crate) fn walk(&self) -> (Vec<LayerFootprint>, Option<SpecError>) {
        if let Err(error) = self.validate() {
            return (Vec::new(), Some(error));
        }
        walk_layers(&self.layers, &self.input, "layers")
    }
}

impl LayerSpec {
    /// One example's output shape for inputs of shape `input`, without building the layer.
    pub fn output_shape(&self, input: &[usize]) -> Result<Vec<usize>, SpecError> {
        Ok(self.footprint(input, "layer")?.output_shape)
    }

    /// The trainable scalars the layer would have for inputs of shape `input`.
    pub fn param_count(&self, input: &[usize]) -> Result<u64, SpecError> {
        Ok(self.footprint(input, "layer")?.params)
    }

    /// Shapes and sizes of the layer at `path` for inputs of shape `input`.
    pub fn footprint(&self, input: &[usize], path: &str) -> Result<LayerFootprint, SpecError> {
        let kind = self.kind();
        let fail = |message: String| SpecError::layer(path, kind, message);
        let sized = |output_shape: Vec<usize>, params: u64, buffers: u64, values: u64| LayerFootprint {
            path: path.to_string(),
            kind,
            output_shape,
            params,
            buffers,
            values,
        };
        let count = |shape: &[usize]| shape.iter().fold(1u64, |product, &d| product.saturating_mul(d as u64));
        let inputs = count(input);
        let footprint = match self {
            LayerSpec::Dense { units, .. } => {
                let units = *units;
                if units == 0 {
                    return Err(fail("units is 0; a dense layer needs at least 1 unit".into()));
                }
                let Some(&features) = input.last() else {
                    return Err(fail(
                        "its input is a single number; dense layers need an input with a feature axis".into(),
                    ));
                };
                if features.saturating_mul(units) > MAX_DENSE_WEIGHTS {
                    return Err(fail(format!("{features}×{units} weights is more than a layer may have")));
                }
                let output = replace_last(input, units);
                let values = count(&output);
                sized(output, (features as u64 + 1) * units as u64, 0, values)
            }
            LayerSpec::Activation { function } => {
                function.validate().map_err(fail)?;
                // Composite functions (GELU, softplus) make a temporary or two.
                sized(input.to_vec(), 0, 0, 2 * inputs)
            }
            LayerSpec::Conv1d(config) => {
                check_rank("Conv1d", input, &[2], "[channels, length]", "").map_err(fail)?;
                let settings = [config.kernel_size, config.stride, config.padding, config.dilation].map(|v| vec![v]);
                convolution(kind, input, config.out_channels, &settings, config.bias)
                    .map_err(fail)
                    .map(|f| f.at(path, kind))?
            }
            LayerSpec::Conv2d(config) => {
                check_rank("Conv2d", input, &[3], "[channels, height, width]", "").map_err(fail)?;
                let settings =
                    [config.kernel_size, config.stride, config.padding, config.dilation].map(|pair| pair.0.to_vec());
                convolution(kind, input, config.out_channels, &settings, config.bias)
                    .map_err(fail)
                    .map(|f| f.at(path, kind))?
            }
            LayerSpec::MaxPool1d(config) => {
                check_rank("MaxPool1d", input, &[2], "[channels, length]", "").map_err(fail)?;
                let stride = config.stride.unwrap_or(config.kernel_size);
                let settings = [config.kernel_size, stride, config.padding, config.dilation].map(|v| vec![v]);
                pooling(kind, input, &settings).map_err(fail).map(|f| f.at(path, kind))?
            }
            LayerSpec::MaxPool2d(config) => {
                check_rank("MaxPool2d", input, &[3], "[channels, height, width]", "").map_err(fail)?;
                let stride = config.stride.unwrap_or(config.kernel_size);
                let settings =
                    [config.kernel_size, stride, config.padding, config.dilation].map(|pair| pair.0.to_vec());
                pooling(kind, input, &settings).map_err(fail).map(|f| f.at(path, kind))?
            }
            LayerSpec::AvgPool1d(config) => {
                check_rank("AvgPool1d", input, &[2], "[channels, length]", "").map_err(fail)?;
                let stride = config.stride.unwrap_or(config.kernel_size);
                let settings = [config.kernel_size, stride, config.padding, 1].map(|v| vec![v]);
                pooling(kind, input, &settings).map_err(fail).map(|f| f.at(path, kind))?
            }
            LayerSpec::AvgPool2d(config) => {
                check_rank("AvgPool2d", input, &[3], "[channels, height, width]", "").map_err(fail)?;
                let stride = config.stride.unwrap_or(config.kernel_size);
                let settings =
                    [config.kernel_size.0.to_vec(), stride.0.to_vec(), config.padding.0.to_vec(), vec![1, 1]];
                pooling(kind, input, &settings).map_err(fail).map(|f| f.at(path, kind))?
            }
            LayerSpec::GlobalAvgPool(_) => {
                check_rank("GlobalAvgPool", input, &[2, 3], "[channels, length] or [channels, height, width]", "")
                    .map_err(fail)?;
                sized(vec![input[0]], 0, 0, input[0] as u64)
            }
            LayerSpec::Flatten(_) => {
                if input.is_empty() || input.contains(&0) {
                    return Err(fail(format!("the input shape {input:?} has nothing to flatten")));
                }
                sized(vec![input.iter().product()], 0, 0, inputs)
            }
            LayerSpec::Dropout(config) => {
                if !(0.0..=1.0).contains(&config.p) {
                    return Err(fail(format!("Dropout: p = {} is not a probability", config.p)));
                }
                // The mask and the masked values.
                sized(input.to_vec(), 0, 0, 2 * inputs)
            }
            LayerSpec::BatchNorm1d(config) | LayerSpec::BatchNorm2d(config) => {
                let ranks: &[usize] = if matches!(self, LayerSpec::BatchNorm2d(_)) { &[3] } else { &[1, 2] };
                check_rank(kind, input, ranks, "[channels, ..]", "").map_err(fail)?;
                if config.eps.is_nan() || config.eps <= 0.0 {
                    return Err(fail(format!("eps = {} must be positive", config.eps)));
                }
                if config.momentum.is_some_and(|m| !(0.0..=1.0).contains(&m)) {
                    return Err(fail("momentum must lie in [0, 1]".into()));
                }
                let channels = input[0] as u64;
                let params = if config.affine { 2 * channels } else { 0 };
                let buffers = if config.track_running_stats { 2 * channels + 1 } else { 0 };
                sized(input.to_vec(), params, buffers, NORMALISATION_VALUES * inputs)
            }
            LayerSpec::LayerNorm(config) => {
                let Some(&features) = input.last().filter(|&&f| f > 0) else {
                    return Err(fail(format!("the input shape {input:?} has no axis to normalise")));
                };
                if config.eps.is_nan() || config.eps <= 0.0 {
                    return Err(fail(format!("eps = {} must be positive", config.eps)));
                }
                let features = features as u64;
                let params = match (config.elementwise_affine, config.bias) {
                    (false, _) => 0,
                    (true, false) => features,
                    (true, true) => 2 * features,
                };
                sized(input.to_vec(), params, 0, NORMALISATION_VALUES * inputs)
            }
            LayerSpec::Embedding(config) => {
                check_rank("Embedding", input, &[1, 2], "[time]", "").map_err(fail)?;
                let (rows, dim) = (config.num_embeddings, config.embedding_dim);
                if rows == 0 || dim == 0 {
                    return Err(fail("num_embeddings and embedding_dim must both be at least 1".into()));
                }
                if config.padding_idx.is_some_and(|padding| padding >= rows) {
                    return Err(fail("padding_idx is outside the vocabulary".into()));
                }
                check_parameter_size("Embedding", "weight", &[rows, dim]).map_err(fail)?;
                let mut output = input.to_vec();
                output.push(dim);
                let values = count(&output);
                sized(output, rows as u64 * dim as u64, 0, values)
            }
            LayerSpec::LearnedPositional(config) => {
                let table = position_table(kind, input, config.max_len).map_err(fail)?;
                if config.init_std.is_nan() || config.init_std < 0.0 {
                    return Err(fail(format!("init_std = {} must not be negative", config.init_std)));
                }
                sized(input.to_vec(), table, 0, inputs)
            }
            LayerSpec::SinusoidalPositional(config) => {
                let table = position_table(kind, input, config.max_len).map_err(fail)?;
                sized(input.to_vec(), 0, table, inputs)
            }
            LayerSpec::Rnn(config) => {
                recurrent(input, config.hidden_size, config.num_layers, config.return_sequence, 1)
                    .map_err(fail)?
                    .at(path, kind)
            }
            LayerSpec::Gru(config) | LayerSpec::Lstm(config) => {
                let gates = if matches!(self, LayerSpec::Gru(_)) { 3 } else { 4 };
                recurrent(input, config.hidden_size, config.num_layers, config.return_sequence, gates)
                    .map_err(fail)?
                    .at(path, kind)
            }
            LayerSpec::SelfAttention(config) => attention(input, config.num_heads).map_err(fail)?.at(path, kind),
            LayerSpec::TransformerBlock(config) => {
                let &[time, width] = input else {
                    return Err(fail(format!("its input is {input:?}; a Transformer block needs [time, width]")));
                };
                let hidden = config.mlp_hidden.unwrap_or(4 * width);
                if hidden == 0 {
                    return Err(fail("mlp_hidden is 0; use at least 1".into()));
                }
                if !(0.0..=1.0).contains(&config.dropout) {
                    return Err(fail(format!("Dropout: p = {} is not a probability", config.dropout)));
                }
                let attended = attention(input, config.num_heads).map_err(fail)?;
                let (time, width, hidden) = (time as u64, width as u64, hidden as u64);
                let norms = 2 * 2 * width;
                let mlp = (width + 1) * hidden + (hidden + 1) * width;
                let sequence = time * width;
                // Two norms, two dropouts (mask and values) and two residual sums over
                // [time, width]; the MLP's hidden layer before and after its GELU.
                let values =
                    attended.values + (2 * NORMALISATION_VALUES + 2 * 2 + 2 + 1) * sequence + 2 * time * hidden * 2;
                sized(input.to_vec(), norms + attended.params + mlp, 0, values)
            }
            LayerSpec::Residual(config) => {
                if config.layers.is_empty() {
                    return Err(fail("has no layers; list at least one".into()));
                }
                let (inner, error) = walk_layers(&config.layers, input, &format!("{path}.layers"));
                if let Some(error) = error {
                    return Err(error);
                }
                let output = inner.last().map_or(input.to_vec(), |last| last.output_shape.clone());
                if output != input {
                    return Err(fail(format!("its layers turn {input:?} into {output:?}; they must keep the shape")));
                }
                let sum = |of: fn(&LayerFootprint) -> u64| inner.iter().map(of).fold(0u64, u64::saturating_add);
                sized(output, sum(|f| f.params), sum(|f| f.buffers), sum(|f| f.values).saturating_add(inputs))
            }
        };
        if footprint.output_shape.contains(&0) {
            return Err(fail(format!("its output shape {:?} is empty", footprint.output_shape)));
        }
        Ok(footprint)
    }
}

/// Values a normalisation makes per input value: the mean, the centred values, their
/// variance, the normalised values and the affine result.
const NORMALISATION_VALUES: u64 = 5;

/// A footprint before it is placed in the spec.
struct Sizes {
    output_shape: Vec<usize>,
    params: u64,
    values: u64,
}

impl Sizes {
    fn at(self, path: &str, kind: &'static str) -> LayerFootprint {
        LayerFootprint {
            path: path.to_string(),
            kind,
            output_shape: self.output_shape,
            params: self.params,
            buffers: 0,
            values: self.values,
        }
    }
}

/// The layers of `layers` in order from `input`, up to the first that does not fit.
fn walk_layers(layers: &[LayerSpec], input: &[usize], prefix: &str) -> (Vec<LayerFootprint>, Option<SpecError>) {
    let mut footprints = Vec::with_capacity(layers.len());
    let mut shape = input.to_vec();
    for (i, layer) in layers.iter().enumerate() {
        match layer.footprint(&shape, &format!("{prefix}[{i}]")) {
            Ok(footprint) => {
                shape = footprint.output_shape.clone();
                footprints.push(footprint);
            }
            Err(error) => return (footprints, Some(error)),
        }
    }
    (footprints, None)
}

/// `input` with its last axis replaced by `size`.
fn replace_last(input: &[usize], size: usize) -> Vec<usize> {
    let mut output = input.to_vec();
    if let Some(last) = output.last_mut() {
        *last = size;
    }
    output
}

fn product(values: &[usize]) -> u64 {
    values.iter().fold(1u64, |product, &v| product.saturating_mul(v as u64))
}

/// A convolution over `[in_channels, ..spatial]`; `settings` are kernel, stride, padding
/// and dilation per spatial axis.
fn convolution(
    kind: &str,
    input: &[usize],
    out_channels: usize,
    settings: &[Vec<usize>; 4],
    bias: bool,
) -> Result<Sizes, String> {
    if out_channels == 0 {
        return Err("out_channels is 0; a convolution needs at least one output channel".into());
    }
    let [kernel, stride, padding, dilation] = settings;
    let window = Window::new(kind, &input[1..], kernel, stride, padding, dilation)?;
    let mut weight = vec![out_channels, input[0]];
    weight.extend_from_slice(kernel);
    check_parameter_size(kind, "weight", &weight)?;
    let mut output_shape = vec![out_channels];
    output_shape.extend_from_slice(&window.output);
    let patches = product(&window.output) * input[0] as u64 * product(kernel);
    // The gathered patches, the product with the weight, its bias sum and its transpose.
    let values = patches + 3 * product(&output_shape);
    Ok(Sizes { output_shape, params: product(&weight) + if bias { out_channels as u64 } else { 0 }, values })
}

/// A pooling over `[channels, ..spatial]`; `settings` as for [`convolution`].
fn pooling(kind: &str, input: &[usize], settings: &[Vec<usize>; 4]) -> Result<Sizes, String> {
    let [kernel, stride, padding, dilation] = settings;
    let window = Window::new(kind, &input[1..], kernel, stride, padding, dilation)?;
    if let Some((k, p)) = kernel.iter().zip(padding).find(|(k, p)| **p > **k / 2) {
        return Err(format!("padding {p} is more than half the kernel size {k}"));
    }
    let mut output_shape = vec![input[0]];
    output_shape.extend_from_slice(&window.output);
    // The gathered windows and what picks or averages them.
    let patches = product(&window.output) * input[0] as u64 * product(kernel);
    let values = 2 * patches + product(&output_shape);
    Ok(Sizes { output_shape, params: 0, values })
}

/// The size of a position table for `[time, dim]` inputs.
fn position_table(kind: &str, input: &[usize], max_len: Option<usize>) -> Result<u64, String> {
    check_rank(kind, input, &[2], "[time, dim]", "put it after an Embedding")?;
    let max_len = max_len.unwrap_or(input[0]);
    if max_len < input[0] {
        return Err(format!("max_len {max_len} is shorter than the input's {} positions", input[0]));
    }
    check_parameter_size(kind, "table", &[max_len, input[1]])?;
    Ok(max_len as u64 * input[1] as u64)
}

/// A stack of `layers` recurrent layers of `gates` gates over `[time, features]`.
fn recurrent(input: &[usize], hidden: usize, layers: usize, sequence: bool, gates: u64) -> Result<Sizes, String> {
    let &[time, features] = input else {
        return Err(format!("the input must be a sequence [time, features], not {input:?}"));
    };
    if time == 0 || features == 0 {
        return Err(format!("the input [time, features] = {input:?} is empty"));
    }
    if hidden == 0 {
        return Err("hidden_size is 0; use at least 1".into());
    }
    if layers == 0 || layers > MAX_LAYERS {
        return Err(format!("num_layers is {layers}; use 1 to {MAX_LAYERS}"));
    }
    let (h, f) = (hidden as u64, features as u64);
    let params = gates * h * (f + h) + 2 * gates * h + (layers as u64 - 1) * (gates * h * 2 * h + 2 * gates * h);
    // Every step of every layer: both products, their sum, the gate functions and the
    // cell's arithmetic on the hidden state.
    let values = layers as u64 * time as u64 * (4 * gates * h + 4 * h);
    let output_shape = if sequence { vec![time, hidden] } else { vec![hidden] };
    Ok(Sizes { output_shape, params, values })
}

/// Multi-head self-attention over `[time, width]`.
fn attention(input: &[usize], heads: usize) -> Result<Sizes, String> {
    let &[time, width] = input else {
        return Err(format!("the input must be a sequence [time, width], not {input:?}"));
    };
    if time == 0 || width == 0 {
        return Err(format!("the input [time, width] = {input:?} is empty"));
    }
    if heads == 0 {
        return Err("num_heads is 0; use at least 1".into());
    }
    if width % heads != 0 {
        return Err(format!("{heads} heads do not divide the model width {width}"));
    }
    let (t, w) = (time as u64, width as u64);
    // Queries, keys and values and their split into heads; the time × time scores of
    // every head scaled, masked and soft-maxed; the context, merged and projected.
    let values = 9 * t * w + 3 * heads as u64 * t * t;
    Ok(Sizes { output_shape: input.to_vec(), params: 4 * w * w + 4 * w, values })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::Device;

    /// A spec of `layers` over `input` (the loss and optimizer do not matter here).
    fn spec(input: &[usize], layers: serde_json::Value) -> ModelSpec {
        let value = serde_json::json!({
            "input": input, "layers": layers, "loss": "cross_entropy",
            "optimizer": {"kind": "sgd", "learning_rate": 0.1}, "batch_size": 4, "seed": 1
        });
        ModelSpec::from_json(&value.to_string()).unwrap()
    }

    /// Shapes and parameter counts inferred from the spec equal the built model's.
    fn assert_matches_built(spec: &ModelSpec) {
        let inferred = spec.footprints().unwrap();
        let built = spec.build(Device::Cpu).unwrap();
        assert_eq!(inferred.len(), built.summary().len());
        for (footprint, layer) in inferred.iter().zip(built.summary()) {
            assert_eq!(footprint.output_shape, layer.output_shape, "{}", layer.path);
            assert_eq!(footprint.params, layer.params as u64, "{} ({})", layer.path, layer.kind);
            assert_eq!(footprint.path, layer.path);
            assert!(footprint.values > 0, "{}", layer.path);
        }
        let stored: u64 = built.params.params().iter().map(|p| p.value.elem_count() as u64).sum();
        let counted: u64 = inferred.iter().map(|f| f.params + f.buffers).sum();
        let fixed_tables: u64 = inferred.iter().filter(|f| f.kind == "sinusoidal_positional").map(|f| f.buffers).sum();
        assert_eq!(counted - fixed_tables, stored, "parameters and buffers in the store");
    }

    #[test]
    fn every_layer_kind_infers_the_built_shapes_and_parameters() {
        let image = [3, 12, 10];
        assert_matches_built(&spec(
            &image,
            serde_json::json!([
                {"kind": "conv2d", "out_channels": 4, "kernel_size": [3, 2], "stride": 2, "padding": 1, "dilation": [1, 2]},
                {"kind": "batch_norm2d"},
                {"kind": "activation", "function": "relu"},
                {"kind": "max_pool2d", "kernel_size": 2, "padding": 1},
                {"kind": "avg_pool2d", "kernel_size": [2, 1], "stride": 1},
                {"kind": "conv2d", "out_channels": 5, "kernel_size": 1, "bias": false},
                {"kind": "global_avg_pool"},
                {"kind": "dropout", "p": 0.3},
                {"kind": "dense", "units": 7},
                {"kind": "batch_norm1d", "affine": false},
                {"kind": "layer_norm", "bias": false},
                {"kind": "dense", "units": 3}
            ]),
        ));
        assert_matches_built(&spec(
            &[2, 20],
            serde_json::json!([
                {"kind": "conv1d", "out_channels": 6, "kernel_size": 5, "stride": 2, "padding": 2},
                {"kind": "max_pool1d", "kernel_size": 3, "stride": 1, "dilation": 2},
                {"kind": "avg_pool1d", "kernel_size": 2},
                {"kind": "batch_norm1d", "track_running_stats": false},
                {"kind": "flatten"},
                {"kind": "dense", "units": 2}
            ]),
        ));
        assert_matches_built(&spec(
            &[9],
            serde_json::json!([
                {"kind": "embedding", "num_embeddings": 30, "embedding_dim": 8, "padding_idx": 0},
                {"kind": "learned_positional", "max_len": 12},
                {"kind": "sinusoidal_positional"},
                {"kind": "transformer_block", "num_heads": 2, "mlp_hidden": 12, "dropout": 0.1, "causal": true},
                {"kind": "self_attention", "num_heads": 4},
                {"kind": "residual", "layers": [{"kind": "layer_norm"}, {"kind": "dense", "units": 8}]},
                {"kind": "gru", "hidden_size": 6, "num_layers": 2, "return_sequence": true},
                {"kind": "lstm", "hidden_size": 5, "return_sequence": false},
                {"kind": "dense", "units": 30}
            ]),
        ));
        assert_matches_built(&spec(
            &[7, 3],
            serde_json::json!([
                {"kind": "rnn", "hidden_size": 4, "num_layers": 3, "nonlinearity": "relu", "return_sequence": true},
                {"kind": "lstm", "hidden_size": 6, "num_layers": 2, "return_sequence": true},
                {"kind": "gru", "hidden_size": 2, "return_sequence": false},
                {"kind": "dense", "units": 2}
            ]),
        ));
    }

    #[test]
    fn every_preset_shaped_model_infers_the_built_shapes() {
        // An MLP, a CNN, a GRU, an LSTM and a Transformer as the presets build them.
        let mlp = serde_json::json!([{"kind": "dense", "units": 16}, {"kind": "activation", "function": "tanh"},
            {"kind": "dense", "units": 2}]);
        let cnn = serde_json::json!([{"kind": "conv2d", "out_channels": 8, "kernel_size": 3, "padding": 1},
            {"kind": "activation", "function": "relu"}, {"kind": "max_pool2d", "kernel_size": 2},
            {"kind": "flatten"}, {"kind": "dense", "units": 10}]);
        let gru = serde_json::json!([{"kind": "gru", "hidden_size": 16, "return_sequence": false},
            {"kind": "dense", "units": 2}]);
        let lstm = serde_json::json!([{"kind": "lstm", "hidden_size": 16}, {"kind": "dense", "units": 4}]);
        let transformer = serde_json::json!([{"kind": "embedding", "num_embeddings": 40, "embedding_dim": 32},
            {"kind": "learned_positional"}, {"kind": "transformer_block", "num_heads": 4},
            {"kind": "transformer_block", "num_heads": 4, "causal": true}, {"kind": "layer_norm"},
            {"kind": "dense", "units": 40}]);
        for (input, layers) in [
            (&[2][..], mlp),
            (&[1, 8, 8][..], cnn),
            (&[12, 1][..], gru),
            (&[10, 3][..], lstm),
            (&[24][..], transformer),
        ] {
            assert_matches_built(&spec(input, layers));
        }
    }

    #[test]
    fn a_spec_that_does_not_fit_fails_at_the_layer_the_build_names() {
        let cases = [
            (
                &[2][..],
                serde_json::json!([{"kind": "dense", "units": 4}, {"kind": "conv2d", "out_channels": 2, "kernel_size": 3}]),
            ),
            (&[1, 3, 3], serde_json::json!([{"kind": "conv2d", "out_channels": 2, "kernel_size": 5}])),
            (
                &[10],
                serde_json::json!([{"kind": "embedding", "num_embeddings": 5, "embedding_dim": 30},
                {"kind": "transformer_block", "num_heads": 4}]),
            ),
            (&[8], serde_json::json!([{"kind": "residual", "layers": [{"kind": "dense", "units": 4}]}])),
            (&[100000], serde_json::json!([{"kind": "dense", "units": 100000}])),
            (&[4, 2], serde_json::json!([{"kind": "lstm", "hidden_size": 3, "num_layers": 17}])),
            (&[4, 6], serde_json::json!([{"kind": "max_pool1d", "kernel_size": 2, "padding": 2}])),
        ];
        for (input, layers) in cases {
            let spec = spec(input, layers);
            let built = spec.build(Device::Cpu).unwrap_err();
            let inferred = spec.footprints().unwrap_err();
            let place = |error: &SpecError| match error {
                SpecError::Layer { path, kind, .. } => (path.clone(), kind.clone()),
                other => panic!("not a layer error: {other}"),
            };
            assert_eq!(place(&inferred), place(&built), "{inferred} / {built}");
        }
    }

    #[test]
    fn a_layer_alone_reports_its_output_shape_and_parameters() {
        let dense = LayerSpec::Dense { units: 5, init: None };
        assert_eq!(dense.output_shape(&[3, 4]).unwrap(), vec![3, 5]);
        assert_eq!(dense.param_count(&[3, 4]).unwrap(), 4 * 5 + 5);
        let attention: LayerSpec = serde_json::from_str(r#"{"kind": "self_attention", "num_heads": 2}"#).unwrap();
        let footprint = attention.footprint(&[50, 8], "layers[3]").unwrap();
        assert!(footprint.values >= 2 * 50 * 50, "the time × time scores of both heads count");
        assert_eq!(footprint.path, "layers[3]");
    }
}
