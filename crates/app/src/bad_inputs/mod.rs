//! The bad-input catalogue's runner (issue 7): every case of `tests/bad_inputs/` is fed to
//! the parser of its folder through the entry point the app uses, and must be refused
//! with a message that contains its sidecar's texts, without a panic, while a run that
//! is training meanwhile stays exactly as it was. See `tests/bad_inputs/README.md`.
//!
//! It lives inside the app crate, not in `crates/app/tests/`, because the entry points
//! (`share::parse`, `load::user_data::read`, `HostCommand`, `Recipe`) are the crate's own,
//! not its public interface.

mod case;
mod feed;
mod recipe;

use feed::{FOLDERS, Parser, feed};
use nnplay_train::{RunSpec, SpecSession};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

/// Longest message a refusal may have: a sentence, not an echo of a 10 MB input.
const MAX_MESSAGE_CHARS: usize = 2000;
/// Fewest cases in the whole catalogue (issue 7).
const MIN_CASES: usize = 40;
/// Characters of a message the table shows.
const TABLE_CHARS: usize = 150;

/// The catalogue's folder.
fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad_inputs")
}

/// The run trained while the bad inputs arrive: the MLP example after one step.
fn current_run() -> SpecSession {
    let json = crate::examples::Example::Mlp.spec_json().expect("the MLP example has a run file");
    let mut session = SpecSession::new(RunSpec::from_json(json).expect("the MLP example parses")).unwrap();
    session.step().unwrap();
    session
}

/// The run's step and the bits of every weight.
fn snapshot(session: &SpecSession) -> (u64, Vec<(String, Vec<u32>)>) {
    let parameters = pollster::block_on(session.parameters()).unwrap();
    let bits = parameters.into_iter().map(|(name, values)| (name, values.iter().map(|v| v.to_bits()).collect()));
    (session.steps(), bits.collect())
}

/// The text of a panic's payload.
fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".into())
}

/// `text` cut to `chars` characters, on one line.
fn clip(text: &str, chars: usize) -> String {
    let line = text.replace('\n', "\\n");
    match line.char_indices().nth(chars) {
        Some((end, _)) => format!("{}… ({} chars)", &line[..end], text.chars().count()),
        None => line,
    }
}

#[test]
fn every_bad_input_is_refused_by_name_without_panic_and_the_current_run_is_untouched() {
    let root = catalogue();
    let mut current = current_run();
    let before = snapshot(&current);
    let (mut failures, mut table) = (Vec::new(), Vec::new());
    for entry in std::fs::read_dir(&root).expect("tests/bad_inputs exists") {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        if name != "README.md" && !FOLDERS.iter().any(|(folder, ..)| *folder == name) {
            failures.push(format!("{name}: a folder of no parser (the runner knows {FOLDERS:?})"));
        }
    }
    for (folder, parser, minimum) in FOLDERS {
        let cases = match case::cases(&root.join(folder)) {
            Ok(cases) => cases,
            Err(why) => {
                failures.push(why);
                continue;
            }
        };
        if cases.len() < minimum {
            failures.push(format!("{folder}: {} cases; the catalogue needs at least {minimum}", cases.len()));
        }
        for case in cases {
            let id = format!("{folder}/{}", case.name);
            let message = match catch_unwind(AssertUnwindSafe(|| feed(parser, &case.files))) {
                Err(payload) => {
                    failures.push(format!("{id}: PANICKED: {}", panic_text(payload.as_ref())));
                    "PANIC".to_string()
                }
                Ok(Ok(taken)) => {
                    failures.push(format!("{id}: accepted as {}", clip(&taken, TABLE_CHARS)));
                    "ACCEPTED".to_string()
                }
                Ok(Err(message)) => {
                    for wanted in case.expected.iter().filter(|wanted| !message.contains(wanted.as_str())) {
                        failures.push(format!("{id}: the message lacks {wanted:?}: {}", clip(&message, 400)));
                    }
                    // The page says these in Chinese too (link and embed messages are
                    // the app's own sentences, in both languages where a learner sees them).
                    let said_in_chinese = crate::engine_text::chinese(&message);
                    if !matches!(parser, Parser::Hash | Parser::Embed) && !said_in_chinese.complete {
                        failures.push(format!(
                            "{id}: the Chinese catalogue (crates/app/src/engine_text) lacks a part of: {}\n    zh: {}",
                            clip(&message, 400),
                            clip(&said_in_chinese.text, 400)
                        ));
                    }
                    let length = message.chars().count();
                    if length > MAX_MESSAGE_CHARS {
                        failures.push(format!("{id}: the message is {length} characters; at most {MAX_MESSAGE_CHARS}"));
                    }
                    message
                }
            };
            if snapshot(&current) != before {
                failures.push(format!("{id}: the current run's step or weights changed"));
            }
            table.push((id, clip(&message, TABLE_CHARS)));
        }
    }
    if table.len() < MIN_CASES {
        failures.push(format!("the catalogue has {} cases; it needs at least {MIN_CASES}", table.len()));
    }
    let width = table.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    println!("{} bad inputs:", table.len());
    for (id, message) in &table {
        println!("  {id:width$}  {message}");
    }
    current.step().expect("the current run still trains");
    assert_eq!(current.steps(), before.0 + 1);
    assert!(failures.is_empty(), "{} failure(s):\n{}", failures.len(), failures.join("\n"));
}
