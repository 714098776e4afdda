//! What the GPU-era measurements share: a clock and names for where they ran.

use crate::CliError;
use nnplay_tensor::gpu;
use std::sync::OnceLock;
use std::time::Instant;

/// Seconds since the first call: the clock every measurement reads.
pub fn now() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Opens the GPU and names its adapter, e.g. `llvmpipe (LLVM 19.1.7, 256 bits) (Vulkan, software)`.
pub fn open_gpu() -> Result<String, CliError> {
    let adapter = pollster::block_on(gpu::init()).map_err(|e| CliError::Usage(format!("GPU benchmark: {e}")))?;
    let kind = if adapter.is_software { ", software" } else { "" };
    Ok(format!("{} ({}{kind})", adapter.name, adapter.backend))
}

/// The CPU backend's "adapter": the architecture and the threads matmul may use.
pub fn cpu_name() -> String {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    format!("{} CPU, {threads} threads", std::env::consts::ARCH)
}
