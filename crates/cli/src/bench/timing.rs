//! What the GPU-era measurements share: a clock, the median, and names for where they ran.

use crate::CliError;
use nnplay_tensor::gpu;
use std::sync::OnceLock;
use std::time::Instant;

/// Seconds since the first call: the clock every measurement reads.
pub fn now() -> f64 {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    ORIGIN.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// The median of `values` (the mean of the middle two for an even count); NaN for none.
pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / 2.0 }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert!(median(Vec::new()).is_nan());
    }
}
