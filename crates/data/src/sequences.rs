//! Generated sequence tasks for recurrent nets: the adding problem, copying and reversing
//! a string of symbols, and forecasting a sine wave.
//!
//! Layouts (one example; `T` = `length`, `L` = `length` of the symbol string):
//! - **adding**: input `[T, 2]`, row `t` = (value in `[0, 1)`, marker); the marker is 1 at
//!   exactly one position of the first half (`t < T/2`) and one of the second, 0 elsewhere.
//!   Target `[1]`: the sum of the two marked values. Regression (`classes == 0`).
//! - **copy** / **reverse**: input `[2L+1]` token ids, read one per step: the `L` symbols
//!   (ids `2..symbols+2`), the delimiter (id [`DELIMITER`] = 1), then `L` blanks (id
//!   [`BLANK`] = 0) while the net answers. Target `[2L+1]`: blanks at the first `L+1`
//!   positions, then the `L` symbols — in order for copy, last first for reverse.
//!   `classes = symbols + 2`. For `L = 3`, copy: input `a b c 1 0 0 0`, target
//!   `0 0 0 0 a b c`; reverse: target `0 0 0 0 c b a`.
//! - **sine**: input `[T, 1]`: `A·sin(2π·f·t + φ) + noise` for `t = 0..T`, with random
//!   frequency `f` (cycles per step), phase `φ` and amplitude `A`, and Gaussian noise of
//!   standard deviation `noise`. Target `[1]`: the clean value at `t = T`. Regression.

use crate::shapes::check_range;
use crate::{DataError, TensorData};
use nnplay_tensor::rng::StreamRng;
use serde::{Deserialize, Serialize};
use std::f64::consts::TAU;
use std::ops::RangeInclusive;

/// The adding problem, for the dataset picker.
pub const ADDING_DESCRIPTION_EN: &str = "The adding problem (Hochreiter & Schmidhuber, 1997). Each step shows a \
random number between 0 and 1 and a marker; the marker is on at exactly two steps, one in each half of the \
sequence. At the end the net must give the sum of the two marked numbers. Everything between the marks is a \
distraction, so the net has to hold a value in memory for many steps — easy for an LSTM or GRU, hard for a \
plain recurrent net once sequences grow long. Always answering 1 gives a mean squared error of about 0.17; a \
net that has learnt the task does far better.";

/// [`ADDING_DESCRIPTION_EN`] in Chinese.
pub const ADDING_DESCRIPTION_ZH: &str = "加法问题（Hochreiter 与 Schmidhuber，1997）。每一步给出一个 0 到 1 之间的\
随机数和一个标记；标记恰好在两步上为 1，前半段和后半段各一次。序列结束时，网络要给出这两个被标记的数之和。两个标记\
之间的内容都是干扰，所以网络必须把一个数值记住很多步——这对 LSTM 或 GRU 来说很容易，而对普通循环网络来说，序列一长\
就很难。总是回答 1 的均方误差约为 0.17；学会了这个任务的网络会好得多。";

/// The copy task, for the dataset picker.
pub const COPY_DESCRIPTION_EN: &str = "Copy a string. The net reads a few random symbols one at a time, then a \
delimiter, then blanks; while the blanks arrive it must write the symbols back in the same order. It has to \
store the whole string in its memory and replay it, which shows how much a recurrent net can remember. The \
first half of each target is blank, so judge the net by its answers after the delimiter.";

/// [`COPY_DESCRIPTION_EN`] in Chinese.
pub const COPY_DESCRIPTION_ZH: &str = "复制一串符号。网络逐个读入若干随机符号，然后是一个分隔符，再然后是空白；在空白\
到来时，它必须按原来的顺序把这些符号写出来。它需要把整串符号存进记忆再重放出来，这能看出循环网络能记住多少东西。\
每个目标的前半部分都是空白，所以请看网络在分隔符之后的回答。";

/// The reverse task, for the dataset picker.
pub const REVERSE_DESCRIPTION_EN: &str = "Reverse a string. Like the copy task — random symbols, a delimiter, then \
blanks — but the net must write the symbols back last first. The first answer is the symbol it saw most \
recently and the last answer the one it saw longest ago, so the memory it needs is a stack rather than a \
queue. The first half of each target is blank, so judge the net by its answers after the delimiter.";

/// [`REVERSE_DESCRIPTION_EN`] in Chinese.
pub const REVERSE_DESCRIPTION_ZH: &str = "把一串符号倒过来。和复制任务一样——先是随机符号，然后是分隔符，再然后是\
空白——但网络必须从最后一个符号开始倒着写出来。第一个答案是它最近看到的符号，最后一个答案是它最早看到的符号，所以\
它需要的记忆像一个栈而不是一个队列。每个目标的前半部分都是空白，所以请看网络在分隔符之后的回答。";

/// Sine forecasting, for the dataset picker.
pub const SINE_DESCRIPTION_EN: &str = "Forecast a wave. Each example is a window of a sine wave with its own random \
frequency, phase and amplitude, plus a little noise; the net must predict the next, noise-free value. It has to \
work out from the window how fast the wave turns and where it is heading, a first taste of time-series \
forecasting. More noise makes the wave harder to read.";

/// [`SINE_DESCRIPTION_EN`] in Chinese.
pub const SINE_DESCRIPTION_ZH: &str = "预测波形。每个样本是一段正弦波，它的频率、相位和振幅都是随机的，另外加了一点\
噪声；网络要预测下一个不含噪声的值。它必须从这段波形中看出波动的快慢和走向，这是时间序列预测的入门。噪声越大，波形\
越难看清。";

/// How many sequences may be asked for, in every task.
pub const SAMPLES: RangeInclusive<usize> = 10..=20_000;
/// The allowed length `T` of an adding-problem sequence.
pub const ADDING_LENGTH: RangeInclusive<usize> = 4..=500;
/// The allowed length `L` of the string to copy or reverse.
pub const COPY_LENGTH: RangeInclusive<usize> = 1..=100;
/// The allowed size of the alphabet to copy or reverse.
pub const SYMBOLS: RangeInclusive<usize> = 2..=64;
/// The allowed length `T` of a sine window.
pub const SINE_LENGTH: RangeInclusive<usize> = 4..=500;
/// The allowed standard deviation of the noise on a sine window.
pub const SINE_NOISE: RangeInclusive<f32> = 0.0..=0.5;

/// The token the net reads while it answers, and the target before it may answer.
pub const BLANK: usize = 0;
/// The token between the string and the answer.
pub const DELIMITER: usize = 1;

/// The frequency of a sine window in cycles per step: periods from 10 to 50 steps.
const SINE_FREQUENCY: (f64, f64) = (0.02, 0.1);
/// The amplitude of a sine window.
const SINE_AMPLITUDE: (f64, f64) = (0.5, 1.0);

/// Random streams, one per task (and one for the sine noise, so that changing the noise
/// keeps the same waves).
const ADDING_STREAM: u32 = 0x5E90_0001;
const COPY_STREAM: u32 = 0x5E90_0002;
const SINE_STREAM: u32 = 0x5E90_0003;
const SINE_NOISE_STREAM: u32 = 0x5E90_0004;

/// Settings of the adding problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AddingSettings {
    /// Sequences in total.
    pub samples: usize,
    /// Steps per sequence (`T`).
    pub length: usize,
}

impl Default for AddingSettings {
    fn default() -> Self {
        AddingSettings { samples: 2000, length: 50 }
    }
}

/// Settings of the copy and reverse tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CopySettings {
    /// Sequences in total.
    pub samples: usize,
    /// Symbols to remember per sequence (`L`); each sequence is `2L + 1` steps.
    pub length: usize,
    /// Size of the alphabet the symbols are drawn from.
    pub symbols: usize,
}

impl Default for CopySettings {
    fn default() -> Self {
        CopySettings { samples: 2000, length: 5, symbols: 8 }
    }
}

/// Settings of sine forecasting.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SineSettings {
    /// Windows in total.
    pub samples: usize,
    /// Steps per window (`T`).
    pub length: usize,
    /// Standard deviation of the Gaussian noise on the window (not on the target).
    pub noise: f32,
}

impl Default for SineSettings {
    fn default() -> Self {
        SineSettings { samples: 2000, length: 32, noise: 0.05 }
    }
}

/// Generates the adding problem from `seed`: inputs `[T, 2]`, targets `[1]`, regression.
pub fn adding(settings: AddingSettings, seed: u64) -> Result<TensorData, DataError> {
    let AddingSettings { samples, length } = settings;
    check_range("samples", samples, SAMPLES)?;
    check_range("length", length, ADDING_LENGTH)?;

    let mut rng = StreamRng::new(seed, ADDING_STREAM);
    let half = length / 2;
    let mut inputs = Vec::with_capacity(samples * length * 2);
    let mut targets = Vec::with_capacity(samples);
    for _ in 0..samples {
        let first = rng.below(half);
        let second = half + rng.below(length - half);
        let mut sum = 0.0;
        for t in 0..length {
            let value = rng.next_unit();
            let marked = t == first || t == second;
            if marked {
                sum += value;
            }
            inputs.extend([value, if marked { 1.0 } else { 0.0 }]);
        }
        targets.push(sum);
    }
    Ok(TensorData { inputs, input_shape: vec![length, 2], targets, target_shape: vec![1], classes: 0, len: samples })
}

/// Generates the copy task from `seed`: token ids `[2L+1]` in and out, `symbols + 2` classes.
pub fn copy(settings: CopySettings, seed: u64) -> Result<TensorData, DataError> {
    recall(settings, seed, false)
}

/// Generates the reverse task from `seed`: as [`copy`], but the answer is last first.
pub fn reverse(settings: CopySettings, seed: u64) -> Result<TensorData, DataError> {
    recall(settings, seed, true)
}

/// Copy or reverse: the string, the delimiter and blanks in; blanks, then the string
/// (reversed if `reversed`) out.
fn recall(settings: CopySettings, seed: u64, reversed: bool) -> Result<TensorData, DataError> {
    let CopySettings { samples, length, symbols } = settings;
    check_range("samples", samples, SAMPLES)?;
    check_range("length", length, COPY_LENGTH)?;
    check_range("symbols", symbols, SYMBOLS)?;

    // The same stream for both tasks: with one seed, reverse shows the strings copy shows.
    let mut rng = StreamRng::new(seed, COPY_STREAM);
    let steps = 2 * length + 1;
    let mut inputs = Vec::with_capacity(samples * steps);
    let mut targets = Vec::with_capacity(samples * steps);
    for _ in 0..samples {
        let string: Vec<f32> = (0..length).map(|_| (DELIMITER + 1 + rng.below(symbols)) as f32).collect();
        inputs.extend_from_slice(&string);
        inputs.push(DELIMITER as f32);
        inputs.extend(std::iter::repeat_n(BLANK as f32, length));
        targets.extend(std::iter::repeat_n(BLANK as f32, length + 1));
        if reversed {
            targets.extend(string.iter().rev());
        } else {
            targets.extend_from_slice(&string);
        }
    }
    Ok(TensorData {
        inputs,
        input_shape: vec![steps],
        targets,
        target_shape: vec![steps],
        classes: symbols + 2,
        len: samples,
    })
}

/// Generates sine forecasting from `seed`: inputs `[T, 1]`, targets `[1]` (the clean next
/// value), regression.
pub fn sine(settings: SineSettings, seed: u64) -> Result<TensorData, DataError> {
    let SineSettings { samples, length, noise } = settings;
    check_range("samples", samples, SAMPLES)?;
    check_range("length", length, SINE_LENGTH)?;
    check_range("noise", noise, SINE_NOISE)?;

    let mut rng = StreamRng::new(seed, SINE_STREAM);
    let mut noise_rng = StreamRng::new(seed, SINE_NOISE_STREAM);
    let mut inputs = Vec::with_capacity(samples * length);
    let mut targets = Vec::with_capacity(samples);
    for _ in 0..samples {
        let frequency = uniform(&mut rng, SINE_FREQUENCY);
        let phase = uniform(&mut rng, (0.0, TAU));
        let amplitude = uniform(&mut rng, SINE_AMPLITUDE);
        // f64 so long windows keep the phase exact before rounding to f32.
        let wave = |t: usize| (amplitude * (TAU * frequency * t as f64 + phase).sin()) as f32;
        for t in 0..length {
            let jitter = if noise > 0.0 { noise * noise_rng.normal() } else { 0.0 };
            inputs.push(wave(t) + jitter);
        }
        targets.push(wave(length));
    }
    Ok(TensorData { inputs, input_shape: vec![length, 1], targets, target_shape: vec![1], classes: 0, len: samples })
}

/// A uniform value in `[low, high)` with the stream's 24 random bits.
fn uniform(rng: &mut StreamRng, (low, high): (f64, f64)) -> f64 {
    low + (high - low) * rng.next_unit() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_targets_are_the_sum_of_the_marked_values() {
        let length = 9;
        let data = adding(AddingSettings { samples: 200, length }, 1).unwrap();
        assert_eq!((data.input_shape.clone(), data.target_shape.clone()), (vec![9, 2], vec![1]));
        assert_eq!((data.classes, data.len, data.inputs.len()), (0, 200, 200 * 18));
        for (row, &target) in data.inputs.chunks(length * 2).zip(&data.targets) {
            let marks: Vec<usize> = (0..length).filter(|&t| row[2 * t + 1] == 1.0).collect();
            assert_eq!(marks.len(), 2);
            assert!(marks[0] < length / 2 && marks[1] >= length / 2, "marks at {marks:?}");
            assert!((0..length).all(|t| row[2 * t + 1] == 0.0 || row[2 * t + 1] == 1.0));
            assert!((0..length).all(|t| (0.0..1.0).contains(&row[2 * t])));
            assert_eq!(target, row[2 * marks[0]] + row[2 * marks[1]]);
        }
        // Every position of each half gets marked sometimes.
        let mut seen = [false; 9];
        for row in data.inputs.chunks(length * 2) {
            (0..length).filter(|&t| row[2 * t + 1] == 1.0).for_each(|t| seen[t] = true);
        }
        assert!(seen.iter().all(|&s| s), "{seen:?}");
    }

    #[test]
    fn copy_and_reverse_follow_the_layout() {
        let settings = CopySettings { samples: 100, length: 4, symbols: 3 };
        let copied = copy(settings, 2).unwrap();
        let reversed = reverse(settings, 2).unwrap();
        for data in [&copied, &reversed] {
            assert_eq!((data.input_shape.clone(), data.target_shape.clone()), (vec![9], vec![9]));
            assert_eq!((data.classes, data.len, data.targets.len()), (5, 100, 900));
        }
        // Same seed, same strings in both tasks.
        assert_eq!(copied.inputs, reversed.inputs);
        for ((input, copy_target), reverse_target) in
            copied.inputs.chunks(9).zip(copied.targets.chunks(9)).zip(reversed.targets.chunks(9))
        {
            let string = &input[..4];
            assert!(string.iter().all(|&s| (2.0..5.0).contains(&s) && s.fract() == 0.0), "{input:?}");
            assert_eq!(input[4], DELIMITER as f32);
            assert!(input[5..].iter().all(|&s| s == BLANK as f32));
            assert!(copy_target[..5].iter().chain(&reverse_target[..5]).all(|&s| s == BLANK as f32));
            assert_eq!(&copy_target[5..], string);
            let backwards: Vec<f32> = string.iter().rev().copied().collect();
            assert_eq!(&reverse_target[5..], &backwards[..]);
        }
        // Every symbol of the alphabet appears.
        for symbol in 2..5 {
            assert!(copied.inputs.contains(&(symbol as f32)));
        }
    }

    #[test]
    fn sine_target_continues_the_wave() {
        let length = 12;
        let data = sine(SineSettings { samples: 100, length, noise: 0.0 }, 3).unwrap();
        assert_eq!((data.input_shape.clone(), data.target_shape.clone()), (vec![12, 1], vec![1]));
        assert_eq!((data.classes, data.len, data.inputs.len()), (0, 100, 1200));
        for (window, &target) in data.inputs.chunks(length).zip(&data.targets) {
            // A sampled sine obeys x[t+1] = 2·cos(ω)·x[t] − x[t−1]; read cos(ω) where the
            // window is largest (best conditioned), then extrapolate one step.
            let w: Vec<f64> = window.iter().map(|&v| v as f64).collect();
            let t = (1..length - 1).max_by(|&a, &b| w[a].abs().total_cmp(&w[b].abs())).unwrap();
            let cos = (w[t - 1] + w[t + 1]) / (2.0 * w[t]);
            let frequency = cos.acos() / TAU;
            assert!((SINE_FREQUENCY.0 - 1e-4..=SINE_FREQUENCY.1 + 1e-4).contains(&frequency), "frequency {frequency}");
            let next = 2.0 * cos * w[length - 1] - w[length - 2];
            assert!((next - target as f64).abs() < 1e-4, "forecast {next}, target {target}");
            let peak = w.iter().fold(target.abs() as f64, |m, v| m.max(v.abs()));
            assert!(peak <= SINE_AMPLITUDE.1);
        }
    }

    #[test]
    fn sine_noise_keeps_the_waves() {
        let settings = SineSettings { samples: 200, length: 20, noise: 0.0 };
        let clean = sine(settings, 4).unwrap();
        let noisy = sine(SineSettings { noise: 0.3, ..settings }, 4).unwrap();
        assert_eq!(clean.targets, noisy.targets);
        let n = clean.inputs.len() as f32;
        let var = noisy.inputs.iter().zip(&clean.inputs).map(|(a, b)| (a - b) * (a - b)).sum::<f32>() / n;
        assert!((var.sqrt() - 0.3).abs() < 0.015, "noise std {}", var.sqrt());
    }

    #[test]
    fn the_same_seed_gives_the_same_sequences() {
        let a = AddingSettings::default();
        assert_eq!(adding(a, 1).unwrap(), adding(a, 1).unwrap());
        assert_ne!(adding(a, 1).unwrap().inputs, adding(a, 2).unwrap().inputs);
        let c = CopySettings::default();
        assert_eq!(reverse(c, 1).unwrap(), reverse(c, 1).unwrap());
        assert_ne!(copy(c, 1).unwrap().inputs, copy(c, 2).unwrap().inputs);
        let s = SineSettings::default();
        assert_eq!(sine(s, 1).unwrap(), sine(s, 1).unwrap());
        assert_ne!(sine(s, 1).unwrap().inputs, sine(s, 2).unwrap().inputs);
    }

    #[test]
    fn bad_settings_name_the_field() {
        let err = adding(AddingSettings { samples: 100, length: 3 }, 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset length is 3; it must be between 4 and 500");
        let err = copy(CopySettings { samples: 100, length: 4, symbols: 1 }, 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset symbols is 1; it must be between 2 and 64");
        let err = reverse(CopySettings { samples: 20_001, length: 4, symbols: 4 }, 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset samples is 20001; it must be between 10 and 20000");
        let err = sine(SineSettings { samples: 100, length: 10, noise: -0.1 }, 1).unwrap_err();
        assert_eq!(err.to_string(), "dataset noise is -0.1; it must be between 0 and 0.5");
    }

    #[test]
    fn settings_read_from_partial_json() {
        let parsed: CopySettings = serde_json::from_str(r#"{"symbols": 10}"#).unwrap();
        assert_eq!(parsed, CopySettings { symbols: 10, ..CopySettings::default() });
        assert!(serde_json::from_str::<SineSettings>(r#"{"noize": 0.1}"#).is_err());
    }
}
