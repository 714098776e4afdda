//! The lint that no string becomes HTML: the page and the embed script build every
//! element through yew or the DOM (`textContent`, `setAttribute`), so a dataset name, CSV
//! header, spec field or link value is always text. This step fails on any API that parses
//! a string as HTML or runs it as code, in the app's Rust and in `www/`.

use anyhow::{Result, bail};
use std::path::{Path, PathBuf};

/// The APIs that parse strings as markup or code, as they are spelled in Rust or JavaScript.
const FORBIDDEN: [&str; 10] = [
    "from_html_unchecked",
    "set_inner_html",
    "set_outer_html",
    "insert_adjacent_html",
    "innerHTML",
    "outerHTML",
    "insertAdjacentHTML",
    "document.write",
    "eval(",
    "new Function(",
];

/// Fails, listing file, line and API, where a source under `crates/app/src` or `www` uses one.
pub fn check(root: &Path) -> Result<()> {
    let mut files = Vec::new();
    collect(&root.join("crates/app/src"), &["rs"], &mut files)?;
    collect(&root.join("www"), &["js", "html"], &mut files)?;
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        for (line, api) in forbidden_uses(&text) {
            found.push(format!("{}:{line}: {api}", file.strip_prefix(root).unwrap_or(file).display()));
        }
    }
    if !found.is_empty() {
        bail!("strings must not become HTML or code; build elements instead:\n  {}", found.join("\n  "));
    }
    println!("    {} files, none turns a string into HTML or code", files.len());
    Ok(())
}

/// The (1-based) lines of `text` that use a forbidden API, with the API.
fn forbidden_uses(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let code = line.trim_start();
        // Comments may name the APIs (this file's do).
        if code.starts_with("//") || code.starts_with('*') || code.starts_with("/*") {
            continue;
        }
        found.extend(FORBIDDEN.iter().filter(|api| line.contains(*api)).map(|api| (index + 1, *api)));
    }
    found
}

/// The files under `dir` (recursively) whose extension is one of `extensions`, except data.
fn collect(dir: &Path, extensions: &[&str], files: &mut Vec<PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|name| name != "data") {
                collect(&path, extensions, files)?;
            }
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e)) {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_code_from_strings_are_found_by_line() {
        let text =
            "let a = 1;\nnode.set_inner_html(&name);\n// innerHTML in a comment is fine\nel.innerHTML = x; eval(y)\n";
        assert_eq!(forbidden_uses(text), [(2, "set_inner_html"), (4, "innerHTML"), (4, "eval(")]);
        assert!(forbidden_uses("el.textContent = name;\nel.setAttribute('title', t);").is_empty());
    }

    #[test]
    fn the_tree_passes() {
        check(&crate::process::repo_root()).unwrap();
    }
}
