//! Weights leave as safetensors under PyTorch's state_dict names and come back exactly;
//! a file that does not fit the model is refused with the reason and changes nothing.

use nnplay_tensor::engine_test;
use nnplay_train::{RunSpec, SpecSession};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const MLP: &str = include_str!("../../../examples/mlp.json");
const GRU: &str = include_str!("../../../examples/gru.json");

fn session(spec: &str) -> SpecSession {
    SpecSession::new(RunSpec::from_json(spec).unwrap()).unwrap()
}

engine_test! {
    async fn weights_round_trip_through_safetensors() {
        let mut trained = session(MLP);
        for _ in 0..20 {
            trained.step().unwrap();
        }
        let bytes = trained.weights_safetensors().await.unwrap();
        let file = safetensors::SafeTensors::deserialize(&bytes).unwrap();
        let mut names = file.names();
        names.sort();
        assert_eq!(names, ["layers.0.bias", "layers.0.weight", "layers.2.bias", "layers.2.weight", "layers.4.bias", "layers.4.weight"]);
        assert_eq!(file.tensor("layers.0.weight").unwrap().shape(), [16, 2]); // [out, in], as torch.nn.Linear

        let mut fresh = session(MLP);
        assert_ne!(fresh.metrics().await.unwrap().train_loss, trained.metrics().await.unwrap().train_loss);
        fresh.load_weights(&bytes).unwrap();
        assert_eq!(fresh.metrics().await.unwrap().train_loss, trained.metrics().await.unwrap().train_loss);
    }
}

engine_test! {
    async fn a_weights_file_that_does_not_fit_is_refused_and_changes_nothing() {
        let mut mlp = session(MLP);
        let before = mlp.metrics().await.unwrap().train_loss;
        let error = |bytes: &[u8], mlp: &mut SpecSession| mlp.load_weights(bytes).unwrap_err().to_string();

        let message = error(b"not a weights file", &mut mlp);
        assert!(message.starts_with("weights file: not a safetensors file"), "{message}");
        let gru_weights = session(GRU).weights_safetensors().await.unwrap();
        let message = error(&gru_weights, &mut mlp);
        assert!(message.contains("no tensor `layers.0.weight`"), "{message}");

        // The MLP's own names with one shape changed, and with one tensor too many.
        let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
        let own = mlp.weights_safetensors().await.unwrap();
        for (name, view) in safetensors::SafeTensors::deserialize(&own).unwrap().tensors() {
            tensors.push((name, view.shape().to_vec(), view.data().to_vec()));
        }
        let write = |tensors: &[(String, Vec<usize>, Vec<u8>)]| {
            let views = tensors.iter().map(|(name, shape, data)| {
                (name.clone(), safetensors::tensor::TensorView::new(safetensors::Dtype::F32, shape.clone(), data).unwrap())
            });
            safetensors::serialize(views, None).unwrap()
        };
        let mut reshaped = tensors.clone();
        let bias = reshaped.iter_mut().find(|(name, _, _)| name == "layers.4.bias").unwrap();
        bias.1 = vec![1, bias.1[0]];
        let message = error(&write(&reshaped), &mut mlp);
        assert!(message.contains("`layers.4.bias` has shape [1, 2] but the model's is [2]"), "{message}");
        let mut extra = tensors.clone();
        extra.push(("head.weight".into(), vec![1], vec![0; 4]));
        let message = error(&write(&extra), &mut mlp);
        assert!(message.contains("`head.weight` is not a parameter of this model"), "{message}");

        assert_eq!(mlp.metrics().await.unwrap().train_loss, before);
        mlp.load_weights(&write(&tensors)).unwrap();
        assert_eq!(mlp.metrics().await.unwrap().train_loss, before);
    }
}
