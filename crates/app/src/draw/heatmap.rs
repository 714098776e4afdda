//! Turns a [`Boundary`] grid into an image with one pixel per cell; the canvas scales it
//! up with smoothing, which interpolates between cell centres for free.

use super::colors::{mix, value_color};
use nnplay_train::Boundary;

/// How far the background is washed towards white, so the points drawn on it stand out.
const WASH: f32 = 0.3;

/// RGBA pixels of `boundary`, `resolution × resolution`, row 0 at the top; `None` for a
/// grid whose size does not match its values.
pub fn pixels(boundary: &Boundary) -> Option<Vec<u8>> {
    let res = boundary.resolution;
    if res == 0 || boundary.values.len() != res * res {
        return None;
    }
    Some(
        boundary
            .values
            .iter()
            .flat_map(|&v| {
                let [r, g, b] = mix(value_color(v), [255; 3], WASH);
                [r, g, b, 255]
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draw::colors::{BLUE, ORANGE};

    #[test]
    fn each_cell_becomes_one_washed_pixel() {
        let boundary = Boundary { resolution: 2, extent: 6.0, values: vec![-1.0, 1.0, f32::NAN, 0.5] };
        let image = pixels(&boundary).unwrap();
        assert_eq!(image.len(), 16);
        assert_eq!(image[0..3], mix(ORANGE, [255; 3], WASH));
        assert_eq!(image[4..7], mix(BLUE, [255; 3], WASH));
        assert!(image.chunks(4).all(|p| p[3] == 255));
    }

    #[test]
    fn a_malformed_grid_gives_no_image() {
        assert_eq!(pixels(&Boundary { resolution: 3, extent: 6.0, values: vec![0.0; 4] }), None);
    }
}
