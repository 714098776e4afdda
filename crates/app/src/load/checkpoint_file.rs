//! What a checkpoint file needs before it can be resumed: the packed file its run's data
//! reads, or the imported file it trained on (`nnplay_train::checkpoint::info`, which
//! reads the metadata without decoding the tensors).

/// What the metadata of a checkpoint says.
#[derive(Debug, Clone, PartialEq)]
pub struct Peek {
    /// The step the run had reached, when the file says.
    pub steps: Option<u64>,
    pub needs: Needs,
}

/// What resuming the checkpoint needs besides its own bytes.
#[derive(Debug, Clone, PartialEq)]
pub enum Needs {
    /// Nothing, or the packed file of this name.
    Builtin(Option<&'static str>),
    /// The imported data of this name.
    Imported(String),
}

/// The metadata of `bytes` if it is a checkpoint whose run can be read; `None` leaves it
/// to resuming to say what is wrong with the file.
pub fn peek(bytes: &[u8]) -> Option<Peek> {
    let info = nnplay_train::checkpoint::info(bytes).ok()?;
    let needs = if info.imported() {
        Needs::Imported(info.data["source"].as_str().unwrap_or("?").to_string())
    } else {
        Needs::Builtin(info.asset())
    };
    Some(Peek { steps: Some(info.steps), needs })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_data::{AssetFiles, TensorData};
    use nnplay_tensor::Device;
    use nnplay_train::{RunData, RunSpec, SpecSession};

    fn save(session: &SpecSession) -> Vec<u8> {
        pollster::block_on(session.save()).unwrap()
    }

    #[test]
    fn a_checkpoint_names_its_step_and_packed_file() {
        let spec = nnplay_data::SyntheticSpec::Digits { upscaled: false };
        let assets = AssetFiles::builtin();
        let model = nnplay_train::suggest_model(&spec.generate_with(1, &assets).unwrap());
        let run = RunSpec { model, data: RunData::Generated(spec) };
        let mut session = SpecSession::with_assets(run, Device::Cpu, &assets).unwrap();
        session.step().unwrap();
        session.step().unwrap();
        let expected = Peek { steps: Some(2), needs: Needs::Builtin(Some(nnplay_data::digits::FILE)) };
        assert_eq!(peek(&save(&session)), Some(expected));
    }

    #[test]
    fn a_checkpoint_of_imported_data_names_the_file_and_other_files_are_left_alone() {
        let data = TensorData {
            inputs: (0..40).map(|v| v as f32).collect(),
            input_shape: vec![2],
            targets: (0..20).map(|i| (i % 2) as f32).collect(),
            target_shape: vec![],
            classes: 2,
            len: 20,
        };
        let model = nnplay_train::suggest_model(&data);
        let session = SpecSession::with_data(model, "points.csv", data, Device::Cpu).unwrap();
        assert_eq!(peek(&save(&session)), Some(Peek { steps: Some(0), needs: Needs::Imported("points.csv".into()) }));
        let weights = pollster::block_on(session.weights_safetensors()).unwrap();
        assert_eq!(peek(&weights), None, "a weights file is no checkpoint");
        assert_eq!(peek(b"not a file"), None);
    }
}
