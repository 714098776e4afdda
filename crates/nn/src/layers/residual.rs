//! A residual connection around a list of layers: `x + f(x)`.

use crate::spec::{LayerSpec, Site, SpecError};
use crate::{Context, Layer, ParamStore};
use nnplay_tensor::{Result, Tensor};
use serde::{Deserialize, Serialize};

/// The layers inside the residual; together they must keep the shape.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResidualConfig {
    pub layers: Vec<LayerSpec>,
}

/// `x + f(x)`; parameters are named `{name}.layers.{j}.…`.
#[derive(Debug)]
pub struct Residual {
    inner: Vec<Box<dyn Layer>>,
    shape: Vec<usize>,
}

impl Residual {
    /// Builds the inner layers for `input`; they must end with the shape they started.
    pub fn new(
        store: &mut ParamStore,
        input: &[usize],
        config: &ResidualConfig,
        site: &Site,
    ) -> std::result::Result<Residual, SpecError> {
        if config.layers.is_empty() {
            return Err(SpecError::layer(site.path, "residual", "has no layers; list at least one"));
        }
        let mut inner = Vec::with_capacity(config.layers.len());
        let mut shape = input.to_vec();
        for (j, spec) in config.layers.iter().enumerate() {
            let path = format!("{}.layers[{j}]", site.path);
            let name = format!("{}.layers.{j}", site.name);
            let child = Site { path: &path, name: &name, stream: site.child_stream(j as u32), ..*site };
            let layer = spec.build(&shape, store, &child)?;
            shape = layer.output_shape().to_vec();
            inner.push(layer);
        }
        if shape != input {
            return Err(SpecError::layer(
                site.path,
                "residual",
                format!(
                    "its layers turn {input:?} into {shape:?}; a residual adds its input back, so they must keep the shape"
                ),
            ));
        }
        Ok(Residual { inner, shape })
    }
}

impl Layer for Residual {
    fn forward(&self, params: &ParamStore, x: &Tensor, ctx: &mut Context) -> Result<Tensor> {
        let mut h = x.clone();
        for layer in &self.inner {
            h = layer.forward(params, &h, ctx)?;
        }
        x.add(&h)
    }
    fn output_shape(&self) -> &[usize] {
        &self.shape
    }
    fn flops(&self) -> u64 {
        self.inner.iter().map(|l| l.flops()).sum::<u64>() + self.shape.iter().product::<usize>() as u64
    }
    fn set_dropout(&mut self, p: f32) {
        for layer in &mut self.inner {
            layer.set_dropout(p);
        }
    }
}
