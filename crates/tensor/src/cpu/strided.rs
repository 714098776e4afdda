//! Copying a strided view into a new row-major buffer: the one loop behind permute,
//! broadcast and slice. ndarray's iterators over dynamic-rank views step one element
//! at a time through generic index code; this walks the outer axes with an odometer
//! and copies each innermost run with a slice copy, a fill or a tight strided loop.

/// The elements of the view of `src` that starts at `offset` and has `shape` and
/// element `strides` (0 repeats an element: broadcasting), in row-major order.
pub fn copy_strided(src: &[f32], offset: usize, shape: &[usize], strides: &[usize]) -> Vec<f32> {
    let total: usize = shape.iter().product();
    let mut out = Vec::with_capacity(total);
    if total == 0 {
        return out;
    }
    let Some((&inner, outer_shape)) = shape.split_last() else {
        out.push(src[offset]);
        return out;
    };
    let (&inner_stride, outer_strides) = strides.split_last().expect("one stride per axis");
    let mut index = vec![0usize; outer_shape.len()];
    let mut base = offset;
    loop {
        match inner_stride {
            1 => out.extend_from_slice(&src[base..base + inner]),
            0 => out.extend(std::iter::repeat_n(src[base], inner)),
            step => out.extend((0..inner).map(|i| src[base + i * step])),
        }
        // Advance the odometer over the outer axes, last axis fastest.
        let mut axis = outer_shape.len();
        loop {
            if axis == 0 {
                return out;
            }
            axis -= 1;
            index[axis] += 1;
            base += outer_strides[axis];
            if index[axis] < outer_shape[axis] {
                break;
            }
            base -= outer_strides[axis] * outer_shape[axis];
            index[axis] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transposes_broadcasts_and_slices() {
        let src: Vec<f32> = (0..6).map(|v| v as f32).collect();
        // [2, 3] transposed: shape [3, 2], strides [1, 3].
        assert_eq!(copy_strided(&src, 0, &[3, 2], &[1, 3]), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
        // Row [3] broadcast to [2, 3].
        assert_eq!(copy_strided(&src, 0, &[2, 3], &[0, 1]), vec![0.0, 1.0, 2.0, 0.0, 1.0, 2.0]);
        // Column 1..3 of [2, 3].
        assert_eq!(copy_strided(&src, 1, &[2, 2], &[3, 1]), vec![1.0, 2.0, 4.0, 5.0]);
        // A scalar, and an empty view.
        assert_eq!(copy_strided(&src, 4, &[], &[]), vec![4.0]);
        assert!(copy_strided(&src, 0, &[2, 0], &[3, 1]).is_empty());
    }
}
