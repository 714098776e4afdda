//! `nnplay bench gpu-matmul`: GFLOP/s of square products on the GPU's tiled kernel (what
//! `Tensor::matmul` runs), the naive one-invocation-per-output kernel, and the CPU backend.

use super::timing::{cpu_name, now, open_gpu};
use crate::CliError;
use clap::{Args, ValueEnum};
use nnplay_tensor::{Device, Distribution, Tensor, TensorError, gpu};
use nnplay_train::step_timing::median;
use serde::Serialize;

/// A timed repeat runs this many seconds or more (products are queued back to back).
const REPEAT_SECONDS: f64 = 0.25;
/// At most this many products per repeat, so small sizes do not queue thousands.
const MAX_PRODUCTS: usize = 64;
/// Repeats per (kernel, size) when the budget allows; the median is reported.
const MAX_REPEATS: usize = 5;

/// Options of `nnplay bench gpu-matmul`.
#[derive(Args, Debug)]
pub struct GpuMatmulArgs {
    /// Square sizes n of the n×n · n×n products.
    #[arg(long, value_delimiter = ',', default_values_t = [256, 512, 1024, 2048])]
    sizes: Vec<usize>,
    /// Kernels to time.
    #[arg(long, value_delimiter = ',', value_enum, default_values_t = [Kernel::Tiled, Kernel::Naive, Kernel::Cpu])]
    kernels: Vec<Kernel>,
    /// Seconds of timed repeats per kernel and size; slow ones get fewer repeats (at least one).
    #[arg(long, default_value_t = 8.0)]
    budget: f64,
    /// Print one JSON object per line instead of a table.
    #[arg(long)]
    json: bool,
}

/// A matrix product implementation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kernel {
    /// The engine's GPU matmul (workgroup tiles, register blocking).
    Tiled,
    /// One GPU invocation per output value, no shared memory: the baseline.
    Naive,
    /// The CPU backend's matmul.
    Cpu,
}

impl Kernel {
    fn engine(self) -> &'static str {
        match self {
            Kernel::Tiled => "gpu-tiled",
            Kernel::Naive => "gpu-naive",
            Kernel::Cpu => "cpu",
        }
    }
    fn device(self) -> Device {
        if self == Kernel::Cpu { Device::Cpu } else { Device::Gpu }
    }
    fn product(self, a: &Tensor, b: &Tensor) -> Result<Tensor, TensorError> {
        match self {
            Kernel::Naive => gpu::naive_matmul(a, b),
            Kernel::Tiled | Kernel::Cpu => a.matmul(b),
        }
    }
}

/// One kernel at one size.
#[derive(Debug, Serialize)]
pub struct MatmulRow {
    pub engine: &'static str,
    pub adapter: String,
    pub n: usize,
    pub gflops: f64,
    /// Median milliseconds per product.
    pub ms: f64,
    /// Products queued per timed repeat.
    pub products: usize,
    pub repeats: usize,
}

/// Times every kernel at every size; prints a table or JSON lines.
pub fn run(args: GpuMatmulArgs) -> Result<(), CliError> {
    if let Some(&n) = args.sizes.iter().find(|&&n| n == 0) {
        return Err(CliError::Usage(format!("--sizes: {n} is not a matrix size")));
    }
    if args.budget.is_nan() || args.budget <= 0.0 {
        return Err(CliError::Usage(format!("--budget must be positive seconds, not {}", args.budget)));
    }
    let gpu_name = if args.kernels.iter().any(|k| k.device() == Device::Gpu) { Some(open_gpu()?) } else { None };
    if !args.json {
        println!("{:<10} {:>6} {:>10} {:>11}  {:<9} adapter", "kernel", "n", "GFLOP/s", "ms/product", "runs");
    }
    for &n in &args.sizes {
        for &kernel in &args.kernels {
            let adapter = match kernel.device() {
                Device::Gpu => gpu_name.clone().unwrap_or_default(),
                Device::Cpu => cpu_name(),
            };
            let row = pollster::block_on(measure(kernel, n, args.budget, adapter))
                .map_err(|e| CliError::Run(format!("{} {n}²: {e}", kernel.engine())))?;
            if args.json {
                println!("{}", serde_json::to_string(&row).expect("rows serialise"));
            } else {
                let runs = format!("{}×{}", row.repeats, row.products);
                println!(
                    "{:<10} {:>6} {:>10.2} {:>11.2}  {runs:<9} {}",
                    row.engine, row.n, row.gflops, row.ms, row.adapter
                );
            }
        }
    }
    Ok(())
}

/// Warms up (compiles the kernel, fills the buffer pool), then times repeats of
/// back-to-back products, each ended by one read so the queue is drained.
async fn measure(kernel: Kernel, n: usize, budget: f64, adapter: String) -> Result<MatmulRow, TensorError> {
    let uniform = Distribution::Uniform { low: -1.0, high: 1.0 };
    let a = Tensor::random(uniform, 1, 0, [n, n], kernel.device());
    let b = Tensor::random(uniform, 1, 1, [n, n], kernel.device());
    seconds_for(kernel, &a, &b, 1).await?;
    let single = seconds_for(kernel, &a, &b, 1).await?;
    let products = ((REPEAT_SECONDS / single).ceil() as usize).clamp(1, MAX_PRODUCTS);
    let repeats = ((budget / (single * products as f64)) as usize).clamp(1, MAX_REPEATS);
    // A single product that fills a repeat by itself is a timed repeat already: at 2048²
    // on a software adapter one takes seconds.
    let mut per_product = if products == 1 { vec![single] } else { Vec::with_capacity(repeats) };
    while per_product.len() < repeats {
        per_product.push(seconds_for(kernel, &a, &b, products).await? / products as f64);
    }
    let seconds = median(per_product);
    Ok(MatmulRow {
        engine: kernel.engine(),
        adapter,
        n,
        gflops: 2.0 * (n as f64).powi(3) / seconds / 1e9,
        ms: seconds * 1e3,
        products,
        repeats,
    })
}

/// Seconds for `count` products queued back to back and one read of a value of the last.
async fn seconds_for(kernel: Kernel, a: &Tensor, b: &Tensor, count: usize) -> Result<f64, TensorError> {
    let started = now();
    let mut last = kernel.product(a, b)?;
    for _ in 1..count {
        last = kernel.product(a, b)?;
    }
    // One value is enough to wait for the whole queue; reading all n² would time the copy.
    last.slice(0, 0, 1)?.slice(1, 0, 1)?.to_vec().await?;
    Ok(now() - started)
}
