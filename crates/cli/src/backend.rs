//! `--backend`: where a run trains.

use crate::CliError;
use nnplay_tensor::{Device, gpu};

/// The value of `--backend`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum BackendChoice {
    /// The CPU backend (ndarray).
    Cpu,
    /// The GPU through wgpu; fails without an adapter.
    Gpu,
    /// A hardware GPU when there is one, else the CPU.
    Auto,
}

impl BackendChoice {
    /// Opens the GPU if asked to and, unless it is the CPU by default, says on stderr
    /// where the run trains.
    pub fn device(self) -> Result<Device, CliError> {
        let device = match self {
            BackendChoice::Cpu => Device::Cpu,
            BackendChoice::Gpu => {
                pollster::block_on(gpu::init()).map_err(|e| CliError::Usage(format!("--backend gpu: {e}")))?;
                Device::Gpu
            }
            BackendChoice::Auto => pollster::block_on(Device::auto()),
        };
        // The default (the CPU) goes without saying.
        match (device, gpu::adapter()) {
            (Device::Gpu, Some(adapter)) => eprintln!(
                "backend: GPU ({}, {}{})",
                adapter.name,
                adapter.backend,
                if adapter.is_software { ", a software rasteriser" } else { "" }
            ),
            _ if self == BackendChoice::Auto => eprintln!("backend: CPU (no hardware GPU)"),
            _ => {}
        }
        Ok(device)
    }
}
