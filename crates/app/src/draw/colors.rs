//! The diverging colour scale of TensorFlow Playground: orange for −1 (class 0), a light
//! grey for 0, blue for +1 (class 1).

/// Colour of −1.
pub const ORANGE: [u8; 3] = [245, 147, 34];
/// Colour of 0.
pub const NEUTRAL: [u8; 3] = [232, 234, 235];
/// Colour of +1.
pub const BLUE: [u8; 3] = [8, 119, 189];

/// The colour of `value` in `[-1, 1]` (clamped; NaN is neutral).
pub fn value_color(value: f32) -> [u8; 3] {
    if value.is_nan() {
        return NEUTRAL;
    }
    let value = value.clamp(-1.0, 1.0);
    let (end, t) = if value < 0.0 { (ORANGE, -value) } else { (BLUE, value) };
    mix(NEUTRAL, end, t)
}

/// `from` moved the fraction `t` of the way to `to`.
pub fn mix(from: [u8; 3], to: [u8; 3], t: f32) -> [u8; 3] {
    std::array::from_fn(|i| (from[i] as f32 + (to[i] as f32 - from[i] as f32) * t).round() as u8)
}

/// A CSS colour string.
pub fn css([r, g, b]: [u8; 3]) -> String {
    format!("rgb({r},{g},{b})")
}

/// The colour of a point's label: classes 0/1 map to the ends of the scale, regression
/// targets are already in `[-1, 1]`.
pub fn label_color(label: f32, classification: bool) -> [u8; 3] {
    value_color(if classification { label * 2.0 - 1.0 } else { label })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_ends_and_middle() {
        assert_eq!(value_color(-1.0), ORANGE);
        assert_eq!(value_color(0.0), NEUTRAL);
        assert_eq!(value_color(1.0), BLUE);
        assert_eq!(value_color(7.0), BLUE);
        assert_eq!(value_color(f32::NAN), NEUTRAL);
        assert_eq!(label_color(0.0, true), ORANGE);
        assert_eq!(css(BLUE), "rgb(8,119,189)");
    }
}
