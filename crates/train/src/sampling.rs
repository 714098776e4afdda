//! Text from a character-level language model: the run's model (a causal Transformer or a
//! recurrent net over embeddings, token ids `[T]` in, scores `[T, vocabulary]` out) reads
//! the last `T` characters and the next one is drawn from its scores, one at a time.
//!
//! A context shorter than `T` (the start of a short prompt) is left-padded, so the last
//! real character always sits at position `T - 1`, where the model was trained to predict
//! after `T - 1` characters of history. The padding is a space when the vocabulary has one
//! (English is full of spaces, so it reads as a gap before the prompt), else a newline (the
//! Tang poems have no space but a line break after every line, so the prompt reads as the
//! start of a line), else the prompt's first character repeated (a real id, never an
//! invented one).

use crate::{SpecSession, TrainError};
use nnplay_data::corpus::Corpus;
use nnplay_tensor::Tensor;
use nnplay_tensor::rng::StreamRng;

/// The most characters one call generates: each costs a forward pass of the model.
pub const MAX_CHARACTERS: usize = 20_000;

/// Stream of the sampling draws, apart from the streams of the weights and batches.
const SAMPLING_STREAM: u32 = 0x5A3D_0001;

/// Continues `prompt` by `characters` characters drawn from the model of `session` and
/// returns them (without the prompt). `temperature` divides the scores before the softmax:
/// 0 always takes the likeliest character, 1 samples the model's own distribution, higher
/// values flatten it. The same `seed` gives the same text.
pub async fn sample_text(
    session: &SpecSession,
    prompt: &str,
    characters: usize,
    temperature: f32,
    seed: u64,
) -> Result<String, TrainError> {
    let error = |message: String| TrainError::Spec(message);
    if !(temperature >= 0.0 && temperature.is_finite()) {
        return Err(error(format!("temperature is {temperature}; use 0 (always the likeliest character) or more")));
    }
    if characters > MAX_CHARACTERS {
        return Err(error(format!("{characters} characters asked for; generate at most {MAX_CHARACTERS} at a time")));
    }
    let corpus = session.corpus()?.ok_or_else(|| {
        error(
            "this run does not model text: sampling needs a character-level language model trained on \
             \"chars\" or \"text\" data"
                .into(),
        )
    })?;
    let length = context_length(session)?;
    let prompt_ids = corpus.encode(prompt).map_err(|e| error(format!("prompt: {e}")))?;
    let pad = padding(&corpus, &prompt_ids)?;
    let vocabulary = corpus.vocabulary().len();

    let mut ids = prompt_ids;
    let mut rng = StreamRng::new(seed, SAMPLING_STREAM);
    for _ in 0..characters {
        let context = &ids[ids.len().saturating_sub(length)..];
        let padded: Vec<f32> = std::iter::repeat_n(pad, length - context.len())
            .chain(context.iter().copied())
            .map(|id| id as f32)
            .collect();
        let inputs = Tensor::from_vec(padded, [1, length], session.device())?;
        let output = session.predict(&inputs)?;
        if output.dims() != [1, length, vocabulary] {
            return Err(error(format!(
                "the model gives {:?} per example, but a language model on this text gives scores [{length}, {vocabulary}]: \
                 one per position and character",
                &output.dims()[1..]
            )));
        }
        let scores = output.to_vec().await?;
        ids.push(draw(&scores[(length - 1) * vocabulary..], temperature, &mut rng) as u32);
    }
    Ok(corpus.decode(&ids[ids.len() - characters..]))
}

/// The window `T` the model reads: its input must be `[T]` token ids.
fn context_length(session: &SpecSession) -> Result<usize, TrainError> {
    match session.spec().input[..] {
        [length] if length > 0 => Ok(length),
        ref input => Err(TrainError::Spec(format!(
            "the model's input is {input:?}, but a language model reads [T]: a window of token ids"
        ))),
    }
}

/// The token that fills a short context (see the module documentation).
fn padding(corpus: &Corpus, prompt: &[u32]) -> Result<u32, TrainError> {
    for separator in [' ', '\n'] {
        if let Ok(id) = corpus.vocabulary().binary_search(&separator) {
            return Ok(id as u32);
        }
    }
    prompt.first().copied().ok_or_else(|| {
        TrainError::Spec(
            "the prompt is empty and the text has no space or line break to stand before it; give at least one \
             character"
                .into(),
        )
    })
}

/// A class drawn from `scores / temperature` under the softmax; the likeliest at 0.
fn draw(scores: &[f32], temperature: f32, rng: &mut StreamRng) -> usize {
    let likeliest = (0..scores.len()).fold(0, |best, i| if scores[i] > scores[best] { i } else { best });
    if temperature == 0.0 {
        return likeliest;
    }
    // f64 and the maximum subtracted: the weights stay finite even at a tiny temperature.
    let top = scores[likeliest] as f64;
    let weights: Vec<f64> = scores.iter().map(|&s| ((s as f64 - top) / temperature as f64).exp()).collect();
    let mut remaining = rng.next_unit() as f64 * weights.iter().sum::<f64>();
    for (class, weight) in weights.iter().enumerate() {
        if remaining < *weight {
            return class;
        }
        remaining -= weight;
    }
    likeliest
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RunSpec;
    use nnplay_tensor::engine_test;

    /// A causal Transformer on the built-in sentences ("the quick brown fox…").
    const LANGUAGE_MODEL: &str = r#"{
        "input": [16],
        "layers": [
            {"kind": "embedding", "num_embeddings": 28, "embedding_dim": 32},
            {"kind": "learned_positional", "init_std": 0.02},
            {"kind": "transformer_block", "num_heads": 4, "causal": true},
            {"kind": "layer_norm"},
            {"kind": "dense", "units": 28}
        ],
        "loss": "cross_entropy",
        "optimizer": {"kind": "adamw", "learning_rate": 0.01},
        "batch_size": 16,
        "seed": 1,
        "data": {"kind": "chars", "samples": 400, "length": 16}
    }"#;

    /// A GRU over embeddings on the same sentences.
    const RECURRENT_MODEL: &str = r#"{
        "input": [16],
        "layers": [
            {"kind": "embedding", "num_embeddings": 28, "embedding_dim": 16},
            {"kind": "gru", "hidden_size": 32, "return_sequence": true},
            {"kind": "dense", "units": 28}
        ],
        "loss": "cross_entropy",
        "optimizer": {"kind": "adam", "learning_rate": 0.01},
        "batch_size": 16,
        "seed": 1,
        "data": {"kind": "chars", "samples": 400, "length": 16}
    }"#;

    fn trained(steps: usize) -> SpecSession {
        trained_run(LANGUAGE_MODEL, steps)
    }

    fn trained_run(run: &str, steps: usize) -> SpecSession {
        let mut session = SpecSession::new(RunSpec::from_json(run).unwrap()).unwrap();
        for _ in 0..steps {
            session.step().unwrap();
        }
        session
    }

    engine_test! {
        async fn a_trained_model_writes_its_text() {
            let session = trained(300);
            let vocabulary = session.corpus().unwrap().unwrap().vocabulary().to_vec();

            let text = sample_text(&session, "the ", 40, 1.0, 7).await.unwrap();
            assert_eq!(text.chars().count(), 40);
            assert!(text.chars().all(|c| vocabulary.contains(&c)), "{text:?}");
            assert_eq!(sample_text(&session, "the ", 40, 1.0, 7).await.unwrap(), text, "the same seed, the same text");
            let mut others = Vec::new();
            for seed in [1, 2, 3] {
                others.push(sample_text(&session, "the ", 40, 1.0, seed).await.unwrap());
            }
            assert!(others.iter().any(|other| other != &text), "other seeds draw other text: {others:?}");

            // Only the scores at the last real position count: the sentences say "lazy dog".
            assert_eq!(sample_text(&session, "the lazy ", 3, 0.0, 1).await.unwrap(), "dog");
        }
    }

    engine_test! {
        async fn a_recurrent_model_writes_too() {
            let session = trained_run(RECURRENT_MODEL, 300);
            assert_eq!(sample_text(&session, "the lazy ", 3, 0.0, 1).await.unwrap(), "dog");
            assert_eq!(sample_text(&session, "the ", 25, 0.8, 4).await.unwrap().chars().count(), 25);
        }
    }

    engine_test! {
        async fn temperature_zero_takes_the_likeliest_character_whatever_the_seed() {
            let session = trained(0);
            let greedy = sample_text(&session, "a fox", 12, 0.0, 1).await.unwrap();
            assert_eq!(sample_text(&session, "a fox", 12, 0.0, 99).await.unwrap(), greedy);
            assert_eq!(sample_text(&session, "a fox", 12, 1e-4, 5).await.unwrap(), greedy, "a tiny temperature agrees");

            // The first character is the argmax of the scores after the space-padded prompt.
            let corpus = session.corpus().unwrap().unwrap();
            let padded = format!("{:>16}", "a fox");
            let ids: Vec<f32> = corpus.encode(&padded).unwrap().iter().map(|&id| id as f32).collect();
            let scores = session.predict(&Tensor::from_vec(ids, [1, 16], session.device()).unwrap()).unwrap();
            let last = scores.to_vec().await.unwrap()[15 * 28..].to_vec();
            let likeliest = (0..28).max_by(|&a, &b| last[a].total_cmp(&last[b])).unwrap() as u32;
            assert_eq!(greedy.chars().next(), Some(corpus.decode(&[likeliest]).chars().next().unwrap()));
        }
    }

    engine_test! {
        async fn prompts_shorter_and_longer_than_the_window_work() {
            let session = trained(0);
            assert_eq!(sample_text(&session, "", 5, 1.0, 1).await.unwrap().chars().count(), 5);
            let long = "the quick brown fox jumps over the lazy dog. the lazy dog";
            assert_eq!(sample_text(&session, long, 5, 1.0, 1).await.unwrap().chars().count(), 5);
            assert_eq!(sample_text(&session, long, 0, 1.0, 1).await.unwrap(), "");
        }
    }

    engine_test! {
        async fn a_prompt_outside_the_vocabulary_or_a_bad_temperature_is_refused() {
            let session = trained(0);
            let err = sample_text(&session, "the Zebra", 5, 1.0, 1).await.unwrap_err().to_string();
            assert!(err.starts_with("prompt: character 'Z' (U+005A) at position 4 is not in"), "{err}");
            let err = sample_text(&session, "the", 5, -1.0, 1).await.unwrap_err().to_string();
            assert!(err.starts_with("temperature is -1;"), "{err}");
            let err = sample_text(&session, "the", MAX_CHARACTERS + 1, 1.0, 1).await.unwrap_err().to_string();
            assert!(err.contains("generate at most 20000"), "{err}");
        }
    }

    engine_test! {
        async fn a_run_that_is_not_a_language_model_is_refused() {
            let run = r#"{
                "input": [2],
                "layers": [{"kind": "dense", "units": 2}],
                "loss": "cross_entropy",
                "optimizer": {"kind": "sgd", "learning_rate": 0.1},
                "batch_size": 8,
                "seed": 1,
                "data": {"kind": "xor", "samples": 40, "noise": 0, "train_ratio": 0.5, "seed": 1}
            }"#;
            let session = SpecSession::new(RunSpec::from_json(run).unwrap()).unwrap();
            let err = sample_text(&session, "the", 5, 1.0, 1).await.unwrap_err().to_string();
            assert!(err.starts_with("this run does not model text"), "{err}");
        }
    }

    #[test]
    fn padding_is_a_space_else_a_line_break_else_the_prompts_first_character() {
        let english = Corpus::new("in the beginning\n").unwrap();
        assert_eq!(english.decode(&[padding(&english, &[]).unwrap()]), " ");
        let poems = Corpus::new("春眠不觉晓，\n处处闻啼鸟。\n").unwrap();
        assert_eq!(poems.decode(&[padding(&poems, &[]).unwrap()]), "\n");
        let bare = Corpus::new("abc").unwrap();
        let prompt = bare.encode("ca").unwrap();
        assert_eq!(bare.decode(&[padding(&bare, &prompt).unwrap()]), "c");
        let err = padding(&bare, &[]).unwrap_err().to_string();
        assert!(err.starts_with("the prompt is empty and the text has no space or line break"), "{err}");
    }

    #[test]
    fn draws_follow_the_softmax_of_the_scores_over_the_temperature() {
        let mut rng = StreamRng::new(3, 0);
        // Scores 0 and ln 3: probabilities 1/4 and 3/4 at temperature 1, 1/2 each at infinity.
        let scores = [0.0, 3f32.ln()];
        let share = |temperature: f32, rng: &mut StreamRng| {
            (0..4000).filter(|_| draw(&scores, temperature, rng) == 1).count() as f32 / 4000.0
        };
        assert!((share(1.0, &mut rng) - 0.75).abs() < 0.03);
        assert!((share(1e6, &mut rng) - 0.5).abs() < 0.03);
        assert_eq!(share(0.0, &mut rng), 1.0);
    }
}
