//! Embedding the playground in a course page. `www/embed.js` frames the page with its
//! settings in the URL hash (`#preset=…&embed=1&origins=<host origin>`); this module is the
//! page's side of the conversation: which host origins it trusts ([`Origins`]), the
//! commands it takes from them ([`HostCommand`]), the events it posts back ([`EmbedEvent`],
//! step events spaced by a [`Throttle`]), the exercise's [`Goal`], and the hook that does
//! the posting and listening ([`use_host_bridge`]).
#![allow(dead_code, unused_imports, reason = "wired into the page by the worker change")]

mod bridge;
mod command;
mod event;
mod goal;
mod hash;
mod origins;
mod throttle;

pub use bridge::{STEP_EVENTS_PER_SECOND, is_framed, use_host_bridge};
pub use command::{CommandError, HostCommand, MESSAGE_TARGET, SPEED_NAMES, SetField, SetValue};
pub use event::{EmbedEvent, MESSAGE_SOURCE, widen};
pub use goal::{Comparison, Goal, GoalMetric};
pub use hash::{hash_param, is_embed, origins_in_hash};
pub use origins::Origins;
pub use throttle::Throttle;
