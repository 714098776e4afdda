//! Export to PyTorch: a `model.py` whose `Model` is the spec built from `torch.nn`
//! layers, with state_dict keys and shapes equal to the playground's parameter names and
//! shapes, so `load_state_dict(load_file("weights.safetensors"), strict=True)` takes the
//! trained weights as they are.
//!
//! Every layer kind maps onto a standard module except where none has the playground's
//! names or math; model.py then defines a small, commented module (the learned and
//! sinusoidal position codes, the Transformer block, the residual, and thin subclasses
//! that pick the recurrent layers' output or cast token ids). BatchNorm needs nothing
//! special: the playground keeps `num_batches_tracked` too (as a float32 scalar, which
//! `load_state_dict` copies into torch's int64 buffer).

mod helpers;
mod layers;
mod python;
mod training;

use super::ExportError;
use layers::{At, LayerWriter};
use nnplay_nn::loss::Loss;
use nnplay_nn::{LayerSpec, Model, ModelSpec};
use nnplay_tensor::Device;

/// The source of `model.py` for `spec`: `class Model(torch.nn.Module)`, the helper
/// modules it uses, and the training settings (`compute_loss`, `make_optimizer`,
/// `make_scheduler`, `penalty`).
pub fn model_py(spec: &ModelSpec) -> Result<String, ExportError> {
    source(spec, &spec.build(Device::Cpu)?)
}

/// The files of an export folder, in order: `model.py`, `weights.safetensors` (the bytes
/// given, from `SpecSession::weights_safetensors` or [`crate::weights::to_safetensors`]),
/// `spec.json` and `README.md`. The weights must be the spec's model's: every tensor by
/// name and shape, nothing else.
pub fn bundle(spec: &ModelSpec, weights_safetensors: Vec<u8>) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let mut model = spec.build(Device::Cpu)?;
    crate::weights::load_safetensors(&mut model.params, &weights_safetensors)
        .map_err(|e| ExportError::Weights(e.to_string()))?;
    let model_py = source(spec, &model)?;
    let spec_json = serde_json::to_string_pretty(spec).map_err(|e| ExportError::Json(e.to_string()))?;
    Ok(vec![
        ("model.py".into(), model_py.into_bytes()),
        ("weights.safetensors".into(), weights_safetensors),
        ("spec.json".into(), (spec_json + "\n").into_bytes()),
        ("README.md".into(), readme(spec, &model).into_bytes()),
    ])
}

/// model.py for `spec`, built as `model`.
fn source(spec: &ModelSpec, model: &Model) -> Result<String, ExportError> {
    let mut writer = LayerWriter::default();
    let mut input = spec.input.clone();
    for (i, (layer, summary)) in spec.layers.iter().zip(model.summary()).enumerate() {
        let at = At { path: &format!("layers[{i}]"), name: &format!("layers.{i}") };
        // Entries of `self.layers = nn.Sequential(` inside `__init__`: three levels deep.
        writer.layer(layer, &input, &summary.output_shape, &at, 3)?;
        input = summary.output_shape.clone();
    }
    let mut text = header(spec, model, &writer);
    text.push_str("\nimport torch\nfrom torch import nn\n\n");
    text.push_str(&format!(
        "# One example's input and output, without the batch axis.\nINPUT_SHAPE = {}\nOUTPUT_SHAPE = {}\n\n\n",
        python::tuple(&spec.input),
        python::tuple(model.output_shape())
    ));
    for helper in &writer.helpers {
        text.push_str(helper.source());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        r#"class Model(nn.Module):
    """The spec's layers in order: layer i is self.layers[i], so its parameters are named
    `layers.<i>.<name>` as in the playground."""

    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
{layers}        )

    def forward(self, x):
        return self.layers(x)


"#,
        layers = writer.text
    ));
    text.push_str(&training::training_section(spec, &model.params)?);
    Ok(text)
}

/// The docstring at the top of model.py: what it is, how to load it, and the shapes.
fn header(spec: &ModelSpec, model: &Model, writer: &LayerWriter) -> String {
    let mut notes = Vec::new();
    if writer.kinds.contains("batch_norm1d") || writer.kinds.contains("batch_norm2d") {
        notes.push(
            "BatchNorm's num_batches_tracked is stored as float32 in weights.safetensors;\n\
             load_state_dict copies it into torch's int64 buffer.",
        );
    }
    if writer.drops {
        notes.push(
            "Dropout is the identity after m.eval(), as in the playground; in training mode torch\n\
             draws its own masks (same rule, different random numbers).",
        );
    }
    let notes: String = notes.iter().map(|note| format!("\n{note}\n")).collect();
    format!(
        r#""""NN Playground model, exported to PyTorch.

`Model` is the playground's model spec (spec.json) built from standard torch.nn layers,
plus small modules defined below where torch has no class with the playground's exact
parameter names or math. Its state_dict keys and shapes are the playground's parameter
names and shapes, so the trained weights load with strict=True:

    from safetensors.torch import load_file
    from model import Model

    m = Model()
    m.load_state_dict(load_file("weights.safetensors"), strict=True)
    m.eval()
    y = m(x)

Input x: {input}.
Output y: {output}.
Parameters: {scalars} trainable numbers; {tensors} tensors in the state_dict.
{notes}"""
"#,
        input = input_text(spec),
        output = output_text(spec, model),
        scalars = model.params.scalar_count(),
        tensors = model.params.len(),
    )
}

/// What the model takes, for the header and the README.
fn input_text(spec: &ModelSpec) -> String {
    let dims = batch_shape(&spec.input);
    match spec.layers.first() {
        Some(LayerSpec::Embedding(config)) => format!(
            "token ids {dims}, whole numbers in 0..{} as float32 or int64\n(the embedding casts them to long)",
            config.num_embeddings
        ),
        _ => format!("float32 {dims}"),
    }
}

/// What the model gives, for the header and the README.
fn output_text(spec: &ModelSpec, model: &Model) -> String {
    let meaning = match spec.loss {
        Loss::CrossEntropy { .. } => "class logits (softmax over the last axis gives probabilities)",
        Loss::BinaryCrossEntropyWithLogits => "logits (sigmoid gives probabilities)",
        Loss::Mse | Loss::L1 | Loss::Huber { .. } => "predicted values",
    };
    format!("{}, {meaning}", batch_shape(model.output_shape()))
}

/// `[batch, 2, 16]` for one example's shape `[2, 16]`.
fn batch_shape(dims: &[usize]) -> String {
    let axes: Vec<String> = std::iter::once("batch".to_string()).chain(dims.iter().map(usize::to_string)).collect();
    format!("[{}]", axes.join(", "))
}

/// README.md of the export folder.
fn readme(spec: &ModelSpec, model: &Model) -> String {
    format!(
        r#"# NN Playground model for PyTorch

Exported from NN Playground.

- `model.py`: `class Model(torch.nn.Module)`, the model built from standard `torch.nn`
  layers (and a few small modules where torch has none with the playground's names or
  math), plus the spec's training settings: `compute_loss`, `make_optimizer`,
  `make_scheduler`, `penalty`.
- `weights.safetensors`: the trained weights under the model's `state_dict` names.
- `spec.json`: the playground's model spec that `model.py` was written from.

## Use

```
pip install torch safetensors
```

```python
from safetensors.torch import load_file
from model import Model

m = Model()
m.load_state_dict(load_file("weights.safetensors"), strict=True)
m.eval()
y = m(x)
```

Input `x`: {input}.
Output `y`: {output}.

To keep training in PyTorch: `optimizer = make_optimizer(m)`, `scheduler =
make_scheduler(optimizer)`, and per batch of {batch} examples
`loss = compute_loss(m(x), y) + penalty(m)`, then `loss.backward()`, `optimizer.step()`,
`scheduler.step()` (see the end of `model.py`).
"#,
        input = input_text(spec),
        output = output_text(spec, model),
        batch = spec.batch_size,
    )
}
