"""nn.Embedding (with and without padding_idx), learned and sinusoidal positional
encodings, and nn.Dropout's evaluation identity and training scale: outputs and
gradients w.r.t. the input and the tables."""

import math

import torch
import torch.nn.functional as F

from ._common import seeded
from ._layers_basic import case


def embedding_case(index, name, rows, dim, shape, padding_idx):
    seeded(3500 + index)
    # Random rows everywhere, the padding row too: PyTorch returns its value but
    # sends it no gradient.
    weight = torch.randn(rows, dim)
    indices = torch.randint(0, rows, shape).to(torch.float64)
    if padding_idx is not None:
        indices[0, 0] = indices[-1, -1] = padding_idx
    layer = {"num_embeddings": rows, "embedding_dim": dim}
    if padding_idx is not None:
        layer["padding_idx"] = padding_idx

    def forward(x, weight):
        return F.embedding(x.detach().long(), weight, padding_idx)

    return case(name, "embedding", shape[1:], layer, forward, {"x": indices}, {"weight": weight})


def learned_positional_case():
    seeded(3600)
    max_len, time, dim = 7, 5, 4

    def forward(x, weight):
        # nn.Embedding(max_len, dim) applied to arange(time), broadcast over the batch.
        return x + F.embedding(torch.arange(time), weight)

    layer = {"max_len": max_len}
    inputs, params = {"x": torch.randn(2, time, dim)}, {"weight": torch.randn(max_len, dim)}
    return case("learned_positional", "learned_positional", [time, dim], layer, forward, inputs, params)


def sinusoidal_positional_case():
    """The PyTorch tutorial's PositionalEncoding table (without its dropout)."""
    seeded(3601)
    max_len, time, dim = 12, 10, 6
    position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
    div_term = torch.exp(torch.arange(0, dim, 2, dtype=torch.float64) * (-math.log(10000.0) / dim))
    table = torch.zeros(max_len, dim)
    table[:, 0::2] = torch.sin(position * div_term)
    table[:, 1::2] = torch.cos(position * div_term)

    def forward(x):
        return x + table[:time]

    layer, inputs = {"max_len": max_len}, {"x": torch.randn(2, time, dim)}
    return case("sinusoidal_positional", "sinusoidal_positional", [time, dim], layer, forward, inputs)


def dropout_case():
    """PyTorch's masks come from its own RNG, so only the rule is compared: evaluation
    is the identity; training keeps values scaled by 1/(1-p) and zeroes the rest."""
    seeded(3700)
    p = 0.3
    x = torch.randn(4, 25)
    tensors = {
        "x": x,
        "y_eval": F.dropout(x, p, training=False),
        "y_train": F.dropout(x, p, training=True),
    }
    return "dropout", {"kind": "dropout", "input_shape": [25], "layer": {"p": p}}, tensors


def cases():
    yield embedding_case(0, "embedding", 7, 4, [2, 5], None)
    yield embedding_case(1, "embedding_padding_idx", 6, 3, [3, 4], 2)
    yield learned_positional_case()
    yield sinusoidal_positional_case()
    yield dropout_case()
