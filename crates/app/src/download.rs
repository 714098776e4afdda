//! Files the page hands to the learner: the PyTorch export as one zip archive, and
//! checkpoints, offered through a Blob URL and a temporary `<a download>`.

use std::io::Write;
use wasm_bindgen::JsCast;
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

/// The media type of a zip archive.
pub const ZIP: &str = "application/zip";
/// The media type of a safetensors file (no registered one: opaque bytes).
pub const BINARY: &str = "application/octet-stream";
/// How long an offered file's URL stays valid: the browser has read it long before.
const URL_LIFETIME_MS: u32 = 60_000;

/// `files` (name and bytes, in order) as one zip archive, compressed with Deflate.
pub fn zip(files: &[(String, Vec<u8>)]) -> Result<Vec<u8>, String> {
    let failed = |e: &dyn std::fmt::Display| format!("writing the zip archive failed: {e}");
    let mut archive = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, bytes) in files {
        archive.start_file(name.as_str(), options).map_err(|e| failed(&e))?;
        archive.write_all(bytes).map_err(|e| failed(&e))?;
    }
    Ok(archive.finish().map_err(|e| failed(&e))?.into_inner())
}

/// "12.3 KiB": a file's size for a status line.
pub fn size_text(bytes: usize) -> String {
    match bytes {
        n if n >= 1024 * 1024 => format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0)),
        n if n >= 1024 => format!("{:.1} KiB", n as f64 / 1024.0),
        n => format!("{n} bytes"),
    }
}

/// Has the browser save `bytes` as `name`.
pub fn offer(name: &str, bytes: &[u8], media_type: &str) -> Result<(), String> {
    let failed = |what: &str| format!("Could not offer {name} for download: {what}");
    let array = js_sys::Uint8Array::from(bytes);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(media_type);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&js_sys::Array::of1(&array), &options)
        .map_err(|_| failed("the browser refused to make a Blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| failed("no object URL"))?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or_else(|| failed("no document"))?;
    let anchor: web_sys::HtmlAnchorElement =
        document.create_element("a").ok().and_then(|a| a.dyn_into().ok()).ok_or_else(|| failed("no link element"))?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.click();
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(URL_LIFETIME_MS).await;
        let _ = web_sys::Url::revoke_object_url(&url);
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn the_archive_holds_every_file_as_given() {
        let files = vec![
            ("model.py".to_string(), b"import torch\n".repeat(50)),
            ("weights.safetensors".to_string(), (0..=255u8).collect()),
        ];
        let bytes = zip(&files).unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(archive.len(), 2);
        for (name, content) in &files {
            let mut entry = archive.by_name(name).unwrap();
            let mut read = Vec::new();
            entry.read_to_end(&mut read).unwrap();
            assert_eq!(&read, content, "{name}");
        }
        let model = archive.by_name("model.py").unwrap();
        assert!(model.compressed_size() < model.size(), "repetitive text is deflated");
    }

    #[test]
    fn sizes_read_in_the_largest_unit() {
        assert_eq!(size_text(512), "512 bytes");
        assert_eq!(size_text(1536), "1.5 KiB");
        assert_eq!(size_text(3 * 1024 * 1024), "3.0 MiB");
    }
}
