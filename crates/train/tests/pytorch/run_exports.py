"""Runs PyTorch exports for tests/export_pytorch.rs.

For each export folder given on the command line: imports its model.py, loads
weights.safetensors with strict=True, runs input.safetensors' "x" through the model in
eval mode, in float32 (as a user would) and in float64 (a reference free of float32
rounding), and writes "y" and "y64" to output.safetensors. It also makes the optimizer,
the scheduler and the penalty, so the training helpers are checked to be valid torch.
Any failure is printed with the folder's name and exits with status 1.
"""

import importlib.util
import pathlib
import sys
import traceback

import torch
from safetensors.torch import load_file, save_file


def load_module(folder, index):
    spec = importlib.util.spec_from_file_location(f"exported_model_{index}", folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(folder, index):
    module = load_module(folder, index)
    model = module.Model()
    model.load_state_dict(load_file(folder / "weights.safetensors"), strict=True)
    model.eval()
    x = load_file(folder / "input.safetensors")["x"]
    with torch.no_grad():
        y = model(x)
        if tuple(y.shape[1:]) != tuple(module.OUTPUT_SHAPE):
            raise AssertionError(f"output shape {tuple(y.shape)} does not end with OUTPUT_SHAPE {module.OUTPUT_SHAPE}")
        y64 = model.double()(x.double())
    model.float().train()
    optimizer = module.make_optimizer(model)
    module.make_scheduler(optimizer)
    module.penalty(model)
    save_file({"y": y.contiguous(), "y64": y64.contiguous()}, folder / "output.safetensors")


def main():
    torch.manual_seed(0)
    for index, folder in enumerate(sys.argv[1:]):
        try:
            run(pathlib.Path(folder), index)
        except Exception:
            print(f"{folder}:", file=sys.stderr)
            traceback.print_exc()
            sys.exit(1)


if __name__ == "__main__":
    main()
