//! What can be wrong with a link, as sentences in English and Chinese that name the
//! setting, the value found and what the page does instead.

use super::MAX_HASH_LENGTH;

/// Most characters of a value quoted in a message; the rest is cut with `…`.
const QUOTED_CHARACTERS: usize = 40;

/// An allowed interval of numbers, each end open or closed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Range {
    /// The lower end.
    pub low: f64,
    /// Whether `low` itself is allowed.
    pub low_inclusive: bool,
    /// The upper end.
    pub high: f64,
    /// Whether `high` itself is allowed.
    pub high_inclusive: bool,
}

impl Range {
    /// `[low, high]`.
    pub const fn closed(low: f64, high: f64) -> Range {
        Range { low, low_inclusive: true, high, high_inclusive: true }
    }
    /// `(low, high]`.
    pub const fn above(low: f64, high: f64) -> Range {
        Range { low, low_inclusive: false, high, high_inclusive: true }
    }
    /// `[low, high)`.
    pub const fn below(low: f64, high: f64) -> Range {
        Range { low, low_inclusive: true, high, high_inclusive: false }
    }

    /// Whether `value` lies inside.
    pub fn contains(&self, value: f64) -> bool {
        let above_low = if self.low_inclusive { value >= self.low } else { value > self.low };
        let below_high = if self.high_inclusive { value <= self.high } else { value < self.high };
        above_low && below_high
    }

    /// The range as the end of "it must be …".
    fn words(&self, zh: bool) -> String {
        let (low, high) = (self.low, self.high);
        match (self.low_inclusive, self.high_inclusive, zh) {
            (true, true, false) => format!("between {low} and {high}"),
            (false, true, false) => format!("above {low} and at most {high}"),
            (true, false, false) => format!("at least {low} and below {high}"),
            (false, false, false) => format!("above {low} and below {high}"),
            (true, true, true) => format!("在 {low} 到 {high} 之间"),
            (false, true, true) => format!("大于 {low} 且不超过 {high}"),
            (true, false, true) => format!("不小于 {low} 且小于 {high}"),
            (false, false, true) => format!("大于 {low} 且小于 {high}"),
        }
    }
}

/// What is wrong with one value.
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    /// The key has no `=`.
    NoValue,
    /// Not a number at all.
    NotANumber,
    /// NaN or infinite, or too large for the type.
    NotFinite,
    /// A fraction where a count is needed.
    NotWhole,
    /// Below zero where a count is needed.
    Negative,
    /// A number outside the allowed range.
    OutOfRange(Range),
    /// Not one of these names (comma-separated).
    UnknownName(String),
    /// One item of a list that must be whole (the hidden layers), with what is wrong with it.
    Item { item: String, problem: Box<Problem> },
    /// A list longer than allowed.
    TooMany { count: usize, max: usize },
    /// A `%` without two hex digits after it.
    BrokenPercent,
    /// Escaped bytes that are not UTF-8.
    NotUtf8,
    /// A character outside base64.
    NotBase64,
    /// Base64 cut short.
    TruncatedBase64,
    /// The inline run does not parse; the reason from `RunSpec::from_json`.
    BadSpec(String),
    /// Not a goal `metric<=value` or `metric>=value`.
    BadGoal,
    /// Not an `https://host[:port]` origin.
    BadOrigin,
    /// Not a schedule in the link's form.
    BadSchedule,
    /// A schedule out of range; the reason from `LrSchedule::validate`.
    ScheduleRange(String),
    /// A setting of model specs given with the 2-D playground.
    NotForPlayground,
    /// A setting of the 2-D playground given with another run.
    OnlyForPlayground,
}

impl Problem {
    /// The problem as the middle of a sentence about the value.
    fn words(&self, zh: bool) -> String {
        let text = |en: &str, chinese: &str| if zh { chinese.to_string() } else { en.to_string() };
        match self {
            Problem::NoValue => String::new(),
            Problem::NotANumber => text("not a number", "不是数字"),
            Problem::NotFinite => text("not a finite number", "不是有限的数"),
            Problem::NotWhole => text("not a whole number", "不是整数"),
            Problem::Negative => text("a negative number", "是负数"),
            Problem::OutOfRange(range) if zh => format!("但它必须{}", range.words(true)),
            Problem::OutOfRange(range) => format!("but it must be {}", range.words(false)),
            Problem::UnknownName(choices) if zh => format!("不在可选项之中（{choices}）"),
            Problem::UnknownName(choices) => format!("which is not one of {choices}"),
            Problem::Item { item, problem } => match (problem.as_ref(), zh) {
                (Problem::OutOfRange(range), false) => format!("whose item \"{item}\" must be {}", range.words(false)),
                (Problem::OutOfRange(range), true) => format!("其中的 \"{item}\" 必须{}", range.words(true)),
                (problem, false) => format!("whose item \"{item}\" is {}", problem.words(false)),
                (problem, true) => format!("其中的 \"{item}\" {}", problem.words(true)),
            },
            Problem::TooMany { count, max } if zh => format!("列出了 {count} 项，超过上限 {max} 项"),
            Problem::TooMany { count, max } => format!("a list of {count} items, more than the {max} allowed"),
            Problem::BrokenPercent => text(
                "which has a broken %-escape (the link may have been cut short)",
                "其中的 % 转义不完整（链接可能被截断了）",
            ),
            Problem::NotUtf8 => text("which does not decode to text", "解码后不是有效的文本"),
            Problem::NotBase64 => text("which is not base64 text", "不是 base64 文本"),
            Problem::TruncatedBase64 => text(
                "whose base64 text is incomplete (the link may have been cut short)",
                "其 base64 文本不完整（链接可能被截断了）",
            ),
            Problem::BadSpec(reason) if zh => {
                format!("不是页面能训练的模型（{}）", crate::engine_text::say(crate::texts::Language::Zh, reason))
            }
            Problem::BadSpec(reason) => format!("which is not a run the page can train ({reason})"),
            Problem::BadGoal => text(
                "which is not a goal such as test_loss<=0.2 or test_accuracy>=0.95",
                "不是形如 test_loss<=0.2 或 test_accuracy>=0.95 的目标",
            ),
            Problem::BadOrigin => text(
                "which is not an origin such as https://school.example or https://school.example:8443 \
                 (http or https; no path, not even a final /)",
                "不是形如 https://school.example 或 https://school.example:8443 的来源\
                 （须为 http 或 https；不能带路径，结尾也不能有 /）",
            ),
            Problem::BadSchedule => text(
                "which is not a schedule such as constant, step:100:0.5, exp:0.99, cosine:1000, \
                 linear:0.1:1:100 or warmup:100:0.1:cosine:1000",
                "不是形如 constant、step:100:0.5、exp:0.99、cosine:1000、linear:0.1:1:100 \
                 或 warmup:100:0.1:cosine:1000 的学习率计划",
            ),
            Problem::ScheduleRange(reason) if zh => {
                format!("不是有效的学习率计划（{}）", crate::engine_text::say(crate::texts::Language::Zh, reason))
            }
            Problem::ScheduleRange(reason) => format!("but its {reason}"),
            Problem::NotForPlayground => text("which the 2-D playground does not use", "二维练习场不使用这一项"),
            Problem::OnlyForPlayground => text("which only the 2-D playground uses", "只有二维练习场使用这一项"),
        }
    }
}

/// What the page does instead of a bad value.
#[derive(Debug, Clone, PartialEq)]
pub enum Fallback {
    /// It uses this default value, as written in a link.
    Default(String),
    /// It keeps the run's own setting (a preset's, a spec's).
    RunsOwn,
    /// It decides by itself (the browser's language, the run's usual panels).
    PageChooses,
    /// It trains the 2-D playground.
    Playground,
    /// It goes on as if the setting were not there.
    Ignored,
    /// It leaves this item out of the list and keeps the others.
    LeftOut,
}

impl Fallback {
    fn words(&self, zh: bool) -> String {
        match (self, zh) {
            (Fallback::Default(value), false) => format!("the default {value} is used"),
            (Fallback::Default(value), true) => format!("已改用默认值 {value}"),
            (Fallback::RunsOwn, false) => "the run's own setting is kept".into(),
            (Fallback::RunsOwn, true) => "沿用该训练自己的设置".into(),
            (Fallback::PageChooses, false) => "the page chooses by itself".into(),
            (Fallback::PageChooses, true) => "由页面自行决定".into(),
            (Fallback::Playground, false) => "the 2-D playground is used".into(),
            (Fallback::Playground, true) => "改用二维练习场".into(),
            (Fallback::Ignored, false) => "it is ignored".into(),
            (Fallback::Ignored, true) => "已忽略".into(),
            (Fallback::LeftOut, false) => "it is left out".into(),
            (Fallback::LeftOut, true) => "已略去这一项".into(),
        }
    }
}

/// One thing wrong with a link; the page shows [`HashError::message`] and goes on with
/// the fallback it names.
#[derive(Debug, Clone, PartialEq)]
pub enum HashError {
    /// A value (or, with [`Fallback::LeftOut`], one item of a list) that cannot be used.
    Field { key: &'static str, value: String, problem: Problem, fallback: Fallback },
    /// A key the page does not know.
    UnknownKey { key: String },
    /// A key given more than once: none of its values is used.
    DuplicateKey { key: &'static str, fallback: Fallback },
    /// More than one of `preset`, `dataset` and `spec`: none is used.
    RunConflict { keys: Vec<&'static str> },
    /// The whole hash is longer than [`MAX_HASH_LENGTH`]: nothing of it is used.
    TooLong { length: usize },
}

/// `text` cut to [`QUOTED_CHARACTERS`] characters.
pub fn shorten(text: &str) -> String {
    match text.char_indices().nth(QUOTED_CHARACTERS) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

impl HashError {
    /// The key the error is about, if one.
    pub fn key(&self) -> Option<&str> {
        match self {
            HashError::Field { key, .. } | HashError::DuplicateKey { key, .. } => Some(key),
            HashError::UnknownKey { key } => Some(key),
            HashError::RunConflict { .. } | HashError::TooLong { .. } => None,
        }
    }

    /// The error as a sentence, in Chinese when `zh`.
    pub fn message(&self, zh: bool) -> String {
        let quote = |keys: &[&str]| keys.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>();
        match self {
            HashError::Field { key, problem: Problem::NoValue, fallback, .. } => match zh {
                false => format!("The link's `{key}` has no value (write `{key}=…`); {}.", fallback.words(false)),
                true => format!("链接中的 `{key}` 没有值（应写作 `{key}=…`）；{}。", fallback.words(true)),
            },
            HashError::Field { key, value, problem, fallback } => {
                let value = shorten(value);
                let (problem, fallback_words) = (problem.words(zh), fallback.words(zh));
                match (zh, fallback == &Fallback::LeftOut) {
                    (false, false) => format!("The link's `{key}` is \"{value}\", {problem}; {fallback_words}."),
                    (false, true) => format!("The link's `{key}` lists \"{value}\", {problem}; {fallback_words}."),
                    (true, false) => format!("链接中的 `{key}` 是 \"{value}\"，{problem}；{fallback_words}。"),
                    (true, true) => format!("链接中 `{key}` 的 \"{value}\" {problem}；{fallback_words}。"),
                }
            }
            HashError::UnknownKey { key } => match zh {
                false => format!("The link has an unknown setting `{}`; it is ignored.", shorten(key)),
                true => format!("链接中有未知的设置 `{}`，已忽略。", shorten(key)),
            },
            HashError::DuplicateKey { key, fallback } => match zh {
                false => format!("The link gives `{key}` more than once; {}.", fallback.words(false)),
                true => format!("链接中 `{key}` 出现了不止一次；{}。", fallback.words(true)),
            },
            HashError::RunConflict { keys } => match zh {
                false => format!(
                    "The link names more than one run ({}); {}.",
                    quote(keys).join(", "),
                    Fallback::Playground.words(false)
                ),
                true => format!(
                    "链接同时指定了多个训练（{}）；{}。",
                    quote(keys).join("、"),
                    Fallback::Playground.words(true)
                ),
            },
            HashError::TooLong { length } => match zh {
                false => format!(
                    "The link's settings are {length} characters long, more than the {MAX_HASH_LENGTH} allowed; \
                     the defaults are used."
                ),
                true => format!("链接中的设置长达 {length} 个字符，超过上限 {MAX_HASH_LENGTH}；已改用默认设置。"),
            },
        }
    }
}

impl std::fmt::Display for HashError {
    /// The English message.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message(false))
    }
}

impl std::error::Error for HashError {}
