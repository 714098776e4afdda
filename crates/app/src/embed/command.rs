//! What the host page may ask of an embedded playground, read from its `postMessage`
//! data: `{target: "nn-playground", type: "play" | "pause" | "reset" | "step"}` or
//! `{target: "nn-playground", type: "set", field, value}`. The data comes from another
//! site, so every part is checked and every refusal is a sentence naming the problem.

use serde_json::{Map, Value};
use std::fmt;

/// The `target` every command carries, so messages meant for other scripts are told apart.
pub const MESSAGE_TARGET: &str = "nn-playground";
/// Longest message read, in characters of JSON; a command is a few dozen.
pub const MAX_MESSAGE_CHARS: usize = 4096;
/// Longest string read in a message (a type, a field, a speed name).
pub const MAX_TEXT_CHARS: usize = 64;
/// Largest batch size a host may ask for; the session then checks it against its data.
pub const MAX_BATCH_SIZE: u64 = 4096;
/// Largest seed: the largest whole number a JavaScript number holds exactly (2^53 − 1).
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The names of the speed ladder (steps a second, or `max`), as the page's speed menu has them.
pub const SPEED_NAMES: [&str; 5] = ["1", "4", "16", "60", "max"];

const TYPES: &str = "play, pause, reset, step, set";

/// A command from the host page.
#[derive(Debug, Clone, PartialEq)]
pub enum HostCommand {
    Play,
    Pause,
    Reset,
    /// One training step (while paused).
    Step,
    /// Change one setting; the value has been checked against the field's range.
    Set {
        field: SetField,
        value: SetValue,
    },
}

/// The settings a host may change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetField {
    LearningRate,
    BatchSize,
    L1,
    L2,
    Dropout,
    Momentum,
    Seed,
    /// The speed ladder: a [`SetValue::Name`] from [`SPEED_NAMES`].
    Speed,
}

/// The value of a [`HostCommand::Set`]; each field takes one kind.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    /// A finite rate (learning rate, L1, L2, dropout, momentum).
    Number(f64),
    /// A whole number (batch size, seed).
    Integer(u64),
    /// A name from a fixed list (the speed).
    Name(String),
}

/// Why a message is not a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CommandError {
    /// The message is not addressed to the playground (no `target: "nn-playground"`): some
    /// other script's, to be ignored without an answer.
    NotAddressed(String),
    /// A message to the playground that cannot be carried out, to be answered with an error event.
    Invalid(String),
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommandError::NotAddressed(message) | CommandError::Invalid(message) => f.write_str(message),
        }
    }
}

impl SetField {
    /// Every field, in the order error messages list them.
    pub const ALL: [SetField; 8] = [
        SetField::LearningRate,
        SetField::BatchSize,
        SetField::L1,
        SetField::L2,
        SetField::Dropout,
        SetField::Momentum,
        SetField::Seed,
        SetField::Speed,
    ];

    /// Its name in messages (`learning_rate`).
    pub fn name(self) -> &'static str {
        match self {
            SetField::LearningRate => "learning_rate",
            SetField::BatchSize => "batch_size",
            SetField::L1 => "l1",
            SetField::L2 => "l2",
            SetField::Dropout => "dropout",
            SetField::Momentum => "momentum",
            SetField::Seed => "seed",
            SetField::Speed => "speed",
        }
    }

    /// The field of this name, if there is one.
    pub fn from_name(name: &str) -> Option<SetField> {
        SetField::ALL.into_iter().find(|field| field.name() == name)
    }

    /// What the field takes, in words that follow "it takes".
    fn range(self) -> &'static str {
        match self {
            SetField::LearningRate => "a number above 0 and at most 10",
            SetField::BatchSize => "a whole number from 1 to 4096",
            SetField::L1 | SetField::L2 => "a number from 0 to 1",
            SetField::Dropout | SetField::Momentum => "a number from 0 up to (not including) 1",
            SetField::Seed => "a whole number from 0 to 9007199254740991",
            SetField::Speed => "one of 1, 4, 16, 60, max",
        }
    }

    /// The value as this field takes it, if it is in range (`None` for wrong kinds too).
    fn check(self, value: &Value) -> Option<SetValue> {
        let number = value.as_f64().filter(|n| n.is_finite());
        let integer = number.filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= MAX_SEED as f64).map(|n| n as u64);
        match self {
            SetField::LearningRate => number.filter(|n| *n > 0.0 && *n <= 10.0).map(SetValue::Number),
            SetField::L1 | SetField::L2 => number.filter(|n| (0.0..=1.0).contains(n)).map(SetValue::Number),
            SetField::Dropout | SetField::Momentum => number.filter(|n| (0.0..1.0).contains(n)).map(SetValue::Number),
            SetField::BatchSize => integer.filter(|n| (1..=MAX_BATCH_SIZE).contains(n)).map(SetValue::Integer),
            SetField::Seed => integer.map(SetValue::Integer),
            SetField::Speed => {
                let name = match value {
                    Value::String(name) => name.clone(),
                    Value::Number(_) => integer?.to_string(),
                    _ => return None,
                };
                SPEED_NAMES.contains(&name.as_str()).then_some(SetValue::Name(name))
            }
        }
    }
}

impl HostCommand {
    /// Reads a command from the JSON text of a message (a host may post a string).
    pub fn from_json(text: &str) -> Result<HostCommand, CommandError> {
        let length = text.chars().count();
        if length > MAX_MESSAGE_CHARS {
            return Err(CommandError::Invalid(format!(
                "the message is {length} characters of JSON; a command is at most {MAX_MESSAGE_CHARS}"
            )));
        }
        let value: Value = serde_json::from_str(text)
            .map_err(|e| CommandError::NotAddressed(format!("the message is not JSON ({e})")))?;
        HostCommand::from_value(&value)
    }

    /// Reads a command from a message's data.
    pub fn from_value(value: &Value) -> Result<HostCommand, CommandError> {
        let invalid = |message: String| Err(CommandError::Invalid(message));
        let Value::Object(message) = value else {
            return Err(CommandError::NotAddressed(format!(
                "the message is {}, not an object with \"target\": \"{MESSAGE_TARGET}\"",
                describe(value)
            )));
        };
        match message.get("target") {
            Some(Value::String(target)) if target == MESSAGE_TARGET => {}
            Some(other) => {
                return Err(CommandError::NotAddressed(format!(
                    "the message's \"target\" is {}, not \"{MESSAGE_TARGET}\"",
                    describe(other)
                )));
            }
            None => {
                return Err(CommandError::NotAddressed(format!("the message has no \"target\": \"{MESSAGE_TARGET}\"")));
            }
        }
        let Some(kind) = message.get("type") else {
            return invalid(format!("the message has no \"type\"; use one of {TYPES}"));
        };
        let kind = text(kind, "type", TYPES)?;
        let command = match kind {
            "play" => HostCommand::Play,
            "pause" => HostCommand::Pause,
            "reset" => HostCommand::Reset,
            "step" => HostCommand::Step,
            "set" => set(message)?,
            other => return invalid(format!("\"{other}\" is not a command; use one of {TYPES}")),
        };
        let allowed: &[&str] = if kind == "set" { &["target", "type", "field", "value"] } else { &["target", "type"] };
        if let Some(key) = message.keys().find(|key| !allowed.contains(&key.as_str())) {
            let key = shorten(key);
            return invalid(format!("a \"{kind}\" message has no key \"{key}\"; it takes {}", allowed.join(", ")));
        }
        Ok(command)
    }
}

/// The field and value of a `set` message.
fn set(message: &Map<String, Value>) -> Result<HostCommand, CommandError> {
    let names = SetField::ALL.map(SetField::name).join(", ");
    let Some(field) = message.get("field") else {
        return Err(CommandError::Invalid(format!("a \"set\" message needs a \"field\": one of {names}")));
    };
    let name = text(field, "field", &names)?;
    let Some(field) = SetField::from_name(name) else {
        return Err(CommandError::Invalid(format!(
            "\"{name}\" is not a setting the host can change; use one of {names}"
        )));
    };
    let name = field.name();
    let range = field.range();
    let value = match message.get("value") {
        None => return Err(CommandError::Invalid(format!("setting {name} needs a \"value\": {range}"))),
        Some(Value::Null) => {
            return Err(CommandError::Invalid(format!(
                "{name} is null; it takes {range} (NaN and infinities arrive as null)"
            )));
        }
        Some(Value::String(text)) if text.chars().count() > MAX_TEXT_CHARS => {
            let length = text.chars().count();
            return Err(CommandError::Invalid(format!(
                "{name} is a string of {length} characters; at most {MAX_TEXT_CHARS} are read"
            )));
        }
        Some(value) => value,
    };
    match field.check(value) {
        Some(value) => Ok(HostCommand::Set { field, value }),
        None => Err(CommandError::Invalid(format!("{name} is {}; it takes {range}", describe(value)))),
    }
}

/// The string in `value` (the message's `key`), or why it is none; `choices` names what it may be.
fn text<'a>(value: &'a Value, key: &str, choices: &str) -> Result<&'a str, CommandError> {
    match value {
        Value::String(text) if text.chars().count() > MAX_TEXT_CHARS => {
            let length = text.chars().count();
            Err(CommandError::Invalid(format!(
                "the message's \"{key}\" is {length} characters long; at most {MAX_TEXT_CHARS} are read"
            )))
        }
        Value::String(text) => Ok(text),
        other => Err(CommandError::Invalid(format!(
            "the message's \"{key}\" is {}, not a string; use one of {choices}",
            describe(other)
        ))),
    }
}

/// A value as a message quotes it: numbers and short strings as they are, the rest by kind.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => match number.as_f64() {
            Some(n) if n.abs() >= 1e9 || (n != 0.0 && n.abs() < 1e-6) => format!("{n:e}"),
            _ => number.to_string(),
        },
        Value::String(text) => format!("the string \"{}\"", shorten(text)),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// `text`, cut to [`MAX_TEXT_CHARS`] characters.
fn shorten(text: &str) -> String {
    if text.chars().count() <= MAX_TEXT_CHARS {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX_TEXT_CHARS).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn invalid(message: Value) -> String {
        match HostCommand::from_value(&message) {
            Err(CommandError::Invalid(text)) => text,
            other => panic!("{message} gave {other:?}, not an Invalid error"),
        }
    }

    fn not_addressed(message: Value) -> String {
        match HostCommand::from_value(&message) {
            Err(CommandError::NotAddressed(text)) => text,
            other => panic!("{message} gave {other:?}, not a NotAddressed error"),
        }
    }

    fn set(field: &str, value: Value) -> Result<HostCommand, CommandError> {
        HostCommand::from_value(&json!({"target": "nn-playground", "type": "set", "field": field, "value": value}))
    }

    fn set_error(field: &str, value: Value) -> String {
        set(field, value).unwrap_err().to_string()
    }

    #[test]
    fn the_four_plain_commands_parse() {
        for (kind, command) in [
            ("play", HostCommand::Play),
            ("pause", HostCommand::Pause),
            ("reset", HostCommand::Reset),
            ("step", HostCommand::Step),
        ] {
            assert_eq!(HostCommand::from_value(&json!({"target": "nn-playground", "type": kind})), Ok(command.clone()));
            let text = format!(r#"{{"target":"nn-playground","type":"{kind}"}}"#);
            assert_eq!(HostCommand::from_json(&text), Ok(command));
        }
    }

    #[test]
    fn every_field_takes_its_kind_of_value() {
        let number = |field: SetField, n: f64| Ok(HostCommand::Set { field, value: SetValue::Number(n) });
        let integer = |field: SetField, n: u64| Ok(HostCommand::Set { field, value: SetValue::Integer(n) });
        assert_eq!(set("learning_rate", json!(0.03)), number(SetField::LearningRate, 0.03));
        assert_eq!(set("learning_rate", json!(10)), number(SetField::LearningRate, 10.0));
        assert_eq!(set("l1", json!(0)), number(SetField::L1, 0.0));
        assert_eq!(set("l2", json!(1)), number(SetField::L2, 1.0));
        assert_eq!(set("dropout", json!(0.5)), number(SetField::Dropout, 0.5));
        assert_eq!(set("momentum", json!(0.9)), number(SetField::Momentum, 0.9));
        assert_eq!(set("batch_size", json!(32)), integer(SetField::BatchSize, 32));
        assert_eq!(set("batch_size", json!(64.0)), integer(SetField::BatchSize, 64));
        assert_eq!(set("seed", json!(0)), integer(SetField::Seed, 0));
        assert_eq!(set("seed", json!(MAX_SEED)), integer(SetField::Seed, MAX_SEED));
        for name in SPEED_NAMES {
            let speed = Ok(HostCommand::Set { field: SetField::Speed, value: SetValue::Name(name.into()) });
            assert_eq!(set("speed", json!(name)), speed);
        }
        let sixteen = Ok(HostCommand::Set { field: SetField::Speed, value: SetValue::Name("16".into()) });
        assert_eq!(set("speed", json!(16)), sixteen, "a number on the ladder is taken as its name");
    }

    #[test]
    fn values_out_of_range_are_named_with_the_range() {
        assert_eq!(
            set_error("learning_rate", json!(0)),
            "learning_rate is 0; it takes a number above 0 and at most 10"
        );
        assert_eq!(
            set_error("learning_rate", json!(20)),
            "learning_rate is 20; it takes a number above 0 and at most 10"
        );
        assert_eq!(set_error("l1", json!(-0.5)), "l1 is -0.5; it takes a number from 0 to 1");
        assert_eq!(set_error("l2", json!(1.5)), "l2 is 1.5; it takes a number from 0 to 1");
        assert_eq!(set_error("dropout", json!(1)), "dropout is 1; it takes a number from 0 up to (not including) 1");
        assert_eq!(
            set_error("momentum", json!(-1e-9)),
            "momentum is -1e-9; it takes a number from 0 up to (not including) 1"
        );
        assert_eq!(set_error("batch_size", json!(0)), "batch_size is 0; it takes a whole number from 1 to 4096");
        assert_eq!(set_error("batch_size", json!(2.5)), "batch_size is 2.5; it takes a whole number from 1 to 4096");
        assert_eq!(set_error("batch_size", json!(5000)), "batch_size is 5000; it takes a whole number from 1 to 4096");
        assert_eq!(set_error("seed", json!(-1)), "seed is -1; it takes a whole number from 0 to 9007199254740991");
        assert_eq!(
            set_error("seed", json!(1e300)),
            "seed is 1e300; it takes a whole number from 0 to 9007199254740991"
        );
        assert_eq!(set_error("speed", json!(17)), "speed is 17; it takes one of 1, 4, 16, 60, max");
        assert_eq!(
            set_error("speed", json!("fast")),
            "speed is the string \"fast\"; it takes one of 1, 4, 16, 60, max"
        );
    }

    #[test]
    fn wrong_kinds_and_nan_are_named() {
        assert_eq!(
            set_error("learning_rate", json!("0.1")),
            "learning_rate is the string \"0.1\"; it takes a number above 0 and at most 10"
        );
        assert_eq!(set_error("seed", json!(true)), "seed is true; it takes a whole number from 0 to 9007199254740991");
        assert_eq!(set_error("l2", json!([0.1])), "l2 is an array; it takes a number from 0 to 1");
        assert_eq!(set_error("speed", json!({"x": 1})), "speed is an object; it takes one of 1, 4, 16, 60, max");
        // JSON has no NaN: JSON.stringify and serde_json both turn it into null.
        assert_eq!(serde_json::to_value(f64::NAN).unwrap(), Value::Null);
        assert_eq!(
            set_error("learning_rate", Value::Null),
            "learning_rate is null; it takes a number above 0 and at most 10 (NaN and infinities arrive as null)"
        );
    }

    #[test]
    fn missing_and_unknown_parts_are_named() {
        assert_eq!(
            invalid(json!({"target": "nn-playground"})),
            "the message has no \"type\"; use one of play, pause, reset, step, set"
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": 3})),
            "the message's \"type\" is 3, not a string; use one of play, pause, reset, step, set"
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "jump"})),
            "\"jump\" is not a command; use one of play, pause, reset, step, set"
        );
        let fields = "learning_rate, batch_size, l1, l2, dropout, momentum, seed, speed";
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "value": 1})),
            format!("a \"set\" message needs a \"field\": one of {fields}")
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "field": null, "value": 1})),
            format!("the message's \"field\" is null, not a string; use one of {fields}")
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "field": "lr", "value": 1})),
            format!("\"lr\" is not a setting the host can change; use one of {fields}")
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "field": "seed"})),
            "setting seed needs a \"value\": a whole number from 0 to 9007199254740991"
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "play", "value": 1})),
            "a \"play\" message has no key \"value\"; it takes target, type"
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "field": "l1", "value": 0, "id": 7})),
            "a \"set\" message has no key \"id\"; it takes target, type, field, value"
        );
    }

    #[test]
    fn oversized_strings_and_messages_are_refused_unread() {
        let long = "x".repeat(MAX_TEXT_CHARS + 1);
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": long})),
            "the message's \"type\" is 65 characters long; at most 64 are read"
        );
        assert_eq!(
            invalid(json!({"target": "nn-playground", "type": "set", "field": long, "value": 1})),
            "the message's \"field\" is 65 characters long; at most 64 are read"
        );
        assert_eq!(set_error("speed", json!(long)), "speed is a string of 65 characters; at most 64 are read");
        let huge = format!(r#"{{"target":"nn-playground","type":"play","pad":"{}"}}"#, "x".repeat(5000));
        assert_eq!(huge.len(), 5049);
        let error = HostCommand::from_json(&huge).unwrap_err();
        assert_eq!(
            error,
            CommandError::Invalid("the message is 5049 characters of JSON; a command is at most 4096".into())
        );
        let key = "k".repeat(200);
        let message = invalid(json!({"target": "nn-playground", "type": "play", key: 1}));
        assert!(message.ends_with("…\"; it takes target, type"), "the key is cut short: {message}");
        assert_eq!(
            message.chars().count(),
            "a \"play\" message has no key \"…\"; it takes target, type".chars().count() + 64
        );
    }

    #[test]
    fn messages_for_other_scripts_are_told_apart() {
        assert_eq!(
            not_addressed(json!("hello")),
            "the message is the string \"hello\", not an object with \"target\": \"nn-playground\""
        );
        assert_eq!(not_addressed(json!({"type": "play"})), "the message has no \"target\": \"nn-playground\"");
        assert_eq!(
            not_addressed(json!({"target": "other-widget", "type": "play"})),
            "the message's \"target\" is the string \"other-widget\", not \"nn-playground\""
        );
        assert!(
            matches!(HostCommand::from_json("{not json"), Err(CommandError::NotAddressed(m)) if m.starts_with("the message is not JSON ("))
        );
    }
}
