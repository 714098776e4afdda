//! How long ago a run was saved, in words: "2 min ago", "2 分钟前".

use crate::texts::Language;

/// `then_ms` seen from `now_ms` (both milliseconds since the epoch), rounded down to the
/// largest unit that fits (hours up to two days); a time in the future (a clock put back) reads "just now".
pub fn ago(now_ms: f64, then_ms: f64, language: Language) -> String {
    let seconds = ((now_ms - then_ms) / 1000.0).floor();
    if !seconds.is_finite() || seconds < 1.0 {
        return language.pick("just now", "刚刚").to_string();
    }
    let seconds = seconds as u64;
    let (count, en, zh) = match seconds {
        0..60 => (seconds, "s", "秒"),
        60..3600 => (seconds / 60, "min", "分钟"),
        3600..172_800 => (seconds / 3600, "h", "小时"),
        _ => (seconds / 86_400, "days", "天"),
    };
    match language {
        Language::En => format!("{count} {en} ago"),
        Language::Zh => format!("{count} {zh}前"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_717_000_000_000.0;

    fn en(seconds_before: f64) -> String {
        ago(NOW, NOW - seconds_before * 1000.0, Language::En)
    }

    #[test]
    fn the_largest_unit_that_fits_is_used() {
        assert_eq!(en(0.4), "just now");
        assert_eq!(en(7.9), "7 s ago");
        assert_eq!(en(150.0), "2 min ago");
        assert_eq!(en(3.0 * 3600.0), "3 h ago");
        assert_eq!(en(47.0 * 3600.0), "47 h ago");
        assert_eq!(en(3.0 * 86_400.0), "3 days ago");
        assert_eq!(ago(NOW, NOW - 150_000.0, Language::Zh), "2 分钟前");
    }

    #[test]
    fn a_future_or_unknown_time_reads_just_now() {
        assert_eq!(en(-60.0), "just now");
        assert_eq!(ago(NOW, f64::NAN, Language::Zh), "刚刚");
    }
}
