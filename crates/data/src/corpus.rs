//! Texts for character-level language models: `www/data/text-en.txt` (the book of Genesis,
//! King James Version) and `www/data/text-zh.txt` (Three Hundred Tang Poems), written by
//! `scripts/datasets/text.py`. Both are UTF-8, one verse or poem line per line, a blank line
//! between chapters or poems. A [`Corpus`] numbers a text's characters and cuts training
//! windows from it.

use crate::TensorData;
use crate::digits::AssetError;
use nnplay_tensor::rng::StreamRng;

/// The English text's file name under `www/data/`.
pub const ENGLISH_FILE: &str = "text-en.txt";
/// The Chinese text's file name under `www/data/`.
pub const CHINESE_FILE: &str = "text-zh.txt";

/// The largest vocabulary a corpus may have: every character is one class of the output
/// layer, so more would make the model's last layer impractically wide.
pub const MAX_VOCABULARY: usize = 4096;

/// The English text, for people who read English.
pub const ENGLISH_DESCRIPTION_EN: &str = "English text: the book of Genesis in the King James Version \
(1611, public domain), about 197,000 characters with verse numbers and chapter headings removed, one \
verse per line. Its 60 distinct characters (letters of both cases, space, newline and punctuation) are \
the vocabulary. Its plain, repetitive style (\"And he said\", \"begat\") lets a small character-level \
model show visible progress: spelling, then frequent words, then whole formulaic phrases.";

/// The English text, for people who read Chinese.
pub const ENGLISH_DESCRIPTION_ZH: &str = "英文文本：英王钦定本《圣经·创世记》（1611 年，公有领域），\
去掉节号和章标题后约 19.7 万个字符，每节一行。词表是其中出现的 60 个不同字符（大小写字母、空格、换行和标点）。\
行文朴素而多重复（“And he said”“begat”），小型字符级模型的进步清晰可见：先是拼写，再是常见词，然后是整句套语。";

/// The Chinese text, for people who read English.
pub const CHINESE_DESCRIPTION_EN: &str = "Chinese text: the 313 poems of Three Hundred Tang Poems \
(classical poetry of the 7th to 10th centuries), about 24,000 characters with titles, \
authors and prefaces removed, one poem line per line. The vocabulary has about 2,450 distinct \
characters, each its own class, so the model sees few examples of most characters; the fixed lines of \
five or seven characters between commas and full stops give it a clear structure to learn.";

/// The Chinese text, for people who read Chinese.
pub const CHINESE_DESCRIPTION_ZH: &str = "中文文本：《唐诗三百首》的 313 首诗（7 至 10 世纪的古典诗歌），\
去掉标题、作者和序后约 2.4 万字，每句一行。词表约有 2450 个不同的字，每个字自成一类，\
所以多数字只出现寥寥几次；逗号和句号之间固定的五言、七言句式则给了模型清晰可学的结构。";

/// A text as token ids: each distinct character is one token, numbered in sorted order.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    vocabulary: Vec<char>,
    ids: Vec<u32>,
}

impl Corpus {
    /// Numbers the characters of `text`; refuses an empty text or one with more than
    /// [`MAX_VOCABULARY`] distinct characters.
    pub fn new(text: &str) -> Result<Corpus, AssetError> {
        if text.is_empty() {
            return Err(AssetError("the text is empty; a corpus needs some text".into()));
        }
        let mut vocabulary: Vec<char> = text.chars().collect();
        vocabulary.sort_unstable();
        vocabulary.dedup();
        if vocabulary.len() > MAX_VOCABULARY {
            return Err(AssetError(format!(
                "the text has {} distinct characters; at most {MAX_VOCABULARY} are allowed",
                vocabulary.len()
            )));
        }
        let ids = text.chars().map(|c| index_of(&vocabulary, c)).collect();
        Ok(Corpus { vocabulary, ids })
    }

    /// Reads a text asset: UTF-8 bytes, as fetched or read from disk.
    pub fn from_utf8(bytes: &[u8]) -> Result<Corpus, AssetError> {
        let text = std::str::from_utf8(bytes).map_err(|error| {
            AssetError(format!("the text is not valid UTF-8: bad bytes at offset {}", error.valid_up_to()))
        })?;
        Corpus::new(text)
    }

    /// The distinct characters, sorted; a character's position is its token id.
    pub fn vocabulary(&self) -> &[char] {
        &self.vocabulary
    }

    /// The whole text as token ids.
    pub fn ids(&self) -> &[u32] {
        &self.ids
    }

    /// The token ids of `text`; refuses a character that is not in the vocabulary.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>, AssetError> {
        text.chars()
            .enumerate()
            .map(|(position, c)| match self.vocabulary.binary_search(&c) {
                Ok(id) => Ok(id as u32),
                Err(_) => Err(AssetError(format!(
                    "character {c:?} (U+{:04X}) at position {position} is not in the corpus's vocabulary",
                    c as u32
                ))),
            })
            .collect()
    }

    /// The text of token ids; an id outside the vocabulary becomes U+FFFD, the
    /// replacement character, since model output is decoded here and never fails.
    pub fn decode(&self, ids: &[u32]) -> String {
        ids.iter().map(|&id| self.vocabulary.get(id as usize).copied().unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
    }

    /// `samples` windows of `length` token ids, starting at random places drawn from `seed`;
    /// the target at each position is the next character.
    pub fn windows(&self, samples: usize, length: usize, seed: u64) -> Result<TensorData, AssetError> {
        if samples == 0 {
            return Err(AssetError("samples is 0; ask for at least one window".into()));
        }
        if length < 2 || length >= self.ids.len() {
            return Err(AssetError(format!(
                "window length {length} is out of range: it must be at least 2 and shorter than the text's {} characters",
                self.ids.len()
            )));
        }
        let mut rng = StreamRng::new(seed, 0);
        let mut inputs = Vec::with_capacity(samples * length);
        let mut targets = Vec::with_capacity(samples * length);
        for _ in 0..samples {
            // The last start still leaves one character for the final target.
            let start = rng.below(self.ids.len() - length);
            self.push_window(start, length, &mut inputs, &mut targets);
        }
        Ok(self.tensor_data(inputs, targets, length, samples))
    }

    /// As [`Corpus::windows`], with a test set of text the training windows never read:
    /// every fifth window ([`is_test_window`]) starts in the last fifth of the text, the
    /// others end before it.
    pub fn held_out_windows(&self, samples: usize, length: usize, seed: u64) -> Result<TensorData, AssetError> {
        let cut = self.ids.len() - self.ids.len() / 5;
        if samples == 0 || length < 2 || length + 1 >= self.ids.len() - cut {
            return Err(AssetError(format!(
                "window length {length} is out of range: it must be at least 2 and shorter than the last fifth of \
                 the text ({} characters), which is held out for testing",
                self.ids.len() - cut - 1
            )));
        }
        let mut rng = StreamRng::new(seed, 0);
        let mut inputs = Vec::with_capacity(samples * length);
        let mut targets = Vec::with_capacity(samples * length);
        for i in 0..samples {
            let start = if is_test_window(i) {
                cut + rng.below(self.ids.len() - length - cut)
            } else {
                rng.below(cut - length)
            };
            self.push_window(start, length, &mut inputs, &mut targets);
        }
        Ok(self.tensor_data(inputs, targets, length, samples))
    }

    fn push_window(&self, start: usize, length: usize, inputs: &mut Vec<f32>, targets: &mut Vec<f32>) {
        inputs.extend(self.ids[start..start + length].iter().map(|&id| id as f32));
        targets.extend(self.ids[start + 1..start + length + 1].iter().map(|&id| id as f32));
    }

    fn tensor_data(&self, inputs: Vec<f32>, targets: Vec<f32>, length: usize, samples: usize) -> TensorData {
        TensorData {
            inputs,
            input_shape: vec![length],
            targets,
            target_shape: vec![length],
            classes: self.vocabulary.len(),
            len: samples,
        }
    }
}

/// Whether window `index` of [`Corpus::held_out_windows`] is a test window.
pub fn is_test_window(index: usize) -> bool {
    index % 5 == 4
}

/// The id of a character known to be in `vocabulary`.
fn index_of(vocabulary: &[char], c: char) -> u32 {
    vocabulary.partition_point(|&v| v < c) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn held_out_windows_test_on_the_last_fifth_and_train_before_it() {
        // 500 distinct characters in code-point order: a token id is its position.
        let text: String = (0..500).map(|i| char::from_u32(0x4E00 + i).unwrap()).collect();
        let corpus = Corpus::new(&text).unwrap();
        let data = corpus.held_out_windows(50, 10, 3).unwrap();
        for (index, window) in data.inputs.chunks(10).enumerate() {
            let (first, last_target) = (window[0] as usize, window[9] as usize + 1);
            if is_test_window(index) {
                assert!(first >= 400, "test window {index} starts at {first}");
            } else {
                assert!(last_target < 400, "training window {index} reads up to {last_target}");
            }
        }
        let err = corpus.held_out_windows(5, 99, 1).unwrap_err().to_string();
        assert!(err.contains("shorter than the last fifth of the text (99 characters)"), "{err}");
    }

    const ENGLISH: &[u8] = include_bytes!("../../../www/data/text-en.txt");
    const CHINESE: &[u8] = include_bytes!("../../../www/data/text-zh.txt");

    #[test]
    fn the_english_text_is_genesis_with_a_small_vocabulary() {
        let text = std::str::from_utf8(ENGLISH).unwrap();
        assert!(text.starts_with("In the beginning God created the heaven and the earth.\n"));
        assert!(text.trim_end().ends_with("and he was put in a coffin in Egypt."));
        let corpus = Corpus::from_utf8(ENGLISH).unwrap();
        assert!((150_000..250_000).contains(&corpus.ids().len()), "{}", corpus.ids().len());
        assert!(corpus.vocabulary().len() <= 64, "{:?}", corpus.vocabulary());
        // Verse numbers and chapter headings are gone.
        assert!(!corpus.vocabulary().iter().any(char::is_ascii_digit));
        // 1,533 verses in 50 chapters: one line each, a blank line between chapters.
        assert_eq!(text.lines().filter(|line| !line.is_empty()).count(), 1533);
        assert_eq!(text.matches("\n\n").count(), 49);
    }

    #[test]
    fn the_chinese_text_is_poem_lines_only() {
        let text = std::str::from_utf8(CHINESE).unwrap();
        let corpus = Corpus::new(text).unwrap();
        assert!((50_000..150_000).contains(&CHINESE.len()), "{} bytes", CHINESE.len());
        assert!(corpus.vocabulary().len() > 1000 && corpus.vocabulary().len() <= MAX_VOCABULARY);
        // No titles, authors, colour codes or Latin letters.
        assert!(!text.contains("作者") && !text.contains('《') && !text.contains('\u{1b}'));
        assert!(!text.contains(|c: char| c.is_ascii_alphanumeric()));
        assert_eq!(text.split("\n\n").count(), 313);
        // The first poem, 张九龄's 感遇, without its title.
        assert!(text.starts_with("兰叶春葳蕤，桂华秋皎洁。\n"));
        // Every line is a sentence of the poem: it ends in punctuation.
        assert!(text.lines().filter(|l| !l.is_empty()).all(|l| l.ends_with(['，', '。', '？', '！', '；', '：'])));
    }

    #[test]
    fn both_texts_round_trip_through_encode_and_decode() {
        for bytes in [ENGLISH, CHINESE] {
            let text = std::str::from_utf8(bytes).unwrap();
            let corpus = Corpus::new(text).unwrap();
            let ids = corpus.encode(text).unwrap();
            assert_eq!(ids, corpus.ids());
            assert_eq!(corpus.decode(&ids), text);
        }
    }

    #[test]
    fn the_vocabulary_is_sorted_and_distinct() {
        let corpus = Corpus::new("banana band").unwrap();
        assert_eq!(corpus.vocabulary(), &[' ', 'a', 'b', 'd', 'n']);
        assert_eq!(corpus.encode("dab").unwrap(), vec![3, 1, 2]);
    }

    #[test]
    fn unknown_characters_and_ids_are_reported_or_replaced() {
        let corpus = Corpus::new("abc").unwrap();
        let error = corpus.encode("abz").unwrap_err().0;
        assert!(error.contains("'z'") && error.contains("position 2"), "{error}");
        assert_eq!(corpus.decode(&[0, 7, 2]), "a\u{FFFD}c");
    }

    #[test]
    fn bad_texts_are_refused_with_the_reason() {
        assert!(Corpus::new("").unwrap_err().0.contains("empty"));
        let wide: String = (0..5000u32).filter_map(|i| char::from_u32(0x4e00 + i)).collect();
        let error = Corpus::new(&wide).unwrap_err().0;
        assert!(error.contains("5000 distinct characters") && error.contains("4096"), "{error}");
        let error = Corpus::from_utf8(&[b'a', 0xff, b'b']).unwrap_err().0;
        assert!(error.contains("offset 1"), "{error}");
    }

    #[test]
    fn windows_predict_the_next_character() {
        let corpus = Corpus::from_utf8(ENGLISH).unwrap();
        let data = corpus.windows(200, 32, 7).unwrap();
        assert_eq!((data.len, data.input_shape.clone(), data.target_shape.clone()), (200, vec![32], vec![32]));
        assert_eq!(data.classes, corpus.vocabulary().len());
        assert_eq!(data.inputs.len(), 200 * 32);
        assert_eq!(data.targets.len(), 200 * 32);
        for (input, target) in data.inputs.chunks(32).zip(data.targets.chunks(32)) {
            // The targets are the inputs shifted by one...
            assert_eq!(&input[1..], &target[..31]);
            // ...and the window is a real stretch of the text.
            let ids: Vec<u32> = input.iter().chain(&target[31..]).map(|&v| v as u32).collect();
            assert!(corpus.ids().windows(33).any(|w| w == ids.as_slice()));
        }
        // Different windows, the same for the same seed.
        assert_ne!(data.inputs[..32], data.inputs[32..64]);
        assert_eq!(corpus.windows(200, 32, 7).unwrap(), data);
        assert_ne!(corpus.windows(200, 32, 8).unwrap(), data);
    }

    #[test]
    fn windows_can_end_at_the_last_character() {
        // With length = text length - 1 there is exactly one window: the whole text.
        let corpus = Corpus::new("abcd").unwrap();
        let data = corpus.windows(3, 3, 1).unwrap();
        assert_eq!(data.inputs, [0.0, 1.0, 2.0].repeat(3));
        assert_eq!(data.targets, [1.0, 2.0, 3.0].repeat(3));
    }

    #[test]
    fn bad_window_settings_are_refused_with_the_reason() {
        let corpus = Corpus::new("abcd").unwrap();
        assert!(corpus.windows(3, 1, 1).unwrap_err().0.contains("window length 1"));
        let error = corpus.windows(3, 4, 1).unwrap_err().0;
        assert!(error.contains("window length 4") && error.contains("4 characters"), "{error}");
        assert!(corpus.windows(0, 2, 1).unwrap_err().0.contains("samples is 0"));
    }
}
