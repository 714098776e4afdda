"""nn.MaxPool1d/2d, nn.AvgPool1d/2d (stride, padding, dilation for max, count_include_pad
for average), global average pooling and nn.Flatten: outputs and input gradients."""

import torch
import torch.nn.functional as F

from ._common import seeded
from ._layers_basic import case

BATCH = 2

# name, kind, input shape without batch, layer config (the Rust JSON form)
POOLS = [
    ("max_pool2d_basic", "max_pool2d", [2, 4, 6], {"kernel_size": 2}),
    ("max_pool2d_stride_padding", "max_pool2d", [2, 5, 5], {"kernel_size": 3, "stride": 2, "padding": 1}),
    (
        "max_pool2d_rect_dilation",
        "max_pool2d",
        [1, 6, 7],
        {"kernel_size": [2, 3], "stride": [1, 2], "padding": [1, 1], "dilation": [2, 1]},
    ),
    ("max_pool1d_padding", "max_pool1d", [3, 9], {"kernel_size": 3, "stride": 2, "padding": 1}),
    ("avg_pool2d_basic", "avg_pool2d", [2, 4, 6], {"kernel_size": 2}),
    ("avg_pool2d_padding_counted", "avg_pool2d", [2, 5, 5], {"kernel_size": 3, "stride": 2, "padding": 1}),
    (
        "avg_pool2d_padding_not_counted",
        "avg_pool2d",
        [2, 5, 4],
        {"kernel_size": [3, 2], "stride": [2, 1], "padding": [1, 1], "count_include_pad": False},
    ),
    (
        "avg_pool1d_padding_not_counted",
        "avg_pool1d",
        [3, 9],
        {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
    ),
    ("global_avg_pool_2d", "global_avg_pool", [3, 4, 5], {}),
    ("global_avg_pool_1d", "global_avg_pool", [3, 6], {}),
    ("flatten", "flatten", [2, 3, 2], {}),
]


def forward_for(kind, layer):
    kernel = layer.get("kernel_size")
    stride = layer.get("stride", kernel)
    padding = layer.get("padding", 0)
    if kind == "max_pool2d":
        return lambda x: F.max_pool2d(x, kernel, stride, padding, layer.get("dilation", 1))
    if kind == "max_pool1d":
        return lambda x: F.max_pool1d(x, kernel, stride, padding, layer.get("dilation", 1))
    count_include_pad = layer.get("count_include_pad", True)
    if kind == "avg_pool2d":
        return lambda x: F.avg_pool2d(x, kernel, stride, padding, count_include_pad=count_include_pad)
    if kind == "avg_pool1d":
        return lambda x: F.avg_pool1d(x, kernel, stride, padding, count_include_pad=count_include_pad)
    if kind == "global_avg_pool":
        return lambda x: x.mean(dim=tuple(range(2, x.dim())))
    if kind == "flatten":
        return lambda x: torch.nn.Flatten()(x)
    raise ValueError(kind)


def cases():
    for index, (name, kind, shape, layer) in enumerate(POOLS):
        seeded(3200 + index)
        # Continuous random values: no two taps of a window tie for the maximum.
        x = torch.randn(BATCH, *shape)
        yield case(name, kind, shape, layer, forward_for(kind, layer), {"x": x})
