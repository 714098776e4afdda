//! Canvas drawing helpers: colours, the heat-map image, chart scales and dataset previews.

pub mod canvas;
pub mod colors;
pub mod heatmap;
pub mod palette;
pub mod scale;
pub mod thumbnails;
