//! The cases of `tests/bad_inputs/`: each input of a parser's folder (a file, a folder of
//! files read together, or a recipe the runner expands) and its sidecar
//! `NAME.expected`, whose lines are the texts the error message must contain.

use super::recipe;
use std::fs;
use std::path::Path;

/// The extension of a sidecar.
const SIDECAR: &str = ".expected";
/// The extension of a recipe (see [`recipe`]).
const RECIPE: &str = ".recipe";

/// One bad input.
#[derive(Debug)]
pub struct Case {
    /// The input's name in its folder (a recipe's without `.recipe`).
    pub name: String,
    /// The files, path and bytes: one for a file case, several for a folder case (paths
    /// relative to the case's folder, as a folder upload gives them).
    pub files: Vec<(String, Vec<u8>)>,
    /// Texts the message must contain, each non-empty line of the sidecar.
    pub expected: Vec<String>,
}

/// The cases of `folder`, sorted by name; a case without a sidecar, a sidecar without a
/// case, or an unreadable recipe is an error naming the file.
pub fn cases(folder: &Path) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    let mut sidecars = Vec::new();
    for (name, path) in entries(folder)? {
        if let Some(case) = name.strip_suffix(SIDECAR) {
            sidecars.push(case.to_string());
            continue;
        }
        let files = if path.is_dir() { files_under(&path, "")? } else { vec![read(&name, &path)?] };
        let name = name.strip_suffix(RECIPE).unwrap_or(&name).to_string();
        let sidecar = folder.join(format!("{name}{SIDECAR}"));
        let text = fs::read_to_string(&sidecar)
            .map_err(|e| format!("{}: the case has no readable sidecar {name}{SIDECAR} ({e})", folder.display()))?;
        let expected: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect();
        if expected.is_empty() {
            return Err(format!("{}: the sidecar {name}{SIDECAR} is empty", folder.display()));
        }
        cases.push(Case { name, files, expected });
    }
    if let Some(orphan) = sidecars.iter().find(|s| !cases.iter().any(|c| &c.name == *s)) {
        return Err(format!("{}: {orphan}{SIDECAR} has no input beside it", folder.display()));
    }
    Ok(cases)
}

/// The entries of `folder` by name, sorted, leaving out `README.md`.
fn entries(folder: &Path) -> Result<Vec<(String, std::path::PathBuf)>, String> {
    let listing = fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let mut entries = Vec::new();
    for entry in listing {
        let entry = entry.map_err(|e| format!("{}: {e}", folder.display()))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != "README.md" {
            entries.push((name, entry.path()));
        }
    }
    entries.sort();
    Ok(entries)
}

/// Every file under `folder`, with paths starting `prefix`; recipes are expanded.
fn files_under(folder: &Path, prefix: &str) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut files = Vec::new();
    for (name, path) in entries(folder)? {
        let relative = format!("{prefix}{name}");
        if path.is_dir() {
            files.extend(files_under(&path, &format!("{relative}/"))?);
        } else {
            files.push(read(&relative, &path)?);
        }
    }
    Ok(files)
}

/// The input `path` stands for, named `name` (a recipe expanded, without `.recipe`).
fn read(name: &str, path: &Path) -> Result<(String, Vec<u8>), String> {
    let bytes = fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    match name.strip_suffix(RECIPE) {
        Some(input) => {
            let text = String::from_utf8(bytes).map_err(|_| format!("{}: a recipe is UTF-8 text", path.display()))?;
            Ok((input.to_string(), recipe::expand(&text).map_err(|e| format!("{}: {e}", path.display()))?))
        }
        None => Ok((name.to_string(), bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh folder under the system's temporary folder.
    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("nnplay-bad-inputs-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn files_folders_and_recipes_are_cases_with_their_sidecars() {
        let dir = scratch("ok");
        fs::write(dir.join("a.csv"), "x\n").unwrap();
        fs::write(dir.join("a.csv.expected"), "line 2\n\ncolumn 1\n").unwrap();
        fs::write(dir.join("big.txt.recipe"), "repeat 3 \"ab\"").unwrap();
        fs::write(dir.join("big.txt.expected"), "big").unwrap();
        fs::create_dir_all(dir.join("pair/sub")).unwrap();
        fs::write(dir.join("pair/sub/x.npy"), "1").unwrap();
        fs::write(dir.join("pair.expected"), "x.npy").unwrap();
        let cases = cases(&dir).unwrap();
        let names: Vec<&str> = cases.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["a.csv", "big.txt", "pair"]);
        assert_eq!(cases[0].expected, ["line 2", "column 1"]);
        assert_eq!(cases[1].files, [("big.txt".to_string(), b"ababab".to_vec())]);
        assert_eq!(cases[2].files, [("sub/x.npy".to_string(), b"1".to_vec())]);
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_missing_or_orphan_sidecar_is_named() {
        let dir = scratch("missing");
        fs::write(dir.join("a.csv"), "x\n").unwrap();
        assert!(cases(&dir).unwrap_err().contains("no readable sidecar a.csv.expected"));
        fs::remove_file(dir.join("a.csv")).unwrap();
        fs::write(dir.join("b.csv.expected"), "line").unwrap();
        assert!(cases(&dir).unwrap_err().contains("b.csv.expected has no input beside it"));
        fs::remove_dir_all(dir).unwrap();
    }
}
