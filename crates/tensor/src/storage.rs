//! Run-time choice of backend: a tensor's values live in one [`Storage`] variant and
//! every op dispatches on it. The WebGPU backend becomes a second variant.

use crate::backend::Backend;
use crate::cpu::{CpuBackend, CpuStorage};
use crate::{BinaryOp, Distribution, ReduceOp, Result, Shape, UnaryOp};
use serde::{Deserialize, Serialize};

/// Where tensors are created and computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Device {
    /// The CPU backend (ndarray, gemm).
    #[default]
    Cpu,
}

impl Device {
    /// A short name for badges and logs.
    pub fn name(self) -> &'static str {
        match self {
            Device::Cpu => "CPU",
        }
    }
}

/// A tensor's values on its device.
#[derive(Clone)]
pub enum Storage {
    /// Values in host memory.
    Cpu(CpuStorage),
}

impl Storage {
    pub(crate) fn device(&self) -> Device {
        match self {
            Storage::Cpu(_) => Device::Cpu,
        }
    }
    pub(crate) fn from_vec(device: Device, data: Vec<f32>) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.upload(data)),
        }
    }
    pub(crate) fn fill(device: Device, value: f32, shape: &Shape) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.fill(value, shape)),
        }
    }
    pub(crate) fn random(device: Device, dist: Distribution, seed: u64, stream: u32, shape: &Shape) -> Storage {
        match device {
            Device::Cpu => Storage::Cpu(CpuBackend.random(dist, seed, stream, shape)),
        }
    }
    pub(crate) fn unary(&self, op: UnaryOp) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.unary(op, x)),
        }
    }
    pub(crate) fn binary(&self, op: BinaryOp, a_shape: &Shape, b: &Storage, b_shape: &Shape, out: &Shape) -> Storage {
        match (self, b) {
            (Storage::Cpu(a), Storage::Cpu(b)) => Storage::Cpu(CpuBackend.binary(op, a, a_shape, b, b_shape, out)),
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
        }
    }
    pub(crate) fn reduce(&self, op: ReduceOp, shape: &Shape, axis: usize) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.reduce(op, x, shape, axis)),
        }
    }
    pub(crate) fn matmul(&self, b: &Storage, batch: usize, m: usize, k: usize, n: usize) -> Storage {
        match (self, b) {
            (Storage::Cpu(a), Storage::Cpu(b)) => Storage::Cpu(CpuBackend.matmul(a, b, batch, m, k, n)),
        }
    }
    pub(crate) fn expand(&self, shape: &Shape, out: &Shape) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.expand(x, shape, out)),
        }
    }
    pub(crate) fn permute(&self, shape: &Shape, axes: &[usize]) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.permute(x, shape, axes)),
        }
    }
    pub(crate) fn slice(&self, shape: &Shape, axis: usize, start: usize, len: usize) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.slice(x, shape, axis, start, len)),
        }
    }
    pub(crate) fn concat(parts: &[(&Storage, &Shape)], axis: usize) -> Storage {
        let cpu: Vec<(&CpuStorage, &Shape)> = parts
            .iter()
            .map(|(storage, shape)| match storage {
                Storage::Cpu(x) => (x, *shape),
            })
            .collect();
        Storage::Cpu(CpuBackend.concat(&cpu, axis))
    }
    pub(crate) fn pad(&self, shape: &Shape, axis: usize, before: usize, after: usize, value: f32) -> Storage {
        match self {
            Storage::Cpu(x) => Storage::Cpu(CpuBackend.pad(x, shape, axis, before, after, value)),
        }
    }
    pub(crate) fn gather(&self, shape: &Shape, axis: usize, index: &Storage, index_shape: &Shape) -> Result<Storage> {
        match (self, index) {
            (Storage::Cpu(x), Storage::Cpu(i)) => {
                Ok(Storage::Cpu(CpuBackend.gather(x, shape, axis, i, index_shape)?))
            }
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
        }
    }
    pub(crate) async fn read(&self) -> Result<Vec<f32>> {
        match self {
            Storage::Cpu(x) => CpuBackend.read(x).await,
        }
    }
}
