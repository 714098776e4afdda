//! Convolution views: the first convolution's filters as small images, and the feature
//! maps every convolution computes for one example.

use super::{Inspectable, layers, outputs_for};
use crate::TrainError;
use nnplay_nn::LayerSpec;
use nnplay_tensor::Tensor;
use serde::{Deserialize, Serialize};

/// A small grey image, row-major (a 1-D signal is one row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Image {
    pub height: usize,
    pub width: usize,
    pub values: Vec<f32>,
}

/// The filters of a convolution: `filters[out][in]` is the kernel from input channel
/// `in` to output channel `out`, as in PyTorch's weight `[out, in, kh, kw]`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConvFilters {
    /// Place in the spec (`layers[0]`).
    pub layer: String,
    pub filters: Vec<Vec<Image>>,
}

/// What one convolution computes for an example: one map per output channel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureMaps {
    /// Place in the spec of the convolution.
    pub layer: String,
    /// The activation applied to the maps (the layer right after the convolution, when
    /// it is one), or `None` for the convolution's own output.
    pub activation: Option<String>,
    pub maps: Vec<Image>,
}

/// The filters of the model's first convolution (1-D or 2-D), or `None` without one.
pub async fn conv_filters(session: &impl Inspectable) -> Result<Option<ConvFilters>, TrainError> {
    let core = session.inspected().core;
    let Some(layer) = layers(core).into_iter().find(|l| is_conv(l.spec)) else {
        return Ok(None);
    };
    // The weight is the layer's first tensor.
    let weight = &core.params.params()[layer.params.start].value;
    let dims = weight.dims().to_vec();
    let (height, width) = if dims.len() == 4 { (dims[2], dims[3]) } else { (1, dims[2]) };
    let values = weight.to_vec().await?;
    let mut kernels = values.chunks(height * width).map(|k| Image { height, width, values: k.to_vec() });
    let filters = (0..dims[0]).map(|_| kernels.by_ref().take(dims[1]).collect()).collect();
    Ok(Some(ConvFilters { layer: layer.path(), filters }))
}

/// The feature maps of every convolution for test example `example`, after the
/// activation that follows each (if one does), computed in evaluation mode; empty for a
/// model without convolutions.
pub async fn feature_maps(session: &impl Inspectable, example: usize) -> Result<Vec<FeatureMaps>, TrainError> {
    let core = session.inspected().core;
    let convs: Vec<_> = layers(core).into_iter().filter(|l| is_conv(l.spec)).collect();
    if convs.is_empty() {
        return Ok(Vec::new());
    }
    let (_, outputs) = outputs_for(core, example)?;
    let mut shown = Vec::with_capacity(convs.len());
    for conv in &convs {
        let activation = match core.spec.layers.get(conv.index + 1) {
            Some(LayerSpec::Activation { function }) => Some(*function),
            _ => None,
        };
        let (height, width) = match conv.output[..] {
            [_, height, width] => (height, width),
            [_, length] => (1, length),
            _ => return Err(TrainError::Spec(format!("{}: a convolution's output has no channels", conv.path()))),
        };
        let output = &outputs[if activation.is_some() { conv.index + 1 } else { conv.index }];
        shown.push((conv.path(), activation.map(|f| f.name().to_string()), height, width, output));
    }
    // One read: every map, flattened.
    let parts: Vec<Tensor> = shown.iter().map(|(.., t)| t.reshape([t.elem_count()])).collect::<Result<_, _>>()?;
    let values = Tensor::concat(&parts, 0)?.to_vec().await?;
    let mut read = values.as_slice();
    let mut result = Vec::with_capacity(shown.len());
    for (layer, activation, height, width, output) in shown {
        let (head, rest) = read.split_at(output.elem_count());
        read = rest;
        let maps = head.chunks(height * width).map(|m| Image { height, width, values: m.to_vec() }).collect();
        result.push(FeatureMaps { layer, activation, maps });
    }
    Ok(result)
}

fn is_conv(spec: &LayerSpec) -> bool {
    matches!(spec, LayerSpec::Conv1d(_) | LayerSpec::Conv2d(_))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::testing::session;
    use nnplay_nn::Context;

    const CNN: &str = r#"[{"kind": "conv2d", "out_channels": 4, "kernel_size": 3, "padding": 1},
                          {"kind": "activation", "function": "relu"}, {"kind": "max_pool2d", "kernel_size": 2},
                          {"kind": "conv2d", "out_channels": 2, "kernel_size": 3},
                          {"kind": "flatten"}, {"kind": "dense", "units": 10}]"#;

    #[test]
    fn the_filters_are_the_first_convolutions_weights() {
        let mut session = session("[1, 8, 8]", CNN, "cross_entropy", r#"{"kind": "digits"}"#);
        session.step().unwrap();
        let filters = pollster::block_on(conv_filters(&session)).unwrap().unwrap();
        assert_eq!(filters.layer, "layers[0]");
        assert_eq!((filters.filters.len(), filters.filters[0].len()), (4, 1));
        assert_eq!((filters.filters[0][0].height, filters.filters[0][0].width), (3, 3));
        let weight = pollster::block_on(session.core.params.params()[0].value.to_vec()).unwrap();
        let flat: Vec<f32> = filters.filters.iter().flatten().flat_map(|k| k.values.clone()).collect();
        assert_eq!(flat, weight);
        let mlp = crate::inspect::testing::session(
            "[2]",
            r#"[{"kind": "dense", "units": 2}]"#,
            "cross_entropy",
            crate::inspect::testing::XOR,
        );
        assert_eq!(pollster::block_on(conv_filters(&mlp)).unwrap(), None);
        assert_eq!(pollster::block_on(feature_maps(&mlp, 0)).unwrap(), vec![]);
    }

    #[test]
    fn feature_maps_are_each_convolutions_output_for_the_example() {
        let session = session("[1, 8, 8]", CNN, "cross_entropy", r#"{"kind": "digits"}"#);
        let maps = pollster::block_on(feature_maps(&session, 2)).unwrap();
        assert_eq!(maps.len(), 2);
        assert_eq!((maps[0].layer.as_str(), maps[0].activation.as_deref()), ("layers[0]", Some("relu")));
        assert_eq!((maps[1].layer.as_str(), maps[1].activation.as_deref()), ("layers[3]", None));
        assert_eq!(maps[0].maps.len(), 4);
        assert_eq!((maps[0].maps[0].height, maps[0].maps[0].width), (8, 8));
        assert_eq!((maps[1].maps.len(), maps[1].maps[1].height), (2, 2));
        assert!(maps[0].maps.iter().flat_map(|m| &m.values).all(|&v| v >= 0.0), "after the ReLU");
        // The same values as running the model on that example.
        let core = &session.core;
        let input = core.test.inputs.slice(0, 2, 1).unwrap();
        let each = core.model.forward_each(&core.params, &input, &mut Context::eval()).unwrap();
        let expected = pollster::block_on(each[3].to_vec()).unwrap();
        let got: Vec<f32> = maps[1].maps.iter().flat_map(|m| m.values.clone()).collect();
        assert_eq!(got, expected);
        assert!(pollster::block_on(feature_maps(&session, 10_000)).is_err());
    }
}
