//! A host page's `postMessage` command (JSON text), as the embed bridge reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_app::fuzzing::read_command;

fuzz_target!(|text: &str| {
    let _ = read_command(text);
});
