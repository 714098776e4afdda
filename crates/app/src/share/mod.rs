//! Share links and course mode: the whole page state — what runs, its settings, the
//! page's settings and a teacher's course settings — as the URL hash, readable and
//! writable by hand.
//!
//! ```text
//! https://example.org/nn-playground/#preset=momentum&lr=0.1&speed=16&lang=zh&panels=loss,boundary
//!     &lock=optimizer,learning-rate&hide=files,presets&text=hide&target=test_loss%3C=0.2
//!     &origins=https://school.example
//! ```
//!
//! The hash is `key=value` pairs joined by `&`, in the order below; values are
//! percent-escaped, lists comma-separated (`none` for an empty one), and a setting at its
//! default is left out, so the empty hash is the page's default (the spiral playground).
//!
//! - **What runs** (at most one): `preset=NAME`; `dataset=NAME` (a 2-D set such as
//!   `xor` opens the playground on it, another built-in set its own run); `spec=…`, a
//!   whole run file as unpadded base64url of its JSON. The playground also takes
//!   `noise=` (0–0.5), `train=` (share of points for training, 0.1–0.9), `hidden=8,8`
//!   (neurons per layer) and `act=tanh`.
//! - **Training settings of any run**: `opt=` (sgd, momentum, adagrad, rmsprop, adam,
//!   adamw), `lr=`, `momentum=`, `beta1=`, `beta2=`, `eps=`, `wd=` (weight decay),
//!   `alpha=` (RMSProp's decay), `rms-momentum=`, `lr-decay=` (Adagrad's), `batch=`,
//!   `l1=`, `l2=`, `seed=`; for runs other than the playground also `dropout=` and `schedule=`
//!   (`step:100:0.5`, `exp:0.99`, `cosine:1000[:ETA_MIN]`, `linear:0.1:1:100`,
//!   `warmup:100:0.1:cosine:1000`).
//! - **Page**: `backend=` (auto, cpu, gpu), `speed=` (steps per second: 1, 4, 16, 60 or
//!   max), `lang=` (en, zh), `panels=` (the panels shown), `scale=` (linear, log),
//!   `theme=` (light, dark).
//! - **Course**: `lock=` and `hide=` (controls), `text=hide` (no explanations),
//!   `target=` (a goal: `test_loss<=0.2`, `test_accuracy>=0.95`; `≤`/`≥` work too),
//!   `origins=` (the pages that may embed this one, `https://host[:port]`).
//!
//! [`parse`] never fails: each setting it cannot use is reported as a [`HashError`]
//! (a sentence in English or Chinese naming the setting and the value) and replaced by
//! its default; [`encode`] writes what `parse` reads back unchanged.

#![allow(
    dead_code,
    unused_imports,
    reason = "the whole format is public for the tests; the page uses part of it so far"
)]

mod course;
mod encode;
mod error;
pub mod escape;
mod fields;
mod parse;
mod run;
#[cfg(test)]
mod tests;

pub use course::{Comparison, Course, Goal, GoalMetric, MAX_ORIGINS, Origin};
pub use encode::encode;
pub use error::{Fallback, HashError, Problem, Range};
pub use fields::{Control, Key, Language, Named, Panel, Scale, Speed};
pub use parse::parse;
pub use run::{Overrides, Plane, Run, schedule_to_link};

use crate::backend::BackendChoice;
use crate::theme::Theme;
use nnplay_train::SessionConfig;
use std::collections::BTreeSet;

/// Longest hash read, in bytes: a spec of a few hundred layers fits, a pasted file does not.
pub const MAX_HASH_LENGTH: usize = 64 * 1024;
/// Most items of `panels=`, `lock=` and `hide=`.
pub const MAX_LIST_ITEMS: usize = 32;

/// Everything a link holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UrlState {
    /// What trains.
    pub run: Run,
    /// Training settings changed on that run.
    pub overrides: Overrides,
    /// How the page shows it.
    pub page: PageSettings,
    /// A teacher's exercise settings.
    pub course: Course,
}

/// How the page shows the run.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PageSettings {
    /// The engine asked for.
    pub backend: BackendChoice,
    /// Steps per second; the default is as fast as the device goes, as the page trains now.
    pub speed: Speed,
    /// `None`: the browser's language.
    pub language: Option<Language>,
    /// `None`: the panels the run usually shows.
    pub panels: Option<BTreeSet<Panel>>,
    /// The loss chart's axis.
    pub scale: Scale,
    /// `None`: the theme the learner kept, or the system's.
    pub theme: Option<Theme>,
}

/// What [`parse`] read, and what it could not use.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The state, with defaults wherever the link had nothing usable.
    pub state: UrlState,
    /// What could not be used, in the order of the link's keys (unknown keys first).
    pub errors: Vec<HashError>,
}

impl Parsed {
    /// The errors as sentences for the page, in Chinese when `zh`.
    pub fn messages(&self, zh: bool) -> Vec<String> {
        self.errors.iter().map(|error| error.message(zh)).collect()
    }
}

impl UrlState {
    /// The playground trained with `config`, as the page's controls set it.
    pub fn playground(config: &SessionConfig) -> UrlState {
        UrlState {
            run: Run::Playground(Plane::of(config)),
            overrides: Overrides::of_config(config),
            ..UrlState::default()
        }
    }

    /// The config the playground trains, if the link opens the playground.
    pub fn session_config(&self) -> Option<SessionConfig> {
        let Run::Playground(plane) = &self.run else { return None };
        let mut config = SessionConfig::spiral();
        plane.apply_to(&mut config);
        self.overrides.apply_to_config(&mut config);
        Some(config)
    }

    /// The hash with its `#`, to append to the page's address.
    pub fn link(&self) -> String {
        format!("#{}", encode(self))
    }
}
