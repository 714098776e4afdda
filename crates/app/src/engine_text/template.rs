//! Templates of the engine's English sentences with slots, matched against a sentence to
//! pull the slots' text out, and filled to write the Chinese sentence.
//!
//! A slot is `{name}` (any non-empty text, copied as it is: a file name, a number, a
//! quoted cell), `{#name}` (a number or a shape such as `4`, `-2`, `1e-5`, `[2, 3]`,
//! `16×4`), `{~name}` (a sentence of its own, put into Chinese in turn: the reason inside
//! "checkpoint: its run: …") or `{@name}` (text that is put into Chinese when the
//! catalogue knows it and kept otherwise: "found none" but also "found \"oops\"").
//! A Chinese template names the same slots.

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Slot { name: &'a str, kind: SlotKind },
}

/// What a slot accepts, and whether its text is translated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    Any,
    Number,
    Sentence,
    Maybe,
}

/// A template split into its pieces.
#[derive(Debug, Clone)]
pub struct Template<'a> {
    pieces: Vec<Piece<'a>>,
}

/// The slots of a matched sentence: name, kind and text.
pub type Slots<'a, 's> = Vec<(&'a str, SlotKind, &'s str)>;

impl<'a> Template<'a> {
    /// Splits `text` into literal text and slots. A `{` that does not open a slot name
    /// (`{"input": …}` in a message) is literal text.
    pub fn parse(text: &'a str) -> Template<'a> {
        let mut pieces = Vec::new();
        let mut rest = text;
        let mut literal_start = 0;
        let mut offset = 0;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let slot = after.find('}').map(|close| &after[..close]).filter(|inner| is_slot(inner));
            match slot {
                Some(inner) => {
                    let start = offset + open;
                    if start > literal_start {
                        pieces.push(Piece::Text(&text[literal_start..start]));
                    }
                    let (kind, name) = match inner.as_bytes()[0] {
                        b'#' => (SlotKind::Number, &inner[1..]),
                        b'~' => (SlotKind::Sentence, &inner[1..]),
                        b'@' => (SlotKind::Maybe, &inner[1..]),
                        _ => (SlotKind::Any, inner),
                    };
                    pieces.push(Piece::Slot { name, kind });
                    let consumed = open + 2 + inner.len();
                    offset += consumed;
                    literal_start = offset;
                    rest = &rest[consumed..];
                }
                None => {
                    offset += open + 1;
                    rest = &rest[open + 1..];
                }
            }
        }
        if literal_start < text.len() {
            pieces.push(Piece::Text(&text[literal_start..]));
        }
        Template { pieces }
    }

    /// The names of the slots, in order (the tests check both languages name the same).
    #[cfg(test)]
    pub fn slot_names(&self) -> Vec<&'a str> {
        self.pieces
            .iter()
            .filter_map(|piece| match piece {
                Piece::Slot { name, .. } => Some(*name),
                Piece::Text(_) => None,
            })
            .collect()
    }

    /// The slots' texts when `sentence` is this template with its slots filled in, each
    /// slot taking the shortest text that lets the rest match.
    pub fn matches<'s>(&self, sentence: &'s str) -> Option<Slots<'a, 's>> {
        let mut slots = Vec::new();
        match_from(&self.pieces, sentence, &mut slots).then_some(slots)
    }

    /// This template with each slot replaced by `fill(name)`. Where a slot's text meets
    /// Chinese characters, a space goes between them and Latin letters or digits, as
    /// Chinese typesetting has it ("应为 UTF-8 文本", "第 3 行").
    pub fn fill(&self, mut fill: impl FnMut(&str) -> String) -> String {
        let mut out = String::new();
        let mut after_slot = false;
        for piece in &self.pieces {
            let text = match piece {
                Piece::Text(text) => text.to_string(),
                Piece::Slot { name, .. } => fill(name),
            };
            let is_slot = matches!(piece, Piece::Slot { .. });
            if (is_slot || after_slot) && needs_space(out.chars().last(), text.chars().next()) {
                out.push(' ');
            }
            out.push_str(&text);
            after_slot = is_slot;
        }
        out
    }
}

/// Whether `left` and `right` are a Chinese character and a Latin letter, digit or opening
/// mark (in either order) with no space between.
fn needs_space(left: Option<char>, right: Option<char>) -> bool {
    let is_han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    let is_latin = |c: char| c.is_ascii_alphanumeric() || "\"'`[(<#\\".contains(c);
    let is_latin_end = |c: char| c.is_ascii_alphanumeric() || "\"'`])>".contains(c);
    match (left, right) {
        (Some(l), Some(r)) => (is_han(l) && is_latin(r)) || (is_latin_end(l) && is_han(r)),
        _ => false,
    }
}

/// `{name}`, `{#name}`, `{~name}` or `{@name}` with a name of lower-case letters and `_`.
fn is_slot(inner: &str) -> bool {
    let name = inner.strip_prefix(['#', '~', '@']).unwrap_or(inner);
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

fn match_from<'a, 's>(pieces: &[Piece<'a>], text: &'s str, slots: &mut Slots<'a, 's>) -> bool {
    let Some((first, rest)) = pieces.split_first() else { return text.is_empty() };
    match first {
        Piece::Text(literal) => text.strip_prefix(literal).is_some_and(|after| match_from(rest, after, slots)),
        Piece::Slot { name, kind } => {
            // Where the slot may end: before the next literal's each occurrence, or at the end.
            let next_literal = rest.first().and_then(|piece| match piece {
                Piece::Text(literal) => Some(*literal),
                Piece::Slot { .. } => None,
            });
            let ends: Vec<usize> = match next_literal {
                Some(literal) => text.match_indices(literal).map(|(at, _)| at).filter(|&at| at > 0).collect(),
                None if rest.is_empty() => vec![text.len()],
                None => text.char_indices().map(|(at, _)| at).skip(1).chain([text.len()]).collect(),
            };
            for end in ends {
                let value = &text[..end];
                if value.is_empty() || (*kind == SlotKind::Number && !is_number(value)) {
                    continue;
                }
                slots.push((name, *kind, value));
                if match_from(rest, &text[end..], slots) {
                    return true;
                }
                slots.pop();
            }
            false
        }
    }
}

/// A number (`NaN` and `inf` too), or a shape of numbers: digits with signs, points,
/// exponents, `×`, commas, spaces, brackets and parentheses, holding at least one digit.
fn is_number(text: &str) -> bool {
    matches!(text, "NaN" | "inf" | "-inf")
        || (text.chars().any(|c| c.is_ascii_digit())
            && text.chars().all(|c| c.is_ascii_digit() || "+-.eE×x, []()".contains(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slots(template: &str, sentence: &str) -> Option<Vec<(String, String)>> {
        Template::parse(template)
            .matches(sentence)
            .map(|found| found.into_iter().map(|(name, _, text)| (name.to_string(), text.to_string())).collect())
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
    }

    #[test]
    fn slots_take_the_text_between_the_literals() {
        assert_eq!(
            slots("{file} line {#line}: expected {expected}, found {found}", "a.csv line 3: expected 3, found 2"),
            Some(pairs(&[("file", "a.csv"), ("line", "3"), ("expected", "3"), ("found", "2")]))
        );
        // A literal that also occurs inside a slot: the shortest slot that lets the rest match.
        assert_eq!(
            slots("{file}: expected {expected}, found {found}", "x, y.csv: expected a, b, found c"),
            Some(pairs(&[("file", "x, y.csv"), ("expected", "a, b"), ("found", "c")]))
        );
    }

    #[test]
    fn a_sentence_that_is_not_the_template_does_not_match() {
        assert_eq!(slots("{file}: too many rows", "a.csv: too many columns"), None);
        assert_eq!(slots("line {#line}", "line three"), None, "a number slot takes numbers only");
        assert_eq!(slots("{file}: x", ": x"), None, "a slot is never empty");
        assert_eq!(slots("exact", "exact and more"), None, "the whole sentence must match");
    }

    #[test]
    fn number_slots_take_shapes_and_special_values() {
        for number in ["4", "-2", "1e-5", "[2, 3]", "16×4", "(4, 2)", "NaN", "inf", "0.5"] {
            assert!(slots("is {#n}", &format!("is {number}")).is_some(), "{number}");
        }
    }

    #[test]
    fn braces_that_are_no_slot_name_are_text_and_filling_writes_every_slot() {
        let template = Template::parse(r#"a run file is a JSON object ({"input": …}), {~reason}"#);
        assert_eq!(template.slot_names(), ["reason"]);
        assert_eq!(template.fill(|name| name.to_uppercase()), r#"a run file is a JSON object ({"input": …}), REASON"#);
        let chinese = Template::parse("{file} 第 {#line} 行");
        assert_eq!(chinese.fill(|name| format!("<{name}>")), "<file> 第 <line> 行");
        // Latin text put next to Chinese gets a space; Chinese punctuation does not.
        let expected = Template::parse("应为{expected}，实际是{found}");
        let filled = expected.fill(|name| if name == "expected" { "UTF-8 文本".into() } else { "\"oops\"".into() });
        assert_eq!(filled, "应为 UTF-8 文本，实际是 \"oops\"");
        assert_eq!(Template::parse("{n}个").fill(|_| "3".into()), "3 个");
        assert_eq!(Template::parse("（{n}）").fill(|_| "x".into()), "（x）");
    }
}
