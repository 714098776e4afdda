//! Hooks that connect the page to the training engine.

mod frame;
mod pace;
pub mod page_url;
mod run;
mod trainer;
mod use_gpu_probe;
mod use_loader;
mod use_trainer;

pub use frame::next_frame;
pub use use_gpu_probe::use_gpu_probe;
pub use use_loader::use_loader;
pub use use_trainer::use_trainer;
