//! The page's readers of outside input that live in this crate, for the fuzz targets in
//! `fuzz/` (the page itself does not call these). Each returns what a fuzz target checks.

use crate::embed::HostCommand;
use crate::share;

/// Opens the page with the URL hash `hash` as a learner's link would, and returns how many
/// of its settings the page says it ignored.
pub fn open_link(hash: &str) -> usize {
    crate::link::start(Default::default(), None, hash).state.link_errors.len()
}

/// Reads `hash` as a share link, writes the state back as a link and reads that again:
/// `Err` says how the second reading differs, which it never should (the page's own links
/// must open as they were written).
pub fn link_round_trip(hash: &str) -> Result<(), String> {
    let first = share::parse(hash).state;
    let written = share::encode(&first);
    let again = share::parse(&written);
    if !again.errors.is_empty() {
        return Err(format!("the page's own link #{written} has errors: {:?}", again.messages(false)));
    }
    if again.state != first {
        return Err(format!("#{hash} read as {first:?}, written as #{written}, read back as {:?}", again.state));
    }
    Ok(())
}

/// Reads `text` as a host page's `postMessage` command, as the embed bridge does; `true`
/// when it is one the page would carry out.
pub fn read_command(text: &str) -> bool {
    HostCommand::from_json(text).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_round_trip_and_commands_are_read() {
        assert_eq!(open_link("#preset=momentum&lr=0.1"), 0);
        assert_eq!(open_link("#lr=abc&bogus=1"), 2);
        for hash in ["", "preset=momentum&lr=0.1&lock=optimizer", "dataset=xor&hidden=4,4&seed=7", "lr=abc", "%%%"] {
            link_round_trip(hash).unwrap();
        }
        assert!(read_command(r#"{"target":"nn-playground","type":"play"}"#));
        assert!(!read_command("[1,2"));
    }
}
