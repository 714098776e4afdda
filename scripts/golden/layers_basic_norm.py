"""nn.BatchNorm1d/2d (a training step with batch statistics and the running-statistics
update, then evaluation with the updated running statistics; momentum=None's cumulative
average) and nn.LayerNorm: outputs, running statistics and gradients w.r.t. the input,
weight and bias."""

import torch
import torch.nn.functional as F

from ._common import leaf, seeded, weighted_sum
from ._layers_basic import case

# name, kind, input [batch, ..] with batch first, layer config (the Rust JSON form)
BATCH_NORMS = [
    ("batch_norm1d_features", "batch_norm1d", [6, 4], {}),
    ("batch_norm1d_sequence", "batch_norm1d", [3, 2, 5], {"eps": 1e-3, "momentum": 0.2}),
    ("batch_norm2d", "batch_norm2d", [2, 3, 4, 3], {}),
]


def batch_norm_case(index, name, kind, shape, layer):
    """A training step from PyTorch's initial running statistics (0 and 1), then an
    evaluation pass on a second batch with the statistics that step left."""
    seeded(3300 + index)
    channels = shape[1]
    eps, momentum = layer.get("eps", 1e-5), layer.get("momentum", 0.1)
    weight = torch.rand(channels) + 0.5
    bias = torch.randn(channels)
    running_mean, running_var = torch.zeros(channels), torch.ones(channels)

    def train(x, weight, bias):
        # Updates running_mean and running_var in place, as the module does.
        return F.batch_norm(x, running_mean, running_var, weight, bias, True, momentum, eps)

    inputs, params = {"x": torch.randn(*shape) * 2 + 1}, {"weight": weight, "bias": bias}
    name, config, tensors = case(name, kind, shape[1:], layer, train, inputs, params)
    tensors["running_mean"] = running_mean.clone()
    tensors["running_var"] = running_var.clone()

    x_eval, weight_eval, bias_eval = leaf(torch.randn(*shape) * 2 + 1), leaf(weight), leaf(bias)
    y_eval = F.batch_norm(x_eval, running_mean, running_var, weight_eval, bias_eval, False, momentum, eps)
    loss, weights = weighted_sum(y_eval, seed=98)
    loss.backward()
    tensors.update({
        "x_eval": x_eval,
        "y_eval": y_eval,
        "output_weights_eval": weights,
        "grad_x_eval": x_eval.grad,
        "grad_weight_eval": weight_eval.grad,
        "grad_bias_eval": bias_eval.grad,
    })
    return name, config, tensors


def cumulative_case():
    """momentum=None: the running statistics are the plain average over two batches."""
    seeded(3350)
    module = torch.nn.BatchNorm2d(2, momentum=None)
    batches = [torch.randn(3, 2, 2, 2), torch.randn(3, 2, 2, 2) + 1]
    for x in batches:
        module(x)
    config = {"kind": "batch_norm2d", "input_shape": [2, 2, 2], "layer": {"momentum": None}}
    tensors = {"x_step0": batches[0], "x_step1": batches[1]}
    tensors.update({key: value for key, value in module.state_dict().items()})
    return "batch_norm2d_cumulative", config, tensors


LAYER_NORMS = [
    ("layer_norm_sequence", [2, 3, 6], {}),
    ("layer_norm_features_eps", [4, 5], {"eps": 1e-3}),
    ("layer_norm_no_bias", [3, 4], {"bias": False}),
]


def layer_norm_case(index, name, shape, layer):
    seeded(3400 + index)
    eps = layer.get("eps", 1e-5)
    features = shape[-1]
    params = {"weight": torch.rand(features) + 0.5}
    if layer.get("bias", True):
        params["bias"] = torch.randn(features)

    def forward(x, weight, bias=None):
        return F.layer_norm(x, (features,), weight, bias, eps)

    return case(name, "layer_norm", shape[1:], layer, forward, {"x": torch.randn(*shape) * 3 - 1}, params)


def cases():
    for index, (name, kind, shape, layer) in enumerate(BATCH_NORMS):
        yield batch_norm_case(index, name, kind, shape, layer)
    yield cumulative_case()
    for index, (name, shape, layer) in enumerate(LAYER_NORMS):
        yield layer_norm_case(index, name, shape, layer)
