//! A run saved in the browser, and how it is laid out as one byte string: a short magic
//! tag, the length of a JSON header (time, step, title, link), the header, then the
//! checkpoint's bytes as they are. The checkpoint is not copied into the JSON, so a
//! saved run of a few megabytes costs one copy, not a base64 blow-up.

use serde::{Deserialize, Serialize};

/// The tag a saved run starts with; a later layout gets a new tag.
const MAGIC: &[u8; 8] = b"NNPRUN1\n";
/// The tag and the header's length (a little-endian `u32`).
const PREFIX: usize = MAGIC.len() + 4;

/// A run checkpointed in the background, to be offered when the page is opened again.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedRun {
    /// When it was saved, in milliseconds since the Unix epoch (`Date.now()`).
    pub saved_at_ms: f64,
    /// The step the checkpoint was taken at.
    pub step: u64,
    /// What the page called the run.
    pub title: String,
    /// The `.nnplay.safetensors` bytes.
    pub checkpoint: Vec<u8>,
    /// The page's link (its hash, without `#`) when it was saved; empty for a run a link
    /// cannot carry.
    pub link: String,
}

/// The header's fields, as JSON.
#[derive(Serialize, Deserialize)]
struct Header {
    saved_at_ms: f64,
    step: u64,
    title: String,
    link: String,
}

impl SavedRun {
    /// The run as one byte string (see the module's documentation).
    pub fn encode(&self) -> Vec<u8> {
        let header = Header {
            saved_at_ms: self.saved_at_ms,
            step: self.step,
            title: self.title.clone(),
            link: self.link.clone(),
        };
        // A struct of numbers and strings always serializes.
        let header = serde_json::to_vec(&header).unwrap_or_default();
        let mut bytes = Vec::with_capacity(PREFIX + header.len() + self.checkpoint.len());
        bytes.extend_from_slice(MAGIC);
        bytes.extend_from_slice(&(header.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&header);
        bytes.extend_from_slice(&self.checkpoint);
        bytes
    }

    /// The run `bytes` hold, or a sentence saying why they hold none.
    pub fn decode(bytes: &[u8]) -> Result<SavedRun, String> {
        if bytes.len() < PREFIX || &bytes[..MAGIC.len()] != MAGIC {
            return Err(format!("the saved run is not in this page's format ({} bytes without its tag)", bytes.len()));
        }
        let length = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
        let Some(header) = bytes.get(PREFIX..PREFIX.saturating_add(length)) else {
            return Err(format!(
                "the saved run is cut short: its header says {length} bytes, {} follow",
                bytes.len() - PREFIX
            ));
        };
        let header: Header =
            serde_json::from_slice(header).map_err(|e| format!("the saved run's header is unreadable: {e}"))?;
        Ok(SavedRun {
            saved_at_ms: header.saved_at_ms,
            step: header.step,
            title: header.title,
            checkpoint: bytes[PREFIX + length..].to_vec(),
            link: header.link,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run() -> SavedRun {
        SavedRun {
            saved_at_ms: 1_717_000_000_123.5,
            step: u64::MAX - 3,
            title: "数字 CNN \"quoted\"\n".into(),
            checkpoint: (0..=255u8).cycle().take(1000).collect(),
            link: "preset=cnn-digits&lr=0.01".into(),
        }
    }

    #[test]
    fn a_saved_run_comes_back_field_for_field() {
        let saved = run();
        let bytes = saved.encode();
        assert!(bytes.ends_with(&saved.checkpoint), "the checkpoint is stored as it is");
        assert_eq!(SavedRun::decode(&bytes), Ok(saved));
        let empty = SavedRun { checkpoint: Vec::new(), title: String::new(), link: String::new(), ..run() };
        assert_eq!(SavedRun::decode(&empty.encode()), Ok(empty));
    }

    #[test]
    fn other_bytes_are_refused_with_a_reason() {
        let error = SavedRun::decode(b"not a saved run").unwrap_err();
        assert!(error.contains("not in this page's format"), "{error}");
        assert!(SavedRun::decode(&[]).unwrap_err().contains("0 bytes"));
        let bytes = run().encode();
        let error = SavedRun::decode(&bytes[..20]).unwrap_err();
        assert!(error.contains("cut short"), "{error}");
        let mut garbled = bytes.clone();
        garbled[PREFIX] = b'!';
        let error = SavedRun::decode(&garbled).unwrap_err();
        assert!(error.contains("header is unreadable"), "{error}");
        let mut huge = bytes;
        huge[8..12].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(SavedRun::decode(&huge).unwrap_err().contains("cut short"));
    }
}
