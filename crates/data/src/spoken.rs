//! Spoken digits: "zero" to "nine" said by 40 synthetic English voices (espeak-ng), as
//! log-mel spectrograms, packed in `www/data/spoken-digits.bin` by
//! `scripts/datasets/spoken_digits.py`. The front end is described at [`SAMPLE_RATE`].
//!
//! File format, integers little-endian:
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | magic `NNPSPOKN` |
//! | 8 | 2 | version, 1 |
//! | 10 | 1 | mel bands, [`MELS`] |
//! | 11 | 1 | frames, [`FRAMES`] |
//! | 12 | 2 | voice count V |
//! | 14 | 4 | clip count N |
//! | 18 | … | V voice names: a length byte, then that many UTF-8 bytes |
//! | … | N × (2 + MELS × FRAMES) | per clip: the label 0..9, the voice 0..V−1, then the spectrogram bytes, mel-major (lowest band first), value = byte / 255 |

use crate::TensorData;
use crate::digits::AssetError;

/// The asset's file name under `www/data/`.
pub const FILE: &str = "spoken-digits.bin";

/// Samples per second of the audio the spectrograms are computed from.
///
/// The front end, shared with the tone generator, which must use these same constants so a
/// model trained on one dataset reads the other: the clip is 1 s ([`FRAMES`] × [`HOP`]
/// samples) with values in `[-1, 1]`; frame `t` is samples `t·HOP .. t·HOP + WINDOW` (zero
/// past the end) times a periodic Hann window `0.5 − 0.5·cos(2πn/WINDOW)`; its power
/// spectrum `|rfft|²` has `WINDOW/2 + 1` bins, bin `k` at `k·SAMPLE_RATE/WINDOW` Hz;
/// [`MELS`] triangular filters (peak 1, not area-normalised) have their `MELS + 2` edges
/// equally spaced on the HTK mel scale `2595·log10(1 + f/700)` from [`MEL_LOW`] to
/// [`MEL_HIGH`], filter `m` rising from edge `m` to `m+1` and falling to `m+2`, evaluated
/// at each bin's frequency; the value is `10·log10(power + 1e-10)` dB; per clip the largest
/// value is subtracted, the result clipped to `[−80, 0]` and mapped to `[0, 1]` by
/// `(dB + 80)/80`. The shape is `[1, MELS, FRAMES]`, low frequencies first.
pub const SAMPLE_RATE: u32 = 8000;
/// Samples per analysis frame (and FFT size); see [`SAMPLE_RATE`] for the whole front end.
pub const WINDOW: usize = 256;
/// Samples between the starts of successive frames; see [`SAMPLE_RATE`].
pub const HOP: usize = 200;
/// Frames per clip (1 s); see [`SAMPLE_RATE`].
pub const FRAMES: usize = 40;
/// Mel bands per frame; see [`SAMPLE_RATE`].
pub const MELS: usize = 32;
/// The lowest mel filter edge in Hz; see [`SAMPLE_RATE`].
pub const MEL_LOW: f32 = 50.0;
/// The highest mel filter edge in Hz (the Nyquist frequency); see [`SAMPLE_RATE`].
pub const MEL_HIGH: f32 = 4000.0;
/// The dynamic range kept below each clip's loudest value, in dB; see [`SAMPLE_RATE`].
pub const RANGE_DB: f32 = 80.0;

/// What the dataset is, for people who read English.
pub const DESCRIPTION_EN: &str = "Spoken digits: the words \"zero\" to \"nine\" said by 40 synthetic \
voices (8 English accents, from American to Scottish and Caribbean, times 5 male and female voice \
types of the espeak-ng speech synthesiser), each at its own pitch and speed: 400 one-second clips, \
40 per digit. Each clip is a log-mel spectrogram of 32 frequency bands by 40 time frames, the same \
picture of sound the tone datasets use, so a convolutional network reads it like an image. Every clip \
knows its voice, so a fair test holds out whole voices the model never heard.";

/// What the dataset is, for people who read Chinese.
pub const DESCRIPTION_ZH: &str = "语音数字：用 espeak-ng 语音合成器的 40 种声音（8 种英语口音，\
从美式到苏格兰、加勒比口音，乘以 5 种男声和女声音色）说出“zero”到“nine”，每个录音的音高和语速各不相同：\
共 400 段 1 秒的录音，每个数字 40 段。每段录音是 32 个频带 × 40 个时间帧的对数梅尔频谱图，\
与音调数据集的声音表示相同，所以卷积网络可以像读图像一样读它。每段录音都记着是哪种声音说的，\
因此公平的测试应留出模型从未听过的整种声音。";

const MAGIC: &[u8; 8] = b"NNPSPOKN";
const VERSION: u16 = 1;
const HEADER: usize = 18;
const CLASSES: usize = 10;

/// Who said each clip: the voice names (espeak-ng `accent+variant`) and, per clip in file
/// order, the index of its voice, so training and test sets can be split by voice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voices {
    pub names: Vec<String>,
    pub of_clip: Vec<usize>,
}

/// Reads `spoken-digits.bin`: spectrograms in the file's order as `[1, MELS, FRAMES]`
/// rows with values in `[0, 1]`, one class index per clip.
pub fn load(bytes: &[u8]) -> Result<TensorData, AssetError> {
    let asset = parse(bytes)?;
    let size = MELS * FRAMES;
    let mut inputs = Vec::with_capacity(asset.count * size);
    let mut targets = Vec::with_capacity(asset.count);
    for clip in asset.clips.chunks_exact(2 + size) {
        targets.push(f32::from(clip[0]));
        inputs.extend(clip[2..].iter().map(|&b| f32::from(b) / 255.0));
    }
    Ok(TensorData {
        inputs,
        input_shape: vec![1, MELS, FRAMES],
        targets,
        target_shape: vec![],
        classes: CLASSES,
        len: asset.count,
    })
}

/// Reads who said each clip of `spoken-digits.bin`.
pub fn voices(bytes: &[u8]) -> Result<Voices, AssetError> {
    let asset = parse(bytes)?;
    let of_clip = asset.clips.chunks_exact(2 + MELS * FRAMES).map(|clip| usize::from(clip[1])).collect();
    Ok(Voices { names: asset.voice_names, of_clip })
}

/// A checked asset: every label and voice index is in range and the length is exact.
struct Asset<'a> {
    voice_names: Vec<String>,
    count: usize,
    clips: &'a [u8],
}

fn parse(bytes: &[u8]) -> Result<Asset<'_>, AssetError> {
    let fail = |message: String| Err(AssetError(format!("{FILE}: {message}")));
    if bytes.len() < HEADER {
        return fail(format!("{} bytes is shorter than the {HEADER}-byte header; the file is truncated", bytes.len()));
    }
    if &bytes[..8] != MAGIC {
        return fail(format!("the file does not start with {MAGIC:?}; it is not a spoken-digits asset"));
    }
    let version = u16::from_le_bytes([bytes[8], bytes[9]]);
    if version != VERSION {
        return fail(format!("format version {version}; this build reads version {VERSION}"));
    }
    let (mels, frames) = (usize::from(bytes[10]), usize::from(bytes[11]));
    if (mels, frames) != (MELS, FRAMES) {
        return fail(format!("spectrograms are {mels} bands × {frames} frames; expected {MELS} × {FRAMES}"));
    }
    let voice_count = usize::from(u16::from_le_bytes([bytes[12], bytes[13]]));
    let count = u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]) as usize;
    let mut at = HEADER;
    let mut voice_names = Vec::with_capacity(voice_count);
    for voice in 0..voice_count {
        let Some(&length) = bytes.get(at) else {
            return fail(format!("the file ends inside the name of voice {voice}; it is truncated"));
        };
        let Some(name) = bytes.get(at + 1..at + 1 + usize::from(length)) else {
            return fail(format!("the file ends inside the name of voice {voice}; it is truncated"));
        };
        let Ok(name) = std::str::from_utf8(name) else {
            return fail(format!("the name of voice {voice} is not UTF-8"));
        };
        voice_names.push(name.to_string());
        at += 1 + usize::from(length);
    }
    let clips = &bytes[at..];
    let record = 2 + MELS * FRAMES;
    if count.checked_mul(record) != Some(clips.len()) {
        return fail(format!(
            "header says {count} clips of {record} bytes, but {} bytes follow the voice names",
            clips.len()
        ));
    }
    if count == 0 {
        return fail("the file holds no clips".into());
    }
    for (index, clip) in clips.chunks_exact(record).enumerate() {
        if usize::from(clip[0]) >= CLASSES {
            return fail(format!("clip {index} has label {}; labels are 0 to 9", clip[0]));
        }
        if usize::from(clip[1]) >= voice_count {
            return fail(format!("clip {index} has voice {}; the file names {voice_count} voices", clip[1]));
        }
    }
    Ok(Asset { voice_names, count, clips })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASSET: &[u8] = include_bytes!("../../../www/data/spoken-digits.bin");

    #[test]
    fn the_asset_holds_40_clips_of_each_digit() {
        let data = load(ASSET).unwrap();
        assert_eq!(data.len, 400);
        assert_eq!(data.input_shape, vec![1, MELS, FRAMES]);
        assert_eq!(data.inputs.len(), 400 * MELS * FRAMES);
        assert!(data.target_shape.is_empty());
        assert_eq!(data.classes, 10);
        let mut counts = [0usize; 10];
        for &t in &data.targets {
            counts[t as usize] += 1;
        }
        assert_eq!(counts, [40; 10]);
    }

    #[test]
    fn every_voice_says_every_digit_once() {
        let voices = voices(ASSET).unwrap();
        let data = load(ASSET).unwrap();
        assert_eq!(voices.names.len(), 40);
        assert!(voices.names.iter().all(|name| name.starts_with("en")), "{:?}", voices.names);
        let mut seen = vec![[0usize; 10]; voices.names.len()];
        for (&voice, &label) in voices.of_clip.iter().zip(&data.targets) {
            seen[voice][label as usize] += 1;
        }
        assert!(seen.iter().all(|digits| *digits == [1; 10]));
    }

    #[test]
    fn spectrograms_peak_at_one_with_the_word_centred_in_silence() {
        let data = load(ASSET).unwrap();
        assert!(data.inputs.iter().all(|&v| (0.0..=1.0).contains(&v)));
        for clip in data.inputs.chunks(MELS * FRAMES) {
            // The clip maximum is subtracted, so each clip's loudest cell is 0 dB = 1.0.
            assert_eq!(clip.iter().copied().fold(0.0, f32::max), 1.0);
            // The word is centred in 1 s of digital silence: the first and last frames hold
            // only padding (the floor, 0), and the sounding frames are balanced around the
            // middle one (frame t is centred on sample t·HOP + WINDOW/2).
            let sounding: Vec<usize> = (0..FRAMES).filter(|&t| (0..MELS).any(|m| clip[m * FRAMES + t] > 0.0)).collect();
            let (first, last) = (sounding[0], sounding[sounding.len() - 1]);
            assert!(first > 0 && last < FRAMES - 1, "sound from frame {first} to {last}");
            let middle = (first + last) as f32 / 2.0;
            let centre = (SAMPLE_RATE as f32 / 2.0 - WINDOW as f32 / 2.0) / HOP as f32;
            assert!((middle - centre).abs() <= 1.0, "sound from frame {first} to {last}");
        }
    }

    #[test]
    fn the_digits_differ_on_average() {
        // The mean spectrogram of each digit differs clearly from every other digit's.
        let data = load(ASSET).unwrap();
        let size = MELS * FRAMES;
        let mut means = vec![vec![0.0f32; size]; 10];
        for (clip, &label) in data.inputs.chunks(size).zip(&data.targets) {
            for (sum, &v) in means[label as usize].iter_mut().zip(clip) {
                *sum += v / 40.0;
            }
        }
        for a in 0..10 {
            for b in a + 1..10 {
                let distance: f32 =
                    means[a].iter().zip(&means[b]).map(|(x, y)| (x - y).abs()).sum::<f32>() / size as f32;
                assert!(distance > 0.02, "digits {a} and {b} average to nearly the same picture: {distance}");
            }
        }
    }

    #[test]
    fn a_damaged_file_is_refused_with_the_reason() {
        let error = |bytes: &[u8]| load(bytes).unwrap_err().0;
        assert!(error(&ASSET[..5]).contains("truncated"));
        assert!(error(&ASSET[..30]).contains("inside the name of voice"));
        assert!(error(&ASSET[..ASSET.len() - 3]).contains("bytes follow the voice names"));
        let mut wrong_magic = ASSET.to_vec();
        wrong_magic[3] = b'?';
        assert!(error(&wrong_magic).contains("not a spoken-digits asset"));
        let mut wrong_shape = ASSET.to_vec();
        wrong_shape[10] = 64;
        assert!(error(&wrong_shape).contains("64 bands"));
        let clips_at = ASSET.len() - 400 * (2 + MELS * FRAMES);
        let mut bad_label = ASSET.to_vec();
        bad_label[clips_at] = 10;
        assert!(error(&bad_label).contains("clip 0 has label 10"));
        let mut bad_voice = ASSET.to_vec();
        bad_voice[clips_at + 2 + MELS * FRAMES + 1] = 200;
        assert!(error(&bad_voice).contains("clip 1 has voice 200"));
    }
}
