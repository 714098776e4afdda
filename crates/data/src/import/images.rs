//! A set of image files as a classification dataset: the class comes from each file's
//! folder (`cats/1.png`) or its name's prefix (`cat_001.png`); every image is decoded by
//! the `image` crate, laid over white where transparent, made grey or RGB, and resized to
//! a small square with values in [0, 1].

use super::ImportLimits;
use super::error::{ImportError, Place};
use crate::TensorData;
use image::imageops::{self, FilterType};
use image::{DynamicImage, ImageFormat, ImageReader, Rgb, RgbImage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::io::Cursor;

/// The colour channels each example keeps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImageChannels {
    /// One channel of brightness.
    #[default]
    Grey,
    /// Three channels: red, green, blue.
    Rgb,
}

impl ImageChannels {
    /// Number of channels (the first axis of each example).
    pub fn count(self) -> usize {
        match self {
            ImageChannels::Grey => 1,
            ImageChannels::Rgb => 3,
        }
    }
}

/// Where a file's class comes from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassSource {
    /// Folders when every path has one and they name at least two classes, else prefixes.
    #[default]
    Auto,
    /// The folder the file is in (`cats/1.png` is "cats").
    Folder,
    /// The file name up to its first `_` or `-` (`cat_001.png` is "cat").
    FilePrefix,
}

/// How to turn image files into examples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageOptions {
    /// Side of the square every image is resized to (non-square images are stretched).
    pub size: u32,
    /// Grey or colour.
    pub channels: ImageChannels,
    /// Where the classes come from.
    pub class_from: ClassSource,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions { size: 28, channels: ImageChannels::Grey, class_from: ClassSource::Auto }
    }
}

/// Smallest and largest accepted square side.
pub const IMAGE_SIZES: (u32, u32) = (2, 256);

/// The images read into examples, with what the UI shows about them.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageImport {
    /// One example per image, input shape `[channels, size, size]`, one class index each.
    pub data: TensorData,
    /// Class names in index order (sorted).
    pub class_names: Vec<String>,
    /// Number of images of each class, in index order.
    pub class_counts: Vec<usize>,
    /// Where the classes came from (`Folder` or `FilePrefix`, never `Auto`).
    pub class_source: ClassSource,
    /// Hidden files (names starting with `.`, like `.DS_Store`) that were left out.
    pub skipped: Vec<String>,
}

/// The name used in messages about the set as a whole.
const THE_SET: &str = "the image files";

/// Reads `files` (path and bytes, in the order given) as a classification dataset.
pub fn import_images(
    files: &[(&str, &[u8])],
    options: &ImageOptions,
    limits: &ImportLimits,
) -> Result<ImageImport, ImportError> {
    let channels = options.channels.count();
    check_size(options.size, channels, limits)?;
    let (skipped, files): (Vec<_>, Vec<_>) = files.iter().partition(|(path, _)| file_name(path).starts_with('.'));
    if files.is_empty() {
        return Err(unexpected(THE_SET, "at least one image file", "none"));
    }
    if files.len() > limits.max_examples {
        return Err(ImportError::OverLimit {
            file: THE_SET.into(),
            place: Place::File,
            what: "images",
            count: Some(files.len()),
            limit: limits.max_examples,
        });
    }
    let (source, labels) = class_labels(&files, options.class_from)?;
    let class_names: Vec<String> =
        labels.iter().copied().collect::<BTreeSet<_>>().into_iter().map(String::from).collect();
    if class_names.len() > limits.max_classes {
        return Err(ImportError::OverLimit {
            file: THE_SET.into(),
            place: Place::File,
            what: "classes",
            count: Some(class_names.len()),
            limit: limits.max_classes,
        });
    }
    if class_names.len() < 2 {
        let expected = format!("at least two classes ({})", source_phrase(source));
        return Err(unexpected(THE_SET, &expected, &format!("one: {:?}", class_names[0])));
    }

    let side = options.size as usize;
    let values = files.len().saturating_mul(channels).saturating_mul(side).saturating_mul(side);
    let mut inputs = super::limits::room_for(THE_SET, "pixel values", values)?;
    let mut targets = Vec::with_capacity(files.len());
    let mut class_counts = vec![0; class_names.len()];
    for (&(path, bytes), label) in files.iter().zip(&labels) {
        let image = decode(path, bytes, limits)?;
        write_pixels(&mut inputs, &image, options);
        let class = class_names.binary_search_by(|n| n.as_str().cmp(label)).unwrap_or(0);
        class_counts[class] += 1;
        targets.push(class as f32);
    }
    Ok(ImageImport {
        data: TensorData {
            inputs,
            input_shape: vec![channels, side, side],
            targets,
            target_shape: vec![],
            classes: class_names.len(),
            len: files.len(),
        },
        class_names,
        class_counts,
        class_source: source,
        skipped: skipped.iter().map(|(path, _)| path.to_string()).collect(),
    })
}

fn check_size(size: u32, channels: usize, limits: &ImportLimits) -> Result<(), ImportError> {
    let (low, high) = IMAGE_SIZES;
    if !(low..=high).contains(&size) {
        let allowed = format!("it must be from {low} to {high} pixels");
        return Err(ImportError::BadOption { option: "the image size", value: size.to_string(), allowed });
    }
    let features = channels * (size as usize).pow(2);
    if features > limits.max_features {
        return Err(ImportError::BadOption {
            option: "the image size",
            value: format!("{size} ({channels}×{size}×{size} = {features} inputs per image)"),
            allowed: format!("the limit is {} inputs per image", limits.max_features),
        });
    }
    Ok(())
}

/// The path's components, accepting `\` from Windows as well as `/`.
fn components(path: &str) -> Vec<&str> {
    path.split(['/', '\\']).filter(|c| !c.is_empty()).collect()
}

fn file_name(path: &str) -> &str {
    components(path).last().copied().unwrap_or(path)
}

/// The folder holding the file, if the path has one.
fn folder(path: &str) -> Option<&str> {
    let parts = components(path);
    parts.len().checked_sub(2).map(|i| parts[i])
}

/// The file name before its first `_` or `-`, if that is not empty.
fn prefix(path: &str) -> Option<&str> {
    let name = file_name(path);
    name.find(['_', '-']).map(|end| &name[..end]).filter(|p| !p.is_empty())
}

/// Each file's class name, and the source they were taken from.
fn class_labels<'a>(
    files: &[&(&'a str, &[u8])],
    choice: ClassSource,
) -> Result<(ClassSource, Vec<&'a str>), ImportError> {
    let source = match choice {
        ClassSource::Auto => {
            let folders: Option<BTreeSet<&str>> = files.iter().map(|(path, _)| folder(path)).collect();
            match folders {
                Some(folders) if folders.len() >= 2 => ClassSource::Folder,
                _ => ClassSource::FilePrefix,
            }
        }
        chosen => chosen,
    };
    let labels = files
        .iter()
        .map(|&&(path, _)| match source {
            ClassSource::Folder => folder(path).ok_or_else(|| {
                unexpected(path, "a path inside a folder named after its class (like cats/1.png)", "no folder")
            }),
            _ => prefix(path).ok_or_else(|| {
                let expected = "a file name starting with its class and '_' or '-' (like cat_001.png)";
                unexpected(path, expected, &format!("{:?}", file_name(path)))
            }),
        })
        .collect::<Result<_, _>>()?;
    Ok((source, labels))
}

fn source_phrase(source: ClassSource) -> &'static str {
    match source {
        ClassSource::Folder => "classes come from folder names",
        _ => "classes come from the file names' prefixes before '_' or '-'",
    }
}

/// Decodes one file after checking its size, format and dimensions.
fn decode(path: &str, bytes: &[u8], limits: &ImportLimits) -> Result<DynamicImage, ImportError> {
    limits.check_file_size(path, bytes.len())?;
    // Reading from memory cannot fail, so an I/O error here is only a format not guessed.
    let reader = || ImageReader::new(Cursor::new(bytes)).with_guessed_format().ok();
    let format = match reader().and_then(|r| r.format()) {
        Some(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::Gif | ImageFormat::Bmp)) => f,
        _ => return Err(ImportError::NotAnImage { file: path.into() }),
    };
    let format_name = match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Gif => "GIF",
        _ => "BMP",
    };
    let undecodable = |e: image::ImageError| ImportError::Undecodable {
        file: path.into(),
        format: format_name,
        reason: e.to_string(),
    };
    let not_an_image = || ImportError::NotAnImage { file: path.into() };
    let (width, height) = reader().ok_or_else(not_an_image)?.into_dimensions().map_err(undecodable)?;
    let limit = limits.max_image_side;
    if width > limit || height > limit {
        return Err(ImportError::ImageTooLarge { file: path.into(), width, height, limit });
    }
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limit);
    image_limits.max_image_height = Some(limit);
    let mut reader = reader().ok_or_else(not_an_image)?;
    reader.limits(image_limits);
    reader.decode().map_err(undecodable)
}

/// Appends the image, resized, channel by channel, with values in [0, 1].
fn write_pixels(inputs: &mut Vec<f32>, image: &DynamicImage, options: &ImageOptions) {
    let rgb = over_white(image);
    let small = imageops::resize(&rgb, options.size, options.size, FilterType::Triangle);
    let unit = |v: u8| f32::from(v) / 255.0;
    match options.channels {
        ImageChannels::Grey => {
            // Rec. 709 luma, as the image crate's own grey conversion.
            inputs.extend(
                small
                    .pixels()
                    .map(|Rgb([r, g, b])| (0.2126 * unit(*r) + 0.7152 * unit(*g) + 0.0722 * unit(*b)).clamp(0.0, 1.0)),
            );
        }
        ImageChannels::Rgb => {
            for channel in 0..3 {
                inputs.extend(small.pixels().map(|p| unit(p.0[channel])));
            }
        }
    }
}

/// The image as RGB, transparent parts laid over white as a viewer shows them.
fn over_white(image: &DynamicImage) -> RgbImage {
    if !image.color().has_alpha() {
        return image.to_rgb8();
    }
    let rgba = image.to_rgba8();
    RgbImage::from_fn(rgba.width(), rgba.height(), |x, y| {
        let [r, g, b, a] = rgba.get_pixel(x, y).0;
        let alpha = f32::from(a) / 255.0;
        let blend = |c: u8| (f32::from(c) * alpha + 255.0 * (1.0 - alpha)).round() as u8;
        Rgb([blend(r), blend(g), blend(b)])
    })
}

fn unexpected(file: &str, expected: &str, found: &str) -> ImportError {
    ImportError::Unexpected { file: file.into(), place: Place::File, expected: expected.into(), found: found.into() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::{GrayImage, Luma, Rgba, RgbaImage};

    fn encode(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
        let mut bytes = Cursor::new(Vec::new());
        image.write_to(&mut bytes, format).unwrap();
        bytes.into_inner()
    }

    /// A grey image, black on its left half and white on its right.
    fn halves(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
        let image = GrayImage::from_fn(width, height, |x, _| Luma([if x < width / 2 { 0 } else { 255 }]));
        encode(DynamicImage::ImageLuma8(image), format)
    }

    fn solid(color: [u8; 3], format: ImageFormat) -> Vec<u8> {
        encode(DynamicImage::ImageRgb8(RgbImage::from_pixel(10, 6, Rgb(color))), format)
    }

    fn options(size: u32, channels: ImageChannels) -> ImageOptions {
        ImageOptions { size, channels, class_from: ClassSource::Auto }
    }

    fn read(files: &[(&str, &[u8])], options: &ImageOptions) -> Result<ImageImport, ImportError> {
        import_images(files, options, &ImportLimits::default())
    }

    #[test]
    fn a_png_is_resized_to_grey_values_in_unit_range() {
        let left_right = halves(40, 20, ImageFormat::Png);
        let red = solid([255, 0, 0], ImageFormat::Png);
        let set = read(&[("cats/a.png", &left_right), ("dogs/b.png", &red)], &options(4, ImageChannels::Grey)).unwrap();
        assert_eq!(set.data.input_shape, [1, 4, 4]);
        assert_eq!(set.data.inputs.len(), 2 * 16);
        // Each row of the first image goes from black to white, symmetric about the
        // middle edge (the triangle filter blurs it into the two middle pixels).
        for row in set.data.inputs[..16].chunks(4) {
            assert!(row[0] < 0.01 && row[1] < 0.5 && row[2] > 0.5 && row[3] > 0.99, "{row:?}");
            assert!((row[1] + row[2] - 1.0).abs() < 0.01, "{row:?}");
        }
        // Pure red is dark in luma: 0.2126.
        assert!(set.data.inputs[16..].iter().all(|v| (v - 0.2126).abs() < 1e-3), "{:?}", &set.data.inputs[16..]);
        assert_eq!(set.class_names, ["cats", "dogs"]);
        assert_eq!(set.class_source, ClassSource::Folder);
        assert_eq!(set.data.targets, [0.0, 1.0]);
        assert_eq!(set.class_counts, [1, 1]);
        assert_eq!((set.data.classes, set.data.len), (2, 2));
    }

    #[test]
    fn a_jpeg_in_rgb_keeps_its_channels_apart() {
        let blue = solid([0, 0, 255], ImageFormat::Jpeg);
        let green = solid([0, 255, 0], ImageFormat::Jpeg);
        let set = read(&[("sky_1.jpg", &blue), ("grass-1.jpeg", &green)], &options(3, ImageChannels::Rgb)).unwrap();
        assert_eq!(set.data.input_shape, [3, 3, 3]);
        assert_eq!(set.class_source, ClassSource::FilePrefix);
        assert_eq!(set.class_names, ["grass", "sky"]);
        assert_eq!(set.data.targets, [1.0, 0.0]);
        let (sky, grass) = set.data.inputs.split_at(27);
        // JPEG is lossy: channels are near 0 or 1, not exact.
        assert!(sky[..18].iter().all(|&v| v < 0.1) && sky[18..].iter().all(|&v| v > 0.9), "{sky:?}");
        assert!(grass[..9].iter().all(|&v| v < 0.1) && grass[9..18].iter().all(|&v| v > 0.9), "{grass:?}");
        assert!(grass[18..].iter().all(|&v| v < 0.1), "{grass:?}");
    }

    #[test]
    fn gif_and_bmp_are_read_and_transparency_is_white() {
        let black = solid([0, 0, 0], ImageFormat::Gif);
        let clear = encode(DynamicImage::ImageRgba8(RgbaImage::from_pixel(5, 5, Rgba([0, 0, 0, 0]))), ImageFormat::Png);
        let white = solid([255, 255, 255], ImageFormat::Bmp);
        let files: [(&str, &[u8]); 3] = [("a/1.gif", &black), ("b/2.png", &clear), ("b/3.bmp", &white)];
        let set = read(&files, &options(2, ImageChannels::Grey)).unwrap();
        assert!(set.data.inputs[..4].iter().all(|&v| v < 0.01));
        assert!(set.data.inputs[4..].iter().all(|&v| v > 0.99), "{:?}", set.data.inputs);
        assert_eq!(set.class_counts, [1, 2]);
    }

    #[test]
    fn one_shared_folder_falls_back_to_file_prefixes() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let set = read(&[("upload/cat_1.png", &png), ("upload/dog_1.png", &png)], &ImageOptions::default()).unwrap();
        assert_eq!(set.class_source, ClassSource::FilePrefix);
        assert_eq!(set.class_names, ["cat", "dog"]);
        assert_eq!(set.data.input_shape, [1, 28, 28]);
    }

    #[test]
    fn windows_separators_and_hidden_files() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let files: [(&str, &[u8]); 3] =
            [("set\\cats\\1.png", &png), ("set/.DS_Store", b"junk"), ("set\\dogs\\1.png", &png)];
        let set = read(&files, &options(2, ImageChannels::Grey)).unwrap();
        assert_eq!(set.class_names, ["cats", "dogs"]);
        assert_eq!(set.skipped, ["set/.DS_Store"]);
        assert_eq!(set.data.len, 2);
    }

    #[test]
    fn one_class_is_refused_naming_it() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let err = read(&[("cats/cat_1.png", &png), ("cats/cat_2.png", &png)], &ImageOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the image files: expected at least two classes (classes come from the file names' prefixes \
             before '_' or '-'), found one: \"cat\""
        );
        let folders = ImageOptions { class_from: ClassSource::Folder, ..ImageOptions::default() };
        let err = read(&[("cats/1.png", &png), ("cats/2.png", &png)], &folders).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the image files: expected at least two classes (classes come from folder names), found one: \"cats\""
        );
    }

    #[test]
    fn a_file_without_folder_or_prefix_is_named() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let folders = ImageOptions { class_from: ClassSource::Folder, ..ImageOptions::default() };
        let err = read(&[("cats/1.png", &png), ("2.png", &png)], &folders).unwrap_err();
        assert_eq!(
            err.to_string(),
            "2.png: expected a path inside a folder named after its class (like cats/1.png), found no folder"
        );
        let err = read(&[("cat_1.png", &png), ("dog1.png", &png)], &ImageOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "dog1.png: expected a file name starting with its class and '_' or '-' (like cat_001.png), found \"dog1.png\""
        );
        let err = read(&[("cat_1.png", &png), ("_1.png", &png)], &ImageOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("_1.png: expected a file name starting with its class"), "{err}");
    }

    #[test]
    fn a_file_that_is_no_image_is_named() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let err = read(&[("cats/a.png", b"hello, not a picture"), ("dogs/b.png", &png)], &ImageOptions::default());
        assert_eq!(err.unwrap_err().to_string(), "cats/a.png: not an image this importer reads (PNG, JPEG, GIF, BMP)");
        // A TIFF header is recognised as an image, but not one this importer reads.
        let err = read(&[("cats/a.tif", b"II*\0\x08\0\0\0"), ("dogs/b.png", &png)], &ImageOptions::default());
        assert_eq!(err.unwrap_err().to_string(), "cats/a.tif: not an image this importer reads (PNG, JPEG, GIF, BMP)");
    }

    #[test]
    fn a_damaged_image_names_its_format() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let cut = &png[..png.len() - 20];
        let err = read(&[("cats/a.png", cut), ("dogs/b.png", &png)], &ImageOptions::default()).unwrap_err();
        assert!(err.to_string().starts_with("cats/a.png: the PNG data cannot be decoded ("), "{err}");
    }

    #[test]
    fn an_image_too_large_is_refused_from_its_header() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let big = halves(40, 20, ImageFormat::Png);
        let limits = ImportLimits { max_image_side: 32, ..ImportLimits::default() };
        let err = import_images(&[("a/1.png", &png), ("b/big.png", &big)], &ImageOptions::default(), &limits);
        assert_eq!(err.unwrap_err().to_string(), "b/big.png: 40×20 pixels; the limit is 32×32");
    }

    #[test]
    fn file_size_count_and_class_limits() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let files: [(&str, &[u8]); 3] = [("a/1.png", &png), ("b/2.png", &png), ("c/3.png", &png)];
        let small = ImportLimits { max_file_bytes: 10, ..ImportLimits::default() };
        let err = import_images(&files, &ImageOptions::default(), &small).unwrap_err().to_string();
        assert!(err.starts_with("a/1.png is ") && err.ends_with("; the limit is 10 bytes"), "{err}");
        let few = ImportLimits { max_examples: 2, ..ImportLimits::default() };
        let err = import_images(&files, &ImageOptions::default(), &few).unwrap_err();
        assert_eq!(err.to_string(), "the image files: 3 images; the limit is 2");
        let two = ImportLimits { max_classes: 2, ..ImportLimits::default() };
        let err = import_images(&files, &ImageOptions::default(), &two).unwrap_err();
        assert_eq!(err.to_string(), "the image files: 3 classes; the limit is 2");
        assert_eq!(
            read(&[], &ImageOptions::default()).unwrap_err().to_string(),
            "the image files: expected at least one image file, found none"
        );
    }

    #[test]
    fn sizes_outside_the_range_or_the_feature_limit_are_refused() {
        let png = solid([9, 9, 9], ImageFormat::Png);
        let files: [(&str, &[u8]); 2] = [("a/1.png", &png), ("b/2.png", &png)];
        let err = read(&files, &options(1, ImageChannels::Grey)).unwrap_err();
        assert_eq!(err.to_string(), "the image size is 1; it must be from 2 to 256 pixels");
        let err = read(&files, &options(64, ImageChannels::Rgb)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the image size is 64 (3×64×64 = 12288 inputs per image); the limit is 4096 inputs per image"
        );
    }
}
