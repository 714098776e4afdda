//! Turning a drawing on the pad into the model's input: the ink is cropped to its
//! bounding box, centred in a square with a margin (as the digits of the training sets
//! sit in their frames), averaged down to the input's size and stretched so its darkest
//! cell is full ink.

/// Ink below this (of 1) is paper.
const INK: f32 = 0.05;
/// Margin around the drawing, as a share of the square's side on each side.
const MARGIN: f32 = 0.1;
/// Samples per output cell along each axis when averaging.
const SAMPLES: usize = 6;

/// The `out_height × out_width` input (row-major, 0 paper to 1 ink) of a drawing whose ink
/// is `ink[y * width + x]` in `[0, 1]`; all zeros for an empty drawing.
pub fn drawing_input(ink: &[f32], width: usize, height: usize, out_height: usize, out_width: usize) -> Vec<f32> {
    let mut input = vec![0.0; out_height * out_width];
    if ink.len() != width * height {
        return input;
    }
    let Some((left, top, right, bottom)) = ink_box(ink, width) else { return input };
    // A square around the ink's centre, so a tall "1" stays thin.
    let side = ((right - left).max(bottom - top) as f32 + 1.0) / (1.0 - 2.0 * MARGIN);
    let (centre_x, centre_y) = ((left + right) as f32 / 2.0 + 0.5, (top + bottom) as f32 / 2.0 + 0.5);
    let (origin_x, origin_y) = (centre_x - side / 2.0, centre_y - side / 2.0);
    let ink_at = |x: f32, y: f32| {
        if x < 0.0 || y < 0.0 || x >= width as f32 || y >= height as f32 {
            return 0.0;
        }
        ink[y as usize * width + x as usize]
    };
    for row in 0..out_height {
        for column in 0..out_width {
            let mut total = 0.0;
            for sy in 0..SAMPLES {
                for sx in 0..SAMPLES {
                    let fx = (column as f32 + (sx as f32 + 0.5) / SAMPLES as f32) / out_width as f32;
                    let fy = (row as f32 + (sy as f32 + 0.5) / SAMPLES as f32) / out_height as f32;
                    total += ink_at(origin_x + fx * side, origin_y + fy * side);
                }
            }
            input[row * out_width + column] = total / (SAMPLES * SAMPLES) as f32;
        }
    }
    let darkest = input.iter().copied().fold(0.0f32, f32::max);
    if darkest > 0.0 {
        input.iter_mut().for_each(|v| *v /= darkest);
    }
    input
}

/// The inclusive pixel box `(left, top, right, bottom)` of the ink, if there is any.
fn ink_box(ink: &[f32], width: usize) -> Option<(usize, usize, usize, usize)> {
    let mut found: Option<(usize, usize, usize, usize)> = None;
    for (at, _) in ink.iter().enumerate().filter(|(_, v)| **v > INK) {
        let (x, y) = (at % width, at / width);
        found = Some(match found {
            None => (x, y, x, y),
            Some((l, t, r, b)) => (l.min(x), t.min(y), r.max(x), b.max(y)),
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `size × size` drawing with ink on the pixels `is_ink` picks.
    fn drawing(size: usize, is_ink: impl Fn(usize, usize) -> bool) -> Vec<f32> {
        (0..size * size).map(|at| if is_ink(at % size, at / size) { 1.0 } else { 0.0 }).collect()
    }

    #[test]
    fn an_empty_pad_gives_zeros() {
        assert_eq!(drawing_input(&vec![0.0; 100], 10, 10, 8, 8), vec![0.0; 64]);
        assert_eq!(drawing_input(&[1.0; 3], 10, 10, 2, 2), vec![0.0; 4], "a malformed drawing");
    }

    #[test]
    fn a_blob_in_a_corner_is_centred_and_full_ink() {
        let corner = drawing(40, |x, y| x < 10 && y < 10);
        let input = drawing_input(&corner, 40, 40, 8, 8);
        let at = |r: usize, c: usize| input[r * 8 + c];
        assert_eq!(input.iter().copied().fold(0.0, f32::max), 1.0);
        assert_eq!((at(3, 3), at(4, 4)), (1.0, 1.0), "the middle is ink");
        // The margin (a tenth of the side) covers most of the outer cells.
        assert!([at(0, 0), at(7, 7), at(0, 7), at(7, 0)].iter().all(|&v| v < 0.1), "the corners are near paper");
        let rows: Vec<f32> = (0..8).map(|r| (0..8).map(|c| at(r, c)).sum()).collect();
        let (upper, lower) = (rows[..4].iter().sum::<f32>(), rows[4..].iter().sum::<f32>());
        assert!((upper - lower).abs() < 1e-4, "balanced top and bottom: {upper} vs {lower}");
    }

    #[test]
    fn a_thin_stroke_keeps_its_shape() {
        // A vertical bar two pixels wide, the height of the pad.
        let bar = drawing(30, |x, _| x == 20 || x == 21);
        let input = drawing_input(&bar, 30, 30, 8, 8);
        for row in 1..7 {
            let line = &input[row * 8..row * 8 + 8];
            assert!(line[3] > 0.0 || line[4] > 0.0, "row {row}: {line:?}");
            assert_eq!((line[0], line[1], line[6], line[7]), (0.0, 0.0, 0.0, 0.0), "row {row}: {line:?}");
        }
        assert!(input.iter().all(|v| (0.0..=1.0).contains(v)));
        let wide = drawing_input(&bar, 30, 30, 28, 28);
        assert_eq!(wide.len(), 28 * 28);
    }
}
