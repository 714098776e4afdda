//! The datasets beyond 2-D points, named in a run file's `"data"` entry: generated ones
//! (bars, shapes, parity, the adding problem, copy/reverse, sine waves, tones, a short
//! text) and packed ones (digits, English and Chinese text, spoken digits; see
//! [`crate::AssetFiles`]). Each gives a [`TensorData`]: examples as flat f32 rows.

use crate::corpus::Corpus;
use crate::digits::{AssetError, DigitsView};
use crate::sequences::{AddingSettings, CopySettings, SineSettings};
use crate::shapes::ShapesSettings;
use crate::tones::TonesSettings;
use crate::{AssetFiles, DataError};
use nnplay_tensor::rng::StreamRng;
use serde::{Deserialize, Serialize};

/// Which generated dataset, with its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum SyntheticSpec {
    /// 1×size×size images of one bright bar on a noisy background; the class is its
    /// direction: 0 horizontal, 1 vertical, 2 diagonal.
    Bars { samples: usize, size: usize },
    /// Sequences of `length` random bits, each `[bit]`; the class is the parity of the
    /// count of ones in the last `window` bits (the recent past: what a recurrent net
    /// must remember until the end).
    Parity { samples: usize, length: usize, window: usize },
    /// Windows of `length` characters of a built-in text as token ids; the target of
    /// each position is the next character.
    Chars { samples: usize, length: usize },
    /// The real handwritten digits, 1×8×8 (or 1×16×16 when `upscaled`); see [`crate::digits`].
    Digits {
        #[serde(default)]
        upscaled: bool,
    },
    /// Circles, squares, triangles and crosses; see [`crate::shapes`].
    Shapes(ShapesSettings),
    /// The adding problem (a regression); see [`crate::sequences`].
    Adding(AddingSettings),
    /// Repeat a string of symbols after a delimiter.
    Copy(CopySettings),
    /// Repeat a string of symbols backwards after a delimiter.
    Reverse(CopySettings),
    /// Forecast the next value of a sine wave (a regression).
    Sine(SineSettings),
    /// Tones, chords, chirps and noise as log-mel spectrograms; see [`crate::tones`].
    Tones(TonesSettings),
    /// Spoken digits as log-mel spectrograms; see [`crate::spoken`].
    SpokenDigits,
    /// Windows of a packed text for character-level language models: `"en"` (Genesis) or
    /// `"zh"` (Tang poems); see [`crate::corpus`].
    Text { language: TextLanguage, samples: usize, length: usize },
}

/// Which packed text a [`SyntheticSpec::Text`] run reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextLanguage {
    En,
    Zh,
}

impl TextLanguage {
    /// The packed file of this language's text.
    pub fn file(self) -> &'static str {
        match self {
            TextLanguage::En => crate::corpus::ENGLISH_FILE,
            TextLanguage::Zh => crate::corpus::CHINESE_FILE,
        }
    }
}

/// Generated examples: `inputs` holds `len` rows of `input_shape`, `targets` holds `len`
/// rows of `target_shape` (class indices; `[]` for one class per example, `[time]` for
/// one per position).
#[derive(Debug, Clone, PartialEq)]
pub struct TensorData {
    pub inputs: Vec<f32>,
    pub input_shape: Vec<usize>,
    pub targets: Vec<f32>,
    pub target_shape: Vec<usize>,
    /// Number of classes (the vocabulary size for text).
    pub classes: usize,
    pub len: usize,
}

/// The text the character model learns: short, with enough repetition to be learnable
/// in a few hundred steps.
pub const TEXT: &str = "the quick brown fox jumps over the lazy dog. \
the lazy dog sleeps in the sun. the quick fox runs to the woods. ";

impl SyntheticSpec {
    /// The packed file this dataset reads, if any (the browser fetches it first).
    pub fn asset(&self) -> Option<&'static str> {
        match self {
            SyntheticSpec::Digits { .. } => Some(crate::digits::FILE),
            SyntheticSpec::SpokenDigits => Some(crate::spoken::FILE),
            SyntheticSpec::Text { language, .. } => Some(language.file()),
            _ => None,
        }
    }

    /// Whether the examples come in an order (by class, by speaker) that must be shuffled
    /// before the test share is cut off; generated ones are random already.
    pub fn ordered(&self) -> bool {
        matches!(self, SyntheticSpec::Digits { .. } | SyntheticSpec::SpokenDigits)
    }

    /// For datasets whose fair test set is a group of their own (the spoken digits of
    /// voices never heard in training, windows of the last fifth of a text), which
    /// examples are held out for testing; `None` means a random share will do.
    pub fn held_out(&self, assets: &AssetFiles) -> Result<Option<Vec<bool>>, DataError> {
        match self {
            SyntheticSpec::SpokenDigits => {
                let file = crate::spoken::FILE;
                let voices = crate::spoken::voices(asset(assets, file)?).map_err(|e| asset_error(file, e))?;
                // Every fifth voice: 8 of the 40, each saying every digit, so 20 % of the clips.
                Ok(Some(voices.of_clip.iter().map(|voice| voice % 5 == 4).collect()))
            }
            SyntheticSpec::Text { samples, .. } => Ok(Some((0..*samples).map(crate::corpus::is_test_window).collect())),
            _ => Ok(None),
        }
    }

    /// The text a [`SyntheticSpec::Text`] or [`SyntheticSpec::Chars`] run models, for
    /// turning token ids back into characters.
    pub fn corpus(&self, assets: &AssetFiles) -> Result<Option<Corpus>, DataError> {
        match self {
            SyntheticSpec::Chars { .. } => Ok(Some(Corpus::new(TEXT).map_err(|e| asset_error("built-in text", e))?)),
            SyntheticSpec::Text { language, .. } => {
                let file = language.file();
                Corpus::from_utf8(asset(assets, file)?).map(Some).map_err(|e| asset_error(file, e))
            }
            _ => Ok(None),
        }
    }

    /// Generates the examples from `seed`, reading packed files from `assets`.
    pub fn generate_with(&self, seed: u64, assets: &AssetFiles) -> Result<TensorData, DataError> {
        match *self {
            SyntheticSpec::Digits { upscaled } => {
                let view = if upscaled { DigitsView::Upscaled } else { DigitsView::Small };
                let file = crate::digits::FILE;
                crate::digits::load(asset(assets, file)?, view).map_err(|e| asset_error(file, e))
            }
            SyntheticSpec::SpokenDigits => {
                let file = crate::spoken::FILE;
                crate::spoken::load(asset(assets, file)?).map_err(|e| asset_error(file, e))
            }
            SyntheticSpec::Text { samples, length, .. } => {
                check("samples", samples, 10, 20_000)?;
                let corpus = self.corpus(assets)?.expect("text runs have a corpus");
                let file = self.asset().expect("text runs read a file");
                corpus.held_out_windows(samples, length, seed).map_err(|e| asset_error(file, e))
            }
            SyntheticSpec::Shapes(settings) => crate::shapes::generate(settings, seed),
            SyntheticSpec::Adding(settings) => crate::sequences::adding(settings, seed),
            SyntheticSpec::Copy(settings) => crate::sequences::copy(settings, seed),
            SyntheticSpec::Reverse(settings) => crate::sequences::reverse(settings, seed),
            SyntheticSpec::Sine(settings) => crate::sequences::sine(settings, seed),
            SyntheticSpec::Tones(settings) => crate::tones::generate(settings, seed),
            _ => self.generate(seed),
        }
    }

    /// Generates the examples of a dataset that needs no packed file from `seed`.
    pub fn generate(&self, seed: u64) -> Result<TensorData, DataError> {
        let mut rng = StreamRng::new(seed, 0);
        match *self {
            SyntheticSpec::Bars { samples, size } => {
                check("samples", samples, 10, 20_000)?;
                check("size", size, 6, 64)?;
                Ok(bars(samples, size, &mut rng))
            }
            SyntheticSpec::Parity { samples, length, window } => {
                check("samples", samples, 10, 20_000)?;
                check("length", length, 1, 256)?;
                check("window", window, 1, length)?;
                Ok(parity(samples, length, window, &mut rng))
            }
            SyntheticSpec::Chars { samples, length } => {
                check("samples", samples, 10, 20_000)?;
                check("length", length, 2, TEXT.len() - 1)?;
                Ok(chars(samples, length, &mut rng))
            }
            _ => self.generate_with(seed, &AssetFiles::new()),
        }
    }
}

/// The bytes of the packed file `file`, or an error saying it is not loaded.
fn asset<'a>(assets: &'a AssetFiles, file: &'static str) -> Result<&'a [u8], DataError> {
    assets.get(file).ok_or(DataError::Asset {
        file,
        reason: "not loaded (the page fetches it from data/; native builds need the embedded-assets feature)".into(),
    })
}

fn asset_error(file: &'static str, error: AssetError) -> DataError {
    DataError::Asset { file, reason: error.0 }
}

impl TensorData {
    /// The first `n` examples (fewer if there are not that many): what the UI previews.
    pub fn preview(&self, n: usize) -> TensorData {
        let n = n.min(self.len);
        let input_width: usize = self.input_shape.iter().product();
        let target_width: usize = self.target_shape.iter().product();
        TensorData {
            inputs: self.inputs[..n * input_width].to_vec(),
            targets: self.targets[..n * target_width].to_vec(),
            len: n,
            ..self.clone()
        }
    }
}

fn check(field: &'static str, value: usize, low: usize, high: usize) -> Result<(), DataError> {
    if (low..=high).contains(&value) {
        Ok(())
    } else {
        Err(DataError::OutOfRange {
            field,
            value: value.to_string(),
            range: format!("between {low} and {high}").into(),
        })
    }
}

fn bars(samples: usize, size: usize, rng: &mut StreamRng) -> TensorData {
    let mut inputs = Vec::with_capacity(samples * size * size);
    let mut targets = Vec::with_capacity(samples);
    for i in 0..samples {
        let class = i % 3;
        let at = rng.below(size);
        for row in 0..size {
            for col in 0..size {
                let on = match class {
                    0 => row == at,
                    1 => col == at,
                    _ => (row + at) % size == col,
                };
                inputs.push(if on { 1.0 } else { 0.0 } + rng.uniform(-0.2, 0.2));
            }
        }
        targets.push(class as f32);
    }
    TensorData { inputs, input_shape: vec![1, size, size], targets, target_shape: vec![], classes: 3, len: samples }
}

fn parity(samples: usize, length: usize, window: usize, rng: &mut StreamRng) -> TensorData {
    let mut inputs = Vec::with_capacity(samples * length);
    let mut targets = Vec::with_capacity(samples);
    for _ in 0..samples {
        let bits: Vec<f32> = (0..length).map(|_| rng.below(2) as f32).collect();
        let ones = bits[length - window..].iter().filter(|&&b| b == 1.0).count();
        inputs.extend(bits);
        targets.push((ones % 2) as f32);
    }
    TensorData { inputs, input_shape: vec![length, 1], targets, target_shape: vec![], classes: 2, len: samples }
}

/// The vocabulary of [`TEXT`], sorted, so token ids are stable.
pub fn vocabulary() -> Vec<char> {
    let mut chars: Vec<char> = TEXT.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars
}

fn chars(samples: usize, length: usize, rng: &mut StreamRng) -> TensorData {
    let vocabulary = vocabulary();
    let ids: Vec<f32> = TEXT.chars().map(|c| vocabulary.binary_search(&c).expect("in vocabulary") as f32).collect();
    let mut inputs = Vec::with_capacity(samples * length);
    let mut targets = Vec::with_capacity(samples * length);
    for _ in 0..samples {
        let start = rng.below(ids.len() - length);
        inputs.extend_from_slice(&ids[start..start + length]);
        targets.extend_from_slice(&ids[start + 1..start + length + 1]);
    }
    TensorData {
        inputs,
        input_shape: vec![length],
        targets,
        target_shape: vec![length],
        classes: vocabulary.len(),
        len: samples,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_balanced_images_with_a_bar() {
        let data = SyntheticSpec::Bars { samples: 30, size: 8 }.generate(1).unwrap();
        assert_eq!(data.inputs.len(), 30 * 64);
        assert_eq!(data.input_shape, vec![1, 8, 8]);
        assert_eq!(data.targets.iter().filter(|&&c| c == 2.0).count(), 10);
        // A horizontal bar: one row is bright throughout.
        let first = &data.inputs[..64];
        assert!((0..8).any(|row| first[row * 8..row * 8 + 8].iter().all(|&v| v > 0.7)));
    }

    #[test]
    fn parity_counts_ones_in_the_window() {
        let data = SyntheticSpec::Parity { samples: 20, length: 6, window: 4 }.generate(2).unwrap();
        for (row, target) in data.inputs.chunks(6).zip(&data.targets) {
            let ones = row[2..].iter().filter(|&&b| b == 1.0).count();
            assert_eq!((ones % 2) as f32, *target);
        }
    }

    #[test]
    fn chars_targets_are_the_next_character() {
        let data = SyntheticSpec::Chars { samples: 12, length: 10 }.generate(3).unwrap();
        assert_eq!(data.classes, vocabulary().len());
        for (input, target) in data.inputs.chunks(10).zip(data.targets.chunks(10)) {
            assert_eq!(&input[1..], &target[..9]);
        }
    }

    #[test]
    fn bad_settings_name_the_field() {
        let err = SyntheticSpec::Parity { samples: 20, length: 4, window: 9 }.generate(1).unwrap_err();
        assert_eq!(err.to_string(), "dataset window is 9; it must be between 1 and 4");
    }
}
