//! The GPU backend: WGSL compute kernels run through `wgpu` — WebGPU in the browser,
//! Vulkan, Metal or DX12 natively. Each kernel's `.wgsl` sits beside the Rust that
//! launches it (`elementwise.rs`, `reduce.rs`, `matmul.rs`, `movement.rs`,
//! `indexing.rs`); `context.rs` owns the device, the buffer pool and the batch of
//! recorded commands.
//!
//! The device is opened once, asynchronously, with [`init`]; after that
//! [`crate::Device::Gpu`] tensors can be made. Values stay on the GPU until read.

mod context;
mod elementwise;
mod fused;
mod indexing;
mod matmul;
mod movement;
mod out_of_memory;
mod reduce;

use context::Context;
pub use context::{AdapterSummary, GpuMemory};
#[doc(hidden)]
pub use matmul::use_large_tiles_everywhere;

use crate::backend::Backend;
use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, Tensor, TensorError, UnaryOp};
use std::sync::{Arc, Mutex};

static CONTEXT: Mutex<Option<Arc<Context>>> = Mutex::new(None);
#[cfg(not(target_arch = "wasm32"))]
static OPENING: Mutex<()> = Mutex::new(());

/// Opens the GPU if it is not open (or opens a new one after a fault) and describes it.
/// Fails when there is no adapter: no WebGPU in this browser, no Vulkan driver here.
#[allow(clippy::await_holding_lock)] // on purpose: see below
pub async fn init() -> Result<AdapterSummary> {
    // Natively, tests on many threads call this at once: one opens the device, the
    // others wait and share it (two devices' buffers cannot meet in one kernel). The
    // browser runs one thread, and a std lock held across an await would trap there.
    #[cfg(not(target_arch = "wasm32"))]
    let _opening = OPENING.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(context) = current()
        && context.fault().is_none()
    {
        return Ok(context.summary.clone());
    }
    let context = Arc::new(Context::new().await?);
    *CONTEXT.lock().unwrap() = Some(context.clone());
    Ok(context.summary.clone())
}

/// The open GPU, if [`init`] succeeded.
pub fn adapter() -> Option<AdapterSummary> {
    current().map(|context| context.summary.clone())
}

/// The most values one GPU tensor may hold on the open device (its storage-buffer limit).
pub fn max_tensor_len() -> Option<usize> {
    current().map(|context| {
        let limits = &context.limits;
        (limits.max_storage_buffer_binding_size.min(limits.max_buffer_size) / 4) as usize
    })
}

/// Why the open GPU stopped working (device lost, a kernel rejected), if it did.
pub fn fault() -> Option<String> {
    current().and_then(|context| context.fault())
}

/// Destroys the device as a driver reset would, so the fallback to the CPU can be tested.
/// Every later read of a GPU tensor fails; [`init`] opens a fresh device.
pub fn simulate_device_loss() {
    if let Some(context) = current() {
        context.record_fault("the GPU device was lost (destroyed on purpose)".into());
        context.device.destroy();
    }
}

/// Makes the next GPU allocation fail as it does when the device's memory is full, so
/// the fallback to the CPU can be tested: the fault names "out of memory", every later
/// read of a GPU tensor fails with it, and [`init`] opens a fresh device.
pub fn simulate_out_of_memory() {
    if let Some(context) = current() {
        context.out_of_memory_armed.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// What the open GPU's buffer pool holds (tensors' buffers and free ones kept for reuse),
/// or `None` before [`init`]. A device opened after a fault starts a fresh count.
pub fn memory() -> Option<GpuMemory> {
    current().map(|context| context.memory())
}

/// Kernel launches recorded so far in this program (for benchmarks: launches per step).
pub fn launches() -> u64 {
    context::LAUNCHES.load(std::sync::atomic::Ordering::Relaxed)
}

/// Submits the commands recorded so far without waiting for them.
pub fn flush() {
    if let Some(context) = current() {
        context.flush();
    }
}

fn current() -> Option<Arc<Context>> {
    CONTEXT.lock().unwrap().clone()
}

/// The backend on the open device. Making a GPU tensor before [`init`] is a bug in the
/// caller, not bad input, so it panics with what to do.
pub(crate) fn backend() -> GpuBackend {
    let context = current().expect("GPU tensors need the device: call nnplay_tensor::gpu::init().await first");
    GpuBackend { context }
}

/// The naive one-invocation-per-output matrix product, kept as the baseline the tiled
/// kernel is benchmarked against. `a` is `[m, k]`, `b` is `[k, n]`, both on the GPU.
pub fn naive_matmul(a: &Tensor, b: &Tensor) -> Result<Tensor> {
    let (crate::Storage::Gpu(x), crate::Storage::Gpu(y)) = (a.storage(), b.storage()) else {
        return Err(TensorError::Device("naive_matmul takes two GPU tensors".into()));
    };
    let ([m, k], [k2, n]) = (a.dims(), b.dims()) else {
        return Err(TensorError::Device("naive_matmul takes two matrices".into()));
    };
    if k != k2 {
        return Err(TensorError::ShapeMismatch {
            op: "naive_matmul",
            lhs: a.shape().clone(),
            rhs: b.shape().clone(),
            reason: "inner dimensions differ".into(),
        });
    }
    let storage = GpuBackend::of(x).naive_matmul(x, y, *m, *k, *n);
    Ok(Tensor::from_storage(crate::Storage::Gpu(storage), [*m, *n]))
}

/// A tensor's values in a GPU buffer; cloning shares them. The buffer goes back to the
/// pool when the last clone is dropped.
#[derive(Clone)]
pub struct GpuStorage(Arc<Buffer>);

struct Buffer {
    context: Arc<Context>,
    raw: Option<wgpu::Buffer>,
    len: usize,
}

impl Drop for Buffer {
    fn drop(&mut self) {
        if let Some(raw) = self.raw.take() {
            self.context.release(raw);
        }
    }
}

impl std::fmt::Debug for GpuStorage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GpuStorage({} values)", self.0.len)
    }
}

impl GpuStorage {
    fn new(context: &Arc<Context>, len: usize) -> GpuStorage {
        let raw = context.alloc(len as u64 * 4);
        context.lent(&raw);
        GpuStorage(Arc::new(Buffer { context: context.clone(), raw: Some(raw), len }))
    }
    /// How many values it holds.
    pub fn len(&self) -> usize {
        self.0.len
    }
    /// Whether it holds no values.
    pub fn is_empty(&self) -> bool {
        self.0.len == 0
    }
    fn raw(&self) -> &wgpu::Buffer {
        self.0.raw.as_ref().expect("a live buffer")
    }
    /// The buffer and the bytes of it this tensor uses, as a kernel binds it.
    fn binding(&self) -> (&wgpu::Buffer, u64) {
        (self.raw(), self.0.len as u64 * 4)
    }
}

/// Distinct single values kept on the GPU before the cache starts over.
const SCALAR_CACHE: usize = 1024;

/// Launches kernels on one device.
#[derive(Clone)]
pub struct GpuBackend {
    context: Arc<Context>,
}

impl GpuBackend {
    /// The backend of the device that holds `x`.
    pub(crate) fn of(x: &GpuStorage) -> GpuBackend {
        GpuBackend { context: x.0.context.clone() }
    }
    fn output(&self, len: usize) -> GpuStorage {
        GpuStorage::new(&self.context, len)
    }
}

/// A shape's dimensions as kernel parameters.
fn words(values: &[usize]) -> impl Iterator<Item = u32> + '_ {
    values.iter().map(|&v| u32::try_from(v).expect("GPU kernels index with u32"))
}

impl Backend for GpuBackend {
    type Storage = GpuStorage;

    fn upload(&self, data: Vec<f32>) -> GpuStorage {
        let out = self.output(data.len());
        self.context.write(out.raw(), &data);
        out
    }

    fn fill(&self, value: f32, shape: &Shape) -> GpuStorage {
        if shape.elem_count() != 1 {
            return self.fill_values(value, shape.elem_count());
        }
        // Scalars (the 0.5 of `x.mul_scalar(0.5)`) recur every step and never change:
        // one launch makes each, once.
        if let Some(cached) = self.context.scalars.lock().unwrap().get(&value.to_bits()) {
            return cached.clone();
        }
        let made = self.fill_values(value, 1);
        let mut scalars = self.context.scalars.lock().unwrap();
        if scalars.len() >= SCALAR_CACHE {
            scalars.clear();
        }
        scalars.insert(value.to_bits(), made.clone());
        made
    }

    fn random(&self, dist: Distribution, seed: u64, stream: u32, shape: &Shape) -> GpuStorage {
        self.random_values(dist, seed, stream, shape.elem_count())
    }

    fn unary(&self, op: UnaryOp, x: &GpuStorage) -> GpuStorage {
        self.unary_op(op, x)
    }

    fn binary(
        &self,
        op: BinaryOp,
        a: &GpuStorage,
        a_shape: &Shape,
        b: &GpuStorage,
        b_shape: &Shape,
        out: &Shape,
    ) -> GpuStorage {
        self.binary_op(op, a, a_shape, b, b_shape, out)
    }

    fn select(
        &self,
        cond: &GpuStorage,
        cond_shape: &Shape,
        a: &GpuStorage,
        a_shape: &Shape,
        b: &GpuStorage,
        b_shape: &Shape,
        out: &Shape,
    ) -> GpuStorage {
        self.select_op(cond, cond_shape, a, a_shape, b, b_shape, out)
    }

    fn reduce(&self, op: ReduceOp, x: &GpuStorage, shape: &Shape, axis: usize) -> GpuStorage {
        self.reduce_op(op, x, shape, axis)
    }

    fn matmul(&self, a: &GpuStorage, b: &GpuStorage, batch: usize, m: usize, k: usize, n: usize) -> GpuStorage {
        self.product(a, b, None, batch, m, k, n, false)
    }

    fn linear(
        &self,
        x: &GpuStorage,
        w: &GpuStorage,
        bias: Option<&GpuStorage>,
        rows: usize,
        k: usize,
        n: usize,
    ) -> GpuStorage {
        self.product(x, w, bias, 1, rows, k, n, true)
    }

    fn softmax(&self, x: &GpuStorage, rows: usize, cols: usize, log: bool) -> GpuStorage {
        self.softmax_rows(x, rows, cols, log)
    }

    fn expand(&self, x: &GpuStorage, shape: &Shape, out: &Shape) -> GpuStorage {
        if shape == out {
            return x.clone();
        }
        self.strided_copy(x, 0, out.dims(), &shape.broadcast_strides(out))
    }

    fn permute(&self, x: &GpuStorage, shape: &Shape, axes: &[usize]) -> GpuStorage {
        let strides = shape.strides();
        let dims: Vec<usize> = axes.iter().map(|&a| shape.dim(a)).collect();
        let strides: Vec<usize> = axes.iter().map(|&a| strides[a]).collect();
        self.strided_copy(x, 0, &dims, &strides)
    }

    fn slice(&self, x: &GpuStorage, shape: &Shape, axis: usize, start: usize, len: usize) -> GpuStorage {
        let strides = shape.strides();
        self.strided_copy(x, start * strides[axis], shape.with_dim(axis, len).dims(), &strides)
    }

    fn concat(&self, parts: &[(&GpuStorage, &Shape)], axis: usize) -> GpuStorage {
        self.concat_parts(parts, axis)
    }

    fn pad(&self, x: &GpuStorage, shape: &Shape, axis: usize, before: usize, after: usize, value: f32) -> GpuStorage {
        self.pad_axis(x, shape, axis, before, after, value)
    }

    fn gather(
        &self,
        x: &GpuStorage,
        shape: &Shape,
        axis: usize,
        index: &GpuStorage,
        index_shape: &Shape,
    ) -> Result<GpuStorage> {
        Ok(self.gather_axis(x, shape, axis, index, index_shape))
    }

    fn scatter_add(
        &self,
        src: &GpuStorage,
        src_shape: &Shape,
        axis: usize,
        index: &GpuStorage,
        out_shape: &Shape,
    ) -> Result<GpuStorage> {
        Ok(self.scatter_add_axis(src, src_shape, axis, index, out_shape))
    }

    async fn read(&self, x: &GpuStorage) -> Result<Vec<f32>> {
        let (raw, bytes) = x.binding();
        self.context.read(raw, bytes).await
    }
}
