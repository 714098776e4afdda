//! Hooks that connect the page to the training worker and the run library.

mod frame;
pub mod page_url;
mod use_autosave;
mod use_embedding;
mod use_hash_reload;
mod use_keyboard_shortcuts;
mod use_loader;
mod use_system_theme;
mod use_trainer;

pub use frame::next_frame;
pub use use_autosave::use_autosave;
pub use use_embedding::use_embedding;
pub use use_hash_reload::use_hash_reload;
pub use use_keyboard_shortcuts::use_keyboard_shortcuts;
pub use use_loader::use_loader;
pub use use_system_theme::use_system_theme;
pub use use_trainer::use_trainer;
