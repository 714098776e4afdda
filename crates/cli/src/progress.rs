//! The progress bar: drawn on stderr only when a person is watching it.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;

/// A bar of `len` steps, hidden when `quiet` (machine output) or when stderr is not a
/// terminal (a pipe or a file would fill with redraws).
pub fn steps_bar(len: u64, quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} steps  {msg}  [{elapsed_precise}]")
            .expect("the template is valid"),
    );
    bar
}
