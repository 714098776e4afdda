//! Layers, one per file.

pub mod activation_layer;
pub mod dense;
pub mod mlp;
