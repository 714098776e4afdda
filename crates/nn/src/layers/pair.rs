//! A size of a 2-D layer (kernel, stride, padding, dilation) written as PyTorch accepts
//! it: one number for both axes, or `[height, width]`.

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A `[height, width]` pair; JSON `3` means `[3, 3]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pair(pub [usize; 2]);

impl Pair {
    /// The same value on both axes.
    pub const fn square(value: usize) -> Pair {
        Pair([value, value])
    }
    /// The height (first) entry.
    pub fn height(self) -> usize {
        self.0[0]
    }
    /// The width (second) entry.
    pub fn width(self) -> usize {
        self.0[1]
    }
}

impl From<usize> for Pair {
    fn from(value: usize) -> Pair {
        Pair::square(value)
    }
}

impl From<[usize; 2]> for Pair {
    fn from(value: [usize; 2]) -> Pair {
        Pair(value)
    }
}

impl fmt::Display for Pair {
    /// `3×3`, the way error messages name a kernel.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}×{}", self.0[0], self.0[1])
    }
}

impl Serialize for Pair {
    /// A single number when both entries agree (the short form people write).
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.0[0] == self.0[1] { serializer.serialize_u64(self.0[0] as u64) } else { self.0.serialize(serializer) }
    }
}

impl<'de> Deserialize<'de> for Pair {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Pair, D::Error> {
        deserializer.deserialize_any(PairVisitor)
    }
}

/// Accepts a whole number or a list of two, with an error that shows both forms (an
/// untagged enum would only say "did not match any variant").
struct PairVisitor;

impl<'de> Visitor<'de> for PairVisitor {
    type Value = Pair;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a whole number such as 3, or a pair [height, width] such as [3, 5]")
    }
    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Pair, E> {
        usize::try_from(value).map(Pair::square).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(value), &self))
    }
    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Pair, E> {
        usize::try_from(value).map(Pair::square).map_err(|_| E::invalid_value(de::Unexpected::Signed(value), &self))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Pair, A::Error> {
        let height = seq.next_element::<usize>()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let width = seq.next_element::<usize>()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Ok(Pair([height, width]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_or_a_pair_reads_and_writes_back() {
        let one: Pair = serde_json::from_str("3").unwrap();
        assert_eq!(one, Pair([3, 3]));
        let two: Pair = serde_json::from_str("[2, 5]").unwrap();
        assert_eq!(two, Pair([2, 5]));
        assert_eq!(serde_json::to_string(&one).unwrap(), "3");
        assert_eq!(serde_json::to_string(&two).unwrap(), "[2,5]");
    }

    #[test]
    fn wrong_forms_say_what_is_expected() {
        for bad in ["-1", "[1, 2, 3]", "[4]", "\"3\"", "2.5"] {
            let error = serde_json::from_str::<Pair>(bad).unwrap_err().to_string();
            assert!(error.contains("a pair [height, width]"), "{bad}: {error}");
        }
    }
}
