//! The run the learner chose: one of the page's examples (the 2-D playground among them)
//! or a run loaded from the library or a file.

use crate::examples::Example;
use crate::loaded::{Loaded, Source};
use crate::worker::protocol::RunRef;
use std::rc::Rc;

/// What the page trains.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    Example(Example),
    Loaded(Rc<Loaded>),
}

impl Default for Choice {
    fn default() -> Choice {
        Choice::Example(Example::Playground)
    }
}

impl Choice {
    /// Whether this is the 2-D playground, set up by its own controls.
    pub fn is_playground(&self) -> bool {
        *self == Choice::Example(Example::Playground)
    }

    /// The example's name, or the loaded run's `kind:name` (the badge's `data-example`).
    pub fn key(&self) -> String {
        match self {
            Choice::Example(example) => example.name().to_string(),
            Choice::Loaded(loaded) => loaded.source.key(),
        }
    }

    /// How the training worker knows this run.
    pub fn run_ref(&self) -> RunRef {
        match self {
            Choice::Example(example) => RunRef::Example(*example),
            Choice::Loaded(loaded) => RunRef::Loaded(loaded.id),
        }
    }

    /// The example, if this is one.
    pub fn example(&self) -> Option<Example> {
        match self {
            Choice::Example(example) => Some(*example),
            Choice::Loaded(_) => None,
        }
    }

    /// The loaded run, if this is one.
    pub fn loaded(&self) -> Option<&Rc<Loaded>> {
        match self {
            Choice::Loaded(loaded) => Some(loaded),
            Choice::Example(_) => None,
        }
    }

    /// The preset's name, if this is a preset.
    pub fn preset(&self) -> Option<&str> {
        match self.loaded().map(|l| &l.source) {
            Some(Source::Preset(name)) => Some(name),
            _ => None,
        }
    }

    /// The built-in dataset's name, if this is one.
    pub fn dataset(&self) -> Option<&str> {
        match self.loaded().map(|l| &l.source) {
            Some(Source::Dataset(name)) => Some(name),
            _ => None,
        }
    }
}
