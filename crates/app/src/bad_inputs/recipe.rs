//! Recipes: inputs too large to commit (10 MB strings, 10 000-deep JSON, huge headers),
//! written as a few lines the runner expands. Each line appends bytes to the input:
//!
//! ```text
//! # a comment
//! text "{\"input\": "        the quoted bytes once
//! repeat 10000 "["           the quoted bytes N times
//! ```
//!
//! Quoted bytes take the escapes `\n`, `\r`, `\t`, `\\`, `\"` and `\xNN` (one byte);
//! anything else stands for its UTF-8 bytes.

/// Largest input a recipe may make, so a typo cannot exhaust the test machine.
const MAX_RECIPE_BYTES: usize = 64 * 1024 * 1024;

/// The bytes `recipe` describes; errors name the line.
pub fn expand(recipe: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for (index, line) in recipe.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let at = |message: String| format!("recipe line {}: {message}", index + 1);
        let (word, rest) = line.split_once(' ').ok_or_else(|| at(format!("\"{line}\" has no quoted bytes")))?;
        let (count, quoted) = match word {
            "text" => (1, rest),
            "repeat" => {
                let (count, quoted) = rest.trim().split_once(' ').ok_or_else(|| at("repeat takes N \"…\"".into()))?;
                (count.parse::<usize>().map_err(|_| at(format!("\"{count}\" is not a count")))?, quoted)
            }
            other => return Err(at(format!("\"{other}\" is not text or repeat"))),
        };
        let bytes = unquote(quoted.trim()).map_err(at)?;
        if out.len() + bytes.len().saturating_mul(count) > MAX_RECIPE_BYTES {
            return Err(at(format!("the input would pass {MAX_RECIPE_BYTES} bytes")));
        }
        for _ in 0..count {
            out.extend_from_slice(&bytes);
        }
    }
    Ok(out)
}

/// The bytes of a `"…"` literal with its escapes.
fn unquote(quoted: &str) -> Result<Vec<u8>, String> {
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .ok_or_else(|| format!("{quoted} is not in double quotes"))?;
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            let mut buffer = [0; 4];
            out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            continue;
        }
        match chars.next() {
            Some('n') => out.push(b'\n'),
            Some('r') => out.push(b'\r'),
            Some('t') => out.push(b'\t'),
            Some('\\') => out.push(b'\\'),
            Some('"') => out.push(b'"'),
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(u8::from_str_radix(&hex, 16).map_err(|_| format!("\\x{hex} is not a byte"))?);
            }
            other => return Err(format!("\\{} is not an escape", other.map(String::from).unwrap_or_default())),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_repeat_lines_append_their_bytes_in_order() {
        let recipe = "# comment\ntext \"a\\\"b\\n\"\nrepeat 3 \"[\"\n\ntext \"\\x93é\"\n";
        assert_eq!(expand(recipe).unwrap(), b"a\"b\n[[[\x93\xC3\xA9".to_vec());
    }

    #[test]
    fn a_bad_line_is_named() {
        assert_eq!(expand("text \"a\"\nrepeat x \"b\"").unwrap_err(), "recipe line 2: \"x\" is not a count");
        assert_eq!(expand("copy \"a\"").unwrap_err(), "recipe line 1: \"copy\" is not text or repeat");
        assert_eq!(expand("text a").unwrap_err(), "recipe line 1: a is not in double quotes");
        assert!(expand("repeat 100000000 \"ab\"").unwrap_err().contains("would pass"));
    }
}
