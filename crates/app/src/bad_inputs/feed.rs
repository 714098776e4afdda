//! Each parser of outside input, entered the way the app enters it: what the page does
//! with a link, an upload, a checkpoint or a host's message, and what the training worker
//! does with the run the page sends it (`Recipe::from_wire`, then `Recipe::build`, as
//! `worker::library::Library::check` does).

use crate::embed::{CommandError, HostCommand};
use crate::load::{checkpoint_file, user_data};
use crate::loaded::Recipe;
use crate::texts::Language;
use crate::worker::protocol::WireRecipe;
use nnplay_data::AssetFiles;
use nnplay_tensor::Device;
use nnplay_train::{RunData, RunSpec};
use std::sync::Arc;

/// A parser of outside input, named by its folder of `tests/bad_inputs/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parser {
    /// A run file (model spec and data), as the worker reads one the page sends.
    Spec,
    /// The page's URL hash (`share::parse`).
    Hash,
    /// Uploads, read by `load::user_data::read` by their extensions.
    Upload,
    /// A checkpoint file: the page peeks at it, the worker resumes it.
    Checkpoint,
    /// A host page's `postMessage` data as JSON text (`HostCommand::from_json`).
    Embed,
}

/// Every folder, its parser and the fewest cases it must hold.
pub const FOLDERS: [(&str, Parser, usize); 8] = [
    ("spec", Parser::Spec, 8),
    ("hash", Parser::Hash, 6),
    ("csv", Parser::Upload, 5),
    ("image", Parser::Upload, 4),
    ("text", Parser::Upload, 4),
    ("tensors", Parser::Upload, 6),
    ("checkpoint", Parser::Checkpoint, 6),
    ("embed", Parser::Embed, 6),
];

/// Feeds `files` to `parser`: the error message, or what the input was taken as (a bad
/// input that is accepted fails its case).
pub fn feed(parser: Parser, files: &[(String, Vec<u8>)]) -> Result<String, String> {
    let text = || files.first().map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned()).unwrap_or_default();
    match parser {
        Parser::Spec => build(WireRecipe::Run { run: text(), imported: None, assets: Vec::new() }),
        // An editor's final line break is no part of a hash, which a browser gives on one line.
        Parser::Hash => hash(text().trim_end_matches(['\n', '\r'])),
        Parser::Upload => upload(files),
        Parser::Checkpoint => {
            let bytes = files.first().map(|(_, bytes)| bytes.clone()).unwrap_or_default();
            // The page peeks first (which packed file or data it needs); only then the worker resumes.
            let peeked = checkpoint_file::peek(&bytes);
            build(WireRecipe::Checkpoint { bytes, assets: Vec::new(), imported: None })
                .map(|made| format!("{made} (peeked: {peeked:?})"))
        }
        Parser::Embed => match HostCommand::from_json(&text()) {
            Ok(command) => Ok(format!("the command {command:?}")),
            // The bridge drops a message not addressed to it without answering; it answers the others.
            Err(CommandError::NotAddressed(why)) => Err(format!("ignored: {why}")),
            Err(CommandError::Invalid(why)) => Err(format!("answered: {why}")),
        },
    }
}

/// The worker's check of a run the page sends: parse it, then build its session.
fn build(wire: WireRecipe) -> Result<String, String> {
    let recipe = Recipe::from_wire(wire)?;
    let session = recipe.build(Device::Cpu).map_err(|e| e.to_string())?;
    Ok(format!("a session of {} layers at step {}", session.summary().len(), session.steps()))
}

/// The page's reading of a link: every setting it cannot use is a message; a run the link
/// carries is then built as the worker would.
fn hash(text: &str) -> Result<String, String> {
    let parsed = crate::share::parse(text);
    if !parsed.errors.is_empty() {
        return Err(parsed.messages(false).join(" | "));
    }
    match parsed.state.run {
        crate::share::Run::Spec(run) => build(Recipe::Run { run: *run, assets: AssetFiles::new() }.to_wire()),
        run => Ok(format!("the link's run {run:?}")),
    }
}

/// The page's import of uploads, then the run it would build on them.
fn upload(files: &[(String, Vec<u8>)]) -> Result<String, String> {
    let user = user_data::read(files, Language::En)?;
    let model = nnplay_train::suggest_model(&user.data);
    let data = RunData::Imported { source: user.source, data: Arc::new(user.data) };
    build(Recipe::Run { run: RunSpec { model, data }, assets: AssetFiles::new() }.to_wire())
}
