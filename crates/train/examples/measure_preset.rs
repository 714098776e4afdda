//! Trains a preset file's runs and prints its measured outcome and the time it took:
//! `cargo run --release -p nnplay-train --features embedded-assets --example measure_preset -- FILE [--shortened]`.

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: measure_preset FILE.json [--shortened]");
    let shortened = args.next().as_deref() == Some("--shortened");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let preset = nnplay_train::presets::parse(&text).unwrap_or_else(|e| panic!("{e}"));
    let check = match (&preset.check.shortened, shortened) {
        (Some(short), true) => (**short).clone(),
        _ => preset.check.clone(),
    };
    let started = std::time::Instant::now();
    let outcome = pollster::block_on(nnplay_train::presets::measure(&preset, &check)).unwrap_or_else(|e| panic!("{e}"));
    let seconds = started.elapsed().as_secs_f32();
    for run in &outcome.runs {
        println!("{}: {:?} weight norm {:.3}", run.label, run.metrics, run.weight_norm);
    }
    for condition in &outcome.conditions {
        println!("{} {}", if condition.holds { "holds" } else { "FAILS" }, condition.description);
    }
    println!(
        "{} steps per run in {seconds:.1} s; outcome {}",
        check.steps,
        if outcome.holds() { "holds" } else { "FAILS" }
    );
}
