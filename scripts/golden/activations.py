"""torch.nn activations: output and the input gradient (through weighted_sum) for every
activation the playground offers. The config holds the activation in the spec's JSON form."""

import torch
import torch.nn.functional as F

from ._common import leaf, seeded, weighted_sum

# (case name, spec JSON form, function, input shape)
ACTIVATIONS = [
    ("relu", "relu", F.relu, (3, 5)),
    ("leaky_relu_default", "leaky_relu", F.leaky_relu, (3, 5)),
    ("leaky_relu_slope", {"leaky_relu": {"negative_slope": 0.2}}, lambda x: F.leaky_relu(x, 0.2), (3, 5)),
    ("elu_default", "elu", F.elu, (3, 5)),
    ("elu_alpha", {"elu": {"alpha": 0.5}}, lambda x: F.elu(x, alpha=0.5), (3, 5)),
    ("gelu", "gelu", lambda x: F.gelu(x, approximate="none"), (3, 5)),
    ("silu", "silu", F.silu, (3, 5)),
    ("tanh", "tanh", torch.tanh, (3, 5)),
    ("sigmoid", "sigmoid", torch.sigmoid, (3, 5)),
    ("softmax", "softmax", lambda x: F.softmax(x, dim=-1), (3, 5)),
    ("softmax_sequence", "softmax", lambda x: F.softmax(x, dim=-1), (2, 3, 4)),
    ("linear", "linear", lambda x: x, (3, 5)),
]


def away_from_zero(t, gap=0.1):
    """Moves every value at least `gap` from 0, where ReLU, leaky ReLU and ELU have kinks."""
    return torch.sign(t) * (t.abs() + gap)


def representable(t):
    """Rounds to float32 (what the Rust test reads), so PyTorch sees the same inputs."""
    return t.to(torch.float32).to(torch.float64)


def cases():
    for index, (name, spec, function, shape) in enumerate(ACTIVATIONS):
        seeded(1000 + index)
        x = leaf(representable(away_from_zero(torch.randn(shape) * 2.0)))
        y = function(x)
        loss, weights = weighted_sum(y)
        loss.backward()
        yield name, {"activation": spec}, {"x": x, "y": y, "output_weights": weights, "grad_x": x.grad}
