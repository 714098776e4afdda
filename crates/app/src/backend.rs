//! Which engine trains: the learner's choice, what the browser's GPU turned out to be,
//! and the device that follows from both.

use crate::texts::{Bilingual, Language};
use nnplay_tensor::Device;
use nnplay_tensor::gpu::AdapterSummary;
use std::str::FromStr;

/// Shown when the learner asks for the GPU and the browser has none.
pub const NO_ADAPTER: Bilingual = Bilingual {
    en: "No WebGPU adapter in this browser: training on the CPU",
    zh: "这个浏览器没有 WebGPU 适配器：改用 CPU 训练",
};
/// Shown when the learner asks for the GPU after it failed earlier in this page.
pub const GPU_LOST: Bilingual = Bilingual {
    en: "The GPU stopped working earlier in this page: training on the CPU. Reload the page to try the GPU again.",
    zh: "GPU 之前在本页中出了故障：改用 CPU 训练。重新加载页面可以再试 GPU。",
};

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

    /// What the page calls it in `language`.
    pub fn title(self, language: Language) -> &'static str {
        match self {
            BackendChoice::Auto => language.pick("Auto", "自动"),
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
pub fn badge_text(device: Device, gpu: &GpuStatus, language: Language) -> String {
    match (device, gpu) {
        (Device::Gpu, GpuStatus::Ready(adapter)) => {
            let software = if adapter.is_software { language.pick(" (software)", "（软件模拟）") } else { "" };
            format!("GPU · {}{software}", adapter_label(adapter))
        }
        (device, _) => device.name().to_string(),
    }
}

/// Why the session runs where it does, for the badge's tooltip (the browser's reason for
/// a missing GPU stays as the browser wrote it).
pub fn badge_hint(choice: BackendChoice, device: Device, gpu: &GpuStatus, language: Language) -> String {
    let say = |en: &str, zh: &str| language.pick(en, zh).to_string();
    match (device, gpu) {
        (Device::Gpu, _) => say("Training runs as WebGPU compute shaders.", "训练以 WebGPU 计算着色器运行。"),
        (Device::Cpu, _) if choice == BackendChoice::Cpu => {
            say("Training runs on the CPU, as chosen.", "按你的选择，训练在 CPU 上运行。")
        }
        (Device::Cpu, GpuStatus::Ready(adapter)) => language.choose(
            format!(
                "Auto chose the CPU: {} is a software GPU, slower than the CPU backend. Choose GPU to use it anyway.",
                adapter_label(adapter)
            ),
            format!("自动选择了 CPU：{} 是软件模拟的 GPU，比 CPU 还慢。仍想用它就选 GPU。", adapter_label(adapter)),
        ),
        (Device::Cpu, GpuStatus::Missing(reason)) => {
            language.choose(format!("No GPU: {reason}"), format!("没有 GPU：{reason}"))
        }
        (Device::Cpu, GpuStatus::Lost) => say(
            "The GPU failed during this page's life; training went on on the CPU.",
            "GPU 在本页运行期间出了故障；训练已转到 CPU 上继续。",
        ),
        (Device::Cpu, GpuStatus::Probing) => say("Training runs on the CPU.", "训练在 CPU 上运行。"),
    }
}

/// The badge's text before the first session is built, and its tooltip.
pub fn badge_starting(language: Language) -> (&'static str, &'static str) {
    (
        language.pick("starting…", "启动中…"),
        language.pick("Looking for a GPU in this browser.", "正在这个浏览器里寻找 GPU。"),
    )
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
        let en = Language::En;
        assert_eq!(badge_text(Device::Gpu, &adapter(true), en), "GPU · SwiftShader (software)");
        assert_eq!(badge_text(Device::Gpu, &adapter(false), en), "GPU · RTX");
        assert_eq!(badge_text(Device::Cpu, &adapter(true), en), "CPU");
        let unnamed = AdapterSummary { name: String::new(), backend: "BrowserWebGpu".into(), is_software: true };
        assert_eq!(badge_text(Device::Gpu, &GpuStatus::Ready(unnamed), en), "GPU · WebGPU (software)");
        assert!(badge_hint(BackendChoice::Auto, Device::Cpu, &adapter(true), en).contains("software GPU"));
    }

    #[test]
    fn the_badge_and_its_notices_speak_chinese_too() {
        let zh = Language::Zh;
        assert_eq!(badge_text(Device::Gpu, &adapter(true), zh), "GPU · SwiftShader（软件模拟）");
        let hint = badge_hint(BackendChoice::Auto, Device::Cpu, &adapter(true), zh);
        assert!(hint.contains("SwiftShader") && crate::texts::has_chinese(&hint), "{hint}");
        let missing = GpuStatus::Missing("no adapter".into());
        assert_eq!(badge_hint(BackendChoice::Gpu, Device::Cpu, &missing, zh), "没有 GPU：no adapter");
        for choice in BackendChoice::ALL {
            assert_ne!(choice.title(zh), "", "{choice:?}");
        }
        assert_eq!(BackendChoice::Auto.title(zh), "自动");
        for notice in [NO_ADAPTER, GPU_LOST] {
            assert!(crate::texts::has_chinese(notice.zh) && !crate::texts::has_chinese(notice.en));
        }
    }

    #[test]
    fn choices_round_trip_and_unknown_ones_are_named() {
        for choice in BackendChoice::ALL {
            assert_eq!(choice.name().parse::<BackendChoice>(), Ok(choice));
        }
        assert_eq!("cuda".parse::<BackendChoice>().unwrap_err(), "unknown backend \"cuda\" (one of auto, cpu, gpu)");
    }
}
