//! The model builder: the learner adds, removes, reorders and configures layers of every
//! kind `nnplay_nn` has, sees each layer's output shape and parameters as they edit, the
//! error on the layer that breaks, and imports or exports the spec as JSON.
//!
//! [`ModelBuilder`] is the component; [`BuilderState`] its reducer, which works (and is
//! tested) without a browser.

mod add_layer;
mod draft;
mod field_input;
mod fields;
mod focus;
mod inference;
mod json_box;
mod layer_row;
mod model_builder;
mod spec_text;
mod state;
mod text;

pub use model_builder::ModelBuilder;
