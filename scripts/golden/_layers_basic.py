"""Helpers shared by the layers_basic_* fixture modules (conv, pool, norm, embedding)."""

from ._common import leaf, weighted_sum


def case(name, kind, input_shape, layer, forward, inputs, params=None):
    """Runs `forward(**inputs, **params)` on float64 leaves, reduces the output with fixed
    weights and back-propagates. Returns a fixture case whose config names the Rust layer
    (`kind`), its input shape without the batch axis and its JSON config (`layer`), and
    whose tensors hold every input and parameter (parameters under their state_dict key),
    the output `y`, the `output_weights` and `grad_<name>` for everything that gets a
    gradient."""
    leaves = {key: leaf(value) for key, value in {**inputs, **(params or {})}.items()}
    y = forward(**leaves)
    loss, weights = weighted_sum(y)
    loss.backward()
    tensors = dict(leaves)
    tensors["y"] = y
    tensors["output_weights"] = weights
    for key, value in leaves.items():
        if value.grad is not None:
            tensors[f"grad_{key}"] = value.grad
    config = {"kind": kind, "input_shape": list(input_shape), "layer": layer}
    return name, config, tensors
