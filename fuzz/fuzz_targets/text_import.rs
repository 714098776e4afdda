//! A text upload for a language model.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_data::import::{ImportLimits, import_text};

fuzz_target!(|bytes: &[u8]| {
    let _ = import_text("fuzz.txt", bytes, &ImportLimits::default());
});
