//! `--data PATH`: the user's own examples, read by `nnplay_data::import` (the importers the
//! page uses), chosen by the file's extension.

use crate::CliError;
use crate::error::bad_file;
use nnplay_data::TensorData;
use nnplay_data::corpus::Corpus;
use nnplay_data::import::{
    CsvOptions, ImageChannels, ImageOptions, ImportLimits, TaskChoice, import_csv, import_images, import_safetensors,
    import_text,
};
use std::path::{Path, PathBuf};

/// What `--data` reads, for its help and its errors.
pub const FORMATS: &str = "a .csv table (label in the last column), a .safetensors file with tensors x and y, \
                           a .txt text (character windows) or a folder of images (one subfolder per class)";

/// Characters per window of a text when the model does not say (its input is `[T]`).
const DEFAULT_WINDOW: usize = 32;

/// Most windows cut from a text.
const MAX_WINDOWS: usize = 20_000;

/// Examples read from `path`, with the name the run file records. `model_input` is the
/// shape of one example of the model that will train on them, where known: it sets a
/// text's window length and the images' channels and size. `seed` places the windows.
pub fn load(path: &Path, model_input: Option<&[usize]>, seed: u64) -> Result<(String, TensorData), CliError> {
    let source = path.display().to_string();
    let limits = ImportLimits::default();
    let import_error = |e: nnplay_data::import::ImportError| CliError::Usage(e.to_string());
    let data = if path.is_dir() {
        images(path, model_input, &limits)?
    } else {
        let extension = path.extension().and_then(|e| e.to_str()).unwrap_or_default().to_ascii_lowercase();
        let read = || crate::files::read(path, "data file");
        match extension.as_str() {
            "csv" | "tsv" => import_csv(&source, &read()?, &CsvOptions::default(), &limits).map_err(import_error)?.data,
            "safetensors" => {
                import_safetensors(&source, &read()?, TaskChoice::Auto, &limits).map_err(import_error)?.data
            }
            "txt" | "text" => {
                let text = import_text(&source, &read()?, &limits).map_err(import_error)?;
                let length = match model_input {
                    Some([length]) => *length,
                    _ => DEFAULT_WINDOW,
                };
                let corpus = Corpus::new(&text.text).map_err(|e| bad_file(path, e))?;
                // About one window per character of the text: enough to see all of it.
                let windows = text.chars.clamp(200, MAX_WINDOWS);
                corpus.windows(windows, length, seed).map_err(|e| bad_file(path, e))?
            }
            _ => {
                return Err(CliError::Usage(format!(
                    "{source}: not a data format nnplay reads; --data takes {FORMATS}"
                )));
            }
        }
    };
    Ok((source, data))
}

/// Every image file under `folder`, named by its path inside it (so classes come from the
/// subfolders), resized to the model's `[channels, size, size]` when it says.
fn images(folder: &Path, model_input: Option<&[usize]>, limits: &ImportLimits) -> Result<TensorData, CliError> {
    let mut options = ImageOptions::default();
    if let Some(&[channels, height, width]) = model_input
        && height == width
        && let Ok(size) = u32::try_from(height)
    {
        options.size = size;
        options.channels = if channels == 3 { ImageChannels::Rgb } else { ImageChannels::Grey };
    }
    let mut paths = Vec::new();
    collect_files(folder, &mut paths)?;
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for path in &paths {
        let name = path.strip_prefix(folder).unwrap_or(path).to_string_lossy().replace('\\', "/");
        files.push((name, crate::files::read(path, "image")?));
    }
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (name.as_str(), bytes.as_slice())).collect();
    import_images(&files, &options, limits)
        .map(|import| import.data)
        .map_err(|e| CliError::Usage(format!("{}: {e}", folder.display())))
}

fn collect_files(folder: &Path, paths: &mut Vec<PathBuf>) -> Result<(), CliError> {
    let entries = std::fs::read_dir(folder)
        .map_err(|e| CliError::Usage(format!("cannot read folder {}: {e}", folder.display())))?;
    for entry in entries {
        let path = entry.map_err(|e| CliError::Usage(format!("cannot read folder {}: {e}", folder.display())))?.path();
        if path.is_dir() {
            collect_files(&path, paths)?;
        } else {
            paths.push(path);
        }
    }
    Ok(())
}
