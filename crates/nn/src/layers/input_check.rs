//! Shape checks shared by the layers: at construction (a spec that does not fit gets a
//! message naming the fix) and at run time (a batch of the wrong shape names the layer).

use nnplay_tensor::{Result, Tensor, TensorError};

/// Writes dimensions as `[a, b, c]`.
pub fn show_dims(dims: &[usize]) -> String {
    format!("[{}]", dims.iter().map(usize::to_string).collect::<Vec<_>>().join(", "))
}

/// Checks that a layer's input shape (without batch) has one of `ranks` axes;
/// `layout` describes the expected shape, `hint` what to do otherwise.
pub fn check_rank(
    layer: &str,
    input: &[usize],
    ranks: &[usize],
    layout: &str,
    hint: &str,
) -> std::result::Result<(), String> {
    if !ranks.contains(&input.len()) {
        return Err(format!("{layer} expects an input of shape {layout}, got {}; {hint}", show_dims(input)));
    }
    if input.contains(&0) {
        return Err(format!(
            "{layer}: the input shape {} has an empty axis; every size must be at least 1",
            show_dims(input)
        ));
    }
    Ok(())
}

/// Checks that `x` is `[batch, ..expected]`.
pub fn check_batch(layer: &'static str, x: &Tensor, expected: &[usize]) -> Result<()> {
    if x.rank() != expected.len() + 1 || &x.dims()[1..] != expected {
        let mut dims: Vec<String> = vec!["batch".into()];
        dims.extend(expected.iter().map(usize::to_string));
        let expected = format!("[{}]", dims.join(", "));
        return Err(TensorError::Invalid {
            op: layer,
            shape: x.shape().clone(),
            reason: format!("expected an input of shape {expected}"),
        });
    }
    Ok(())
}

/// Most values one parameter tensor may hold (1 GiB of f32): far beyond any model that
/// trains in a browser, low enough that a typo cannot exhaust memory.
const MAX_PARAMETER_VALUES: usize = 1 << 28;

/// Checks that a parameter of shape `dims` (named `what`) fits in memory.
pub fn check_parameter_size(layer: &str, what: &str, dims: &[usize]) -> std::result::Result<(), String> {
    let count = dims.iter().try_fold(1usize, |product, &d| product.checked_mul(d));
    if count.is_none_or(|count| count > MAX_PARAMETER_VALUES) {
        return Err(format!(
            "{layer}: its {what} of shape {} would hold more than {MAX_PARAMETER_VALUES} values; use smaller sizes",
            show_dims(dims)
        ));
    }
    Ok(())
}
