//! A run file (model spec and data) as the page, a link or the CLI reads it: parsing and
//! checking it must give a result or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = nnplay_train::RunSpec::from_json(text);
    let _ = nnplay_nn::ModelSpec::from_json(text);
});
