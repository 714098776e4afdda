//! How long each `nnplay_train::inspect` snapshot takes on the presets' models, after a
//! few training steps: the median of 5 calls, reads from the device included.
//! `cargo run --release -p nnplay-train --features embedded-assets --example inspect_timing [-- --gpu] [PRESET...]`
//! (default presets: cnn-digits, gru-sequences, transformer-en), then the 2-D playground.

use nnplay_tensor::Device;
use nnplay_train::inspect::{self, Inspectable};
use nnplay_train::{Session, SessionConfig, SpecSession, presets};
use std::future::Future;
use std::time::Instant;

/// Calls per snapshot; the median is reported.
const CALLS: usize = 5;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let gpu = args.iter().any(|a| a == "--gpu");
    args.retain(|a| a != "--gpu");
    if args.is_empty() {
        args = ["cnn-digits", "gru-sequences", "transformer-en"].map(String::from).to_vec();
    }
    let device = if gpu {
        let adapter = pollster::block_on(nnplay_tensor::gpu::init()).unwrap_or_else(|e| panic!("GPU: {e}"));
        println!("GPU: {adapter:?}");
        Device::Gpu
    } else {
        Device::Cpu
    };
    for name in &args {
        let run = presets::find(name).and_then(|p| p.run()).unwrap_or_else(|e| panic!("{e}"));
        let mut session = SpecSession::on_device(run, device).unwrap_or_else(|e| panic!("{e}"));
        let started = Instant::now();
        for _ in 0..10 {
            session.step().unwrap();
        }
        pollster::block_on(session.metrics()).unwrap();
        let step_ms = started.elapsed().as_secs_f64() * 1e3 / 10.0;
        println!("\n{name} on {device:?} (one training step ≈ {step_ms:.1} ms with its share of one metrics read)");
        report(&session);
    }
    let mut playground = Session::on_device(SessionConfig::spiral(), device).unwrap_or_else(|e| panic!("{e}"));
    for _ in 0..10 {
        playground.step().unwrap();
    }
    println!("\nthe 2-D playground (spiral, 8-8 tanh) on {device:?}");
    time("neuron_maps(16)", || async { inspect::neuron_maps(&playground, 16).await.map(|m| m.is_some() as usize) });
    time("layer_stats", || async { inspect::layer_stats(&playground).await.map(|s| s.len()) });
}

/// Times every snapshot on `session` and prints one line each.
fn report(session: &impl Inspectable) {
    time("layer_stats", || async { inspect::layer_stats(session).await.map(|s| s.len()) });
    time("conv_filters", || async { inspect::conv_filters(session).await.map(|f| f.is_some() as usize) });
    time("feature_maps", || async { inspect::feature_maps(session, 0).await.map(|m| m.len()) });
    time("predictions(16)", || async { inspect::predictions(session, 16).await.map(|p| p.is_some() as usize) });
    time("confusion (all)", || async {
        inspect::confusion_matrix(session, usize::MAX).await.map(|m| m.is_some() as usize)
    });
    time("confusion (256)", || async { inspect::confusion_matrix(session, 256).await.map(|m| m.is_some() as usize) });
    time("recurrent_states", || async { inspect::recurrent_states(session, 0).await.map(|s| s.len()) });
    time("attention_maps", || async { inspect::attention_maps(session, 0).await.map(|m| m.len()) });
    time("dropout_masks", || async { inspect::dropout_masks(session).await.map(|m| m.len()) });
    time("test_example", || async { inspect::test_example(session, 0).await.map(|e| e.input.len()) });
}

/// Runs `snapshot` [`CALLS`] times and prints the median time and what it returned (a
/// count: layers, maps, or 1/0 for present/absent).
fn time<F: Future<Output = Result<usize, nnplay_train::TrainError>>>(name: &str, snapshot: impl Fn() -> F) {
    let mut times = Vec::with_capacity(CALLS);
    let mut count = 0;
    for _ in 0..CALLS {
        let started = Instant::now();
        count = pollster::block_on(snapshot()).unwrap_or_else(|e| panic!("{name}: {e}"));
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!("  {name:<18} {:>9.2} ms   ({count})", times[CALLS / 2]);
}
