//! Canvas drawing helpers: colours, the heat-map image, line charts and their scales,
//! drawing once per animation frame, and dataset previews.

pub mod canvas;
pub mod chart;
pub mod colors;
pub mod heatmap;
pub mod on_frame;
pub mod palette;
pub mod scale;
pub mod thumbnails;
