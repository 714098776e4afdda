"""Composite layers: a pre-norm Transformer block (nn.LayerNorm, nn.MultiheadAttention,
nn.Linear, nn.GELU) without and with a causal mask, and a residual `x + f(x)` around
[Linear, Tanh]: outputs and gradients w.r.t. the input and every parameter, stored under
its state_dict key (`norm1.weight`, `attention.in_proj_weight`, `mlp.0.weight`,
`layers.0.weight`, ...). Each case's config holds the layer's spec as the Rust side
parses it (`"spec"`), one example's input shape (`"input"`) and the batch size."""

import torch

from ._common import leaf, seeded, weighted_sum

BATCH, TIME, WIDTH, HEADS, MLP_HIDDEN = 2, 4, 8, 2, 16
RESIDUAL_BATCH, RESIDUAL_FEATURES = 3, 6


class TransformerBlock(torch.nn.Module):
    """Pre-norm: h = x + attention(norm1(x)); y = h + mlp(norm2(h)) (dropout 0)."""

    def __init__(self, width, heads, hidden):
        super().__init__()
        self.norm1 = torch.nn.LayerNorm(width)
        self.attention = torch.nn.MultiheadAttention(width, heads, batch_first=True)
        self.norm2 = torch.nn.LayerNorm(width)
        self.mlp = torch.nn.Sequential(torch.nn.Linear(width, hidden), torch.nn.GELU(), torch.nn.Linear(hidden, width))

    def forward(self, x, mask):
        normed = self.norm1(x)
        attended, _ = self.attention(normed, normed, normed, attn_mask=mask, need_weights=False)
        h = x + attended
        return h + self.mlp(self.norm2(h))


class Residual(torch.nn.Module):
    """x + layers(x)."""

    def __init__(self, layers):
        super().__init__()
        self.layers = torch.nn.Sequential(*layers)

    def forward(self, x):
        return x + self.layers(x)


def randomise(module):
    """torch starts LayerNorm at weight 1, bias 0 and the attention biases at 0; random
    values make the fixture test every parameter's role."""
    with torch.no_grad():
        for key, parameter in module.named_parameters():
            if key.startswith("norm") and key.endswith("weight"):
                parameter.uniform_(0.5, 1.5)
            elif key.endswith("bias"):
                parameter.uniform_(-0.5, 0.5)


def run(module, x, forward):
    """Output, the weighted-sum gradients, and every parameter under its state_dict key."""
    y = forward(x)
    loss, weights = weighted_sum(y)
    loss.backward()
    tensors = {"x": x, "y": y, "output_weights": weights, "grad_x": x.grad}
    for key, parameter in module.named_parameters():
        tensors[key] = parameter
        tensors[f"grad_{key}"] = parameter.grad
    return tensors


def transformer_case(index, name, causal):
    seeded(4000 + index)
    module = TransformerBlock(WIDTH, HEADS, MLP_HIDDEN)
    randomise(module)
    x = leaf(torch.randn(BATCH, TIME, WIDTH))
    mask = None
    if causal:
        # True = may not attend: every key after the query.
        mask = torch.triu(torch.ones(TIME, TIME, dtype=torch.bool), diagonal=1)
    spec = {"kind": "transformer_block", "num_heads": HEADS, "mlp_hidden": MLP_HIDDEN, "dropout": 0.0, "causal": causal}
    config = {"spec": spec, "input": [TIME, WIDTH], "batch": BATCH}
    return name, config, run(module, x, lambda x: module(x, mask))


def residual_case():
    seeded(4100)
    module = Residual([torch.nn.Linear(RESIDUAL_FEATURES, RESIDUAL_FEATURES), torch.nn.Tanh()])
    x = leaf(torch.randn(RESIDUAL_BATCH, RESIDUAL_FEATURES))
    spec = {
        "kind": "residual",
        "layers": [{"kind": "dense", "units": RESIDUAL_FEATURES}, {"kind": "activation", "function": "tanh"}],
    }
    config = {"spec": spec, "input": [RESIDUAL_FEATURES], "batch": RESIDUAL_BATCH}
    return "residual_dense_tanh", config, run(module, x, module)


def cases():
    for index, (name, causal) in enumerate([("transformer_block", False), ("transformer_block_causal", True)]):
        yield transformer_case(index, name, causal)
    yield residual_case()
