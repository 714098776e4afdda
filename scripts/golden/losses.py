"""torch.nn losses with reduction='mean': the loss and its gradients w.r.t. the
prediction (and the target, for regression losses). The config holds the loss in the
spec's JSON form (see nnplay_nn::Loss)."""

import torch
import torch.nn.functional as F

from ._common import leaf, seeded


def representable(t):
    """Rounds to float32 (what the Rust test reads), so PyTorch sees the same inputs."""
    return t.to(torch.float32).to(torch.float64)


def regression_pair(shape, delta=None):
    """Prediction and target whose differences stay clear of 0 (the kink of |d|) and of
    ±delta (where Huber switches branch)."""
    prediction = torch.randn(shape)
    difference = torch.randn(shape) * 1.5
    difference = torch.sign(difference) * (difference.abs() + 0.05)
    if delta is not None:
        near = (difference.abs() - delta).abs() < 0.05
        difference = torch.where(near, difference * 1.2, difference)
    return leaf(representable(prediction)), leaf(representable(prediction - difference))


def regression_cases():
    for name, spec, function, delta in [
        ("mse", "mse", F.mse_loss, None),
        ("l1", "l1", F.l1_loss, None),
        ("huber_default", "huber", F.huber_loss, 1.0),
        ("huber_delta", {"huber": {"delta": 0.5}}, lambda p, t: F.huber_loss(p, t, delta=0.5), 0.5),
    ]:
        seeded(len(name) * 17)
        prediction, target = regression_pair((4, 3), delta)
        loss = function(prediction, target)
        loss.backward()
        yield name, {"loss": spec}, {
            "prediction": prediction,
            "target": target,
            "loss": loss,
            "grad_prediction": prediction.grad,
            "grad_target": target.grad,
        }


def binary_cases():
    for name, soft in [("bce_with_logits_hard", False), ("bce_with_logits_soft", True)]:
        seeded(len(name) * 19)
        logits = leaf(representable(torch.randn(4, 3) * 3.0))
        targets = representable(torch.rand(4, 3)) if soft else torch.randint(0, 2, (4, 3)).to(torch.float64)
        loss = F.binary_cross_entropy_with_logits(logits, targets)
        loss.backward()
        yield name, {"loss": "binary_cross_entropy_with_logits"}, {
            "prediction": logits,
            "target": targets,
            "loss": loss,
            "grad_prediction": logits.grad,
        }


def cross_entropy_cases():
    # (name, logits shape, ignore_index or None for torch's default, label_smoothing, positions to ignore)
    settings = [
        ("cross_entropy", (5, 4), None, 0.0, []),
        ("cross_entropy_ignore_default", (6, 4), None, 0.0, [1, 4]),
        ("cross_entropy_ignore_class", (6, 4), 0, 0.0, [0, 3]),
        ("cross_entropy_smoothing", (5, 4), None, 0.1, []),
        ("cross_entropy_smoothing_ignore", (6, 4), None, 0.25, [2, 5]),
        ("cross_entropy_sequence", (2, 4, 5), None, 0.0, []),
        ("cross_entropy_sequence_ignore_smoothing", (3, 4, 5), 0, 0.1, [1, 6, 7]),
    ]
    for name, shape, ignore_index, smoothing, ignored in settings:
        seeded(len(name) * 23)
        classes = shape[-1]
        logits = leaf(representable(torch.randn(shape) * 2.0))
        # Targets avoid the ignored class except where a position is meant to be ignored.
        low = 1 if ignore_index == 0 else 0
        targets = torch.randint(low, classes, shape[:-1])
        flat = targets.reshape(-1)
        for position in ignored:
            flat[position] = -100 if ignore_index is None else ignore_index
        options = {}
        if ignore_index is not None:
            options["ignore_index"] = ignore_index
        if smoothing:
            options["label_smoothing"] = smoothing
        spec = {"cross_entropy": options} if options else "cross_entropy"
        # torch wants the class axis second: [batch, classes, time] for sequences.
        torch_logits = logits.permute(0, 2, 1) if logits.dim() == 3 else logits
        loss = F.cross_entropy(
            torch_logits,
            targets,
            ignore_index=-100 if ignore_index is None else ignore_index,
            label_smoothing=smoothing,
        )
        loss.backward()
        yield name, {"loss": spec}, {
            "prediction": logits,
            "target": targets.to(torch.float64),
            "loss": loss,
            "grad_prediction": logits.grad,
        }


def cases():
    yield from regression_cases()
    yield from binary_cases()
    yield from cross_entropy_cases()
