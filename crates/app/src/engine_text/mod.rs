//! The engine's sentences in the page's language.
//!
//! The engine crates write their errors and notices in English only (the CLI speaks
//! English, and a message built deep in a layer constructor knows no page). The page puts
//! them into Chinese through a catalogue keyed by the English wording, as gettext does:
//! each entry is an English template with slots and its Chinese template
//! (`catalogue.rs`, `template.rs`). A sentence no entry knows is shown as the engine wrote
//! it; the tests feed real engine errors (every case of `tests/bad_inputs/` and a list of
//! bad layers) through it and fail on any the catalogue misses.

mod catalogue;
mod template;

use crate::texts::{Language, Translated};
use template::{SlotKind, Template};

/// `english`, an engine sentence, in `language`.
pub fn say(language: Language, english: &str) -> String {
    match language {
        Language::En => english.to_string(),
        Language::Zh => chinese(english).text,
    }
}

/// `english`, an engine sentence, in both languages, for what the page keeps and shows
/// later in whichever language is current then.
pub fn both(english: impl Into<String>) -> Translated {
    let english = english.into();
    let zh = chinese(&english).text;
    Translated { en: english, zh }
}

/// A sentence put into Chinese, and whether every part of it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translation {
    pub text: String,
    /// False when the sentence, or a sentence inside it, is not in the catalogue.
    pub complete: bool,
}

/// `english` in Chinese, as far as the catalogue knows it.
pub fn chinese(english: &str) -> Translation {
    let mut translation =
        translate(english, 0).unwrap_or_else(|| Translation { text: english.into(), complete: false });
    translation.text = clip_notes_in_chinese(&translation.text);
    translation
}

/// Deepest nesting of sentences inside sentences ("checkpoint: its run: layers[0] …: …").
const MAX_DEPTH: usize = 8;

fn translate(english: &str, depth: usize) -> Option<Translation> {
    if depth > MAX_DEPTH {
        return None;
    }
    catalogue::ENTRIES.iter().find_map(|(en, zh)| {
        let slots = Template::parse(en).matches(english)?;
        let mut complete = true;
        let text = Template::parse(zh).fill(|name| {
            let Some(&(_, kind, value)) = slots.iter().find(|(slot, _, _)| *slot == name) else {
                return String::new();
            };
            match kind {
                SlotKind::Any | SlotKind::Number => value.to_string(),
                SlotKind::Sentence => match translate(value, depth + 1) {
                    Some(inner) => {
                        complete &= inner.complete;
                        inner.text
                    }
                    None => {
                        complete = false;
                        value.to_string()
                    }
                },
                SlotKind::Maybe => match translate(value, depth + 1) {
                    Some(inner) => {
                        complete &= inner.complete;
                        inner.text
                    }
                    None => value.to_string(),
                },
            }
        });
        Some(Translation { text, complete })
    })
}

/// Rewrites the engine's notes on cut text, "(10485760 characters)", as Chinese ones.
fn clip_notes_in_chinese(text: &str) -> String {
    const NOTE: &str = " characters)";
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(end) = rest.find(NOTE) {
        let before = &rest[..end];
        let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let open = end - digits;
        if digits > 0 && before[..open].ends_with('(') {
            // The full-width parenthesis takes the place of the space before it.
            out.push_str(before[..open - 1].strip_suffix(' ').unwrap_or(&before[..open - 1]));
            out.push_str(&format!("（共 {} 个字符）", &before[open..]));
        } else {
            out.push_str(&rest[..end + NOTE.len()]);
        }
        rest = &rest[end + NOTE.len()..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests;
