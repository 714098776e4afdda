//! A worker that dies is reported, not left silent. In wasm a failed allocation (the
//! browser refusing to grow the memory) or a panic aborts the instance with a trap; the
//! worker's thread lives on but its Rust state is broken. [`watch`] catches the trap's
//! uncaught error in the worker, frees a reserve so the report can be built, tells the
//! page (`FromWorker::Crashed`) and closes the worker; the page then starts a fresh one
//! and offers the run's last autosave ([`WorkerLife`]).

#[cfg(target_arch = "wasm32")]
use super::protocol::FromWorker;
use super::trainer::Outbox;
use crate::texts::Language;
use serde::{Deserialize, Serialize};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Why the worker died.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkerCrash {
    /// The size of the allocation the browser refused, when memory ran out.
    pub failed_allocation: Option<u64>,
    /// The error the browser reported (`RuntimeError: unreachable`, a panic's message).
    pub message: String,
}

impl WorkerCrash {
    /// What the page says, in `language`.
    pub fn notice(&self, language: Language) -> String {
        match self.failed_allocation {
            Some(bytes) => {
                let size = nnplay_nn::spec::size_text(bytes);
                language.choose(
                    format!(
                        "The training worker ran out of memory (it could not get {size} more) and was restarted. \
                         Use a smaller model or batch; the run can be resumed from its last autosave if it has one."
                    ),
                    format!(
                        "训练线程内存不足（无法再申请 {size}），已重新启动。请使用更小的模型或批量；\
                         如果有自动保存，可以从上次自动保存处继续。"
                    ),
                )
            }
            None => language.choose(
                format!(
                    "The training worker stopped unexpectedly ({}) and was restarted; the run can be resumed from \
                     its last autosave if it has one.",
                    self.message
                ),
                format!("训练线程意外停止（{}），已重新启动；如果有自动保存，可以从上次自动保存处继续。", self.message),
            ),
        }
    }
}

/// What the page knows of its worker's deaths.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct WorkerLife {
    /// Counts the workers started after one died: the trainer hook starts a new one per value.
    pub generation: u64,
    /// What the page says about the last death, until the learner plays again.
    pub notice: Option<String>,
}

impl WorkerLife {
    /// After `crash`: a new worker, and a notice in `language`.
    pub fn crashed(&mut self, crash: &WorkerCrash, language: Language) {
        self.generation += 1;
        self.notice = Some(crash.notice(language));
    }
}

/// The size of the last allocation the allocator could not serve (0: none).
static FAILED_ALLOCATION: AtomicUsize = AtomicUsize::new(0);

/// The system allocator (dlmalloc in wasm), noting the size of an allocation it cannot
/// serve before the caller aborts, so the report can say memory ran out.
pub struct Watched;

// SAFETY: every call is passed to `System` unchanged; only a null result is noted.
unsafe impl GlobalAlloc for Watched {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        noted(unsafe { System.alloc(layout) }, layout.size())
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        noted(unsafe { System.alloc_zeroed(layout) }, layout.size())
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        noted(unsafe { System.realloc(ptr, layout, new_size) }, new_size)
    }
}

fn noted(ptr: *mut u8, size: usize) -> *mut u8 {
    if ptr.is_null() {
        FAILED_ALLOCATION.store(size, Ordering::Relaxed);
    }
    ptr
}

/// Forgets a failed allocation that was handled (a `try_reserve` that said no), so a
/// later unrelated crash is not blamed on memory.
pub fn handled_failed_allocation() {
    FAILED_ALLOCATION.store(0, Ordering::Relaxed);
}

/// The size of the last allocation that failed and was not handled, if any.
#[cfg(any(target_arch = "wasm32", test))]
fn failed_allocation() -> Option<u64> {
    Some(FAILED_ALLOCATION.load(Ordering::Relaxed) as u64).filter(|&size| size > 0)
}

/// Bytes kept free to build the report in: after memory ran out, the report's few small
/// allocations would fail too.
#[cfg(target_arch = "wasm32")]
const RESERVE_BYTES: usize = 1024 * 1024;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static RESERVE: std::cell::RefCell<Option<Vec<u8>>> = const { std::cell::RefCell::new(None) };
    static REPORTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// In the worker: reports the first uncaught error or unhandled rejection (a trap
/// surfaces as one) to the page through `outbox`, then closes the worker.
#[cfg(target_arch = "wasm32")]
pub fn watch(outbox: Outbox) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    RESERVE.with(|reserve| *reserve.borrow_mut() = Some(Vec::with_capacity(RESERVE_BYTES)));
    let global: web_sys::EventTarget = js_sys::global().unchecked_into();
    for (kind, field) in [("error", "message"), ("unhandledrejection", "reason")] {
        let outbox = outbox.clone();
        let report = Closure::<dyn FnMut(web_sys::Event)>::new(move |event: web_sys::Event| {
            if REPORTED.with(|reported| reported.replace(true)) {
                return;
            }
            RESERVE.with(|reserve| drop(reserve.borrow_mut().take()));
            let message = js_sys::Reflect::get(&event, &field.into())
                .ok()
                .and_then(|value| value.as_string().or_else(|| js_sys::JSON::stringify(&value).ok().map(String::from)))
                .unwrap_or_else(|| kind.to_string());
            outbox(FromWorker::Crashed(WorkerCrash { failed_allocation: failed_allocation(), message }));
            // The instance cannot be trusted again: end the thread and give its memory back.
            if let Ok(close) = js_sys::Reflect::get(&js_sys::global(), &"close".into()) {
                let _ = close.unchecked_into::<js_sys::Function>().call0(&js_sys::global());
            }
        });
        let _ = global.add_event_listener_with_callback(kind, report.as_ref().unchecked_ref());
        report.forget();
    }
}

/// Natively there is no worker to watch.
#[cfg(not(target_arch = "wasm32"))]
pub fn watch(_outbox: Outbox) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crash_is_worded_in_both_languages_and_starts_a_new_worker() {
        let out_of_memory = WorkerCrash { failed_allocation: Some(256 * 1024 * 1024), message: "unreachable".into() };
        let mut life = WorkerLife::default();
        life.crashed(&out_of_memory, Language::En);
        assert_eq!(life.generation, 1);
        assert_eq!(
            life.notice.as_deref(),
            Some(
                "The training worker ran out of memory (it could not get 256 MiB more) and was restarted. \
                 Use a smaller model or batch; the run can be resumed from its last autosave if it has one."
            )
        );
        let panic = WorkerCrash { failed_allocation: None, message: "RuntimeError: unreachable".into() };
        life.crashed(&panic, Language::Zh);
        assert_eq!(life.generation, 2);
        assert_eq!(
            life.notice.as_deref(),
            Some(
                "训练线程意外停止（RuntimeError: unreachable），已重新启动；如果有自动保存，可以从上次自动保存处继续。"
            )
        );
        assert!(out_of_memory.notice(Language::Zh).contains("训练线程内存不足（无法再申请 256 MiB）"));
    }

    #[test]
    fn a_refused_allocation_is_noted_until_handled() {
        // What the allocator does with a null from `System` (a real refusal cannot be
        // forced natively, where memory is overcommitted).
        assert!(noted(std::ptr::null_mut(), 3 << 28).is_null());
        assert_eq!(failed_allocation(), Some(3 << 28));
        handled_failed_allocation();
        assert_eq!(failed_allocation(), None);
    }
}
