//! Which engine trains: the learner's choice, what the browser's GPU turned out to be,
//! and the device that follows from both.

use nnplay_tensor::Device;
use nnplay_tensor::gpu::AdapterSummary;
use std::str::FromStr;

/// Shown when the learner asks for the GPU and the browser has none.
pub const NO_ADAPTER: &str = "No WebGPU adapter in this browser: training on the CPU";
/// Shown when the learner asks for the GPU after it failed earlier in this page.
pub const GPU_LOST: &str = "The GPU stopped working earlier in this page: training on the CPU. \
                            Reload the page to try the GPU again.";

/// The engine the learner asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendChoice {
    /// The GPU when it is real hardware, else the CPU.
    #[default]
    Auto,
    Cpu,
    Gpu,
}

impl BackendChoice {
    /// Every choice, in the order the page lists them.
    pub const ALL: [BackendChoice; 3] = [BackendChoice::Auto, BackendChoice::Cpu, BackendChoice::Gpu];

    /// The value of its `<option>`.
    pub fn name(self) -> &'static str {
        match self {
            BackendChoice::Auto => "auto",
            BackendChoice::Cpu => "cpu",
            BackendChoice::Gpu => "gpu",
        }
    }

    /// What the page calls it.
    pub fn title(self) -> &'static str {
        match self {
            BackendChoice::Auto => "Auto",
            BackendChoice::Cpu => "CPU",
            BackendChoice::Gpu => "GPU (WebGPU)",
        }
    }
}

impl FromStr for BackendChoice {
    type Err = String;

    fn from_str(name: &str) -> Result<BackendChoice, String> {
        BackendChoice::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| format!("unknown backend \"{name}\" (one of auto, cpu, gpu)"))
    }
}

/// What opening the browser's GPU gave.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum GpuStatus {
    /// `gpu::init` has not answered yet.
    #[default]
    Probing,
    /// The GPU is open.
    Ready(AdapterSummary),
    /// There is none, or it did not open; the reason.
    Missing(String),
    /// It opened, then failed mid-run, and the run went on on the CPU.
    Lost,
}

/// The device a new session gets, or `None` while the GPU is still being probed and the
/// answer matters.
pub fn resolve(choice: BackendChoice, gpu: &GpuStatus) -> Option<Device> {
    match (choice, gpu) {
        (BackendChoice::Cpu, _) => Some(Device::Cpu),
        (_, GpuStatus::Probing) => None,
        (BackendChoice::Gpu, GpuStatus::Ready(_)) => Some(Device::Gpu),
        // A software adapter (SwiftShader, llvmpipe) is slower than the CPU backend.
        (BackendChoice::Auto, GpuStatus::Ready(adapter)) if !adapter.is_software => Some(Device::Gpu),
        _ => Some(Device::Cpu),
    }
}

/// What to call the adapter: its name, or "WebGPU" where the browser keeps the name to
/// itself (Chromium reports an empty description).
fn adapter_label(adapter: &AdapterSummary) -> &str {
    match adapter.name.trim() {
        "" => "WebGPU",
        name => name,
    }
}

/// The badge's text for a session on `device`: "CPU", or "GPU · name" with "(software)"
/// for an emulated GPU.
pub fn badge_text(device: Device, gpu: &GpuStatus) -> String {
    match (device, gpu) {
        (Device::Gpu, GpuStatus::Ready(adapter)) => {
            let software = if adapter.is_software { " (software)" } else { "" };
            format!("GPU · {}{software}", adapter_label(adapter))
        }
        (device, _) => device.name().to_string(),
    }
}

/// Why the session runs where it does, for the badge's tooltip.
pub fn badge_hint(choice: BackendChoice, device: Device, gpu: &GpuStatus) -> String {
    match (device, gpu) {
        (Device::Gpu, _) => "Training runs as WebGPU compute shaders.".to_string(),
        (Device::Cpu, _) if choice == BackendChoice::Cpu => "Training runs on the CPU, as chosen.".to_string(),
        (Device::Cpu, GpuStatus::Ready(adapter)) => format!(
            "Auto chose the CPU: {} is a software GPU, slower than the CPU backend. Choose GPU to use it anyway.",
            adapter_label(adapter)
        ),
        (Device::Cpu, GpuStatus::Missing(reason)) => format!("No GPU: {reason}"),
        (Device::Cpu, GpuStatus::Lost) => "The GPU failed during this page's life; training went on on the CPU.".into(),
        (Device::Cpu, GpuStatus::Probing) => "Training runs on the CPU.".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn adapter(is_software: bool) -> GpuStatus {
        GpuStatus::Ready(AdapterSummary {
            name: if is_software { "SwiftShader" } else { "RTX" }.into(),
            backend: "BrowserWebGpu".into(),
            is_software,
        })
    }

    #[test]
    fn auto_takes_only_a_hardware_gpu_and_gpu_takes_any() {
        use BackendChoice::*;
        let missing = GpuStatus::Missing("no adapter".into());
        let cases = [
            (Auto, adapter(false), Some(Device::Gpu)),
            (Auto, adapter(true), Some(Device::Cpu)),
            (Auto, missing.clone(), Some(Device::Cpu)),
            (Auto, GpuStatus::Probing, None),
            (Gpu, adapter(true), Some(Device::Gpu)),
            (Gpu, missing, Some(Device::Cpu)),
            (Gpu, GpuStatus::Lost, Some(Device::Cpu)),
            (Gpu, GpuStatus::Probing, None),
            (Cpu, adapter(false), Some(Device::Cpu)),
            (Cpu, GpuStatus::Probing, Some(Device::Cpu)),
        ];
        for (choice, gpu, device) in cases {
            assert_eq!(resolve(choice, &gpu), device, "{choice:?} with {gpu:?}");
        }
    }

    #[test]
    fn the_badge_names_the_adapter_and_marks_software() {
        assert_eq!(badge_text(Device::Gpu, &adapter(true)), "GPU · SwiftShader (software)");
        assert_eq!(badge_text(Device::Gpu, &adapter(false)), "GPU · RTX");
        assert_eq!(badge_text(Device::Cpu, &adapter(true)), "CPU");
        let unnamed = AdapterSummary { name: String::new(), backend: "BrowserWebGpu".into(), is_software: true };
        assert_eq!(badge_text(Device::Gpu, &GpuStatus::Ready(unnamed)), "GPU · WebGPU (software)");
        assert!(badge_hint(BackendChoice::Auto, Device::Cpu, &adapter(true)).contains("software GPU"));
    }

    #[test]
    fn choices_round_trip_and_unknown_ones_are_named() {
        for choice in BackendChoice::ALL {
            assert_eq!(choice.name().parse::<BackendChoice>(), Ok(choice));
        }
        assert_eq!("cuda".parse::<BackendChoice>().unwrap_err(), "unknown backend \"cuda\" (one of auto, cpu, gpu)");
    }
}
