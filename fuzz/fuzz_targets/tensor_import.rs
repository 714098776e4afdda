//! Tensor uploads: the input as a safetensors file, and split in two as a pair of `.npy`
//! files (the first byte says where the rest splits, in steps of 4 bytes).
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_data::import::{ImportLimits, TaskChoice, import_npy_pair, import_safetensors};

fuzz_target!(|bytes: &[u8]| {
    let limits = ImportLimits::default();
    let _ = import_safetensors("fuzz.safetensors", bytes, TaskChoice::Auto, &limits);
    let Some((&cut, rest)) = bytes.split_first() else { return };
    let (x, y) = rest.split_at((cut as usize * 4).min(rest.len()));
    let _ = import_npy_pair(("x.npy", x), ("y.npy", y), TaskChoice::Auto, &limits);
});
