//! The page and its share link (see [`crate::share`]): what a link opens the page with,
//! and the link of what the page shows, which the address keeps in step.

use crate::choice::Choice;
use crate::examples::Example;
use crate::hooks::page_url::Opening;
use crate::load::LoadRequest;
use crate::loaded::Source;
use crate::share::{self, Named, Overrides, PageSettings, Run, UrlState};
use crate::state::State;
use crate::texts::Language;
use crate::worker::protocol::Speed;
use std::rc::Rc;

/// How the page starts: its state, the run to load first (from the link or the query
/// string), and the link's training settings for that run.
pub struct Start {
    pub state: State,
    pub load: Option<LoadRequest>,
    pub overrides: Option<Rc<Overrides>>,
}

/// The page the address asks for: `opening` from its query string, `hash` its link.
pub fn start(opening: Opening, query_load: Option<LoadRequest>, hash: &str) -> Start {
    let mut state = State::opened_with(opening);
    let mut load = query_load;
    let mut overrides = None;
    let hash = hash.trim_start_matches('#');
    if hash.is_empty() {
        return Start { state, load, overrides };
    }
    // `embed=1` marks a page framed by embed.js; the embedding hook reads it, the link does not.
    let hash: Vec<&str> = hash.split('&').filter(|pair| !pair.starts_with("embed=")).collect();
    let parsed = share::parse(&hash.join("&"));
    let link = parsed.state.clone();
    apply_page(&mut state, &link.page);
    state.course = Rc::new(link.course.clone());
    state.link_errors = Rc::from(parsed.messages(state.language == Language::Zh));
    match &link.run {
        Run::Playground(_) => {
            let config = link.session_config().unwrap_or_default();
            if config != state.config {
                state.gallery = false;
                state.choice = Choice::Example(Example::Playground);
                state.batch_text = config.batch_size.to_string();
                state.seed_text = config.seed.to_string();
                state.config = config;
            }
        }
        Run::Preset(name) => load = Some(LoadRequest::Preset(name.clone())),
        Run::Dataset(name) => load = Some(LoadRequest::Dataset(name.clone())),
        Run::Spec(run) => load = Some(LoadRequest::Spec(run.clone())),
    }
    if load.is_some() {
        state.gallery = false;
        overrides = Some(Rc::new(link.overrides));
    }
    Start { state, load, overrides }
}

/// Applies the link's page settings.
fn apply_page(state: &mut State, page: &PageSettings) {
    state.backend = page.backend;
    state.speed = Speed::from_name(page.speed.name()).unwrap_or_default();
    if let Some(language) = page.language {
        state.language = match language {
            share::Language::En => Language::En,
            share::Language::Zh => Language::Zh,
        };
    }
    state.panels = page.panels.clone();
    state.scale = page.scale;
    if page.theme.is_some() {
        state.theme = page.theme;
    }
}

/// The link of what the page shows, or `None` for a run a link cannot carry (one on the
/// learner's own files, or resumed from a checkpoint).
pub fn link_of(state: &State) -> Option<UrlState> {
    let mut link = match &state.choice {
        choice if choice.is_playground() => UrlState::playground(&state.config),
        Choice::Example(example) => {
            let run = example.run_spec()?.ok()?;
            let overrides = live_overrides(state, Overrides::default(), &run);
            UrlState { overrides, run: Run::spec(run).ok()?, ..UrlState::default() }
        }
        Choice::Loaded(loaded) => {
            let crate::loaded::Recipe::Run { run: recipe, .. } = &loaded.recipe else { return None };
            let from_link = loaded.overrides.as_deref().cloned().unwrap_or_default();
            let run = match &loaded.source {
                Source::Preset(name) => Run::Preset(name.clone()),
                Source::Dataset(name) => Run::Dataset(name.clone()),
                // The link's settings are in the spec it carries.
                Source::Link => Run::spec(recipe.clone()).ok()?,
                Source::Import(_) | Source::Checkpoint(_) => return None,
            };
            UrlState { run, overrides: live_overrides(state, from_link, recipe), ..UrlState::default() }
        }
    };
    link.page = PageSettings {
        backend: state.backend,
        speed: share::Speed::from_name(&state.speed.name()).unwrap_or_default(),
        language: Some(match state.language {
            Language::En => share::Language::En,
            Language::Zh => share::Language::Zh,
        })
        .filter(|language| *language != share::Language::En),
        panels: state.panels.clone(),
        scale: state.scale,
        theme: state.theme,
    };
    link.course = (*state.course).clone();
    Some(link)
}

/// `from_link` with the training settings changed during the run of `run` (see
/// `state.live`); a change wins over the link's own setting.
fn live_overrides(state: &State, from_link: Overrides, run: &nnplay_train::RunSpec) -> Overrides {
    match &state.live {
        Some(live) => Overrides::of_live(run, live).or(from_link),
        None => from_link,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use yew::Reducible;

    fn started(hash: &str) -> Start {
        start(Opening::default(), None, hash)
    }

    #[test]
    fn no_link_opens_the_gallery_and_a_playground_link_the_playground_as_set() {
        assert!(started("").state.gallery);
        assert!(started("#lang=zh").state.gallery, "page settings alone keep the gallery");
        assert_eq!(started("#lang=zh").state.language, Language::Zh);
        let start = started("#dataset=xor&hidden=4,4&lr=0.1&seed=7&speed=16");
        assert!(!start.state.gallery);
        assert_eq!(start.state.config.dataset.kind, nnplay_data::DatasetKind::Xor);
        assert_eq!(start.state.config.hidden, vec![4, 4]);
        assert_eq!(start.state.config.optimizer.learning_rate, 0.1);
        assert_eq!((start.state.seed_text.as_str(), start.state.config.seed), ("7", 7));
        assert_eq!(start.state.speed, Speed::PerSecond(16));
        assert!(start.load.is_none());
    }

    #[test]
    fn a_preset_link_loads_it_with_the_links_settings_and_course() {
        let start = started("#preset=momentum&lr=0.5&lock=optimizer&target=test_loss<=0.2");
        assert_eq!(start.load, Some(LoadRequest::Preset("momentum".into())));
        assert_eq!(start.overrides.unwrap().learning_rate, Some(0.5));
        assert!(!start.state.can_use(share::Control::Optimizer));
        assert!(start.state.course.target.is_some());
        assert!(start.state.link_errors.is_empty());
        assert!(started("#preset=momentum&embed=1").state.link_errors.is_empty(), "embed.js's marker is no error");
    }

    #[test]
    fn a_bad_link_says_what_it_ignored_and_opens_the_defaults() {
        let start = started("#lr=abc&bogus=1");
        assert_eq!(start.state.config, nnplay_train::SessionConfig::spiral());
        assert_eq!(start.state.link_errors.len(), 2, "{:?}", start.state.link_errors);
        assert!(start.state.link_errors.iter().any(|e| e.contains("lr")), "{:?}", start.state.link_errors);
        let cut = started("#spec=eyJsYXllcn");
        assert!(!cut.state.link_errors.is_empty());
        assert!(cut.load.is_none());
    }

    /// A run's own training settings, as its session reports them once built.
    fn live_of(model: &nnplay_nn::ModelSpec) -> nnplay_train::LiveSettings {
        nnplay_train::LiveSettings {
            optimizer: model.optimizer.clone(),
            batch_size: model.batch_size,
            l1: model.regularization.l1,
            l2: model.regularization.l2,
            schedule: model.schedule.clone(),
            dropout: model.dropout(),
        }
    }

    #[test]
    fn a_presets_link_carries_the_links_settings_and_those_changed_during_the_run() {
        use crate::loaded::{About, Loaded, Recipe};
        let start = started("#preset=momentum&lr=0.5");
        let mut run = nnplay_train::presets::find("momentum").unwrap().run().unwrap();
        let overrides = start.overrides.unwrap();
        overrides.apply_to_run(&mut run);
        let live = live_of(&run.model);
        let recipe = Recipe::Run { run, assets: nnplay_data::AssetFiles::new() };
        let loaded = Loaded::new(Source::Preset("momentum".into()), About::default(), recipe);
        let state =
            Rc::new(State::default()).reduce(Action::Loaded(Rc::new(Loaded { overrides: Some(overrides), ..loaded })));
        let built = crate::state::Built {
            run: state.choice.run_ref(),
            device: nnplay_tensor::Device::Cpu,
            data: None,
            layers: Rc::new([]),
            live: Some(live),
        };
        let state = state.reduce(Action::SessionBuilt(built));
        let link = share::encode(&link_of(&state).unwrap());
        assert!(link.starts_with("preset=momentum&") && link.contains("lr=0.5"), "{link}");
        let state = state.reduce(Action::SetLearningRate(0.1)).reduce(Action::SetBatchSize("7".into()));
        let link = link_of(&state).unwrap();
        assert_eq!((link.overrides.learning_rate, link.overrides.batch_size), (Some(0.1), Some(7)));
        let back = started(&link.link());
        assert_eq!(back.load, Some(LoadRequest::Preset("momentum".into())));
        assert_eq!(back.overrides.unwrap().learning_rate, Some(0.1));
    }

    #[test]
    fn an_examples_link_carries_the_settings_changed_during_the_run() {
        let state = (*Rc::new(State::default()).reduce(Action::SetExample(Example::Cnn))).clone();
        assert_eq!(link_of(&state).unwrap().overrides, Overrides::default(), "nothing changed yet");
        let model = Example::Cnn.run_spec().unwrap().unwrap().model;
        let mut live = live_of(&model);
        live.optimizer.learning_rate = 0.003;
        let state = State { live: Some(live), ..state };
        assert_eq!(link_of(&state).unwrap().overrides.learning_rate, Some(0.003));
    }

    #[test]
    fn a_run_specs_live_settings_travel_in_its_link() {
        use crate::examples::Example;
        use crate::live_settings::OptimizerField;
        let base = Example::Cnn.run_spec().unwrap().unwrap();
        let mut live = nnplay_train::LiveSettings {
            optimizer: base.model.optimizer.clone(),
            batch_size: base.model.batch_size,
            l1: base.model.regularization.l1,
            l2: base.model.regularization.l2,
            schedule: base.model.schedule.clone(),
            dropout: base.model.dropout(),
        };
        let state = State { choice: Choice::Example(Example::Cnn), live: Some(live.clone()), ..State::default() };
        assert_eq!(link_of(&state).unwrap().overrides, Overrides::default(), "nothing changed yet");
        live.optimizer = OptimizerField::Epsilon.set(&live.optimizer, 1e-4).unwrap();
        live.schedule = nnplay_nn::LrSchedule::Cosine { t_max: 300, eta_min: 0.0 };
        let state = State { live: Some(live), ..state };
        let link = link_of(&state).unwrap().link();
        assert!(link.contains("eps=0.0001") && link.contains("schedule=cosine"), "{link}");
        let back = share::parse(link.trim_start_matches('#')).state;
        let mut run = base.clone();
        back.overrides.apply_to_run(&mut run);
        assert_eq!((run.model.optimizer.epsilon, run.model.schedule), (1e-4, state.live.unwrap().schedule));
    }

    #[test]
    fn the_playground_as_edited_round_trips_through_its_link() {
        let state = Rc::new(State { gallery: false, ..State::default() });
        let state = state
            .reduce(Action::SetLearningRate(0.3))
            .reduce(Action::AddLayer)
            .reduce(Action::SetSpeed(Speed::PerSecond(4)));
        let link = link_of(&state).unwrap();
        let back = started(&link.link()).state;
        assert_eq!(back.config, state.config);
        assert_eq!(back.speed, Speed::PerSecond(4));
    }

    #[test]
    fn a_picked_theme_goes_into_the_link_and_a_links_theme_into_the_page() {
        use crate::theme::Theme;
        assert_eq!(started("#theme=dark").state.theme, Some(Theme::Dark));
        assert!(started("#theme=dark").state.gallery, "a theme alone keeps the gallery");
        assert_eq!(started("#preset=momentum").state.theme, None, "no theme in the link: the page's own");
        let playground = Rc::new(State { gallery: false, ..State::default() });
        assert!(!link_of(&playground).unwrap().link().contains("theme="), "the system's theme is not written");
        let dark = playground.reduce(Action::SetTheme(Theme::Dark));
        let link = link_of(&dark).unwrap().link();
        assert!(link.ends_with("theme=dark"), "{link}");
        assert_eq!(started(&link).state.theme, Some(Theme::Dark));
        let bad = started("#theme=blue");
        assert_eq!((bad.state.theme, bad.state.link_errors.len()), (None, 1));
    }
}
