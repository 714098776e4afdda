//! `nnplay presets`: the ready runs, with what each shows and the outcome it documents.

use crate::CliError;
use clap::Args;
use nnplay_train::presets::{Preset, Text};
use serde::Serialize;

/// Options of `nnplay presets`.
#[derive(Args, Debug)]
pub struct PresetsArgs {
    /// One JSON array on stdout instead of the list.
    #[arg(long)]
    json: bool,
    /// Language of the texts: en or zh.
    #[arg(long, default_value = "en")]
    lang: Language,
}

/// The languages the preset texts come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Language {
    /// English.
    En,
    /// Chinese.
    Zh,
}

impl Language {
    fn pick(self, text: &Text) -> &str {
        match self {
            Language::En => &text.en,
            Language::Zh => &text.zh,
        }
    }
}

/// One preset as `--json` prints it.
#[derive(Serialize)]
struct Entry<'a> {
    name: &'a str,
    title: &'a str,
    summary: &'a str,
    expected: &'a str,
    explanation: &'a str,
    /// Steps the documented outcome is measured after (`nnplay train --preset` trains them).
    steps: u64,
}

/// Prints every preset.
pub fn run(args: PresetsArgs) -> Result<(), CliError> {
    let presets = nnplay_train::presets::all();
    let entries: Vec<Entry> = presets.iter().map(|preset| entry(preset, args.lang)).collect();
    if args.json {
        println!("{}", serde_json::to_string(&entries).expect("presets serialise"));
        return Ok(());
    }
    let expected = match args.lang {
        Language::En => "Expected",
        Language::Zh => "预期结果",
    };
    for (i, entry) in entries.iter().enumerate() {
        if i > 0 {
            println!();
        }
        println!("{}  {}", entry.name, entry.title);
        println!("    {}", entry.summary);
        println!("    {expected}: {}", entry.expected);
    }
    Ok(())
}

fn entry(preset: &Preset, lang: Language) -> Entry<'_> {
    Entry {
        name: &preset.name,
        title: lang.pick(&preset.title),
        summary: lang.pick(&preset.summary),
        expected: lang.pick(&preset.expected),
        explanation: lang.pick(&preset.explanation),
        steps: preset.check.steps,
    }
}
