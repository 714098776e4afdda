//! Generated sounds as log-mel spectrograms, for audio classifiers: a pure tone, a chord,
//! a chirp and noise, each at a random pitch, loudness and time within a one-second clip.
//!
//! [`log_mel`] is the front end, shared with the spoken digits (whose Python packer must
//! compute exactly the same thing):
//! 1. frames of [`WINDOW`] samples starting every [`HOP`] samples, [`FRAMES`] of them
//!    (frame `f` starts at `f·HOP`; samples past the end of the signal are zeros, and
//!    samples past the last frame are ignored);
//! 2. each frame times a periodic Hann window, `w[n] = 0.5 − 0.5·cos(2πn/WINDOW)`;
//! 3. the power spectrum `|X[k]|²` of the unnormalised DFT, bins `k = 0..=WINDOW/2`;
//! 4. [`MEL_BANDS`] triangular filters on the HTK mel scale `2595·log10(1 + f/700)`:
//!    `MEL_BANDS + 2` points evenly spaced in mel from [`MEL_LOW_HZ`] to [`MEL_HIGH_HZ`];
//!    filter `m` rises from point `m` to 1 at point `m+1` and falls to 0 at point `m+2`,
//!    weighted at the bin frequencies `k·SAMPLE_RATE/WINDOW`, with no area normalisation;
//! 5. `10·log10(energy + POWER_FLOOR)`, then per clip minus its maximum, clipped to
//!    `[−DYNAMIC_RANGE_DB, 0]` and mapped by `(dB + 80)/80` to `[0, 1]`.
//!
//! The result is `[1, MEL_BANDS, FRAMES]`, row-major: one row per mel band, lowest
//! frequencies first, one column per frame.
//!
//! Each clip also carries a faint hiss ([`HISS`]) throughout, so silence looks like a
//! quiet recording rather than digital zero.

use crate::shapes::check_range;
use crate::{DataError, TensorData, spoken};
use nnplay_tensor::rng::StreamRng;
use serde::{Deserialize, Serialize};
use std::f64::consts::{PI, TAU};
use std::ops::RangeInclusive;

/// What the dataset shows, for the dataset picker.
pub const DESCRIPTION_EN: &str = "Sounds as pictures. Each example is one second of sound — a pure tone, a chord of \
three notes, a chirp sweeping up or down, or a hiss of white or band-limited noise — at a random pitch, loudness \
and time, shown as a log-mel spectrogram: time runs left to right, pitch from the bottom up, and brightness is \
loudness in decibels. A tone is one bright line, a chord a stack of three lines, a chirp a slanting line, and noise \
a broad smear. A small convolutional net tells them apart by their shape, as it would a picture. The four \
classes take turns, so each has a quarter of the clips.";

/// [`DESCRIPTION_EN`] in Chinese.
pub const DESCRIPTION_ZH: &str = "把声音变成图片。每个样本是一秒钟的声音——纯音、三个音组成的和弦、向上或向下滑动\
的啁啾声，或者白噪声、带限噪声——音高、响度和出现的时间都是随机的，以对数梅尔频谱图的形式呈现：时间从左到右，音高\
从下到上，亮度表示以分贝计的响度。纯音是一条亮线，和弦是叠在一起的三条线，啁啾声是一条斜线，噪声是一片宽宽的模糊。一个\
小型卷积网络可以像识别图片一样，凭形状把它们区分开。四个类别依次轮换，各占四分之一。";

/// The class names in class-index order.
pub const CLASS_NAMES: [&str; 4] = ["tone", "chord", "chirp", "noise"];

/// [`CLASS_NAMES`] in Chinese.
pub const CLASS_NAMES_ZH: [&str; 4] = ["纯音", "和弦", "啁啾声", "噪声"];

/// The front end is the one the spoken digits were made with (see [`crate::spoken::SAMPLE_RATE`]),
/// so the two datasets look alike: these are its constants in the types this file computes in.
pub const SAMPLE_RATE: usize = spoken::SAMPLE_RATE as usize;
/// Samples per clip: one second.
pub const CLIP_SAMPLES: usize = SAMPLE_RATE;
pub use spoken::{FRAMES, HOP, MELS as MEL_BANDS, WINDOW};
/// The lowest edge of the lowest mel filter, in Hz.
pub const MEL_LOW_HZ: f64 = spoken::MEL_LOW as f64;
/// The highest edge of the highest mel filter, in Hz.
pub const MEL_HIGH_HZ: f64 = spoken::MEL_HIGH as f64;
/// Added to each band's energy before the logarithm.
pub const POWER_FLOOR: f64 = 1e-10;
/// Decibels below the clip's loudest cell that map to 0.
pub const DYNAMIC_RANGE_DB: f64 = spoken::RANGE_DB as f64;
/// Standard deviation of the background hiss (uniform white noise) in every clip, about
/// −54 dB full scale.
pub const HISS: f64 = 0.002;

/// How many clips may be asked for.
pub const SAMPLES: RangeInclusive<usize> = 10..=20_000;

/// Bins of the power spectrum: 0 Hz up to the Nyquist frequency.
const BINS: usize = WINDOW / 2 + 1;
/// The peak amplitude of the sound, log-uniform (about −26 to −2 dB full scale).
const LOUDNESS: (f64, f64) = (0.05, 0.8);
/// When the sound starts, in seconds.
const ONSET: (f64, f64) = (0.0, 0.4);
/// The shortest sound, in seconds.
const SHORTEST: f64 = 0.35;
/// The raised-cosine fade at each end of the sound, in samples (10 ms), so its edges do
/// not click across the whole spectrum.
const FADE: usize = 80;
/// Pitch of a pure tone, log-uniform, in Hz.
const TONE_HZ: (f64, f64) = (150.0, 3000.0);
/// Root of a chord, log-uniform, in Hz.
const CHORD_ROOT_HZ: (f64, f64) = (200.0, 1000.0);
/// The chords, as semitones above the root: major, minor, and major spread over two
/// octaves (the notes further apart in the low mel bands).
const CHORDS: [[f64; 3]; 3] = [[0.0, 4.0, 7.0], [0.0, 3.0, 7.0], [0.0, 7.0, 16.0]];
/// The lower end of a chirp, log-uniform, in Hz; the upper end is one octave or more above
/// it, up to [`CHIRP_TOP_HZ`].
const CHIRP_LOW_HZ: (f64, f64) = (150.0, 1000.0);
/// The highest pitch a chirp reaches, in Hz.
const CHIRP_TOP_HZ: f64 = 3000.0;
/// Centre of band-limited noise, log-uniform, in Hz.
const NOISE_CENTRE_HZ: (f64, f64) = (300.0, 2500.0);
/// Quality factor of each of the two band-pass stages that shape band-limited noise:
/// broad, so the band spans several mel bands and never looks like a tone.
const NOISE_Q: (f64, f64) = (0.5, 1.2);
/// Samples of noise run through the filter before the sound, so it starts settled.
const FILTER_SETTLE: usize = 256;
/// The random stream the clips are drawn from.
const STREAM: u32 = 0x70E5_0001;

/// How many clips.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TonesSettings {
    /// Clips in total; class `i % 4` for clip `i`.
    pub samples: usize,
}

impl Default for TonesSettings {
    fn default() -> Self {
        TonesSettings { samples: 2000 }
    }
}

/// Generates `settings.samples` log-mel spectrograms `[1, MEL_BANDS, FRAMES]` with class
/// targets (0 tone, 1 chord, 2 chirp, 3 noise) from `seed`.
pub fn generate(settings: TonesSettings, seed: u64) -> Result<TensorData, DataError> {
    let TonesSettings { samples } = settings;
    check_range("samples", samples, SAMPLES)?;

    let front_end = FrontEnd::new();
    let mut rng = StreamRng::new(seed, STREAM);
    let mut inputs = Vec::with_capacity(samples * MEL_BANDS * FRAMES);
    let mut targets = Vec::with_capacity(samples);
    for i in 0..samples {
        let sound = Sound::ALL[i % 4];
        inputs.extend(front_end.log_mel(&synthesize(sound, &mut rng)));
        targets.push(sound as usize as f32);
    }
    Ok(TensorData {
        inputs,
        input_shape: vec![1, MEL_BANDS, FRAMES],
        targets,
        target_shape: vec![],
        classes: 4,
        len: samples,
    })
}

/// The log-mel spectrogram of `signal` (at [`SAMPLE_RATE`]) as `MEL_BANDS × FRAMES`
/// values in `[0, 1]`, band by band, lowest band first (see the module documentation).
pub fn log_mel(signal: &[f32]) -> Vec<f32> {
    FrontEnd::new().log_mel(signal)
}

/// The centre frequency of each mel band in Hz, lowest first (for labelling the rows).
pub fn band_centres_hz() -> Vec<f64> {
    mel_points_hz()[1..=MEL_BANDS].to_vec()
}

/// The HTK mel of a frequency in Hz.
fn hz_to_mel(hz: f64) -> f64 {
    2595.0 * (1.0 + hz / 700.0).log10()
}

/// The frequency in Hz of an HTK mel.
fn mel_to_hz(mel: f64) -> f64 {
    700.0 * (10f64.powf(mel / 2595.0) - 1.0)
}

/// The `MEL_BANDS + 2` filter edge frequencies, evenly spaced in mel.
fn mel_points_hz() -> Vec<f64> {
    let (low, high) = (hz_to_mel(MEL_LOW_HZ), hz_to_mel(MEL_HIGH_HZ));
    let step = (high - low) / (MEL_BANDS + 1) as f64;
    (0..MEL_BANDS + 2).map(|i| mel_to_hz(low + step * i as f64)).collect()
}

/// The tables of the front end, built once per dataset.
struct FrontEnd {
    window: Vec<f64>,
    /// `exp(−2πik/WINDOW)` for `k < WINDOW/2`, as (cos, sin).
    twiddles: Vec<(f64, f64)>,
    /// Each band's weights from its first non-zero bin to its last (a band covers a few
    /// of the `BINS`, so the rest are skipped).
    filters: Vec<(usize, Vec<f64>)>,
}

impl FrontEnd {
    fn new() -> Self {
        let window = (0..WINDOW).map(|n| 0.5 - 0.5 * (TAU * n as f64 / WINDOW as f64).cos()).collect();
        let twiddles = (0..WINDOW / 2)
            .map(|k| {
                let angle = -TAU * k as f64 / WINDOW as f64;
                (angle.cos(), angle.sin())
            })
            .collect();
        let points = mel_points_hz();
        let filters = points
            .windows(3)
            .map(|band| {
                let (low, centre, high) = (band[0], band[1], band[2]);
                let weights: Vec<f64> = (0..BINS)
                    .map(|k| {
                        let hz = (k * SAMPLE_RATE) as f64 / WINDOW as f64;
                        ((hz - low) / (centre - low)).min((high - hz) / (high - centre)).max(0.0)
                    })
                    .collect();
                let first = weights.iter().position(|&w| w > 0.0).unwrap_or(0);
                let end = weights.iter().rposition(|&w| w > 0.0).map_or(first, |last| last + 1);
                (first, weights[first..end].to_vec())
            })
            .collect();
        FrontEnd { window, twiddles, filters }
    }

    fn log_mel(&self, signal: &[f32]) -> Vec<f32> {
        let mut db = vec![0.0f64; MEL_BANDS * FRAMES];
        let mut re = vec![0.0; WINDOW];
        let mut im = vec![0.0; WINDOW];
        for frame in 0..FRAMES {
            let start = frame * HOP;
            for n in 0..WINDOW {
                re[n] = signal.get(start + n).map_or(0.0, |&s| s as f64) * self.window[n];
                im[n] = 0.0;
            }
            fft(&mut re, &mut im, &self.twiddles);
            let power: Vec<f64> = (0..BINS).map(|k| re[k] * re[k] + im[k] * im[k]).collect();
            for (band, (first, weights)) in self.filters.iter().enumerate() {
                let energy: f64 = weights.iter().zip(&power[*first..]).map(|(w, p)| w * p).sum();
                db[band * FRAMES + frame] = 10.0 * (energy + POWER_FLOOR).log10();
            }
        }
        let loudest = db.iter().copied().fold(f64::MIN, f64::max);
        db.iter()
            .map(|&d| (((d - loudest).clamp(-DYNAMIC_RANGE_DB, 0.0) + DYNAMIC_RANGE_DB) / DYNAMIC_RANGE_DB) as f32)
            .collect()
    }
}

/// In-place radix-2 decimation-in-time FFT of `re + i·im`, whose length is a power of two
/// (`twiddles` holds `exp(−2πik/len)` for `k < len/2`).
fn fft(re: &mut [f64], im: &mut [f64], twiddles: &[(f64, f64)]) {
    let len = re.len();
    debug_assert!(len.is_power_of_two() && im.len() == len && twiddles.len() == len / 2);
    let bits = len.trailing_zeros();
    for i in 0..len {
        let j = i.reverse_bits() >> (usize::BITS - bits);
        if i < j {
            re.swap(i, j);
            im.swap(i, j);
        }
    }
    let mut span = 1;
    while span < len {
        let stride = len / (2 * span);
        for block in (0..len).step_by(2 * span) {
            for k in 0..span {
                let (cos, sin) = twiddles[k * stride];
                let (a, b) = (block + k, block + k + span);
                let (br, bi) = (re[b] * cos - im[b] * sin, re[b] * sin + im[b] * cos);
                re[b] = re[a] - br;
                im[b] = im[a] - bi;
                re[a] += br;
                im[a] += bi;
            }
        }
        span *= 2;
    }
}

/// The four classes, in class-index order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sound {
    Tone = 0,
    Chord = 1,
    Chirp = 2,
    Noise = 3,
}

impl Sound {
    const ALL: [Sound; 4] = [Sound::Tone, Sound::Chord, Sound::Chirp, Sound::Noise];
}

/// One clip of `sound` at a random pitch, loudness and time, over the background hiss.
fn synthesize(sound: Sound, rng: &mut StreamRng) -> Vec<f32> {
    let loudness = log_uniform(rng, LOUDNESS);
    let onset = uniform(rng, ONSET);
    let end = uniform(rng, (onset + SHORTEST, 1.0));
    let first = (onset * SAMPLE_RATE as f64) as usize;
    let last = ((end * SAMPLE_RATE as f64) as usize).min(CLIP_SAMPLES);
    let length = last - first;
    let seconds = |n: usize| n as f64 / SAMPLE_RATE as f64;

    // The sound from its own start, peak amplitude about 1.
    let source: Vec<f64> = match sound {
        Sound::Tone => {
            let hz = log_uniform(rng, TONE_HZ);
            let phase = uniform(rng, (0.0, TAU));
            (0..length).map(|n| (TAU * hz * seconds(n) + phase).sin()).collect()
        }
        Sound::Chord => {
            let root = log_uniform(rng, CHORD_ROOT_HZ);
            let chord = CHORDS[rng.below(CHORDS.len())];
            let notes: Vec<(f64, f64)> =
                chord.iter().map(|semitones| (root * 2f64.powf(semitones / 12.0), uniform(rng, (0.0, TAU)))).collect();
            (0..length)
                .map(|n| notes.iter().map(|(hz, phase)| (TAU * hz * seconds(n) + phase).sin()).sum::<f64>() / 3.0)
                .collect()
        }
        Sound::Chirp => {
            // Exponential sweep: equal time per octave (straight on a log-frequency axis; the mel
            // scale, nearly linear below 700 Hz, bends it a little).
            let low = log_uniform(rng, CHIRP_LOW_HZ);
            let high = log_uniform(rng, (2.0 * low, CHIRP_TOP_HZ));
            let (from, to) = if rng.below(2) == 0 { (low, high) } else { (high, low) };
            let rate = (to / from).ln() / seconds(length);
            let phase = uniform(rng, (0.0, TAU));
            (0..length).map(|n| (TAU * from * ((rate * seconds(n)).exp() - 1.0) / rate + phase).sin()).collect()
        }
        Sound::Noise => {
            let white: Vec<f64> = (0..FILTER_SETTLE + length).map(|_| white_noise(rng)).collect();
            let shaped = if rng.below(2) == 0 {
                white
            } else {
                let centre = log_uniform(rng, NOISE_CENTRE_HZ);
                let once = band_pass(&white, centre, uniform(rng, NOISE_Q));
                band_pass(&once, centre, uniform(rng, NOISE_Q))
            };
            // Root mean square 1/3: peaks near 1, like the tones.
            let body = &shaped[FILTER_SETTLE..];
            let rms = (body.iter().map(|v| v * v).sum::<f64>() / length as f64).sqrt();
            body.iter().map(|v| v / (3.0 * rms)).collect()
        }
    };

    let mut clip: Vec<f64> = (0..CLIP_SAMPLES).map(|_| HISS * white_noise(rng)).collect();
    for (n, value) in source.into_iter().enumerate() {
        let edge = n.min(length - 1 - n);
        let fade = if edge < FADE { 0.5 - 0.5 * (PI * edge as f64 / FADE as f64).cos() } else { 1.0 };
        clip[first + n] += loudness * fade * value;
    }
    clip.into_iter().map(|v| v as f32).collect()
}

/// `signal` through a band-pass biquad at `centre` Hz with quality `q`, 0 dB at the
/// centre (Robert Bristow-Johnson's Audio EQ Cookbook).
fn band_pass(signal: &[f64], centre: f64, q: f64) -> Vec<f64> {
    let omega = TAU * centre / SAMPLE_RATE as f64;
    let alpha = omega.sin() / (2.0 * q);
    let a0 = 1.0 + alpha;
    let (b0, b2) = (alpha / a0, -alpha / a0);
    let (a1, a2) = (-2.0 * omega.cos() / a0, (1.0 - alpha) / a0);
    let (mut x1, mut x2, mut y1, mut y2) = (0.0, 0.0, 0.0, 0.0);
    signal
        .iter()
        .map(|&x| {
            let y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
            (x2, x1, y2, y1) = (x1, x, y1, y);
            y
        })
        .collect()
}

/// One sample of white noise with unit variance: uniform rather than Gaussian, which has
/// the same flat spectrum at a third of the cost (one hash, no logarithm or cosine).
fn white_noise(rng: &mut StreamRng) -> f64 {
    uniform(rng, (-3f64.sqrt(), 3f64.sqrt()))
}

/// A uniform value in `[low, high)` with the stream's 24 random bits.
fn uniform(rng: &mut StreamRng, (low, high): (f64, f64)) -> f64 {
    low + (high - low) * rng.next_unit() as f64
}

/// A value whose logarithm is uniform between those of `low` and `high`.
fn log_uniform(rng: &mut StreamRng, (low, high): (f64, f64)) -> f64 {
    uniform(rng, (low.ln(), high.ln())).exp()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `samples` samples of a sine at `hz` with peak `amplitude`.
    fn sine(hz: f64, amplitude: f64, samples: usize) -> Vec<f32> {
        (0..samples).map(|n| (amplitude * (TAU * hz * n as f64 / SAMPLE_RATE as f64).sin()) as f32).collect()
    }

    /// The band with the most energy in `frame` of a spectrogram.
    fn loudest_band(spectrogram: &[f32], frame: usize) -> usize {
        (0..MEL_BANDS)
            .max_by(|&a, &b| spectrogram[a * FRAMES + frame].total_cmp(&spectrogram[b * FRAMES + frame]))
            .unwrap()
    }

    #[test]
    fn fft_matches_a_naive_dft() {
        let mut rng = StreamRng::new(9, 0);
        let signal: Vec<f64> = (0..WINDOW).map(|_| rng.uniform(-1.0, 1.0) as f64).collect();
        let (mut re, mut im) = (signal.clone(), vec![0.0; WINDOW]);
        fft(&mut re, &mut im, &FrontEnd::new().twiddles);
        for k in 0..WINDOW {
            let (mut dr, mut di) = (0.0, 0.0);
            for (n, &x) in signal.iter().enumerate() {
                let angle = -TAU * (k * n % WINDOW) as f64 / WINDOW as f64;
                dr += x * angle.cos();
                di += x * angle.sin();
            }
            assert!(
                (re[k] - dr).abs() < 1e-9 && (im[k] - di).abs() < 1e-9,
                "bin {k}: {} {} vs {dr} {di}",
                re[k],
                im[k]
            );
        }
    }

    #[test]
    fn log_mel_matches_a_direct_reading_of_the_recipe() {
        // A signal shorter than 40 hops, so the last frames are padded with zeros.
        let mut rng = StreamRng::new(11, 0);
        let signal: Vec<f32> = (0..7_000).map(|n| (n as f32 * 0.3).sin() * 0.4 + 0.05 * rng.normal()).collect();
        let points = mel_points_hz();
        let mut db = vec![0.0; MEL_BANDS * FRAMES];
        for frame in 0..FRAMES {
            let power: Vec<f64> = (0..=WINDOW / 2)
                .map(|k| {
                    let (mut re, mut im) = (0.0, 0.0);
                    for n in 0..WINDOW {
                        let x = signal.get(frame * HOP + n).map_or(0.0, |&s| s as f64);
                        let hann = 0.5 - 0.5 * (TAU * n as f64 / WINDOW as f64).cos();
                        let angle = -TAU * (k * n) as f64 / WINDOW as f64;
                        re += x * hann * angle.cos();
                        im += x * hann * angle.sin();
                    }
                    re * re + im * im
                })
                .collect();
            for band in 0..MEL_BANDS {
                let (low, centre, high) = (points[band], points[band + 1], points[band + 2]);
                let mut energy = 0.0;
                for (k, p) in power.iter().enumerate() {
                    let hz = k as f64 * SAMPLE_RATE as f64 / WINDOW as f64;
                    let weight = if hz > low && hz <= centre {
                        (hz - low) / (centre - low)
                    } else if hz > centre && hz < high {
                        (high - hz) / (high - centre)
                    } else {
                        0.0
                    };
                    energy += weight * p;
                }
                db[band * FRAMES + frame] = 10.0 * (energy + 1e-10).log10();
            }
        }
        let loudest = db.iter().copied().fold(f64::MIN, f64::max);
        let fast = log_mel(&signal);
        for (i, (&d, &value)) in db.iter().zip(&fast).enumerate() {
            let expected = ((d - loudest).max(-80.0) + 80.0) / 80.0;
            assert!((expected - value as f64).abs() < 1e-5, "cell {i}: {value} vs {expected}");
        }
    }

    #[test]
    fn filters_tile_the_mel_range() {
        let points = mel_points_hz();
        assert!((points[0] - MEL_LOW_HZ).abs() < 1e-9 && (points[MEL_BANDS + 1] - MEL_HIGH_HZ).abs() < 1e-6);
        let steps: Vec<f64> = points.windows(2).map(|p| hz_to_mel(p[1]) - hz_to_mel(p[0])).collect();
        assert!(steps.iter().all(|s| (s - steps[0]).abs() < 1e-9));
        let front_end = FrontEnd::new();
        for (band, (first, weights)) in front_end.filters.iter().enumerate() {
            assert!(first + weights.len() <= BINS);
            assert!(weights.iter().any(|&w| w > 0.4), "band {band} catches no bin");
            assert!(weights.iter().all(|&w| (0.0..=1.0).contains(&w)));
        }
        assert_eq!(front_end.window[0], 0.0);
        assert_eq!(front_end.window[WINDOW / 2], 1.0);
    }

    #[test]
    fn a_pure_tone_peaks_in_its_mel_band() {
        let centres = band_centres_hz();
        for band in [3, 10, 16, 24, 30] {
            let spectrogram = log_mel(&sine(centres[band], 0.5, CLIP_SAMPLES));
            assert_eq!(spectrogram.len(), MEL_BANDS * FRAMES);
            for frame in 0..FRAMES {
                assert_eq!(loudest_band(&spectrogram, frame), band, "{} Hz, frame {frame}", centres[band]);
            }
        }
        // Off a centre, the loudest band is one of the two whose triangles hold the pitch.
        let points = mel_points_hz();
        for hz in [440.0, 1234.0, 2900.0] {
            let band = loudest_band(&log_mel(&sine(hz, 0.5, CLIP_SAMPLES)), 20);
            assert!(points[band] < hz && hz < points[band + 2], "{hz} Hz peaks in band {band}");
        }
    }

    #[test]
    fn silence_after_a_sound_is_all_low() {
        // A tone for 0.4 s, then a whisper of noise 100 dB below it.
        let mut signal = sine(1000.0, 0.5, 3200);
        let mut rng = StreamRng::new(4, 0);
        signal.extend((3200..CLIP_SAMPLES).map(|_| 1e-5 * rng.normal()));
        let spectrogram = log_mel(&signal);
        assert_eq!(spectrogram.iter().copied().fold(0.0, f32::max), 1.0);
        let silent_frames = 3200usize.div_ceil(HOP)..FRAMES;
        for band in 0..MEL_BANDS {
            for frame in silent_frames.clone() {
                assert!(spectrogram[band * FRAMES + frame] < 0.05, "band {band}, frame {frame}");
            }
        }
        // Pure silence stays finite: every cell equals the loudest, so all map to 1.
        assert!(log_mel(&[0.0; 100]).iter().all(|&v| v == 1.0));
    }

    #[test]
    fn clips_are_balanced_spectrograms_in_range() {
        let data = generate(TonesSettings { samples: 40 }, 1).unwrap();
        assert_eq!((data.input_shape.clone(), data.classes, data.len), (vec![1, MEL_BANDS, FRAMES], 4, 40));
        assert!(data.target_shape.is_empty());
        assert_eq!(data.inputs.len(), 40 * MEL_BANDS * FRAMES);
        for (i, &target) in data.targets.iter().enumerate() {
            assert_eq!(target, (i % 4) as f32);
        }
        for clip in data.inputs.chunks(MEL_BANDS * FRAMES) {
            assert!(clip.iter().all(|&v| (0.0..=1.0).contains(&v)));
            assert!(clip.contains(&1.0));
        }
    }

    #[test]
    fn tones_hold_their_band_and_chirps_sweep() {
        let data = generate(TonesSettings { samples: 200 }, 2).unwrap();
        let mut spread = [0.0f32; 4];
        for (clip, &class) in data.inputs.chunks(MEL_BANDS * FRAMES).zip(&data.targets) {
            // The frames where the sound plays at full strength.
            let loud: Vec<usize> =
                (0..FRAMES).filter(|&f| (0..MEL_BANDS).any(|b| clip[b * FRAMES + f] >= 0.95)).collect();
            let peaks: Vec<usize> = loud.iter().map(|&f| loudest_band(clip, f)).collect();
            match class as usize {
                // A pitch between two band centres may tip to the neighbour as the sound fades in.
                0 => assert!(peaks.iter().max().unwrap() - peaks.iter().min().unwrap() <= 1, "tone wanders: {peaks:?}"),
                2 => {
                    let (first, last) = (peaks[0], peaks[peaks.len() - 1]);
                    assert!(first.abs_diff(last) >= 2, "chirp barely moves: {peaks:?}");
                    let rising = last > first;
                    assert!(peaks.windows(2).all(|p| (p[1] >= p[0]) == rising || p[1] == p[0]), "{peaks:?}");
                }
                _ => {}
            }
            // How many bands lie within 10 dB of each loud frame's peak.
            let near: usize = loud
                .iter()
                .map(|&f| {
                    let top = (0..MEL_BANDS).map(|b| clip[b * FRAMES + f]).fold(0.0, f32::max);
                    (0..MEL_BANDS).filter(|&b| clip[b * FRAMES + f] >= top - 0.125).count()
                })
                .sum();
            spread[class as usize] += near as f32 / loud.len() as f32;
        }
        // Noise spreads over many more bands than a tone does.
        assert!(spread[3] > 2.0 * spread[0], "spread per class {spread:?}");
    }

    #[test]
    fn the_same_seed_gives_the_same_clips() {
        let settings = TonesSettings { samples: 12 };
        let a = generate(settings, 5).unwrap();
        assert_eq!(a, generate(settings, 5).unwrap());
        assert_ne!(a.inputs, generate(settings, 6).unwrap().inputs);
    }

    #[test]
    fn bad_settings_name_the_field() {
        let err = generate(TonesSettings { samples: 9 }, 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset samples is 9; it must be between 10 and 20000");
        assert!(serde_json::from_str::<TonesSettings>(r#"{"samples": 10, "rate": 1}"#).is_err());
    }
}
