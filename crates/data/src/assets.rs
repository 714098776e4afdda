//! The packed dataset files under `www/data/`. The browser fetches the ones a run needs
//! (they are not part of the wasm); native builds with the `embedded-assets` feature (the
//! CLI, the tests) compile them in.

/// Every packed file, by name under `www/data/`.
pub const FILES: [&str; 4] =
    [crate::digits::FILE, crate::corpus::ENGLISH_FILE, crate::corpus::CHINESE_FILE, crate::spoken::FILE];

/// Packed files at hand, by name.
#[derive(Debug, Clone, Default)]
pub struct AssetFiles {
    files: Vec<(String, Vec<u8>)>,
}

impl AssetFiles {
    /// No files yet.
    pub fn new() -> AssetFiles {
        AssetFiles::default()
    }
    /// Adds (or replaces) the file `name`.
    pub fn insert(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.retain(|(n, _)| n != name);
        self.files.push((name.to_string(), bytes));
    }
    /// The bytes of `name`, if it is at hand.
    pub fn get(&self, name: &str) -> Option<&[u8]> {
        self.files.iter().find(|(n, _)| n == name).map(|(_, bytes)| bytes.as_slice())
    }
    /// Every file at hand, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice()))
    }
    /// The files this build has compiled in: all of them with `embedded-assets`, else none.
    #[cfg_attr(not(feature = "embedded-assets"), allow(unused_mut))]
    pub fn builtin() -> AssetFiles {
        let mut files = AssetFiles::new();
        #[cfg(feature = "embedded-assets")]
        for (name, bytes) in [
            (crate::digits::FILE, &include_bytes!("../../../www/data/digits.bin")[..]),
            (crate::corpus::ENGLISH_FILE, &include_bytes!("../../../www/data/text-en.txt")[..]),
            (crate::corpus::CHINESE_FILE, &include_bytes!("../../../www/data/text-zh.txt")[..]),
            (crate::spoken::FILE, &include_bytes!("../../../www/data/spoken-digits.bin")[..]),
        ] {
            files.insert(name, bytes.to_vec());
        }
        files
    }
}
