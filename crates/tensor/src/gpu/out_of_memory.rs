//! The GPU running out of memory: a buffer it cannot make is reported as a fault (as a lost
//! device is), so the run's next read fails with a sentence saying so and the CLI and the
//! page move the run to the CPU. wgpu reports the failure asynchronously, through the
//! device's uncaptured-error handler; [`super::simulate_out_of_memory`] makes the next
//! allocation fail the same way, for tests.

/// The fault of an allocation the GPU could not make, of `bytes` when known.
pub(crate) fn out_of_memory_fault(bytes: Option<u64>) -> String {
    let what = match bytes {
        Some(bytes) => format!("a buffer of {} could not be allocated", size_text(bytes)),
        None => "a buffer could not be allocated".to_string(),
    };
    format!("the GPU ran out of memory ({what}; a smaller model or batch needs less)")
}

/// `bytes` in the unit that reads best: bytes, KiB or MiB.
fn size_text(bytes: u64) -> String {
    match bytes {
        0..1024 => format!("{bytes} bytes"),
        1024..1048576 => format!("{:.1} KiB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MiB", bytes as f64 / 1048576.0),
    }
}

/// The fault an uncaptured wgpu error records: out of memory in plain words, others as wgpu says.
pub(crate) fn error_fault(error: &wgpu::Error) -> String {
    match error {
        wgpu::Error::OutOfMemory { .. } => out_of_memory_fault(None),
        other => format!("GPU error: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_memory_is_named_with_the_size_and_what_to_do() {
        let fault = out_of_memory_fault(Some(3 << 20));
        assert_eq!(
            fault,
            "the GPU ran out of memory (a buffer of 3.0 MiB could not be allocated; a smaller model or batch needs less)"
        );
        assert!(out_of_memory_fault(Some(256)).contains("a buffer of 256 bytes could"));
        assert!(out_of_memory_fault(Some(5 << 10)).contains("a buffer of 5.0 KiB could"));
        let from_wgpu = error_fault(&wgpu::Error::OutOfMemory { source: "vkAllocateMemory failed".into() });
        assert!(from_wgpu.starts_with("the GPU ran out of memory (a buffer could not be allocated;"), "{from_wgpu}");
        let validation = wgpu::Error::Validation { source: "bad".into(), description: "a bad binding".into() };
        assert_eq!(error_fault(&validation), "GPU error: a bad binding");
    }
}
