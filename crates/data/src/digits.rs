//! The real 8×8 handwritten digits scikit-learn ships (UCI "Optical Recognition of
//! Handwritten Digits"), packed in `www/data/digits.bin` by `scripts/datasets/digits.py`.
//!
//! File format, integers little-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `NNPDIGIT` |
//! | 8 | 2 | version, 1 |
//! | 10 | 1 | height, 8 |
//! | 11 | 1 | width, 8 |
//! | 12 | 1 | largest pixel value, 16 |
//! | 13 | 1 | reserved, 0 |
//! | 14 | 4 | sample count N |
//! | 18 | N × (1 + height × width) | per sample: the label 0..9, then the pixels row by row |
//!
//! Each pixel counts the inked cells of a 4×4 block of the original 32×32 bitmap (0..=16).

use crate::TensorData;

/// The asset's file name under `www/data/`.
pub const FILE: &str = "digits.bin";

/// What the dataset is, for people who read English.
pub const DESCRIPTION_EN: &str = "Handwritten digits: 1,797 real 8×8 grey images of the digits 0 to 9, \
written by 13 people on NIST forms and reduced to 8×8 blocks by counting the inked pixels of each \
4×4 cell (the test set of the UCI \"Optical Recognition of Handwritten Digits\" data, as shipped by \
scikit-learn). Each class has about 180 examples. Even a linear classifier gets about 96% of held-out \
images right, so this is a quick first image task; the 16×16 view is the same images enlarged by \
bilinear interpolation, for networks that downsample more than once.";

/// What the dataset is, for people who read Chinese.
pub const DESCRIPTION_ZH: &str = "手写数字：1797 张真实的 8×8 灰度图像，内容是数字 0 到 9，\
由 13 人在 NIST 表格上书写，再把原始 32×32 位图按 4×4 的小块统计墨迹像素数，缩成 8×8\
（即 UCI“手写数字光学识别”数据的测试集，随 scikit-learn 发布）。每个类别约 180 个样本。\
即使线性分类器也能认对约 96% 的未见图像，适合作为入门的图像任务；16×16 视图是用双线性插值放大的同一批图像，\
供需要多次下采样的网络使用。";

const MAGIC: &[u8; 8] = b"NNPDIGIT";
const VERSION: u16 = 1;
const HEADER: usize = 18;
const SIDE: usize = 8;
const MAX_PIXEL: u8 = 16;
const CLASSES: usize = 10;

/// A packed asset that cannot be read, with a sentence saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct AssetError(pub String);

/// How the digit images are presented to a model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DigitsView {
    /// The original 1×8×8 images.
    Small,
    /// 1×16×16 images, enlarged by bilinear interpolation.
    Upscaled,
}

/// Reads `digits.bin`: images in the file's order, pixels scaled to `[0, 1]`, one class
/// index per image.
pub fn load(bytes: &[u8], view: DigitsView) -> Result<TensorData, AssetError> {
    let (count, records) = parse(bytes)?;
    let side = match view {
        DigitsView::Small => SIDE,
        DigitsView::Upscaled => 2 * SIDE,
    };
    let mut inputs = Vec::with_capacity(count * side * side);
    let mut targets = Vec::with_capacity(count);
    for (index, record) in records.chunks_exact(1 + SIDE * SIDE).enumerate() {
        let label = record[0];
        if usize::from(label) >= CLASSES {
            return Err(AssetError(format!("{FILE}: sample {index} has label {label}; labels are 0 to 9")));
        }
        let pixels = &record[1..];
        if let Some(&bad) = pixels.iter().find(|&&p| p > MAX_PIXEL) {
            return Err(AssetError(format!(
                "{FILE}: sample {index} has pixel value {bad}; pixels are 0 to {MAX_PIXEL}"
            )));
        }
        let image: Vec<f32> = pixels.iter().map(|&p| f32::from(p) / f32::from(MAX_PIXEL)).collect();
        match view {
            DigitsView::Small => inputs.extend(image),
            DigitsView::Upscaled => inputs.extend(upscale_bilinear(&image, SIDE, side)),
        }
        targets.push(f32::from(label));
    }
    Ok(TensorData {
        inputs,
        input_shape: vec![1, side, side],
        targets,
        target_shape: vec![],
        classes: CLASSES,
        len: count,
    })
}

/// Checks the header and the length; returns the sample count and the sample records.
fn parse(bytes: &[u8]) -> Result<(usize, &[u8]), AssetError> {
    if bytes.len() < HEADER {
        return Err(AssetError(format!(
            "{FILE}: {} bytes is shorter than the {HEADER}-byte header; the file is truncated",
            bytes.len()
        )));
    }
    if &bytes[..8] != MAGIC {
        return Err(AssetError(format!("{FILE}: the file does not start with {MAGIC:?}; it is not a digits asset")));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != VERSION {
        return Err(AssetError(format!("{FILE}: format version {version}; this build reads version {VERSION}")));
    }
    let (height, width, max_pixel) = (bytes[10], bytes[11], bytes[12]);
    if (usize::from(height), usize::from(width), max_pixel) != (SIDE, SIDE, MAX_PIXEL) {
        return Err(AssetError(format!(
            "{FILE}: header says {height}×{width} images with pixels up to {max_pixel}; \
             expected {SIDE}×{SIDE} with pixels up to {MAX_PIXEL}"
        )));
    }
    let count = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]) as usize;
    let records = &bytes[HEADER..];
    let expected = count.checked_mul(1 + SIDE * SIDE);
    if expected != Some(records.len()) {
        return Err(AssetError(format!(
            "{FILE}: header says {count} samples of {} bytes, but {} bytes follow the header",
            1 + SIDE * SIDE,
            records.len()
        )));
    }
    if count == 0 {
        return Err(AssetError(format!("{FILE}: the file holds no samples")));
    }
    Ok((count, records))
}

/// Enlarges a square image from `from`×`from` to `to`×`to`, sampling at pixel centres
/// (source coordinate `(x + 0.5)·from/to − 0.5`, clamped at the edges), as image libraries do.
fn upscale_bilinear(image: &[f32], from: usize, to: usize) -> Vec<f32> {
    let scale = from as f32 / to as f32;
    let last = (from - 1) as f32;
    // For each output coordinate: the two source indices and the weight of the second.
    let taps: Vec<(usize, usize, f32)> = (0..to)
        .map(|i| {
            let x = ((i as f32 + 0.5) * scale - 0.5).clamp(0.0, last);
            let low = x.floor() as usize;
            (low, (low + 1).min(from - 1), x - low as f32)
        })
        .collect();
    let mut out = Vec::with_capacity(to * to);
    for &(r0, r1, wr) in &taps {
        for &(c0, c1, wc) in &taps {
            let top = image[r0 * from + c0] * (1.0 - wc) + image[r0 * from + c1] * wc;
            let bottom = image[r1 * from + c0] * (1.0 - wc) + image[r1 * from + c1] * wc;
            out.push(top * (1.0 - wr) + bottom * wr);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: &[u8] = include_bytes!("../../../www/data/digits.bin");

    #[test]
    fn the_asset_holds_all_1797_digits_balanced_over_ten_classes() {
        let data = load(ASSET, DigitsView::Small).unwrap();
        assert_eq!(data.len, 1797);
        assert_eq!(data.input_shape, vec![1, 8, 8]);
        assert_eq!(data.inputs.len(), 1797 * 64);
        assert_eq!(data.targets.len(), 1797);
        assert!(data.target_shape.is_empty());
        assert_eq!(data.classes, 10);
        let mut counts = [0usize; 10];
        for &t in &data.targets {
            counts[t as usize] += 1;
        }
        // UCI's test set: between 174 and 183 of each digit.
        assert!(counts.iter().all(|&c| (170..=190).contains(&c)), "{counts:?}");
    }

    #[test]
    fn pixels_are_scaled_to_the_unit_interval_and_use_the_whole_range() {
        let data = load(ASSET, DigitsView::Small).unwrap();
        assert!(data.inputs.iter().all(|&v| (0.0..=1.0).contains(&v)));
        assert!(data.inputs.contains(&0.0) && data.inputs.contains(&1.0));
        // Every value is a count of 16ths.
        assert!(data.inputs.iter().all(|&v| (v * 16.0).fract() == 0.0));
    }

    #[test]
    fn the_first_samples_match_the_source_file() {
        // digits.csv.gz: the first row is a 0 starting "0,0,5,13,9,1,0,0", the second a 1.
        let data = load(ASSET, DigitsView::Small).unwrap();
        assert_eq!(&data.targets[..3], &[0.0, 1.0, 2.0]);
        let first_row: Vec<f32> = [0.0, 0.0, 5.0, 13.0, 9.0, 1.0, 0.0, 0.0].iter().map(|v| v / 16.0).collect();
        assert_eq!(&data.inputs[..8], first_row.as_slice());
    }

    #[test]
    fn the_upscaled_view_enlarges_the_same_images() {
        let small = load(ASSET, DigitsView::Small).unwrap();
        let large = load(ASSET, DigitsView::Upscaled).unwrap();
        assert_eq!(large.input_shape, vec![1, 16, 16]);
        assert_eq!(large.inputs.len(), 1797 * 256);
        assert_eq!(large.targets, small.targets);
        assert!(large.inputs.iter().all(|&v| (0.0..=1.0).contains(&v)));
        for (a, b) in small.inputs.chunks(64).zip(large.inputs.chunks(256)).take(50) {
            // Corners copy the source corners; the mean ink barely moves.
            assert_eq!(b[0], a[0]);
            assert_eq!(b[255], a[63]);
            let mean_small = a.iter().sum::<f32>() / 64.0;
            let mean_large = b.iter().sum::<f32>() / 256.0;
            assert!((mean_small - mean_large).abs() < 0.05, "{mean_small} vs {mean_large}");
        }
    }

    #[test]
    fn bilinear_keeps_a_constant_image_and_interpolates_a_ramp() {
        assert!(upscale_bilinear(&[0.25; 4], 2, 4).iter().all(|&v| v == 0.25));
        // Columns 0 and 1 of a 2×2 image: 0 and 1. Output columns sit at -0.25, 0.25, 0.75, 1.25.
        let out = upscale_bilinear(&[0.0, 1.0, 0.0, 1.0], 2, 4);
        assert_eq!(&out[..4], &[0.0, 0.25, 0.75, 1.0]);
    }

    #[test]
    fn a_damaged_file_is_refused_with_the_reason() {
        let error = |bytes: &[u8]| load(bytes, DigitsView::Small).unwrap_err().0;
        assert!(error(&ASSET[..10]).contains("truncated"));
        assert!(error(&ASSET[..ASSET.len() - 1]).contains("bytes follow the header"));
        let mut wrong_magic = ASSET.to_vec();
        wrong_magic[0] = b'X';
        assert!(error(&wrong_magic).contains("not a digits asset"));
        let mut wrong_version = ASSET.to_vec();
        wrong_version[8] = 9;
        assert!(error(&wrong_version).contains("version 9"));
        let mut bad_label = ASSET.to_vec();
        bad_label[HEADER + 65] = 12;
        assert!(error(&bad_label).contains("sample 1 has label 12"));
        let mut bad_pixel = ASSET.to_vec();
        bad_pixel[HEADER + 3] = 17;
        assert!(error(&bad_pixel).contains("sample 0 has pixel value 17"));
    }
}
