//! Small pictures and lines of a few examples of a dataset, for its preview.

use nnplay_data::TensorData;

/// Values shown per example in a text line before an ellipsis.
const LINE_VALUES: usize = 8;

/// `[channels, height, width]` of `data`'s examples if they are grey or colour images.
pub fn image_shape(data: &TensorData) -> Option<(usize, usize, usize)> {
    match *data.input_shape.as_slice() {
        [channels @ (1 | 3), height, width] if height >= 2 && width >= 2 => Some((channels, height, width)),
        _ => None,
    }
}

/// RGBA pixels of example `index`, each image stretched from its own darkest to its
/// brightest value (spectrograms and counts have no common scale); `None` if the
/// examples are not images or there is no such example.
pub fn image_pixels(data: &TensorData, index: usize) -> Option<Vec<u8>> {
    let (channels, height, width) = image_shape(data)?;
    let plane = height * width;
    let values = data.inputs.get(index * channels * plane..(index + 1) * channels * plane)?;
    let (low, high) = values.iter().fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| (lo.min(v), hi.max(v)));
    let span = high - low;
    let level = |v: f32| if span > 0.0 { ((v - low) / span * 255.0).round() as u8 } else { 128 };
    Some(
        (0..plane)
            .flat_map(|p| {
                let channel = |c: usize| level(values[c * plane + p]);
                let [r, g, b] = if channels == 3 { [channel(0), channel(1), channel(2)] } else { [channel(0); 3] };
                [r, g, b, 255]
            })
            .collect(),
    )
}

/// The label of example `index`: its class name (or number), or its target values.
pub fn label(data: &TensorData, index: usize, class_names: &[String]) -> String {
    let width: usize = data.target_shape.iter().product();
    let Some(targets) = data.targets.get(index * width..(index + 1) * width) else { return String::new() };
    match (data.classes, targets) {
        (classes, [class]) if classes > 0 => {
            let class = *class as usize;
            class_names.get(class).cloned().unwrap_or_else(|| class.to_string())
        }
        _ => numbers(targets),
    }
}

/// "x: 0.5, 1, … → label" for example `index`.
pub fn line(data: &TensorData, index: usize, class_names: &[String]) -> String {
    let width: usize = data.input_shape.iter().product();
    let inputs = data.inputs.get(index * width..(index + 1) * width).unwrap_or_default();
    format!("{} → {}", numbers(inputs), label(data, index, class_names))
}

/// Up to [`LINE_VALUES`] numbers with at most 3 decimals, then "…" if there are more.
pub fn numbers(values: &[f32]) -> String {
    let shown: Vec<String> = values
        .iter()
        .take(LINE_VALUES)
        .map(|v| {
            let text = format!("{v:.3}");
            text.trim_end_matches('0').trim_end_matches('.').to_string()
        })
        .collect();
    let more = if values.len() > LINE_VALUES { ", …" } else { "" };
    format!("{}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn images(channels: usize) -> TensorData {
        TensorData {
            inputs: (0..2 * channels * 4).map(|v| v as f32).collect(),
            input_shape: vec![channels, 2, 2],
            targets: vec![1.0, 0.0],
            target_shape: vec![],
            classes: 2,
            len: 2,
        }
    }

    #[test]
    fn grey_images_stretch_to_black_and_white() {
        let pixels = image_pixels(&images(1), 1).unwrap();
        assert_eq!(pixels.len(), 16);
        assert_eq!(&pixels[0..4], &[0, 0, 0, 255]);
        assert_eq!(&pixels[12..16], &[255, 255, 255, 255]);
        assert_eq!(image_pixels(&images(1), 2), None);
    }

    #[test]
    fn colour_images_keep_their_channels_apart() {
        let pixels = image_pixels(&images(3), 0).unwrap();
        // Pixel 0 has red 0, green 4, blue 8 of the range 0..=11.
        assert_eq!(&pixels[0..3], &[0, 93, 185]);
        let table = TensorData { input_shape: vec![12], ..images(1) };
        assert_eq!(image_shape(&table), None);
    }

    #[test]
    fn lines_show_inputs_and_the_class_name_or_values() {
        let table = TensorData {
            inputs: vec![0.5, 1.0, 2.25, 3.0],
            input_shape: vec![2],
            targets: vec![1.0, 0.0],
            target_shape: vec![],
            classes: 2,
            len: 2,
        };
        assert_eq!(line(&table, 0, &["cat".into(), "dog".into()]), "0.5, 1 → dog");
        assert_eq!(line(&table, 1, &[]), "2.25, 3 → 0");
        let regression = TensorData { classes: 0, target_shape: vec![1], targets: vec![0.125, 7.0], ..table };
        assert_eq!(label(&regression, 0, &[]), "0.125");
        let long =
            TensorData { inputs: (0..10).map(|v| v as f32).collect(), input_shape: vec![10], len: 1, ..images(1) };
        assert_eq!(line(&long, 0, &[]), "0, 1, 2, 3, 4, 5, 6, 7, … → 1");
    }
}
