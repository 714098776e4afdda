//! The spec as the JSON box shows it: one top-level field per line and one layer per
//! line, as the files in `examples/` are written, so a learner can read and edit it.

use nnplay_nn::ModelSpec;
use serde::Serialize;
use serde_json::Value;
use serde_json::ser::Formatter;
use std::io;

/// The order of a spec's fields in the text, as `docs/spec.md` lists them; any others
/// follow in name order.
const FIELD_ORDER: [&str; 8] =
    ["input", "layers", "loss", "optimizer", "schedule", "regularization", "batch_size", "seed"];

/// Compact JSON with a space after each `:` and `,`.
struct Spaced;

impl Formatter for Spaced {
    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }
    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        if first { Ok(()) } else { writer.write_all(b", ") }
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        writer.write_all(b": ")
    }
}

fn spaced(value: &impl Serialize) -> Result<String, String> {
    let mut out = Vec::new();
    value.serialize(&mut serde_json::Serializer::with_formatter(&mut out, Spaced)).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// `spec` as readable JSON that `ModelSpec::from_json` reads back to the same spec.
pub fn spec_text(spec: &ModelSpec) -> Result<String, String> {
    // The names of the fields the spec writes, read through its text so that a field this
    // file does not know still prints its f32 values as typed (0.01, not 0.009999999776).
    let compact = serde_json::to_string(spec).map_err(|e| e.to_string())?;
    let Value::Object(mut object) = serde_json::from_str(&compact).map_err(|e| e.to_string())? else {
        return Ok(compact);
    };
    let mut keys: Vec<String> = FIELD_ORDER.iter().map(|k| k.to_string()).filter(|k| object.contains_key(k)).collect();
    keys.extend(object.keys().filter(|k| !FIELD_ORDER.contains(&k.as_str())).cloned());
    let mut lines = Vec::with_capacity(keys.len());
    for key in keys {
        // The fields this build knows are written from their types (a layer's kind first);
        // any other from its JSON value.
        let text = match key.as_str() {
            "input" => spaced(&spec.input)?,
            "layers" if !spec.layers.is_empty() => {
                let rows = spec.layers.iter().map(|layer| Ok(format!("    {}", spaced(layer)?)));
                format!("[\n{}\n  ]", rows.collect::<Result<Vec<_>, String>>()?.join(",\n"))
            }
            "loss" => spaced(&spec.loss)?,
            "optimizer" => spaced(&spec.optimizer)?,
            "schedule" => spaced(&spec.schedule)?,
            "regularization" => spaced(&spec.regularization)?,
            "batch_size" => spaced(&spec.batch_size)?,
            "seed" => spaced(&spec.seed)?,
            _ => spaced(&object.remove(&key).unwrap_or_default())?,
        };
        lines.push(format!("  {}: {text}", spaced(&key)?));
    }
    Ok(format!("{{\n{}\n}}\n", lines.join(",\n")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_like_the_examples_and_reads_back() {
        let mut run: Value = serde_json::from_str(include_str!("../../../../examples/cnn.json")).unwrap();
        run.as_object_mut().unwrap().remove("data");
        let spec = ModelSpec::from_json(&run.to_string()).unwrap();
        let text = spec_text(&spec).unwrap();
        assert!(text.starts_with("{\n  \"input\": [1, 28, 28],\n  \"layers\": [\n    {\"kind\": \"conv2d\""), "{text}");
        assert!(text.contains("\"learning_rate\": 0.01"), "f32 settings print as typed: {text}");
        // One line per layer, each top-level field on its own line.
        assert_eq!(text.lines().count(), 2 + spec.layers.len() + 2 + 6 + 1, "{text}");
        assert_eq!(ModelSpec::from_json(&text).unwrap(), spec);
    }
}
