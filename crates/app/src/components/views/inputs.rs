//! One example's input as the views show it: a picture when it is an image, else a line
//! of its first numbers; and a class by its name.

use super::heat::Picture;
use crate::draw::thumbnails::{image_pixels, image_shape, numbers};
use nnplay_data::TensorData;

/// The picture of an input of `shape` (`[1 or 3, height, width]`), or `None` when the input
/// is not an image.
pub fn input_picture(shape: &[usize], values: &[f32]) -> Option<Picture> {
    let data = TensorData {
        inputs: values.to_vec(),
        input_shape: shape.to_vec(),
        targets: Vec::new(),
        target_shape: Vec::new(),
        classes: 0,
        len: 1,
    };
    let (_, height, width) = image_shape(&data)?;
    Some(Picture { width, height, pixels: image_pixels(&data, 0)? })
}

/// The first numbers of an input that is not an image (token ids, a sequence, a row).
pub fn input_text(values: &[f32]) -> String {
    numbers(values)
}

/// Class `class` by its name when the run names its classes, else by its number.
pub fn class_name(class: usize, names: &[String]) -> String {
    names.get(class).cloned().unwrap_or_else(|| class.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_become_pictures_and_other_inputs_numbers() {
        let picture = input_picture(&[1, 2, 2], &[0.0, 1.0, 0.5, 1.0]).unwrap();
        assert_eq!((picture.width, picture.height), (2, 2));
        assert_eq!(picture.pixels[0..4], [0, 0, 0, 255]);
        assert_eq!(picture.pixels[4..8], [255, 255, 255, 255]);
        assert_eq!(input_picture(&[6], &[0.0; 6]), None);
        assert_eq!(input_picture(&[1, 2, 2], &[0.0; 3]), None, "too few values");
        assert_eq!(input_text(&[3.0, 0.5]), "3, 0.5");
    }

    #[test]
    fn classes_go_by_name_where_there_is_one() {
        let names = vec!["cat".to_string(), "dog".to_string()];
        assert_eq!(class_name(1, &names), "dog");
        assert_eq!(class_name(2, &names), "2");
        assert_eq!(class_name(0, &[]), "0");
    }
}
