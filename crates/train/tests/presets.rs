//! Every preset's documented outcome, checked natively by training it (the Transformer
//! language models with their shortened check). One test per preset, so they run in
//! parallel and a failure names the preset.
#![cfg(not(target_arch = "wasm32"))]

use nnplay_train::presets;

fn check(name: &str) {
    let preset = presets::find(name).unwrap();
    let check = preset.check.shortened.as_deref().unwrap_or(&preset.check);
    let started = std::time::Instant::now();
    let outcome = pollster::block_on(presets::measure(&preset, check)).unwrap();
    // Printed for the record (`--nocapture`): the figures the closing notes quote.
    println!("{name}: {} steps in {:.1} s", check.steps, started.elapsed().as_secs_f32());
    for judged in &outcome.conditions {
        println!("  {} {}", if judged.holds { "holds" } else { "FAILS" }, judged.description);
    }
    let failed: Vec<&str> = outcome.conditions.iter().filter(|c| !c.holds).map(|c| c.description.as_str()).collect();
    assert!(failed.is_empty(), "preset {name} misses its documented outcome: {failed:?}");
}

macro_rules! preset_tests {
    ($($test:ident => $name:literal),* $(,)?) => {
        $(
            #[test]
            fn $test() {
                check($name);
            }
        )*

        #[test]
        fn every_preset_has_a_test() {
            let mut tested = vec![$($name),*];
            tested.sort_unstable();
            let mut all: Vec<String> = presets::all().into_iter().map(|p| p.name).collect();
            all.sort_unstable();
            assert_eq!(all, tested);
        }
    };
}

preset_tests! {
    mlp_2d => "mlp-2d",
    sgd_vs_minibatch => "sgd-vs-minibatch",
    momentum => "momentum",
    adaptive_rates => "adaptive-rates",
    optimizer_race => "optimizer-race",
    l1_sparse => "l1-sparse",
    l2_smooth => "l2-smooth",
    dropout_overfit => "dropout-overfit",
    cnn_digits => "cnn-digits",
    cnn_shapes => "cnn-shapes",
    gru_sequences => "gru-sequences",
    lstm_sequences => "lstm-sequences",
    spoken_digits => "spoken-digits",
    tones => "tones",
    transformer_en => "transformer-en",
    transformer_zh => "transformer-zh",
}
