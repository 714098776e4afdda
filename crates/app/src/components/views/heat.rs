//! Pure colour scaling for the view panels: values to heat-map colours or grey levels, and
//! many small images tiled into one picture (a canvas per filter would be hundreds of
//! canvases for a wide convolution).

use crate::draw::colors::{BLUE, NEUTRAL, mix, value_color};
use nnplay_train::inspect::Image;

/// How a set of values maps onto a colour scale, from its largest magnitude.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Heat {
    /// Values of both signs: −max is one end, 0 the middle, +max the other end.
    Signed(f32),
    /// Values that are never negative (ReLU outputs, gates, attention): 0 to max.
    Positive(f32),
}

impl Heat {
    /// The scale of the finite values in `values`; an all-zero or empty set gets a
    /// positive scale of 1, so that everything shows as 0.
    pub fn of<'a>(values: impl IntoIterator<Item = &'a f32>) -> Heat {
        let (mut low, mut high) = (0.0f32, 0.0f32);
        for &value in values.into_iter().filter(|v| v.is_finite()) {
            low = low.min(value);
            high = high.max(value);
        }
        let largest = high.max(-low);
        let largest = if largest > 0.0 { largest } else { 1.0 };
        if low < 0.0 { Heat::Signed(largest) } else { Heat::Positive(largest) }
    }

    /// `value` on the scale: in `[-1, 1]` for a signed scale, `[0, 1]` otherwise (NaN is 0).
    pub fn unit(self, value: f32) -> f32 {
        if value.is_nan() {
            return 0.0;
        }
        match self {
            Heat::Signed(largest) => (value / largest).clamp(-1.0, 1.0),
            Heat::Positive(largest) => (value / largest).clamp(0.0, 1.0),
        }
    }

    /// The heat-map colour of `value`: the playground's orange–grey–blue scale for signed
    /// values, grey to blue for positive ones.
    pub fn color(self, value: f32) -> [u8; 3] {
        match self {
            Heat::Signed(_) => value_color(self.unit(value)),
            Heat::Positive(_) => mix(NEUTRAL, BLUE, self.unit(value)),
        }
    }

    /// The grey level of `value`: 0 is mid-grey on a signed scale, black on a positive one.
    pub fn grey(self, value: f32) -> [u8; 3] {
        let level = match self {
            Heat::Signed(_) => 127.5 + 127.5 * self.unit(value),
            Heat::Positive(_) => 255.0 * self.unit(value),
        };
        [level.round() as u8; 3]
    }
}

/// Opaque RGBA pixels of `values`, each coloured by `color`.
pub fn rgba(values: &[f32], color: impl Fn(f32) -> [u8; 3]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|&value| {
            let [r, g, b] = color(value);
            [r, g, b, 255]
        })
        .collect()
}

/// A picture of `width × height` RGBA pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Picture {
    /// Pixels per row.
    pub width: usize,
    /// Rows.
    pub height: usize,
    /// Row-major RGBA, 4 bytes a pixel; transparent where nothing is drawn.
    pub pixels: Vec<u8>,
}

/// A matrix `rows[r][c]` as a picture, one pixel per value; `transpose` puts the rows along
/// the x axis (time left to right, units top to bottom). Ragged rows are padded with
/// the scale's zero.
pub fn matrix_picture(rows: &[Vec<f32>], transpose: bool, color: impl Fn(f32) -> [u8; 3]) -> Picture {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let value = |r: usize, c: usize| rows[r].get(c).copied().unwrap_or(0.0);
    let (width, height) = if transpose { (rows.len(), columns) } else { (columns, rows.len()) };
    let values: Vec<f32> = (0..height)
        .flat_map(|y| (0..width).map(move |x| (x, y)))
        .map(|(x, y)| if transpose { value(x, y) } else { value(y, x) })
        .collect();
    Picture { width, height, pixels: rgba(&values, color) }
}

/// Columns and rows of a grid of small images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridLayout {
    /// Images per row.
    pub columns: usize,
    /// Rows of images.
    pub rows: usize,
}

/// A grid close to square for `count` images, at most `max_columns` wide.
pub fn grid_layout(count: usize, max_columns: usize) -> GridLayout {
    if count == 0 {
        return GridLayout { columns: 0, rows: 0 };
    }
    let columns = ((count as f64).sqrt().ceil() as usize).clamp(1, max_columns.max(1));
    GridLayout { columns, rows: count.div_ceil(columns) }
}

/// The grid of a convolution's filters `[out][in]`: one filter's kernels side by side on
/// a row when it reads several channels (the colours of an image), else a square of them.
pub fn filter_grid(out_channels: usize, in_channels: usize, max_columns: usize) -> GridLayout {
    if in_channels <= 1 {
        grid_layout(out_channels, max_columns)
    } else {
        GridLayout { columns: in_channels, rows: out_channels }
    }
}

/// `images` tiled row by row in `layout`, each in a cell as large as the largest with
/// `gap` transparent pixels between cells, coloured by `color`.
pub fn tile(images: &[&Image], layout: GridLayout, gap: usize, color: impl Fn(f32) -> [u8; 3]) -> Picture {
    let cell_width = images.iter().map(|i| i.width).max().unwrap_or(0);
    let cell_height = images.iter().map(|i| i.height).max().unwrap_or(0);
    let width = (layout.columns * (cell_width + gap)).saturating_sub(gap);
    let height = (layout.rows * (cell_height + gap)).saturating_sub(gap);
    let mut pixels = vec![0u8; width * height * 4];
    for (index, image) in images.iter().enumerate().take(layout.columns * layout.rows) {
        let (left, top) =
            ((index % layout.columns) * (cell_width + gap), (index / layout.columns) * (cell_height + gap));
        for y in 0..image.height {
            for x in 0..image.width {
                let Some(&value) = image.values.get(y * image.width + x) else { continue };
                let [r, g, b] = color(value);
                let at = ((top + y) * width + left + x) * 4;
                pixels[at..at + 4].copy_from_slice(&[r, g, b, 255]);
            }
        }
    }
    Picture { width, height, pixels }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::colors::ORANGE;

    #[test]
    fn the_scale_is_signed_only_when_a_value_is_negative() {
        assert_eq!(Heat::of(&[0.0, 2.0, 0.5]), Heat::Positive(2.0));
        assert_eq!(Heat::of(&[-4.0, 1.0, f32::INFINITY]), Heat::Signed(4.0));
        assert_eq!(Heat::of(&[]), Heat::Positive(1.0));
        assert_eq!(Heat::of(&[0.0, f32::NAN]), Heat::Positive(1.0));
        let signed = Heat::Signed(4.0);
        assert_eq!((signed.unit(-4.0), signed.unit(2.0), signed.unit(9.0)), (-1.0, 0.5, 1.0));
        assert_eq!(signed.color(-4.0), ORANGE);
        assert_eq!(signed.color(0.0), NEUTRAL);
        assert_eq!(signed.grey(0.0), [128; 3]);
        assert_eq!(signed.grey(-4.0), [0; 3]);
        let positive = Heat::Positive(2.0);
        assert_eq!(positive.color(2.0), BLUE);
        assert_eq!(positive.color(-1.0), NEUTRAL, "clamped at the low end");
        assert_eq!(positive.grey(1.0), [128; 3]);
        assert_eq!(positive.unit(f32::NAN), 0.0);
    }

    #[test]
    fn a_transposed_matrix_puts_its_rows_along_x() {
        // Two time steps of three units.
        let rows = vec![vec![1.0, 2.0, 3.0], vec![4.0, 5.0, 6.0]];
        let grey = |v: f32| [v as u8; 3];
        let plain = matrix_picture(&rows, false, grey);
        assert_eq!((plain.width, plain.height), (3, 2));
        assert_eq!(plain.pixels.chunks(4).map(|p| p[0]).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
        let turned = matrix_picture(&rows, true, grey);
        assert_eq!((turned.width, turned.height), (2, 3));
        assert_eq!(turned.pixels.chunks(4).map(|p| p[0]).collect::<Vec<_>>(), vec![1, 4, 2, 5, 3, 6]);
        let ragged = matrix_picture(&[vec![7.0], vec![8.0, 9.0]], false, grey);
        assert_eq!(ragged.pixels.chunks(4).map(|p| p[0]).collect::<Vec<_>>(), vec![7, 0, 8, 9]);
    }

    #[test]
    fn grids_are_near_square_and_colour_filters_get_a_row_each() {
        assert_eq!(grid_layout(16, 8), GridLayout { columns: 4, rows: 4 });
        assert_eq!(grid_layout(10, 8), GridLayout { columns: 4, rows: 3 });
        assert_eq!(grid_layout(100, 8), GridLayout { columns: 8, rows: 13 });
        assert_eq!(grid_layout(1, 8), GridLayout { columns: 1, rows: 1 });
        assert_eq!(grid_layout(0, 8), GridLayout { columns: 0, rows: 0 });
        assert_eq!(filter_grid(8, 1, 8), GridLayout { columns: 3, rows: 3 });
        assert_eq!(filter_grid(8, 3, 8), GridLayout { columns: 3, rows: 8 });
    }

    #[test]
    fn tiles_sit_in_their_cells_with_transparent_gaps() {
        let image = |v: f32| Image { height: 2, width: 2, values: vec![v; 4] };
        let (a, b, c) = (image(10.0), image(20.0), image(30.0));
        let picture = tile(&[&a, &b, &c], GridLayout { columns: 2, rows: 2 }, 1, |v| [v as u8; 3]);
        assert_eq!((picture.width, picture.height), (5, 5));
        let at = |x: usize, y: usize| &picture.pixels[(y * 5 + x) * 4..(y * 5 + x) * 4 + 4];
        assert_eq!(at(1, 1), &[10, 10, 10, 255]);
        assert_eq!(at(2, 0), &[0, 0, 0, 0], "the gap");
        assert_eq!(at(3, 1), &[20, 20, 20, 255]);
        assert_eq!(at(0, 4), &[30, 30, 30, 255]);
        assert_eq!(at(4, 4), &[0, 0, 0, 0], "no fourth image");
    }
}
