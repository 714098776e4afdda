#![allow(dead_code, reason = "some helpers (Throttle::reset) serve only the tests")]
//! Embedding the playground in a course page. `www/embed.js` frames the page with its
//! settings in the URL hash (`#preset=…&embed=1&origins=<host origin>`); this module is the
//! page's side of the conversation: which host origins it trusts ([`Origins`]), the
//! commands it takes from them ([`HostCommand`]), the events it posts back ([`EmbedEvent`],
//! step events spaced by a [`Throttle`]), the exercise's goal (`crate::share::Goal`), and the hook that does
//! the posting and listening ([`use_host_bridge`]); and the HTML a teacher pastes to embed
//! what the page shows ([`snippet`]).

mod bridge;
mod command;
mod event;
mod origins;
mod snippet;
mod throttle;

pub use bridge::use_host_bridge;
pub use command::{CommandError, HostCommand, SetField, SetValue};
pub use event::{EmbedEvent, widen};
pub use origins::{Origins, normalise};
pub use snippet::snippet;
pub use throttle::Throttle;
