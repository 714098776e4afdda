//! A share link's hash, as a learner may type or truncate it: the page opens with it (its
//! errors listed, never a panic), and the link the page writes for that state reads back
//! to the same state without errors.
#![no_main]

use libfuzzer_sys::fuzz_target;
use nnplay_app::fuzzing::{link_round_trip, open_link};

fuzz_target!(|hash: &str| {
    let _ = open_link(hash);
    if let Err(difference) = link_round_trip(hash) {
        panic!("{difference}");
    }
});
