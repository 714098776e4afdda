//! The link format end to end: every field survives `encode` then `parse`, and every
//! kind of hand-edited or cut-off hash gives its sentence and the defaults. No DOM, so
//! these run under wasm-bindgen-test as well.

use super::*;
use crate::catalog;
use crate::theme::Theme;
use nnplay_data::DatasetKind;
use nnplay_nn::{Activation, LrSchedule, OptimizerKind};
use nnplay_train::RunSpec;

/// Encodes `state`, checks that it reads back unchanged and without errors, and
/// returns the hash.
fn round_trip(state: &UrlState) -> String {
    let hash = encode(state);
    let parsed = parse(&hash);
    assert_eq!(parsed.errors, [], "{hash}");
    assert_eq!(&parsed.state, state, "{hash}");
    assert_eq!(parse(&format!("#{hash}")).state, *state, "a leading # is optional");
    hash
}

/// The English messages of parsing `hash`.
fn messages(hash: &str) -> Vec<String> {
    parse(hash).messages(false)
}

/// A run file for `spec=`: the Transformer example.
fn transformer() -> RunSpec {
    RunSpec::from_json(crate::examples::Example::Transformer.spec_json().unwrap()).unwrap()
}

fn with_run(run: Run) -> UrlState {
    UrlState { run, ..UrlState::default() }
}

fn with_plane(change: impl FnOnce(&mut Plane)) -> UrlState {
    let mut plane = Plane::default();
    change(&mut plane);
    with_run(Run::Playground(plane))
}

/// A run other than the playground, so dropout and schedule apply.
fn preset_with(change: impl FnOnce(&mut Overrides)) -> UrlState {
    let mut overrides = Overrides::default();
    change(&mut overrides);
    UrlState { run: Run::Preset("dropout-overfit".into()), overrides, ..UrlState::default() }
}

fn with_page(change: impl FnOnce(&mut PageSettings)) -> UrlState {
    let mut state = UrlState::default();
    change(&mut state.page);
    state
}

fn with_course(change: impl FnOnce(&mut Course)) -> UrlState {
    let mut state = UrlState::default();
    change(&mut state.course);
    state
}

#[test]
fn the_default_state_is_the_empty_hash() {
    assert_eq!(encode(&UrlState::default()), "");
    for hash in ["", "#", "#&&"] {
        assert_eq!(parse(hash), Parsed { state: UrlState::default(), errors: vec![] });
    }
    assert_eq!(UrlState::default().session_config(), Some(SessionConfig::spiral()));
}

#[test]
fn every_field_round_trips_on_its_own() {
    let origin = |text: &str| Origin::parse(text).unwrap();
    let goal = Goal { metric: GoalMetric::TestLoss, comparison: Comparison::AtMost, value: 0.2 };
    let cases: Vec<(UrlState, &str)> = vec![
        (with_run(Run::Preset("momentum".into())), "preset=momentum"),
        (with_run(Run::Dataset("bars".into())), "dataset=bars"),
        (with_plane(|p| p.kind = DatasetKind::Xor), "dataset=xor"),
        (with_plane(|p| p.noise = 0.25), "noise=0.25"),
        (with_plane(|p| p.train_ratio = 0.7), "train=0.7"),
        (with_plane(|p| p.hidden = vec![3, 5, 2]), "hidden=3,5,2"),
        (with_plane(|p| p.hidden = vec![]), "hidden=none"),
        (with_plane(|p| p.activation = Activation::Relu), "act=relu"),
        (preset_with(|o| o.optimizer = Some(OptimizerKind::RmsProp)), "preset=dropout-overfit&opt=rmsprop"),
        (preset_with(|o| o.learning_rate = Some(0.003)), "preset=dropout-overfit&lr=0.003"),
        (preset_with(|o| o.momentum = Some(0.5)), "preset=dropout-overfit&momentum=0.5"),
        (preset_with(|o| o.beta1 = Some(0.8)), "preset=dropout-overfit&beta1=0.8"),
        (preset_with(|o| o.beta2 = Some(0.99)), "preset=dropout-overfit&beta2=0.99"),
        (preset_with(|o| o.epsilon = Some(1e-7)), "preset=dropout-overfit&eps=0.0000001"),
        (preset_with(|o| o.batch_size = Some(32)), "preset=dropout-overfit&batch=32"),
        (preset_with(|o| o.l1 = Some(0.001)), "preset=dropout-overfit&l1=0.001"),
        (preset_with(|o| o.l2 = Some(0.01)), "preset=dropout-overfit&l2=0.01"),
        (preset_with(|o| o.dropout = Some(0.3)), "preset=dropout-overfit&dropout=0.3"),
        (preset_with(|o| o.seed = Some(u64::MAX)), "preset=dropout-overfit&seed=18446744073709551615"),
        (
            preset_with(|o| o.schedule = Some(LrSchedule::Step { step_size: 100, gamma: 0.5 })),
            "preset=dropout-overfit&schedule=step:100:0.5",
        ),
        (with_page(|p| p.backend = crate::backend::BackendChoice::Gpu), "backend=gpu"),
        (with_page(|p| p.speed = Speed::Sixteen), "speed=16"),
        (with_page(|p| p.language = Some(Language::Zh)), "lang=zh"),
        (with_page(|p| p.language = Some(Language::En)), "lang=en"),
        (with_page(|p| p.panels = Some([Panel::Boundary, Panel::Loss].into())), "panels=loss,boundary"),
        (with_page(|p| p.panels = Some([].into())), "panels=none"),
        (with_page(|p| p.scale = Scale::Log), "scale=log"),
        (with_page(|p| p.theme = Some(Theme::Dark)), "theme=dark"),
        (with_page(|p| p.theme = Some(Theme::Light)), "theme=light"),
        (with_course(|c| c.lock = [Control::LearningRate, Control::Optimizer].into()), "lock=optimizer,learning-rate"),
        (with_course(|c| c.hide = [Control::Files, Control::Presets].into()), "hide=files,presets"),
        (with_course(|c| c.hide_text = true), "text=hide"),
        (with_course(|c| c.target = Some(goal)), "target=test_loss%3C=0.2"),
        (
            with_course(|c| c.origins = [origin("https://school.example"), origin("http://localhost:8080")].into()),
            "origins=http://localhost:8080,https://school.example",
        ),
    ];
    for (state, expected) in cases {
        assert_eq!(round_trip(&state), expected);
    }
    // Settings at their default on the playground are written when given, and kept.
    let explicit =
        UrlState { overrides: Overrides { learning_rate: Some(0.03), ..Overrides::default() }, ..UrlState::default() };
    assert_eq!(round_trip(&explicit), "lr=0.03");
}

#[test]
fn inline_specs_round_trip_as_base64url_json() {
    let state = with_run(Run::spec(transformer()).unwrap());
    let hash = round_trip(&state);
    assert!(
        hash.starts_with("spec=") && hash[5..].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    for preset in catalog::presets() {
        let state = with_run(Run::spec(preset.run().unwrap()).unwrap());
        let hash = round_trip(&state);
        assert!(hash.len() < MAX_HASH_LENGTH, "{}: {} bytes", preset.name, hash.len());
    }
}

#[test]
fn all_fields_together_round_trip_in_canonical_order() {
    let state = UrlState {
        run: Run::Playground(Plane {
            kind: DatasetKind::Circle,
            noise: 0.1,
            train_ratio: 0.6,
            hidden: vec![4, 2],
            activation: Activation::Sigmoid,
        }),
        overrides: Overrides {
            optimizer: Some(OptimizerKind::Momentum),
            learning_rate: Some(0.1),
            momentum: Some(0.95),
            beta1: Some(0.85),
            beta2: Some(0.98),
            epsilon: Some(1e-6),
            weight_decay: Some(0.01),
            alpha: Some(0.95),
            rmsprop_momentum: Some(0.2),
            lr_decay: Some(0.001),
            batch_size: Some(10),
            l1: Some(0.0001),
            l2: Some(0.003),
            dropout: None,
            seed: Some(42),
            schedule: None,
        },
        page: PageSettings {
            backend: crate::backend::BackendChoice::Cpu,
            speed: Speed::Four,
            language: Some(Language::Zh),
            panels: Some([Panel::Loss, Panel::Boundary, Panel::Hidden].into()),
            scale: Scale::Log,
            theme: Some(Theme::Dark),
        },
        course: Course {
            lock: [Control::Dataset, Control::Model].into(),
            hide: [Control::Backend].into(),
            hide_text: true,
            target: Some(Goal { metric: GoalMetric::TestAccuracy, comparison: Comparison::AtLeast, value: 0.9 }),
            origins: [Origin::parse("https://course.example:8443").unwrap()].into(),
        },
    };
    assert_eq!(
        round_trip(&state),
        "dataset=circle&noise=0.1&train=0.6&hidden=4,2&act=sigmoid&opt=momentum&lr=0.1&momentum=0.95&beta1=0.85\
         &beta2=0.98&eps=0.000001&wd=0.01&alpha=0.95&rms-momentum=0.2&lr-decay=0.001&batch=10&l1=0.0001&l2=0.003\
         &seed=42&backend=cpu&speed=4&lang=zh\
         &panels=loss,boundary,hidden&scale=log&theme=dark&lock=dataset,model&hide=backend&text=hide\
         &target=test_accuracy%3E=0.9&origins=https://course.example:8443"
    );
    let config = state.session_config().unwrap();
    config.validate().unwrap();
    assert_eq!(
        (config.dataset.kind, config.hidden.clone(), config.seed, config.dataset.seed),
        (DatasetKind::Circle, vec![4, 2], 42, 42)
    );
    assert_eq!(UrlState::playground(&config).run, state.run);
    assert_eq!(UrlState::playground(&config).overrides, Overrides { dropout: None, schedule: None, ..state.overrides });
}

/// splitmix64: a small deterministic generator for the property test.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self) -> bool {
        self.next().is_multiple_of(2)
    }
    /// A value inside `range` (never an excluded end), as an f32 that reads back exactly.
    fn within(&mut self, range: Range) -> f32 {
        let unit = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        let value = (range.low + (range.high - range.low) * unit) as f32;
        if range.contains(value as f64) { value } else { ((range.low + range.high) / 2.0) as f32 }
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
    fn some<T>(&mut self, value: impl FnOnce(&mut Rng) -> T) -> Option<T> {
        if self.chance() { Some(value(self)) } else { None }
    }
    fn subset<T: Named + Ord>(&mut self) -> BTreeSet<T> {
        T::ALL.iter().copied().filter(|_| self.below(3) == 0).collect()
    }
}

fn random_state(rng: &mut Rng) -> UrlState {
    use super::run::*;
    let run = match rng.below(4) {
        0 => Run::Preset(catalog::presets()[rng.below(catalog::presets().len())].name.clone()),
        1 => {
            let datasets: Vec<_> =
                catalog::datasets().into_iter().filter(|d| DatasetKind::from_name(d.name).is_none()).collect();
            Run::Dataset(datasets[rng.below(datasets.len())].name.to_string())
        }
        2 if rng.below(4) == 0 => Run::spec(transformer()).unwrap(),
        _ => Run::Playground(Plane {
            kind: rng.pick(&DatasetKind::ALL),
            noise: rng.within(NOISE),
            train_ratio: rng.within(TRAIN_RATIO),
            hidden: (0..rng.below(nnplay_train::MAX_HIDDEN_LAYERS + 1))
                .map(|_| 1 + rng.below(nnplay_train::MAX_NEURONS))
                .collect(),
            activation: rng.pick(&Activation::ALL),
        }),
    };
    let playground = run.is_playground();
    let schedules = [
        LrSchedule::Constant,
        LrSchedule::Exponential { gamma: 0.999 },
        LrSchedule::Cosine { t_max: 500, eta_min: 0.0001 },
        LrSchedule::Warmup {
            warmup_steps: 20,
            start_factor: 0.01,
            then: Box::new(LrSchedule::Step { step_size: 7, gamma: 0.3 }),
        },
    ];
    let overrides = Overrides {
        optimizer: rng.some(|r| r.pick(&OptimizerKind::ALL)),
        learning_rate: rng.some(|r| r.within(LEARNING_RATE)),
        momentum: rng.some(|r| r.within(DECAY)),
        beta1: rng.some(|r| r.within(DECAY)),
        beta2: rng.some(|r| r.within(DECAY)),
        epsilon: rng.some(|r| r.within(EPSILON)),
        weight_decay: rng.some(|r| r.within(PENALTY)),
        alpha: rng.some(|r| r.within(DECAY)),
        rmsprop_momentum: rng.some(|r| r.within(DECAY)),
        lr_decay: rng.some(|r| r.within(LR_DECAY)),
        // At most the 100 training points of the smallest playground (200 × 0.1 is less, but the
        // playground here has 1000 points and a ratio of at least 0.1).
        batch_size: rng.some(|r| 1 + r.below(100)),
        l1: rng.some(|r| r.within(PENALTY)),
        l2: rng.some(|r| r.within(PENALTY)),
        dropout: if playground { None } else { rng.some(|r| r.within(DROPOUT)) },
        seed: rng.some(|r| r.next()),
        schedule: if playground { None } else { rng.some(|r| schedules[r.below(schedules.len())].clone()) },
    };
    let metric = rng.pick(GoalMetric::ALL);
    let page = PageSettings {
        backend: rng.pick(<crate::backend::BackendChoice as Named>::ALL),
        speed: rng.pick(Speed::ALL),
        language: rng.some(|r| r.pick(<Language as Named>::ALL)),
        panels: rng.some(|r| r.subset()),
        scale: rng.pick(Scale::ALL),
        theme: rng.some(|r| r.pick(<Theme as Named>::ALL)),
    };
    let origins =
        ["https://a.example", "https://b.example:8443", "http://localhost:3000", "https://xn--fiq228c.example"];
    let course = Course {
        lock: rng.subset(),
        hide: rng.subset(),
        hide_text: rng.chance(),
        target: rng.some(|r| Goal {
            metric,
            comparison: r.pick(&[Comparison::AtMost, Comparison::AtLeast]),
            value: r.within(metric.range()),
        }),
        origins: origins.iter().filter(|_| rng.chance()).map(|o| Origin::parse(o).unwrap()).collect(),
    };
    UrlState { run, overrides, page, course }
}

#[test]
fn generated_states_round_trip_and_their_keys_come_once_in_canonical_order() {
    let mut rng = Rng(7);
    for _ in 0..400 {
        let state = random_state(&mut rng);
        let hash = round_trip(&state);
        let keys: Vec<Key> = hash
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| Key::from_name(p.split('=').next().unwrap()).unwrap())
            .collect();
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]), "{hash}");
    }
}

#[test]
fn cut_or_scrambled_links_never_panic() {
    let mut rng = Rng(11);
    for _ in 0..60 {
        let hash = encode(&random_state(&mut rng));
        for cut in (0..hash.len()).step_by(1 + hash.len() / 40) {
            let _ = parse(&hash[..cut]);
        }
        let mut bytes = hash.into_bytes();
        for _ in 0..8 {
            if !bytes.is_empty() {
                let i = rng.below(bytes.len());
                bytes[i] = b"%&=,#:<>x9-_."[rng.below(13)];
            }
        }
        let _ = parse(&String::from_utf8(bytes).unwrap());
    }
}

/// Parses `hash`, checks it gives exactly `expected` (in English) and returns the state.
fn expect_errors(hash: &str, expected: &[&str]) -> UrlState {
    assert_eq!(messages(hash), expected, "{hash}");
    parse(hash).state
}

#[test]
fn bad_numbers_name_the_field_and_the_value_and_keep_the_default() {
    let state = expect_errors("#lr=abc", &["The link's `lr` is \"abc\", not a number; the default 0.03 is used."]);
    assert_eq!(state, UrlState::default());
    expect_errors("lr=NaN", &["The link's `lr` is \"NaN\", not a finite number; the default 0.03 is used."]);
    expect_errors("noise=inf", &["The link's `noise` is \"inf\", not a finite number; the default 0 is used."]);
    expect_errors("l2=1e39", &["The link's `l2` is \"1e39\", not a finite number; the default 0 is used."]);
    expect_errors(
        "lr=-1",
        &["The link's `lr` is \"-1\", but it must be above 0 and at most 10; the default 0.03 is used."],
    );
    expect_errors(
        "noise=0.9",
        &["The link's `noise` is \"0.9\", but it must be between 0 and 0.5; the default 0 is used."],
    );
    expect_errors(
        "momentum=1",
        &["The link's `momentum` is \"1\", but it must be at least 0 and below 1; the default 0.9 is used."],
    );
    expect_errors("batch=-5", &["The link's `batch` is \"-5\", a negative number; the default 64 is used."]);
    expect_errors("batch=2.5", &["The link's `batch` is \"2.5\", not a whole number; the default 64 is used."]);
    expect_errors(
        "batch=600",
        &["The link's `batch` is \"600\", but it must be between 1 and 500; the default 64 is used."],
    );
    expect_errors("seed=x1", &["The link's `seed` is \"x1\", not a number; the default 1 is used."]);
    expect_errors(
        "hidden=8,0",
        &["The link's `hidden` is \"8,0\", whose item \"0\" must be between 1 and 256; the default 8,8 is used."],
    );
    expect_errors(
        "hidden=1,1,1,1,1,1,1,1,1",
        &["The link's `hidden` is \"1,1,1,1,1,1,1,1,1\", a list of 9 items, more than the 8 allowed; \
           the default 8,8 is used."],
    );
    // Good settings next to a bad one are kept; whole numbers may be written as floats.
    let state = expect_errors(
        "speed=16&lr=abc&batch=1e1",
        &["The link's `lr` is \"abc\", not a number; the default 0.03 is used."],
    );
    assert_eq!(
        (state.page.speed, state.overrides.batch_size, state.overrides.learning_rate),
        (Speed::Sixteen, Some(10), None)
    );
}

#[test]
fn settings_of_a_preset_fall_back_to_the_presets_own() {
    let state = expect_errors(
        "preset=momentum&lr=abc&noise=0.1",
        &[
            "The link's `noise` is \"0.1\", which only the 2-D playground uses; it is ignored.",
            "The link's `lr` is \"abc\", not a number; the run's own setting is kept.",
        ],
    );
    assert_eq!(state, with_run(Run::Preset("momentum".into())));
    expect_errors(
        "dropout=0.5&schedule=exp:0.9",
        &[
            "The link's `dropout` is \"0.5\", which the 2-D playground does not use; it is ignored.",
            "The link's `schedule` is \"exp:0.9\", which the 2-D playground does not use; it is ignored.",
        ],
    );
    expect_errors(
        "preset=momentum&schedule=exp:2",
        &["The link's `schedule` is \"exp:2\", but its gamma is 2; it must be above 0 and at most 1; \
           the run's own setting is kept."],
    );
    expect_errors(
        "preset=momentum&schedule=zigzag",
        &["The link's `schedule` is \"zigzag\", which is not a schedule such as constant, step:100:0.5, exp:0.99, \
           cosine:1000, linear:0.1:1:100 or warmup:100:0.1:cosine:1000; the run's own setting is kept."],
    );
}

#[test]
fn unknown_keys_and_names_are_listed_with_the_choices() {
    let state =
        expect_errors("learning_rate=0.1&lr=0.1", &["The link has an unknown setting `learning_rate`; it is ignored."]);
    assert_eq!(state.overrides.learning_rate, Some(0.1));
    expect_errors(
        "opt=adamax",
        &["The link's `opt` is \"adamax\", which is not one of sgd, momentum, adagrad, rmsprop, adam, adamw; \
           the default adam is used."],
    );
    expect_errors(
        "speed=2",
        &["The link's `speed` is \"2\", which is not one of 1, 4, 16, 60, max; the default max is used."],
    );
    expect_errors("lang=fr", &["The link's `lang` is \"fr\", which is not one of en, zh; the page chooses by itself."]);
    let state = expect_errors(
        "theme=sepia&lang=zh",
        &["The link's `theme` is \"sepia\", which is not one of light, dark; the page chooses by itself."],
    );
    assert_eq!((state.page.theme, state.page.language), (None, Some(Language::Zh)), "the other settings are kept");
    let names: Vec<&str> = catalog::presets().iter().map(|p| p.name.as_str()).collect();
    let state = expect_errors(
        "preset=momentun&lr=0.5",
        &[&format!(
            "The link's `preset` is \"momentun\", which is not one of {}; the 2-D playground is used.",
            names.join(", ")
        )],
    );
    assert_eq!(state.run, Run::default());
    assert_eq!(state.overrides.learning_rate, Some(0.5), "the playground takes the other settings");
    let state = expect_errors(
        "panels=loss,charts,boundary",
        &["The link's `panels` lists \"charts\", which is not one of loss, metrics, boundary, layers, histograms, \
           filters, confusion, attention, hidden, race; it is left out."],
    );
    assert_eq!(state.page.panels, Some([Panel::Loss, Panel::Boundary].into()));
    let state = expect_errors(
        "lock=optimizer,speeed",
        &["The link's `lock` lists \"speeed\", which is not one of dataset, noise, model, activation, optimizer, \
           learning-rate, schedule, batch, regularization, dropout, seed, backend, speed, play, reset, files, \
           presets, language, share; it is left out."],
    );
    assert_eq!(state.course.lock, [Control::Optimizer].into());
    expect_errors(
        "text=hidden",
        &["The link's `text` is \"hidden\", which is not one of show, hide; the default show is used."],
    );
}

#[test]
fn cut_off_escapes_and_base64_are_errors_not_guesses() {
    expect_errors(
        "target=test_loss%3",
        &["The link's `target` is \"test_loss%3\", which has a broken %-escape (the link may have been cut short); \
           it is ignored."],
    );
    expect_errors(
        "lr=0.1%2",
        &["The link's `lr` is \"0.1%2\", which has a broken %-escape (the link may have been cut short); \
           the default 0.03 is used."],
    );
    let hash = encode(&with_run(Run::spec(transformer()).unwrap()));
    // Every cut inside the base64 text is refused, whichever way it shows.
    for cut in (6..hash.len()).step_by(37) {
        let parsed = parse(&hash[..cut]);
        assert_eq!(parsed.state.run, Run::default(), "cut at {cut}");
        let [HashError::Field { key: "spec", fallback: Fallback::Playground, problem, .. }] = parsed.errors.as_slice()
        else {
            panic!("cut at {cut}: {:?}", parsed.errors);
        };
        assert!(matches!(problem, Problem::TruncatedBase64 | Problem::BadSpec(_)), "cut at {cut}: {problem:?}");
    }
    let lone = (100..hash.len()).find(|cut| (cut - 5) % 4 == 1).unwrap();
    let message = &messages(&hash[..lone])[0];
    assert!(message.starts_with("The link's `spec` is \"eyJ"), "{message}");
    assert!(
        message.ends_with(
            "…\", whose base64 text is incomplete (the link may have been cut short); the 2-D playground is used."
        ),
        "{message}"
    );
    let whole_bytes = (100..hash.len()).find(|cut| (cut - 5) % 4 == 0).unwrap();
    let message = &messages(&hash[..whole_bytes])[0];
    assert!(message.contains("which is not a run the page can train (spec: EOF while parsing"), "{message}");
    expect_errors(
        "spec=eyJ!",
        &["The link's `spec` is \"eyJ!\", which is not base64 text; the 2-D playground is used."],
    );
}

#[test]
fn a_spec_that_is_no_run_names_the_reason() {
    let missing_data = super::escape::base64_encode(br#"{"input":[2],"layers":[],"loss":"mse"}"#);
    let message = &messages(&format!("spec={missing_data}"))[0];
    assert_eq!(
        message,
        &format!(
            "The link's `spec` is \"{}\", which is not a run the page can train (spec: missing field `data` \
             (the data to train on)); the 2-D playground is used.",
            super::error::shorten(&missing_data)
        )
    );
    let not_utf8 = super::escape::base64_encode(&[0xff, 0xfe]);
    assert_eq!(
        messages(&format!("spec={not_utf8}")),
        ["The link's `spec` is \"__4\", which does not decode to text; the 2-D playground is used."]
    );
}

#[test]
fn duplicates_conflicts_and_keys_without_values_fall_back() {
    let state = expect_errors("lr=0.1&lr=0.2", &["The link gives `lr` more than once; the default 0.03 is used."]);
    assert_eq!(state, UrlState::default());
    let state = expect_errors(
        "preset=momentum&dataset=xor",
        &["The link names more than one run (`preset`, `dataset`); the 2-D playground is used."],
    );
    assert_eq!(state.run, Run::default());
    expect_errors("lr", &["The link's `lr` has no value (write `lr=…`); the default 0.03 is used."]);
}

#[test]
fn a_huge_hash_is_refused_whole() {
    let hash = "lr=0.1&".repeat(MAX_HASH_LENGTH / 7 + 1);
    let state = expect_errors(
        &hash,
        &[&format!(
            "The link's settings are {} characters long, more than the 65536 allowed; the defaults are used.",
            hash.len()
        )],
    );
    assert_eq!(state, UrlState::default());
    let long_list = format!("panels={}", vec!["loss"; MAX_LIST_ITEMS + 1].join(","));
    let state = expect_errors(
        &long_list,
        &[&format!(
            "The link's `panels` is \"{}\", a list of 33 items, more than the 32 allowed; the page chooses by itself.",
            super::error::shorten(&long_list[7..])
        )],
    );
    assert_eq!(state.page.panels, None);
}

#[test]
fn course_settings_are_checked() {
    expect_errors(
        "target=test_loss<0.2",
        &["The link's `target` is \"test_loss<0.2\", which is not a goal such as test_loss<=0.2 or \
           test_accuracy>=0.95; it is ignored."],
    );
    let state = expect_errors(
        "origins=https://ok.example,https://bad.example/path",
        &["The link's `origins` lists \"https://bad.example/path\", which is not an origin such as \
           https://school.example or https://school.example:8443 (http or https; no path, not even a final /); \
           it is left out."],
    );
    assert_eq!(state.course.origins, [Origin::parse("https://ok.example").unwrap()].into());
    let many: Vec<String> = (0..=MAX_ORIGINS).map(|i| format!("https://s{i}.example")).collect();
    let state = expect_errors(
        &format!("origins={}", many.join(",")),
        &[&format!(
            "The link's `origins` is \"{}\", a list of 9 items, more than the 8 allowed; it is ignored.",
            super::error::shorten(&many.join(","))
        )],
    );
    assert!(state.course.origins.is_empty());
    // Browsers escape `<` in a fragment; a hand-written link may use the symbols.
    for hash in ["target=test_loss<=0.2", "target=test_loss%3C%3D0.2", "target=test_loss%E2%89%A40.2"] {
        assert_eq!(parse(hash).state.course.target.map(|g| g.to_link()).as_deref(), Some("test_loss<=0.2"), "{hash}");
    }
}

#[test]
fn every_error_reads_in_chinese_too() {
    let zh = |hash: &str| parse(hash).errors.iter().map(|e| e.message(true)).collect::<Vec<_>>();
    assert_eq!(zh("lr=abc"), ["链接中的 `lr` 是 \"abc\"，不是数字；已改用默认值 0.03。"]);
    assert_eq!(zh("noise=0.9"), ["链接中的 `noise` 是 \"0.9\"，但它必须在 0 到 0.5 之间；已改用默认值 0。"]);
    assert_eq!(zh("foo=1"), ["链接中有未知的设置 `foo`，已忽略。"]);
    assert_eq!(zh("lr=1&lr=2"), ["链接中 `lr` 出现了不止一次；已改用默认值 0.03。"]);
    assert_eq!(
        zh("panels=x"),
        ["链接中 `panels` 的 \"x\" 不在可选项之中（loss, metrics, boundary, layers, histograms, filters, \
         confusion, attention, hidden, race）；已略去这一项。"]
    );
    assert_eq!(
        zh("hidden=8,0"),
        ["链接中的 `hidden` 是 \"8,0\"，其中的 \"0\" 必须在 1 到 256 之间；已改用默认值 8,8。"]
    );
    // Every kind of error has a Chinese sentence of its own.
    let hashes = [
        "lr=abc",
        "lr=NaN",
        "batch=-1",
        "batch=1.5",
        "lr=0",
        "opt=x",
        "hidden=1,x",
        "panels=loss,x",
        "lr=%2",
        "spec=e",
        "spec=e!",
        "spec=eyJ9",
        "target=x",
        "origins=x",
        "preset=momentum&schedule=x",
        "preset=momentum&schedule=exp:2",
        "dropout=0.1",
        "preset=momentum&noise=0.1",
        "lr",
        "x=1",
        "lr=1&lr=2",
        "preset=momentum&spec=e",
        "spec=__4",
    ];
    for hash in hashes {
        let parsed = parse(hash);
        assert_eq!(parsed.errors.len(), 1, "{hash}: {:?}", parsed.errors);
        let (en, zh) = (parsed.errors[0].message(false), parsed.errors[0].message(true));
        assert!(en.starts_with("The link") && en.ends_with('.'), "{en}");
        assert!(zh.starts_with("链接") && zh.ends_with('。') && zh != en, "{zh}");
        assert_eq!(parsed.errors[0].to_string(), en);
    }
}
