"""Sequence layers: nn.RNN, nn.GRU, nn.LSTM (batch_first, sequence and last-state outputs,
one and two layers) and nn.MultiheadAttention (self-attention, with and without a causal
mask): outputs, per-head attention weights, and gradients w.r.t. the input and every
parameter, stored under its state_dict key (`weight_ih_l0`, `in_proj_weight`, ...)."""

import torch

from ._common import leaf, seeded, weighted_sum

BATCH, FEATURES, HIDDEN = 2, 3, 4
WIDTH, HEADS, ATTENTION_TIME = 8, 2, 4

# name, kind, time, return_sequence, num_layers, nonlinearity (RNN only)
RECURRENT = [
    ("rnn_tanh_sequence", "rnn", 4, True, 1, "tanh"),
    ("rnn_tanh_last", "rnn", 5, False, 1, "tanh"),
    ("rnn_relu_sequence", "rnn", 4, True, 1, "relu"),
    ("gru_sequence", "gru", 4, True, 1, None),
    ("gru_last", "gru", 5, False, 1, None),
    ("gru_two_layers_last", "gru", 4, False, 2, None),
    ("lstm_sequence", "lstm", 4, True, 1, None),
    ("lstm_last", "lstm", 5, False, 1, None),
    ("lstm_two_layers_sequence", "lstm", 4, True, 2, None),
]


def parameter_tensors(module):
    """Every parameter and its gradient, under its state_dict key."""
    tensors = {}
    for key, parameter in module.named_parameters():
        tensors[key] = parameter
        tensors[f"grad_{key}"] = parameter.grad
    return tensors


def recurrent_case(index, name, kind, time, return_sequence, num_layers, nonlinearity):
    seeded(1000 + index)
    layer_config = {"hidden_size": HIDDEN, "num_layers": num_layers, "return_sequence": return_sequence}
    if kind == "rnn":
        layer_config["nonlinearity"] = nonlinearity
        module = torch.nn.RNN(FEATURES, HIDDEN, num_layers, nonlinearity=nonlinearity, batch_first=True)
    elif kind == "gru":
        module = torch.nn.GRU(FEATURES, HIDDEN, num_layers, batch_first=True)
    else:
        module = torch.nn.LSTM(FEATURES, HIDDEN, num_layers, batch_first=True)
    x = leaf(torch.randn(BATCH, time, FEATURES))
    output, state = module(x)  # zero initial state
    last_hidden = (state[0] if kind == "lstm" else state)[-1]  # the top layer's h_T
    y = output if return_sequence else last_hidden
    loss, weights = weighted_sum(y)
    loss.backward()
    config = {"kind": kind, "batch": BATCH, "time": time, "features": FEATURES, "layer": layer_config}
    tensors = {"x": x, "y": y, "output_weights": weights, "grad_x": x.grad}
    tensors.update(parameter_tensors(module))
    return name, config, tensors


def attention_case(index, name, causal):
    seeded(2000 + index)
    module = torch.nn.MultiheadAttention(WIDTH, HEADS, batch_first=True)
    with torch.no_grad():
        # torch starts both biases at zero; random ones make the fixture test them.
        module.in_proj_bias.uniform_(-0.5, 0.5)
        module.out_proj.bias.uniform_(-0.5, 0.5)
    x = leaf(torch.randn(BATCH, ATTENTION_TIME, WIDTH))
    mask = None
    if causal:
        # True = may not attend: every key after the query.
        mask = torch.triu(torch.ones(ATTENTION_TIME, ATTENTION_TIME, dtype=torch.bool), diagonal=1)
    y, attention_weights = module(x, x, x, attn_mask=mask, need_weights=True, average_attn_weights=False)
    loss, weights = weighted_sum(y)
    loss.backward()
    config = {
        "kind": "attention",
        "batch": BATCH,
        "time": ATTENTION_TIME,
        "features": WIDTH,
        "layer": {"num_heads": HEADS, "causal": causal},
    }
    tensors = {
        "x": x,
        "y": y,
        "attention_weights": attention_weights,
        "output_weights": weights,
        "grad_x": x.grad,
    }
    tensors.update(parameter_tensors(module))
    return name, config, tensors


def cases():
    for index, spec in enumerate(RECURRENT):
        yield recurrent_case(index, *spec)
    for index, (name, causal) in enumerate([("attention", False), ("attention_causal", True)]):
        yield attention_case(index, name, causal)
