//! The loaded runs the worker has checked, by id: the page names a loaded run by id in its
//! requests once the worker has built it once.

use super::protocol::WireRecipe;
use crate::loaded::Recipe;
use nnplay_tensor::Device;
use nnplay_train::{SpecSession, TrainError};

/// Loaded runs kept at most: the one trained now and a few the learner may return to.
const KEPT: usize = 4;

/// One checked run.
struct Entry {
    id: u64,
    /// The start of its download names.
    stem: String,
    recipe: Recipe,
    /// The session built to check the run, until the first target takes it.
    prebuilt: Option<SpecSession>,
}

/// The checked runs, oldest first.
#[derive(Default)]
pub struct Library {
    entries: Vec<Entry>,
}

impl Library {
    /// Builds the run `id` on `device` to check it and keeps it; on failure nothing is
    /// kept and the reason is a sentence for the page.
    pub fn check(
        &mut self,
        id: u64,
        stem: String,
        recipe: WireRecipe,
        device: Device,
        trained_now: Option<u64>,
    ) -> Result<(), String> {
        let recipe = Recipe::from_wire(recipe)?;
        let session = recipe.build(device).map_err(|e| e.to_string())?;
        self.entries.retain(|entry| entry.id != id);
        self.entries.push(Entry { id, stem, recipe, prebuilt: Some(session) });
        while self.entries.len() > KEPT {
            let Some(oldest) = self.entries.iter().position(|entry| Some(entry.id) != trained_now) else { break };
            self.entries.remove(oldest);
        }
        Ok(())
    }

    /// A session of the run `id` on `device`: the checked one the first time, if it is on
    /// that device, else a fresh one (after Reset, or on another device).
    pub fn session(&mut self, id: u64, device: Device) -> Result<SpecSession, TrainError> {
        let entry = self.entry(id)?;
        match entry.prebuilt.take() {
            Some(session) if session.device() == device => Ok(session),
            _ => entry.recipe.build(device),
        }
    }

    /// The start of the download names of the run `id`.
    pub fn stem(&self, id: u64) -> String {
        self.entries.iter().find(|entry| entry.id == id).map_or_else(|| "run".to_string(), |entry| entry.stem.clone())
    }

    fn entry(&mut self, id: u64) -> Result<&mut Entry, TrainError> {
        self.entries
            .iter_mut()
            .find(|entry| entry.id == id)
            .ok_or_else(|| TrainError::Spec(format!("the loaded run #{id} is no longer kept; load it again")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;
    use nnplay_train::RunSpec;

    fn recipe(example: Example) -> WireRecipe {
        let run = RunSpec::from_json(example.spec_json().unwrap()).unwrap();
        Recipe::Run { run, assets: nnplay_data::AssetFiles::new() }.to_wire()
    }

    #[test]
    fn a_checked_run_hands_over_its_session_once_then_builds_afresh() {
        let mut library = Library::default();
        library.check(7, "mlp".into(), recipe(Example::Mlp), Device::Cpu, None).unwrap();
        let mut first = library.session(7, Device::Cpu).unwrap();
        first.step().unwrap();
        assert_eq!(first.steps(), 1);
        assert_eq!(library.session(7, Device::Cpu).unwrap().steps(), 0, "a fresh session after the first");
        assert_eq!(library.stem(7), "mlp");
    }

    #[test]
    fn a_run_that_does_not_build_is_refused_and_not_kept() {
        let mut library = Library::default();
        let bad = WireRecipe::Run { run: "{\"layers\": []}".into(), imported: None, assets: vec![] };
        let error = library.check(1, "bad".into(), bad, Device::Cpu, None).unwrap_err();
        assert!(error.contains("data"), "{error}");
        let error = library.session(1, Device::Cpu).err().expect("nothing kept").to_string();
        assert!(error.contains("no longer kept"), "{error}");
    }

    #[test]
    fn only_a_few_runs_are_kept_and_never_the_one_trained_now() {
        let mut library = Library::default();
        for id in 1..=6 {
            library.check(id, format!("run{id}"), recipe(Example::Mlp), Device::Cpu, Some(1)).unwrap();
        }
        assert!(library.session(1, Device::Cpu).is_ok(), "the run trained now stays");
        assert!(library.session(2, Device::Cpu).is_err(), "the oldest other run went");
        assert!(library.session(6, Device::Cpu).is_ok());
    }
}
