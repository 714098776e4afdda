//! One test example as the views label it: the image under its feature maps, the
//! characters along an attention map, the sequence under a hidden-state plot.

use super::{Inspectable, test_input};
use crate::TrainError;
use serde::{Deserialize, Serialize};

/// A test example's input and target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Example {
    /// Its place in the test set.
    pub index: usize,
    /// One example's input shape (`[1, 8, 8]`, `[time]`…).
    pub input_shape: Vec<usize>,
    /// Row-major input values (token ids for text).
    pub input: Vec<f32>,
    /// Row-major target values (a class index, one per position, or values).
    pub target: Vec<f32>,
}

/// Test example `index`; an index past the test set is an error that gives the range.
pub async fn test_example(session: &impl Inspectable, index: usize) -> Result<Example, TrainError> {
    let core = session.inspected().core;
    let input = test_input(core, index)?;
    let target = core.test.targets.slice(0, index, 1)?;
    Ok(Example {
        index,
        input_shape: core.model.input_shape().to_vec(),
        input: input.to_vec().await?,
        target: target.to_vec().await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::{XOR, session};

    #[test]
    fn an_example_is_the_test_row_and_past_the_end_is_an_error() {
        let session = session("[2]", r#"[{"kind": "dense", "units": 2}]"#, "cross_entropy", XOR);
        let example = pollster::block_on(test_example(&session, 3)).unwrap();
        let inputs = pollster::block_on(session.core.test.inputs.to_vec()).unwrap();
        assert_eq!(example.input, inputs[6..8]);
        assert_eq!(example.input_shape, vec![2]);
        assert!(example.target[0] == 0.0 || example.target[0] == 1.0);
        let error = pollster::block_on(test_example(&session, 50)).unwrap_err().to_string();
        assert_eq!(error, "example 50 is not in the test set, which has examples 0 to 49");
    }
}
