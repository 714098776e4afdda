//! The dropout rate of a model as one setting: a learner changes it during a run, so it
//! is set on the spec and on the built model alike, keeping the weights.

use super::{LayerSpec, Model, ModelSpec, SpecError};

impl ModelSpec {
    /// The probability of the first dropout in the model (a dropout layer or a
    /// Transformer block's, inside residual blocks too), or `None` when it has none.
    pub fn dropout(&self) -> Option<f32> {
        first_dropout(&self.layers)
    }

    /// Sets the probability of every dropout in the model (see [`ModelSpec::dropout`]);
    /// a model without any is refused, as is a `p` outside `[0, 1)`, and nothing changes.
    pub fn set_dropout(&mut self, p: f32) -> Result<(), SpecError> {
        check(p)?;
        if self.dropout().is_none() {
            let message = "this model has no dropout layer; add one to change its rate".to_string();
            return Err(SpecError::Field { field: "dropout", message });
        }
        set_in(&mut self.layers, p);
        Ok(())
    }
}

impl Model {
    /// Sets the probability of every dropout of the built model from the next pass on,
    /// keeping its weights (set the spec's with [`ModelSpec::set_dropout`] too, so the two
    /// agree); a `p` outside `[0, 1)` is refused and changes nothing.
    pub fn set_dropout(&mut self, p: f32) -> Result<(), SpecError> {
        check(p)?;
        for layer in &mut self.layers {
            layer.set_dropout(p);
        }
        Ok(())
    }
}

/// Refuses a probability outside `[0, 1)`: 1 would zero every value.
fn check(p: f32) -> Result<(), SpecError> {
    if (0.0..1.0).contains(&p) {
        return Ok(());
    }
    Err(SpecError::Field { field: "dropout", message: format!("is {p}; it must be at least 0 and below 1") })
}

fn first_dropout(layers: &[LayerSpec]) -> Option<f32> {
    layers.iter().find_map(|layer| match layer {
        LayerSpec::Dropout(config) => Some(config.p),
        LayerSpec::TransformerBlock(config) => Some(config.dropout),
        LayerSpec::Residual(config) => first_dropout(&config.layers),
        _ => None,
    })
}

fn set_in(layers: &mut [LayerSpec], p: f32) {
    for layer in layers {
        match layer {
            LayerSpec::Dropout(config) => config.p = p,
            LayerSpec::TransformerBlock(config) => config.dropout = p,
            LayerSpec::Residual(config) => set_in(&mut config.layers, p),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Context;
    use nnplay_tensor::{Device, Distribution, Tensor, engine_test};

    fn spec(layers: &str) -> ModelSpec {
        ModelSpec::from_json(&format!(
            r#"{{"input": [4, 8], "layers": {layers}, "loss": "mse",
                "optimizer": {{"kind": "sgd", "learning_rate": 0.1}}, "batch_size": 2, "seed": 3}}"#
        ))
        .unwrap()
    }

    const NESTED: &str = r#"[
        {"kind": "residual", "layers": [{"kind": "dense", "units": 8}, {"kind": "dropout", "p": 0.3}]},
        {"kind": "transformer_block", "num_heads": 2, "dropout": 0.1},
        {"kind": "dropout", "p": 0.2}
    ]"#;

    #[test]
    fn the_rate_is_the_first_dropouts_and_setting_it_sets_every_one() {
        let mut nested = spec(NESTED);
        assert_eq!(nested.dropout(), Some(0.3), "the residual's comes first");
        nested.set_dropout(0.6).unwrap();
        let json = serde_json::to_value(&nested).unwrap();
        assert_eq!(json["layers"][0]["layers"][1]["p"], 0.6f32 as f64);
        assert_eq!(json["layers"][1]["dropout"], 0.6f32 as f64);
        assert_eq!(json["layers"][2]["p"], 0.6f32 as f64);
        nested.build(Device::Cpu).unwrap();
    }

    #[test]
    fn a_rate_out_of_range_or_a_model_without_dropout_is_refused_and_nothing_changes() {
        let mut nested = spec(NESTED);
        let error = nested.set_dropout(1.0).unwrap_err().to_string();
        assert_eq!(error, "spec field dropout: is 1; it must be at least 0 and below 1");
        assert!(nested.set_dropout(f32::NAN).is_err());
        assert_eq!(nested.dropout(), Some(0.3));
        let mut plain = spec(r#"[{"kind": "dense", "units": 8}]"#);
        let error = plain.set_dropout(0.5).unwrap_err().to_string();
        assert!(error.starts_with("spec field dropout: this model has no dropout layer"), "{error}");
        assert_eq!(plain.dropout(), None);
    }

    engine_test! {
        async fn a_built_models_new_rate_applies_at_the_next_pass_and_keeps_the_weights() {
            let mut model = spec(NESTED).build(Device::Cpu).unwrap();
            let params = std::mem::take(&mut model.params);
            let weights = params.params()[0].value.to_vec().await.unwrap();
            let x = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 1, 0, [2, 4, 8], Device::Cpu);
            let eval = model.forward(&params, &x, &mut Context::eval()).unwrap().to_vec().await.unwrap();
            let dropped = model.forward(&params, &x, &mut Context::train(3, 5)).unwrap().to_vec().await.unwrap();
            assert_ne!(dropped, eval, "dropout changes a training pass");
            model.set_dropout(0.0).unwrap();
            let kept = model.forward(&params, &x, &mut Context::train(3, 5)).unwrap().to_vec().await.unwrap();
            assert_eq!(kept, eval, "with no dropout a training pass is the evaluation pass");
            assert!(model.set_dropout(1.5).is_err());
            let again = model.forward(&params, &x, &mut Context::train(3, 5)).unwrap().to_vec().await.unwrap();
            assert_eq!(again, eval, "a refused rate changes nothing");
            assert_eq!(params.params()[0].value.to_vec().await.unwrap(), weights);
        }
    }
}
