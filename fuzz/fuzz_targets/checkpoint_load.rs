//! A checkpoint file: reading its description, then resuming a session from it on the CPU.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_tensor::Device;
use nnplay_train::{SpecSession, checkpoint};

fuzz_target!(|bytes: &[u8]| {
    let _ = checkpoint::info(bytes);
    let _ = SpecSession::resume(bytes, Device::Cpu);
});
