//! Layers, one per file.

pub mod activation_layer;
pub mod attention;
pub mod avg_pool;
pub mod batch_norm;
pub mod conv1d;
pub mod conv2d;
pub mod convolution;
pub mod dense;
pub mod dropout;
pub mod embedding;
pub mod flatten;
pub mod global_avg_pool;
pub mod gru;
pub mod im2col;
pub(crate) mod input_check;
pub mod layer_norm;
pub mod lstm;
pub mod max_pool;
pub mod pair;
pub mod pooling;
pub mod positional;
pub mod recurrent;
pub mod residual;
pub mod rnn;
pub mod transformer_block;
