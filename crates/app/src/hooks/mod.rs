//! Hooks that connect the page to the training engine.

mod frame;
mod trainer;
mod use_trainer;

pub use use_trainer::use_trainer;
