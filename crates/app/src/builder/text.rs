//! Shapes and counts as the builder writes them.

/// `8×28×28`.
pub fn shape_text(shape: &[usize]) -> String {
    shape.iter().map(usize::to_string).collect::<Vec<_>>().join("×")
}

/// `12,345`.
pub fn count_text(count: usize) -> String {
    let digits = count.to_string();
    let mut text = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            text.push(',');
        }
        text.push(digit);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_shapes_read_easily() {
        let texts: Vec<String> = [0, 7, 999, 1000, 12345, 1234567].into_iter().map(count_text).collect();
        assert_eq!(texts, ["0", "7", "999", "1,000", "12,345", "1,234,567"]);
        assert_eq!(shape_text(&[8, 28, 28]), "8×28×28");
    }
}
