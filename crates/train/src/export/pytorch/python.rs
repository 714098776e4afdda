//! Rust values written as Python literals.

use nnplay_nn::layers::pair::Pair;

/// A finite float as a Python float literal (`0.1`, `1e-5`, `3.0`); `None` for NaN or an
/// infinity, which Python has no literal for.
pub fn float(value: f32) -> Option<String> {
    // Debug prints the shortest text that reads back as the same f32, always with a `.`
    // or an exponent, which Python reads as a float.
    value.is_finite().then(|| format!("{value:?}"))
}

/// `True` or `False`.
pub fn boolean(value: bool) -> &'static str {
    if value { "True" } else { "False" }
}

/// A `[height, width]` size as torch accepts it: one number when both agree, else a tuple.
pub fn pair(value: Pair) -> String {
    if value.height() == value.width() { value.height().to_string() } else { tuple(&value.0) }
}

/// A tuple of whole numbers: `(3,)`, `(1, 28, 28)`.
pub fn tuple(values: &[usize]) -> String {
    match values {
        [one] => format!("({one},)"),
        _ => format!("({})", values.iter().map(usize::to_string).collect::<Vec<_>>().join(", ")),
    }
}

/// A list of strings, one per line: `[\n    "a",\n    "b",\n]` (names hold no quotes or
/// backslashes, but they are escaped anyway).
pub fn string_lines(values: &[String]) -> String {
    let lines: String =
        values.iter().map(|value| format!("    \"{}\",\n", value.replace('\\', "\\\\").replace('"', "\\\""))).collect();
    format!("[\n{lines}]")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_read_back_in_python_as_the_same_number() {
        assert_eq!(float(0.1).as_deref(), Some("0.1"));
        assert_eq!(float(1e-5).as_deref(), Some("1e-5"));
        assert_eq!(float(3.0).as_deref(), Some("3.0"));
        assert_eq!(float(-0.25).as_deref(), Some("-0.25"));
        assert_eq!(float(f32::NAN), None);
        assert_eq!(float(f32::INFINITY), None);
    }

    #[test]
    fn sizes_and_lists_use_python_syntax() {
        assert_eq!(pair(Pair([3, 3])), "3");
        assert_eq!(pair(Pair([2, 5])), "(2, 5)");
        assert_eq!(tuple(&[7]), "(7,)");
        assert_eq!(tuple(&[1, 28, 28]), "(1, 28, 28)");
        assert_eq!(boolean(true), "True");
        assert_eq!(
            string_lines(&["layers.0.weight".into(), "a\"b".into()]),
            "[\n    \"layers.0.weight\",\n    \"a\\\"b\",\n]"
        );
    }
}
