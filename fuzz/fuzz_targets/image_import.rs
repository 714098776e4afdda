//! Image uploads: the first byte says where the rest splits into two files, named by class.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_data::import::{ImageOptions, ImportLimits, import_images};

fuzz_target!(|bytes: &[u8]| {
    let Some((&cut, rest)) = bytes.split_first() else { return };
    let (first, second) = rest.split_at((cut as usize).min(rest.len()));
    let files = [("cat_1.png", first), ("dog_1.png", second)];
    let _ = import_images(&files, &ImageOptions::default(), &ImportLimits::default());
});
