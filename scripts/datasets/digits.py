#!/usr/bin/env python3
"""Writes www/data/digits.bin: the 1,797 real 8x8 handwritten digits scikit-learn ships.

Source: sklearn/datasets/data/digits.csv.gz inside the scikit-learn package (a copy of the
test set of the UCI "Optical Recognition of Handwritten Digits" data). Each CSV row is 64
pixel counts 0..16 (row-major, top row first) followed by the label 0..9. The file's row
order is kept; the app shuffles and splits.

Run from the repository root (needs scikit-learn only to locate the CSV):

    pip install scikit-learn
    python3 scripts/datasets/digits.py

Format (all integers little-endian; crates/data/src/digits.rs reads it):

    offset size  field
    0      8     magic b"NNPDIGIT"
    8      2     version, 1
    10     1     height, 8
    11     1     width, 8
    12     1     largest pixel value, 16
    13     1     reserved, 0
    14     4     sample count N
    18     N*(1+height*width)  samples: label byte 0..9, then height*width pixel bytes
"""

import csv
import gzip
import pathlib
import struct

import sklearn

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "www" / "data" / "digits.bin"
MAGIC = b"NNPDIGIT"
VERSION = 1
SIDE = 8
MAX_PIXEL = 16


def read_rows():
    source = pathlib.Path(sklearn.__file__).parent / "datasets" / "data" / "digits.csv.gz"
    with gzip.open(source, "rt", newline="") as f:
        rows = [[int(v) for v in row] for row in csv.reader(f) if row]
    for number, row in enumerate(rows, 1):
        if len(row) != SIDE * SIDE + 1:
            raise SystemExit(f"{source}: row {number} has {len(row)} values, not {SIDE * SIDE + 1}")
        if not all(0 <= p <= MAX_PIXEL for p in row[:-1]) or not 0 <= row[-1] <= 9:
            raise SystemExit(f"{source}: row {number} has a value out of range")
    return source, rows


def main():
    source, rows = read_rows()
    out = bytearray(MAGIC)
    out += struct.pack("<HBBBBI", VERSION, SIDE, SIDE, MAX_PIXEL, 0, len(rows))
    for row in rows:
        out.append(row[-1])
        out += bytes(row[:-1])
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(out)
    counts = [sum(1 for r in rows if r[-1] == d) for d in range(10)]
    print(f"{source} (scikit-learn {sklearn.__version__}) -> {OUT}: {len(rows)} samples, "
          f"{len(out)} bytes, per class {counts}")


if __name__ == "__main__":
    main()
