//! The current run, checkpointed in the browser every few seconds so that opening the page
//! again offers to resume it. [`SavedRun`] is the record and its byte layout (pure, tested
//! natively); [`store`] keeps records in IndexedDB; [`policy`] says when a checkpoint is due;
//! [`age`] words how long ago a run was saved. The autosave hook (`hooks::use_autosave`) and
//! the offer (`components::ResumeOffer`) use them; where the browser has no IndexedDB,
//! persistence is simply off.

pub mod age;
pub mod policy;
mod saved_run;
pub mod store;

pub use saved_run::SavedRun;
pub use store::{available, delete, get, put};

/// The key of the run the page saves as it trains, and offers to resume.
pub const CURRENT: &str = "current";

/// Milliseconds between autosave checks.
pub const AUTOSAVE_MS: u32 = 5_000;
