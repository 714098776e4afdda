//! The page's memory options for the worker: the budget every run must fit (see
//! `nnplay_train::budget`), set with `?memory-budget=MIB`, and a test option,
//! `?simulate-out-of-memory-at=STEP`, that makes the worker allocate until the browser
//! refuses, so a test can watch the page report the dead worker and start a new one.

use serde::{Deserialize, Serialize};

/// The query parameter of the budget, in MiB.
pub const MEMORY_BUDGET: &str = "memory-budget";
/// The query parameter of the step at which the worker exhausts its memory.
pub const SIMULATE_OUT_OF_MEMORY_AT: &str = "simulate-out-of-memory-at";

/// Smallest budget the page accepts, in MiB: less would refuse even the 2-D playground's data.
const MIN_BUDGET_MIB: u64 = 16;
/// Largest budget the page accepts, in MiB: a wasm instance cannot grow past 4 GiB.
const MAX_BUDGET_MIB: u64 = 4096;

/// What the page asks of the worker's memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MemorySettings {
    /// The budget in MiB; `None` keeps the default (512 MiB).
    pub budget_mib: Option<u64>,
    /// The step at which to allocate until memory runs out (a URL option for tests).
    pub simulate_out_of_memory_at: Option<u64>,
}

impl MemorySettings {
    /// The options of the page's address; a value that does not parse is reported on
    /// the console and ignored.
    pub fn from_url() -> MemorySettings {
        let read = |name: &str, parse: fn(&str) -> Result<u64, String>| {
            let value = crate::hooks::page_url::query(name)?;
            parse(&value).map_err(|message| web_sys::console::warn_1(&message.into())).ok()
        };
        MemorySettings {
            budget_mib: read(MEMORY_BUDGET, parse_budget),
            simulate_out_of_memory_at: read(SIMULATE_OUT_OF_MEMORY_AT, parse_step),
        }
    }
}

/// A budget in MiB from the address.
fn parse_budget(value: &str) -> Result<u64, String> {
    match value.trim().parse::<u64>() {
        Ok(mib) if (MIN_BUDGET_MIB..=MAX_BUDGET_MIB).contains(&mib) => Ok(mib),
        _ => Err(format!(
            "?{MEMORY_BUDGET}={value} is ignored: it takes a number of MiB from {MIN_BUDGET_MIB} to {MAX_BUDGET_MIB}, \
             such as 512"
        )),
    }
}

fn parse_step(value: &str) -> Result<u64, String> {
    value
        .trim()
        .parse()
        .map_err(|_| format!("?{SIMULATE_OUT_OF_MEMORY_AT}={value} is ignored: it takes a step number, such as 30"))
}

thread_local! {
    /// The simulation's step, until it has run (only the first request's counts).
    static SIMULATION: std::cell::Cell<(bool, Option<u64>)> = const { std::cell::Cell::new((false, None)) };
}

/// In the worker: sets the budget sessions are checked against from the page's request.
pub fn apply(settings: &MemorySettings) {
    let mib = settings.budget_mib.unwrap_or(nnplay_train::budget::DEFAULT_MEMORY_BUDGET / nnplay_train::budget::MIB);
    nnplay_train::budget::set_memory_budget(mib * nnplay_train::budget::MIB);
    SIMULATION.with(|simulation| {
        if !simulation.get().0 {
            simulation.set((true, settings.simulate_out_of_memory_at));
        }
    });
}

/// In the worker: once the run reaches the simulation's step, allocates blocks (never
/// freed) until the browser refuses to grow the memory, which aborts the worker as any
/// real exhaustion would.
pub fn exhaust_when_due(steps: Option<u64>) {
    let due = SIMULATION.with(|simulation| {
        let (read, at) = simulation.get();
        let due = at.is_some_and(|at| steps.is_some_and(|steps| steps >= at));
        if due {
            simulation.set((read, None));
        }
        due
    });
    if due {
        let mut blocks: Vec<Vec<u8>> = Vec::new();
        loop {
            // An infallible allocation, as the engine's own are: its failure aborts.
            blocks.push(Vec::with_capacity(BLOCK_BYTES));
            std::hint::black_box(&blocks);
        }
    }
}

/// Size of each block the simulation allocates: 16 of them fill a wasm instance's 4 GiB.
const BLOCK_BYTES: usize = 256 * 1024 * 1024;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_in_range_parses_and_anything_else_is_named() {
        assert_eq!(parse_budget("256"), Ok(256));
        assert_eq!(parse_budget(" 4096 "), Ok(4096));
        for bad in ["8", "5000", "lots", "-1"] {
            let message = parse_budget(bad).unwrap_err();
            assert_eq!(
                message,
                format!("?memory-budget={bad} is ignored: it takes a number of MiB from 16 to 4096, such as 512")
            );
        }
        assert_eq!(parse_step("30"), Ok(30));
        assert!(parse_step("soon").unwrap_err().starts_with("?simulate-out-of-memory-at=soon is ignored"));
    }
}
