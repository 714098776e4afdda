//! Canvas drawing helpers: colours, the heat-map image and chart scales.

pub mod canvas;
pub mod colors;
pub mod heatmap;
pub mod scale;
