#!/usr/bin/env python3
"""Writes the PyTorch golden fixtures under crates/nn/tests/fixtures/.

Each module in scripts/golden/ defines `cases()`, yielding (name, config, tensors):
the inputs, parameters, outputs and gradients of one layer, loss or optimizer run,
computed by PyTorch in float64 and stored as float32. Every module writes one file,
crates/nn/tests/fixtures/<module>.json, which the Rust tests compile in.

Run from the repository root (needs torch; the tests themselves never need Python):

    python3 scripts/golden.py            # every module
    python3 scripts/golden.py optimizers # one module

The fixtures committed were written with PyTorch 2.15.0 (CPU, float64), torch.manual_seed
per case; the version is also stored in every file.
"""

import importlib
import json
import pathlib
import sys

import torch

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "crates" / "nn" / "tests" / "fixtures"
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))


def tensor_entry(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(module_name):
    module = importlib.import_module(f"golden.{module_name}")
    torch.set_default_dtype(torch.float64)
    cases = {}
    for name, config, tensors in module.cases():
        if name in cases:
            raise SystemExit(f"{module_name}: case {name} written twice")
        cases[name] = {"config": config, "tensors": {k: tensor_entry(v) for k, v in tensors.items()}}
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{module_name}.json"
    body = {"torch_version": torch.__version__, "cases": cases}
    path.write_text(json.dumps(body, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {path.relative_to(ROOT)}: {len(cases)} cases")


def main():
    names = sys.argv[1:] or sorted(
        p.stem for p in (ROOT / "scripts" / "golden").glob("*.py") if not p.stem.startswith("_")
    )
    for name in names:
        write(name)


if __name__ == "__main__":
    main()
