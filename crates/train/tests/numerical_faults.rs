//! Numerical faults of any run spec: exploding gradients are warned of before the loss
//! overflows, and a run whose loss diverged goes back to its last good weights and
//! optimizer state.

use nnplay_tensor::engine_test;
use nnplay_train::{RunSpec, SpecSession};

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// Regression of a plane by a small MLP with SGD and momentum at learning rate `lr`.
fn regression(lr: f32) -> SpecSession {
    let run = format!(
        r#"{{
        "input": [2],
        "layers": [{{"kind": "dense", "units": 16}}, {{"kind": "activation", "function": "tanh"}}, {{"kind": "dense", "units": 1}}],
        "loss": "mse",
        "optimizer": {{"kind": "momentum", "learning_rate": {lr}, "momentum": 0.9}},
        "batch_size": 32,
        "seed": 5,
        "data": {{"kind": "plane", "samples": 400, "noise": 0, "train_ratio": 0.5, "seed": 5}}
    }}"#
    );
    SpecSession::new(RunSpec::from_json(&run).unwrap()).unwrap()
}

/// Trains `session` for up to `steps` measuring steps, watching the gradients with each
/// step's loss: the step of the first warning and of the first loss that is no longer finite.
async fn train_watching(session: &mut SpecSession, steps: usize) -> (Option<nnplay_train::GradientSurge>, Option<u64>) {
    let mut warning = None;
    for _ in 0..steps {
        let loss = session.step_measuring().unwrap().to_scalar().await.unwrap();
        if !loss.is_finite() {
            return (warning, Some(session.steps()));
        }
        if let Some(surge) = session.watch_gradients(loss).await.unwrap() {
            warning.get_or_insert(surge);
        }
    }
    (warning, None)
}

engine_test! {
    async fn a_far_too_high_learning_rate_warns_before_the_loss_overflows() {
        let mut session = regression(1.0);
        let (warning, diverged_at) = train_watching(&mut session, 400).await;
        let warning = warning.expect("a warning of exploding gradients");
        let diverged_at = diverged_at.expect("learning rate 1 with momentum 0.9 diverges");
        assert!(warning.step < diverged_at, "warned at step {} but the loss overflowed at {diverged_at}", warning.step);
        assert!(warning.growth() >= 100.0 && warning.norm.is_finite(), "{warning:?}");
        let message = warning.message();
        assert!(message.en.contains(&format!("at step {}", warning.step)), "{}", message.en);
        assert!(message.en.ends_with("Lower the learning rate or turn on gradient clipping."), "{}", message.en);
        assert!(message.zh.contains("降低学习率"), "{}", message.zh);
    }
}

engine_test! {
    async fn a_sane_run_gets_no_warning() {
        let mut session = regression(0.05);
        let (warning, diverged_at) = train_watching(&mut session, 300).await;
        assert_eq!((warning, diverged_at), (None, None));
        let mlp = include_str!("../../../examples/mlp.json");
        let mut session = SpecSession::new(RunSpec::from_json(mlp).unwrap()).unwrap();
        let (warning, diverged_at) = train_watching(&mut session, 300).await;
        assert_eq!((warning, diverged_at), (None, None));
    }
}

engine_test! {
    async fn a_diverged_run_goes_back_to_its_last_good_weights_and_optimizer_state() {
        let (mut session, mut twin) = (regression(0.05), regression(0.05));
        for _ in 0..30 {
            session.step().unwrap();
            twin.step().unwrap();
        }
        let good = session.snapshot();
        let at_good = session.metrics().await.unwrap();
        let weights = session.parameters().await.unwrap();
        session.set_learning_rate(2.0).unwrap();
        let mut diverged = false;
        for _ in 0..100 {
            session.step().unwrap();
            if !session.metrics().await.unwrap().train_loss.is_finite() {
                diverged = true;
                break;
            }
        }
        assert!(diverged, "learning rate 2 diverges");
        assert_eq!(good.steps(), 30);
        session.restore(good);
        assert_eq!(session.metrics().await.unwrap(), at_good, "the good weights are back, at their step");
        assert_eq!(session.parameters().await.unwrap(), weights);
        // The momentum buffers are back too: with the rate lowered again it goes on as
        // if the divergence had never happened.
        assert_eq!(session.learning_rate(), 2.0, "the settings stay as they are now");
        session.set_learning_rate(0.05).unwrap();
        for _ in 0..10 {
            session.step().unwrap();
            twin.step().unwrap();
        }
        assert_eq!(session.parameters().await.unwrap(), twin.parameters().await.unwrap());
        assert_eq!(session.steps(), 40);
    }
}
