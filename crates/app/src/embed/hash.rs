//! The embed settings in the URL hash that `embed.js` writes
//! (`#preset=momentum&lock=optimizer&embed=1&origins=https%3A%2F%2Fcourse.example.org`):
//! `application/x-www-form-urlencoded` pairs, as `URLSearchParams` writes them.

use super::Origins;

/// The hash key listing the host origins (comma-separated).
pub const ORIGINS: &str = "origins";
/// The hash key that marks a page shown inside another (`embed=1`).
pub const EMBED: &str = "embed";

/// The decoded value of the first `key=value` pair of `hash` (with or without its `#`).
pub fn hash_param(hash: &str, key: &str) -> Option<String> {
    let pairs = hash.strip_prefix('#').unwrap_or(hash);
    pairs.split('&').find_map(|pair| {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        (decode(name) == key).then(|| decode(value))
    })
}

/// Whether the hash says the page is embedded (`embed=1`).
pub fn is_embed(hash: &str) -> bool {
    hash_param(hash, EMBED).as_deref() == Some("1")
}

/// The host origins of the hash: none when it names none, else the list or why it is not one.
pub fn origins_in_hash(hash: &str) -> Option<Result<Origins, String>> {
    let list = hash_param(hash, ORIGINS)?;
    Some(Origins::parse(&list).map_err(|why| format!("#{ORIGINS}= is ignored: {why}")))
}

/// Undoes form encoding: `+` is a space, `%XX` a byte; a `%` not followed by two hex digits
/// stays as it is, and bytes that are not UTF-8 become U+FFFD.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        let hex = |at: usize| bytes.get(at).and_then(|b| (*b as char).to_digit(16));
        match (byte, hex(i + 1), hex(i + 2)) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "#preset=momentum&lock=optimizer&hide=seed&text=hide&target=test_loss%3C%3D0.2\
                        &lang=zh&embed=1&origins=https%3A%2F%2Fcourse.example.org%2Chttp%3A%2F%2Flocalhost%3A8000";

    #[test]
    fn reads_the_keys_embed_js_writes() {
        assert_eq!(hash_param(HASH, "preset").as_deref(), Some("momentum"));
        assert_eq!(hash_param(HASH, "target").as_deref(), Some("test_loss<=0.2"));
        assert_eq!(hash_param(HASH, "lang").as_deref(), Some("zh"));
        assert_eq!(hash_param(HASH, "missing"), None);
        assert!(is_embed(HASH));
        assert!(!is_embed("#preset=momentum"));
        let origins = origins_in_hash(HASH).unwrap().unwrap();
        assert!(origins.allows("https://course.example.org"));
        assert!(origins.allows("http://localhost:8000"));
    }

    #[test]
    fn decodes_form_encoding_and_keeps_stray_percents() {
        assert_eq!(hash_param("a=b+c%20d", "a").as_deref(), Some("b c d"));
        assert_eq!(hash_param("a=100%&b", "a").as_deref(), Some("100%"));
        assert_eq!(hash_param("a=%zz%4", "a").as_deref(), Some("%zz%4"));
        assert_eq!(hash_param("a=%E4%B8%AD", "a").as_deref(), Some("中"));
        assert_eq!(hash_param("a=%FF", "a").as_deref(), Some("\u{FFFD}"));
        assert_eq!(hash_param("#flag&a=1", "flag").as_deref(), Some(""));
        assert_eq!(hash_param("a=1&a=2", "a").as_deref(), Some("1"), "the first pair wins");
    }

    #[test]
    fn a_bad_origins_list_is_named() {
        assert_eq!(origins_in_hash("#embed=1"), None);
        assert_eq!(
            origins_in_hash("#origins=*"),
            Some(Err("#origins= is ignored: origin 1 (\"*\") is not allowed: name each page that may embed \
                      the playground, such as https://course.example.org"
                .into()))
        );
    }
}
