//! How much memory the page and its training worker hold: each wasm instance's linear
//! memory, the worker's GPU buffer pool and the page's JavaScript heap where the browser
//! tells it. The worker sends its part every few seconds (see `worker::memory`); the page
//! shows one line of it for advanced learners and `tests/e2e/soak.mjs` samples it to
//! check that a long run's memory stops growing.

use crate::texts::Language;
use crate::worker::protocol::WorkerMemory;

/// Bytes in a mebibyte, the unit the page shows.
const MIB: f64 = 1024.0 * 1024.0;

/// The page's and the worker's memory at one moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoryFigures {
    /// The page's wasm linear memory in bytes.
    pub page_wasm_bytes: u64,
    /// The page's JavaScript heap in use (`performance.memory`, Chromium only).
    pub page_js_heap_bytes: Option<u64>,
    /// What the worker reported.
    pub worker: WorkerMemory,
}

impl MemoryFigures {
    /// The worker's report with the page's own figures as they are now.
    pub fn with_page(worker: WorkerMemory) -> MemoryFigures {
        MemoryFigures { page_wasm_bytes: wasm_memory_bytes(), page_js_heap_bytes: js_heap_bytes(), worker }
    }

    /// One line: "Memory: page 21 MiB (JS 6.2 MiB) · worker 34 MiB · GPU 12 MiB in use, 3.0 MiB pooled".
    pub fn summary(&self, language: Language) -> String {
        let page = match self.page_js_heap_bytes {
            Some(js) => format!("{} (JS {})", mib(self.page_wasm_bytes), mib(js)),
            None => mib(self.page_wasm_bytes),
        };
        let worker = mib(self.worker.wasm_bytes);
        let gpu = self.worker.gpu.map(|gpu| (mib(gpu.live_bytes), mib(gpu.pooled_bytes)));
        match (language, gpu) {
            (Language::En, None) => format!("Memory: page {page} · worker {worker}"),
            (Language::En, Some((live, pooled))) => {
                format!("Memory: page {page} · worker {worker} · GPU {live} in use, {pooled} pooled")
            }
            (Language::Zh, None) => format!("内存：页面 {page} · 训练线程 {worker}"),
            (Language::Zh, Some((live, pooled))) => {
                format!("内存：页面 {page} · 训练线程 {worker} · GPU 使用中 {live}，缓存 {pooled}")
            }
        }
    }
}

/// `34 MiB`, or `3.2 MiB` under ten.
fn mib(bytes: u64) -> String {
    let mib = bytes as f64 / MIB;
    if mib < 10.0 { format!("{mib:.1} MiB") } else { format!("{mib:.0} MiB") }
}

/// The linear memory of this wasm instance (the page's or the worker's), in bytes; it
/// only ever grows. Zero off wasm.
pub fn wasm_memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    return core::arch::wasm32::memory_size(0) as u64 * 65536;
    #[cfg(not(target_arch = "wasm32"))]
    0
}

/// `performance.memory.usedJSHeapSize` of this thread, where the browser has it
/// (Chromium's pages; not workers, not other browsers).
fn js_heap_bytes() -> Option<u64> {
    use wasm_bindgen::JsValue;
    let get = |object: &JsValue, key: &str| js_sys::Reflect::get(object, &JsValue::from_str(key)).ok();
    let performance = get(&js_sys::global(), "performance")?;
    let memory = get(&performance, "memory").filter(|memory| memory.is_object())?;
    let used = get(&memory, "usedJSHeapSize")?.as_f64()?;
    (used.is_finite() && used >= 0.0).then_some(used as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::gpu::GpuMemory;

    fn figures(gpu: Option<GpuMemory>) -> MemoryFigures {
        MemoryFigures {
            page_wasm_bytes: 21 << 20,
            page_js_heap_bytes: Some(6_500_000),
            worker: WorkerMemory { wasm_bytes: 34 << 20, gpu },
        }
    }

    #[test]
    fn the_line_names_each_part_in_mebibytes() {
        let gpu = GpuMemory { live_bytes: 12 << 20, live_buffers: 40, pooled_bytes: 3 << 20, pooled_buffers: 9 };
        assert_eq!(
            figures(Some(gpu)).summary(Language::En),
            "Memory: page 21 MiB (JS 6.2 MiB) · worker 34 MiB · GPU 12 MiB in use, 3.0 MiB pooled"
        );
        assert_eq!(
            figures(Some(gpu)).summary(Language::Zh),
            "内存：页面 21 MiB (JS 6.2 MiB) · 训练线程 34 MiB · GPU 使用中 12 MiB，缓存 3.0 MiB"
        );
    }

    #[test]
    fn without_a_gpu_or_a_js_heap_figure_those_parts_are_left_out() {
        let cpu_only = MemoryFigures { page_js_heap_bytes: None, ..figures(None) };
        assert_eq!(cpu_only.summary(Language::En), "Memory: page 21 MiB · worker 34 MiB");
        assert_eq!(cpu_only.summary(Language::Zh), "内存：页面 21 MiB · 训练线程 34 MiB");
    }

    #[test]
    fn off_wasm_there_is_no_linear_memory_to_measure() {
        assert_eq!(wasm_memory_bytes(), 0);
    }
}
