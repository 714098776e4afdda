//! One small line with the memory the page and its training worker hold, for advanced
//! learners; its `data-*` attributes carry the exact bytes for `tests/e2e/soak.mjs`.

use crate::memory::MemoryFigures;
use crate::texts::Language;
use yew::prelude::*;

/// Properties of [`MemoryLine`].
#[derive(Properties, PartialEq)]
pub struct MemoryLineProps {
    /// `None` until the worker's first report.
    pub figures: Option<MemoryFigures>,
    pub language: Language,
}

/// "Memory: page 21 MiB · worker 34 MiB · GPU 12 MiB in use, 3.0 MiB pooled", once known.
#[component]
pub fn MemoryLine(props: &MemoryLineProps) -> Html {
    let Some(figures) = props.figures else { return html! {} };
    let language = props.language;
    let gpu = figures.worker.gpu;
    let hint = language.pick(
        "WebAssembly memory only grows, so it shows the most a part has needed; the GPU pool keeps freed buffers \
         for reuse. On a long run these figures should level off.",
        "WebAssembly 内存只增不减，所以显示的是各部分用到过的最大值；GPU 缓存会保留释放的缓冲区以便重用。\
         长时间训练时，这些数字应当趋于平稳。",
    );
    html! {
        <p id="memory" class="memory" title={hint}
            data-page-wasm={figures.page_wasm_bytes.to_string()}
            data-page-js={figures.page_js_heap_bytes.map(|bytes| bytes.to_string())}
            data-worker-wasm={figures.worker.wasm_bytes.to_string()}
            data-gpu-live={gpu.map(|gpu| gpu.live_bytes.to_string())}
            data-gpu-pooled={gpu.map(|gpu| gpu.pooled_bytes.to_string())}
            data-gpu-buffers={gpu.map(|gpu| (gpu.live_buffers + gpu.pooled_buffers).to_string())}>
            { figures.summary(language) }
        </p>
    }
}
