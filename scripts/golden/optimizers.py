"""torch.optim trajectories and clip_grad_norm_.

Every trajectory case trains the same small problem for 20 steps: parameters w [3, 2] and
b [2], loss sum((tanh(x @ w + b) - y)^2) with fixed x [5, 3] and y [5, 2], so the gradient
changes at every step. It stores x, y, the parameters before and after every step
(w_trajectory [21, 3, 2], b_trajectory [21, 2]) and the optimizer state after the last
step under "state.{index}.{key}" (torch's state_dict keys). Its config holds the
OptimizerConfig JSON the Rust side builds from ("optimizer") and the torch arguments.

The clipping cases store the gradients at the starting point, clip_grad_norm_'s result and
the total norm it returns.
"""

import torch

from ._common import seeded

STEPS = 20

# (case name, OptimizerConfig JSON, torch optimizer class, torch keyword arguments)
TRAJECTORIES = [
    ("sgd_plain", {"kind": "sgd", "learning_rate": 0.1}, torch.optim.SGD, {"lr": 0.1}),
    (
        "sgd_momentum_dampening",
        {"kind": "momentum", "learning_rate": 0.05, "momentum": 0.9, "dampening": 0.3},
        torch.optim.SGD,
        {"lr": 0.05, "momentum": 0.9, "dampening": 0.3},
    ),
    (
        "sgd_nesterov",
        {"kind": "momentum", "learning_rate": 0.05, "momentum": 0.8, "nesterov": True},
        torch.optim.SGD,
        {"lr": 0.05, "momentum": 0.8, "nesterov": True},
    ),
    (
        "sgd_momentum_weight_decay",
        {"kind": "momentum", "learning_rate": 0.1, "momentum": 0.5, "weight_decay": 0.05},
        torch.optim.SGD,
        {"lr": 0.1, "momentum": 0.5, "weight_decay": 0.05},
    ),
    (
        "sgd_weight_decay",
        {"kind": "sgd", "learning_rate": 0.1, "weight_decay": 0.2},
        torch.optim.SGD,
        {"lr": 0.1, "weight_decay": 0.2},
    ),
    ("adagrad", {"kind": "adagrad", "learning_rate": 0.1, "epsilon": 1e-10}, torch.optim.Adagrad, {"lr": 0.1}),
    (
        "adagrad_lr_decay",
        {
            "kind": "adagrad",
            "learning_rate": 0.2,
            "lr_decay": 0.05,
            "weight_decay": 0.01,
            "initial_accumulator_value": 0.1,
            "epsilon": 1e-6,
        },
        torch.optim.Adagrad,
        {"lr": 0.2, "lr_decay": 0.05, "weight_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6},
    ),
    ("rmsprop", {"kind": "rmsprop", "learning_rate": 0.01}, torch.optim.RMSprop, {"lr": 0.01}),
    (
        "rmsprop_centered_momentum",
        {
            "kind": "rmsprop",
            "learning_rate": 0.01,
            "alpha": 0.95,
            "epsilon": 1e-4,
            "rmsprop_momentum": 0.3,
            "centered": True,
            "weight_decay": 0.01,
        },
        torch.optim.RMSprop,
        {"lr": 0.01, "alpha": 0.95, "eps": 1e-4, "momentum": 0.3, "centered": True, "weight_decay": 0.01},
    ),
    ("adam", {"kind": "adam", "learning_rate": 0.05}, torch.optim.Adam, {"lr": 0.05}),
    (
        "adam_weight_decay",
        {"kind": "adam", "learning_rate": 0.05, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1},
        torch.optim.Adam,
        {"lr": 0.05, "betas": (0.8, 0.99), "weight_decay": 0.1},
    ),
    (
        "adam_amsgrad",
        {"kind": "adam", "learning_rate": 0.05, "amsgrad": True},
        torch.optim.Adam,
        {"lr": 0.05, "amsgrad": True},
    ),
    (
        "adam_amsgrad_weight_decay",
        {"kind": "adam", "learning_rate": 0.03, "epsilon": 1e-6, "weight_decay": 0.05, "amsgrad": True},
        torch.optim.Adam,
        {"lr": 0.03, "eps": 1e-6, "weight_decay": 0.05, "amsgrad": True},
    ),
    ("adamw", {"kind": "adamw", "learning_rate": 0.05}, torch.optim.AdamW, {"lr": 0.05}),
    (
        "adamw_amsgrad",
        {"kind": "adamw", "learning_rate": 0.05, "weight_decay": 0.3, "amsgrad": True},
        torch.optim.AdamW,
        {"lr": 0.05, "weight_decay": 0.3, "amsgrad": True},
    ),
    (
        "sgd_momentum_clipped",
        {"kind": "momentum", "learning_rate": 0.1, "momentum": 0.9, "clip_grad_norm": 0.5},
        torch.optim.SGD,
        {"lr": 0.1, "momentum": 0.9},
    ),
    (
        "adam_clipped",
        {"kind": "adam", "learning_rate": 0.05, "clip_grad_norm": 0.3},
        torch.optim.Adam,
        {"lr": 0.05},
    ),
]

# What OptimizerConfig assumes for fields a case leaves out (its serde defaults are
# PyTorch's, except these fields that old JSON always had).
BASE_CONFIG = {"momentum": 0.0, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}


def problem(seed):
    """Fixed inputs, targets and starting parameters."""
    seeded(seed)
    x = torch.randn(5, 3)
    y = torch.rand(5, 2) * 1.6 - 0.8
    w = torch.randn(3, 2) * 0.7
    b = torch.randn(2) * 0.2
    return x, y, w, b


def loss_of(x, y, w, b):
    return ((torch.tanh(x @ w + b) - y) ** 2).sum()


def trajectory(name, config, optimizer_class, kwargs):
    x, y, w0, b0 = problem(1234)
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    optimizer = optimizer_class([w, b], **kwargs)
    ws, bs = [w.detach().clone()], [b.detach().clone()]
    clip = config.get("clip_grad_norm")
    for _ in range(STEPS):
        optimizer.zero_grad()
        loss_of(x, y, w, b).backward()
        if clip is not None:
            torch.nn.utils.clip_grad_norm_([w, b], clip)
        optimizer.step()
        ws.append(w.detach().clone())
        bs.append(b.detach().clone())
    tensors = {"x": x, "y": y, "w_trajectory": torch.stack(ws), "b_trajectory": torch.stack(bs)}
    for index, state in optimizer.state_dict()["state"].items():
        for key, value in state.items():
            if value is not None:
                tensors[f"state.{index}.{key}"] = torch.as_tensor(value, dtype=torch.float64)
    full_config = {**BASE_CONFIG, **config}
    torch_kwargs = {k: list(v) if isinstance(v, tuple) else v for k, v in kwargs.items()}
    return name, {"optimizer": full_config, "torch": torch_kwargs, "steps": STEPS}, tensors


def clipping(name, max_norm_factor):
    """clip_grad_norm_ at the starting point, with max_norm the total norm times the factor."""
    x, y, w0, b0 = problem(1234)
    w = w0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    loss_of(x, y, w, b).backward()
    grad_w, grad_b = w.grad.clone(), b.grad.clone()
    norm = torch.sqrt(grad_w.pow(2).sum() + grad_b.pow(2).sum())
    max_norm = float(norm) * max_norm_factor
    total = torch.nn.utils.clip_grad_norm_([w, b], max_norm)
    return name, {"max_norm": max_norm}, {
        "x": x,
        "y": y,
        "w": w0,
        "b": b0,
        "grad_w": grad_w,
        "grad_b": grad_b,
        "clipped_w": w.grad,
        "clipped_b": b.grad,
        "total_norm": total,
    }


def cases():
    for name, config, optimizer_class, kwargs in TRAJECTORIES:
        yield trajectory(name, config, optimizer_class, kwargs)
    yield clipping("clip_below_norm", 0.3)
    yield clipping("clip_above_norm", 2.0)
