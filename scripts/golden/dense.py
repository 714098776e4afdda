"""nn.Linear: output and gradients w.r.t. input, weight and bias."""

import torch

from ._common import leaf, seeded, weighted_sum


def cases():
    for name, batch, inputs, outputs in [("dense_small", 3, 4, 2), ("dense_wide", 5, 7, 6)]:
        seeded(len(name) * 31 + inputs)
        layer = torch.nn.Linear(inputs, outputs)
        x = leaf(torch.randn(batch, inputs))
        weight, bias = leaf(layer.weight), leaf(layer.bias)
        y = torch.nn.functional.linear(x, weight, bias)
        loss, weights = weighted_sum(y)
        loss.backward()
        yield name, {"inputs": inputs, "outputs": outputs}, {
            "x": x,
            "weight": weight,
            "bias": bias,
            "y": y,
            "output_weights": weights,
            "grad_x": x.grad,
            "grad_weight": weight.grad,
            "grad_bias": bias.grad,
        }
