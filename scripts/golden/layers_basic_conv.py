"""nn.Conv1d and nn.Conv2d (stride, zero padding, dilation, with and without bias):
outputs and gradients w.r.t. the input, weight and bias."""

import torch
import torch.nn.functional as F

from ._common import seeded
from ._layers_basic import case

# name, input [channels, height, width], layer config (the Rust JSON form)
CONV2D = [
    ("conv2d_basic", [3, 5, 5], {"out_channels": 4, "kernel_size": 3}),
    ("conv2d_stride_padding", [2, 6, 5], {"out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1}),
    (
        "conv2d_rect_dilation_no_bias",
        [2, 7, 6],
        {
            "out_channels": 2,
            "kernel_size": [2, 3],
            "stride": [1, 2],
            "padding": [1, 0],
            "dilation": [2, 1],
            "bias": False,
        },
    ),
]

# name, input [channels, length], layer config
CONV1D = [
    ("conv1d_basic", [3, 8], {"out_channels": 2, "kernel_size": 3}),
    (
        "conv1d_stride_padding_dilation",
        [2, 9],
        {"out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 2, "dilation": 2},
    ),
]

BATCH = 2


def pair(value):
    return tuple(value) if isinstance(value, list) else (value, value)


def cases():
    for index, (name, shape, layer) in enumerate(CONV2D):
        seeded(3000 + index)
        module = torch.nn.Conv2d(
            shape[0],
            layer["out_channels"],
            pair(layer["kernel_size"]),
            stride=pair(layer.get("stride", 1)),
            padding=pair(layer.get("padding", 0)),
            dilation=pair(layer.get("dilation", 1)),
            bias=layer.get("bias", True),
        )
        params = {key: value for key, value in module.state_dict().items()}

        def forward(x, weight, bias=None, module=module):
            return F.conv2d(x, weight, bias, module.stride, module.padding, module.dilation)

        yield case(name, "conv2d", shape, layer, forward, {"x": torch.randn(BATCH, *shape)}, params)

    for index, (name, shape, layer) in enumerate(CONV1D):
        seeded(3100 + index)
        module = torch.nn.Conv1d(
            shape[0],
            layer["out_channels"],
            layer["kernel_size"],
            stride=layer.get("stride", 1),
            padding=layer.get("padding", 0),
            dilation=layer.get("dilation", 1),
            bias=layer.get("bias", True),
        )
        params = {key: value for key, value in module.state_dict().items()}

        def forward(x, weight, bias=None, module=module):
            return F.conv1d(x, weight, bias, module.stride, module.padding, module.dilation)

        yield case(name, "conv1d", shape, layer, forward, {"x": torch.randn(BATCH, *shape)}, params)
