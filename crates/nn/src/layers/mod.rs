//! Layers, one per file.

pub mod dense;
pub mod mlp;
