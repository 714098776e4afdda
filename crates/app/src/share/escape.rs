//! The two encodings a link uses: percent-escapes for values (so a hand-written link
//! may hold any character) and unpadded base64url for inline run specs.

/// Why an escaped text could not be read back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EscapeError {
    /// A `%` not followed by two hex digits: a link cut short or edited by hand.
    BrokenPercent,
    /// The bytes are not UTF-8 text.
    NotUtf8,
    /// A character outside the base64 alphabet.
    NotBase64,
    /// A length or a last character no complete base64 text has: a link cut short.
    TruncatedBase64,
}

/// Characters a value keeps as they are: the unreserved ones, and `:` `/` `=` that
/// fragments allow and that origins and goals use (only a key's first `=` splits).
fn is_kept(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':' | b'/' | b'=')
}

/// Percent-escapes every byte of `text` but the kept ones (`,`, `&`, `#`, `%`, `+` and
/// spaces among the escaped).
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for &byte in text.as_bytes() {
        if is_kept(byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Reads back [`percent_encode`]'s output, or any value a browser escaped; a `+` stays a
/// `+` (a hash is no form submission).
pub fn percent_decode(text: &str) -> Result<String, EscapeError> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(EscapeError::BrokenPercent)?;
            let digits = std::str::from_utf8(hex).map_err(|_| EscapeError::BrokenPercent)?;
            if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(EscapeError::BrokenPercent);
            }
            out.push(u8::from_str_radix(digits, 16).map_err(|_| EscapeError::BrokenPercent)?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| EscapeError::NotUtf8)
}

/// The base64url alphabet (RFC 4648 §5).
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// `bytes` as unpadded base64url.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, &b)| word | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(word >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// The six bits of one base64 character; `+` and `/` of plain base64 are taken too.
fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some((c - b'A') as u32),
        b'a'..=b'z' => Some((c - b'a') as u32 + 26),
        b'0'..=b'9' => Some((c - b'0') as u32 + 52),
        b'-' | b'+' => Some(62),
        b'_' | b'/' => Some(63),
        _ => None,
    }
}

/// Reads base64url (padded or not). A text cut short is refused, not read in part: its
/// length leaves a lone character, or its last character carries bits no byte uses.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, EscapeError> {
    let text = text.trim_end_matches('=');
    let sextets: Vec<u32> = text.bytes().map(sextet).collect::<Option<_>>().ok_or(EscapeError::NotBase64)?;
    let mut out = Vec::with_capacity(sextets.len() * 3 / 4);
    for chunk in sextets.chunks(4) {
        if chunk.len() == 1 {
            return Err(EscapeError::TruncatedBase64);
        }
        let word = chunk.iter().enumerate().fold(0u32, |word, (i, &s)| word | s << (18 - 6 * i));
        let bytes = chunk.len() - 1;
        // Encoders write zeros in the bits after the last byte; anything else means the
        // text ended inside a longer one.
        if word & ((1 << (24 - 8 * bytes)) - 1) != 0 {
            return Err(EscapeError::TruncatedBase64);
        }
        out.extend((0..bytes).map(|i| (word >> (16 - 8 * i)) as u8));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_examples_and_reads_back() {
        let cases = [("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE")];
        for (plain, encoded) in cases {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).unwrap(), plain.as_bytes());
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64_decode("+/8=").unwrap(), [0xfb, 0xff], "plain base64 with padding is read too");
        let all: Vec<u8> = (0..=255).collect();
        assert_eq!(base64_decode(&base64_encode(&all)).unwrap(), all);
    }

    #[test]
    fn base64_cut_short_or_with_foreign_characters_is_refused() {
        assert_eq!(base64_decode("Zm9vY"), Err(EscapeError::TruncatedBase64), "a lone last character");
        assert_eq!(base64_decode("Zm9vYm"), Err(EscapeError::TruncatedBase64), "bits of a third byte");
        assert_eq!(base64_decode("Zm9v!"), Err(EscapeError::NotBase64));
    }

    #[test]
    fn percent_escapes_read_back_and_broken_ones_are_refused() {
        let text = "a b,c&d#e%f+g<=0.2 汉字 https://x.org:8080";
        let encoded = percent_encode(text);
        assert_eq!(encoded, "a%20b%2Cc%26d%23e%25f%2Bg%3C=0.2%20%E6%B1%89%E5%AD%97%20https://x.org:8080");
        assert_eq!(percent_decode(&encoded).unwrap(), text);
        assert_eq!(percent_decode("a+b%2c"), Ok("a+b,".into()), "lower-case hex, and + is no space");
        assert_eq!(percent_decode("0.1%2"), Err(EscapeError::BrokenPercent));
        assert_eq!(percent_decode("%"), Err(EscapeError::BrokenPercent));
        assert_eq!(percent_decode("%G1"), Err(EscapeError::BrokenPercent));
        assert_eq!(percent_decode("%E6%B1"), Err(EscapeError::NotUtf8), "a character cut in half");
    }
}
