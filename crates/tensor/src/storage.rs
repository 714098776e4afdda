//! Run-time choice of backend: a tensor's values live in one [`Storage`] variant and
//! every op dispatches on it.

use crate::backend::Backend;
use crate::cpu::{CpuBackend, CpuStorage};
use crate::gpu::{self, GpuBackend, GpuStorage};
use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, UnaryOp};
use serde::{Deserialize, Serialize};

/// Where tensors are created and computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Device {
    /// The CPU backend (ndarray, matrixmultiply).
    #[default]
    Cpu,
    /// The GPU backend on the device [`gpu::init`] opened.
    Gpu,
}

impl Device {
    /// A short name for badges and logs.
    pub fn name(self) -> &'static str {
        match self {
            Device::Cpu => "CPU",
            Device::Gpu => "GPU",
        }
    }
    /// A hardware GPU when one opens, else the CPU: what a run uses unless told. A
    /// software adapter (lavapipe, SwiftShader) is far slower than the CPU backend, so it
    /// only runs when asked for by name.
    pub async fn auto() -> Device {
        match gpu::init().await {
            Ok(adapter) if !adapter.is_software => Device::Gpu,
            _ => Device::Cpu,
        }
    }
}

/// A tensor's values on its device.
#[derive(Clone, Debug)]
pub enum Storage {
    /// Values in host memory.
    Cpu(CpuStorage),
    /// Values in a GPU buffer.
    Gpu(GpuStorage),
}

/// Mixing devices in one op is a bug in the caller (tensors move with
/// `Tensor::to_device`), so it panics rather than returning an error.
fn mixed() -> ! {
    panic!("an op mixed CPU and GPU tensors: move them to one device first (Tensor::to_device)")
}

impl Storage {
    pub(crate) fn device(&self) -> Device {
        match self {
            Storage::Cpu(_) => Device::Cpu,
            Storage::Gpu(_) => Device::Gpu,
        }
    }
    pub(crate) fn from_vec(device: Device, data: Vec<f32>) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.upload(data)),
            Device::Gpu => Storage::Gpu(gpu::backend().upload(data)),
        }
    }
    pub(crate) fn fill(device: Device, value: f32, shape: &Shape) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.fill(value, shape)),
            Device::Gpu => Storage::Gpu(gpu::backend().fill(value, shape)),
        }
    }
    pub(crate) fn random(device: Device, dist: Distribution, seed: u64, stream: u32, shape: &Shape) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.random(dist, seed, stream, shape)),
            Device::Gpu => Storage::Gpu(gpu::backend().random(dist, seed, stream, shape)),
        }
    }
    pub(crate) fn unary(&self, op: UnaryOp) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.unary(op, x)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).unary(op, x)),
        }
    }
    pub(crate) fn binary(&self, op: BinaryOp, a_shape: &Shape, b: &Storage, b_shape: &Shape, out: &Shape) -> Storage {
        match (self, b) {
            (Storage::Cpu(a), Storage::Cpu(b)) => Storage::Cpu(CpuBackend.binary(op, a, a_shape, b, b_shape, out)),
            (Storage::Gpu(a), Storage::Gpu(b)) => {
                Storage::Gpu(GpuBackend::of(a).binary(op, a, a_shape, b, b_shape, out))
            }
            _ => mixed(),
        }
    }
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn select(
        &self,
        cond_shape: &Shape,
        a: &Storage,
        a_shape: &Shape,
        b: &Storage,
        b_shape: &Shape,
        out: &Shape,
    ) -> Storage {
        match (self, a, b) {
            (Storage::Cpu(c), Storage::Cpu(a), Storage::Cpu(b)) => {
                Storage::Cpu(CpuBackend.select(c, cond_shape, a, a_shape, b, b_shape, out))
            }
            (Storage::Gpu(c), Storage::Gpu(a), Storage::Gpu(b)) => {
                Storage::Gpu(GpuBackend::of(c).select(c, cond_shape, a, a_shape, b, b_shape, out))
            }
            _ => mixed(),
        }
    }
    pub(crate) fn reduce(&self, op: ReduceOp, shape: &Shape, axis: usize) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.reduce(op, x, shape, axis)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).reduce(op, x, shape, axis)),
        }
    }
    pub(crate) fn matmul(&self, b: &Storage, batch: usize, m: usize, k: usize, n: usize) -> Storage {
        match (self, b) {
            (Storage::Cpu(a), Storage::Cpu(b)) => Storage::Cpu(CpuBackend.matmul(a, b, batch, m, k, n)),
            (Storage::Gpu(a), Storage::Gpu(b)) => Storage::Gpu(GpuBackend::of(a).matmul(a, b, batch, m, k, n)),
            _ => mixed(),
        }
    }
    pub(crate) fn linear(&self, w: &Storage, bias: Option<&Storage>, rows: usize, k: usize, n: usize) -> Storage {
        match (self, w, bias) {
            (Storage::Cpu(x), Storage::Cpu(w), None) => Storage::Cpu(CpuBackend.linear(x, w, None, rows, k, n)),
            (Storage::Cpu(x), Storage::Cpu(w), Some(Storage::Cpu(b))) => {
                Storage::Cpu(CpuBackend.linear(x, w, Some(b), rows, k, n))
            }
            (Storage::Gpu(x), Storage::Gpu(w), None) => Storage::Gpu(GpuBackend::of(x).linear(x, w, None, rows, k, n)),
            (Storage::Gpu(x), Storage::Gpu(w), Some(Storage::Gpu(b))) => {
                Storage::Gpu(GpuBackend::of(x).linear(x, w, Some(b), rows, k, n))
            }
            _ => mixed(),
        }
    }
    pub(crate) fn softmax(&self, rows: usize, cols: usize, log: bool) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.softmax(x, rows, cols, log)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).softmax(x, rows, cols, log)),
        }
    }
    pub(crate) fn expand(&self, shape: &Shape, out: &Shape) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.expand(x, shape, out)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).expand(x, shape, out)),
        }
    }
    pub(crate) fn permute(&self, shape: &Shape, axes: &[usize]) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.permute(x, shape, axes)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).permute(x, shape, axes)),
        }
    }
    pub(crate) fn slice(&self, shape: &Shape, axis: usize, start: usize, len: usize) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.slice(x, shape, axis, start, len)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).slice(x, shape, axis, start, len)),
        }
    }
    pub(crate) fn concat(parts: &[(&Storage, &Shape)], axis: usize) -> Storage {
        match parts[0].0 {
            Storage::Cpu(_) => {
                let cpu: Vec<(&CpuStorage, &Shape)> = parts
                    .iter()
                    .map(|(storage, shape)| match storage {
                        Storage::Cpu(x) => (x, *shape),
                        Storage::Gpu(_) => mixed(),
                    })
                    .collect();
                Storage::Cpu(CpuBackend.concat(&cpu, axis))
            }
            Storage::Gpu(first) => {
                let gpu: Vec<(&GpuStorage, &Shape)> = parts
                    .iter()
                    .map(|(storage, shape)| match storage {
                        Storage::Gpu(x) => (x, *shape),
                        Storage::Cpu(_) => mixed(),
                    })
                    .collect();
                Storage::Gpu(GpuBackend::of(first).concat(&gpu, axis))
            }
        }
    }
    pub(crate) fn pad(&self, shape: &Shape, axis: usize, before: usize, after: usize, value: f32) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.pad(x, shape, axis, before, after, value)),
            Storage::Gpu(x) => Storage::Gpu(GpuBackend::of(x).pad(x, shape, axis, before, after, value)),
        }
    }
    pub(crate) fn gather(&self, shape: &Shape, axis: usize, index: &Storage, index_shape: &Shape) -> Result<Storage> {
        match (self, index) {
            (Storage::Cpu(x), Storage::Cpu(i)) => {
                Ok(Storage::Cpu(CpuBackend.gather(x, shape, axis, i, index_shape)?))
            }
            (Storage::Gpu(x), Storage::Gpu(i)) => {
                Ok(Storage::Gpu(GpuBackend::of(x).gather(x, shape, axis, i, index_shape)?))
            }
            _ => mixed(),
        }
    }
    pub(crate) fn scatter_add(
        &self,
        src_shape: &Shape,
        axis: usize,
        index: &Storage,
        out_shape: &Shape,
    ) -> Result<Storage> {
        match (self, index) {
            (Storage::Cpu(s), Storage::Cpu(i)) => {
                Ok(Storage::Cpu(CpuBackend.scatter_add(s, src_shape, axis, i, out_shape)?))
            }
            (Storage::Gpu(s), Storage::Gpu(i)) => {
                Ok(Storage::Gpu(GpuBackend::of(s).scatter_add(s, src_shape, axis, i, out_shape)?))
            }
            _ => mixed(),
        }
    }
    pub(crate) fn fused(program: &crate::fused::Program, inputs: &[&Storage], len: usize) -> Vec<Storage> {
        match inputs[0] {
            Storage::Cpu(_) => {
                let host: Vec<&[f32]> = inputs
                    .iter()
                    .map(|storage| match storage {
                        Storage::Cpu(x) => x.as_slice(),
                        Storage::Gpu(_) => mixed(),
                    })
                    .collect();
                let results = crate::fused::run_on_host(program, &host, len);
                results.into_iter().map(|values| Storage::Cpu(CpuBackend.upload(values))).collect()
            }
            Storage::Gpu(first) => {
                let gpu: Vec<&GpuStorage> = inputs
                    .iter()
                    .map(|storage| match storage {
                        Storage::Gpu(x) => x,
                        Storage::Cpu(_) => mixed(),
                    })
                    .collect();
                let results = GpuBackend::of(first).fused_program(program, &gpu, len);
                results.into_iter().map(Storage::Gpu).collect()
            }
        }
    }
    pub(crate) async fn read(&self) -> Result<Vec<f32>> {
        match self {
            Storage::Cpu(x) => CpuBackend.read(x).await,
            Storage::Gpu(x) => GpuBackend::of(x).read(x).await,
        }
    }
}
