"""Helpers shared by the fixture modules."""

import torch


def seeded(seed):
    """Seeds PyTorch for one case, so each case is reproducible on its own."""
    torch.manual_seed(seed)


def leaf(t):
    """A float64 leaf that records its gradient."""
    return t.detach().to(torch.float64).clone().requires_grad_(True)


def weighted_sum(output, seed=99):
    """Reduces `output` with fixed random weights in [0.5, 1.5) (stored in the case), so the
    gradient arriving at the output is not all ones. Returns (loss, weights)."""
    g = torch.Generator().manual_seed(seed)
    weights = torch.rand(output.shape, generator=g, dtype=torch.float64) + 0.5
    return (output * weights).sum(), weights
