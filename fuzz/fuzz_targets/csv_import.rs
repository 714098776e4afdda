//! A CSV upload, read with the options the page uses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_data::import::{CsvOptions, ImportLimits, import_csv};

fuzz_target!(|bytes: &[u8]| {
    let _ = import_csv("fuzz.csv", bytes, &CsvOptions::default(), &ImportLimits::default());
});
