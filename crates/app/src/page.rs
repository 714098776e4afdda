//! The page's top component.

use crate::choice::Choice;
use crate::components::{
    AccuracyChart, BoundaryView, Controls, FilesPanel, Gallery, LossChart, MetricsView, ModelEditor, Player, RateChart,
    RunControls, RunInfo, SpecView, TrainingControls,
};
use crate::components::{
    EmbedDialog, ModelViews, PanelsMenu, RacePanel, RestartDialog, ResumeOffer, ShareButton, ThemeButton,
};
use crate::hooks::page_url;
use crate::hooks::{
    use_autosave, use_embedding, use_hash_reload, use_keyboard_shortcuts, use_loader, use_system_theme, use_trainer,
};
use crate::link;
use crate::share::{self, Control, Course, Panel};
use crate::state::{Action, State};
use crate::texts::Language;
use crate::theme::{self, Theme};
use std::rc::Rc;
use yew::prelude::*;

/// The whole page.
#[component]
pub fn App() -> Html {
    let start = use_memo((), |()| link::start(page_url::opening(), page_url::query_load(), &page_url::hash()));
    // A theme in the link wins over the one kept from an earlier visit.
    let state = use_reducer(|| State { theme: start.state.theme.or_else(theme::saved), ..start.state.clone() });
    use_trainer(&state);
    use_autosave(&state);
    let first_load = start.load.clone().map(|request| (request, start.overrides.clone()));
    let on_load = use_loader(&state, first_load);
    let on_action: Callback<Action> = state.dispatcher().into();
    use_keyboard_shortcuts(on_action.clone());
    use_embedding(&state);
    use_hash_reload();
    let link = link::link_of(&state).map(|link| share::encode(&link));
    {
        // The address follows what the page shows, once a load that is under way has ended.
        let loading = state.checking.is_some() || matches!(state.file_note, Some(crate::state::FileNote::Busy(_)));
        use_effect_with((link.clone(), loading), |(link, loading)| {
            if let (Some(link), false) = (link, loading) {
                page_url::show_link(link);
            }
        });
    }
    let language = state.language;
    let system_theme = use_system_theme();
    let shown_theme = state.theme.unwrap_or(system_theme);
    // Marked while rendering (a memo, not an effect): the canvases' effects, which run
    // before the page's, read the new theme's colours when they redraw.
    use_memo(shown_theme, |theme| theme::show(*theme));
    let class_names: Rc<[String]> =
        state.choice.loaded().map_or_else(|| Rc::from([]), |loaded| loaded.about.class_names.clone().into());
    // The document's language follows the page's, for screen readers and fonts.
    use_effect_with(language, |language| {
        if let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) {
            let _ = root.set_attribute("lang", language.code());
        }
    });
    let playground = state.choice.is_playground();
    // The preset shown, when it has variants to race.
    let racing_preset = use_memo(state.choice.preset().map(str::to_string), |preset| {
        preset.clone().filter(|name| {
            crate::catalog::presets().iter().any(|p| &p.name == name && p.runs().is_ok_and(|runs| runs.len() > 1))
        })
    });
    let built = state.built.as_ref();
    // The session built for the run shown, once it is.
    let current = built.filter(|b| b.run == state.choice.run_ref());
    let layers = current.map(|b| b.layers.clone()).unwrap_or_default();
    // Notices that stopped training, and the one saying training is not where it was asked to be.
    let notices: Vec<&str> = state
        .notice
        .as_deref()
        .into_iter()
        .chain(state.worker_life.notice.as_deref())
        .chain(state.backend_notice())
        .collect();
    html! {
        <ContextProvider<Rc<Course>> context={state.course.clone()}>
        <ContextProvider<Language> context={language}>
        <ContextProvider<Theme> context={shown_theme}>
        <div class="app" lang={language.code()}>
            <header class="header">
                <h1>{ "NN Playground" }</h1>
                if !state.course.hide_text {
                    <p class="intro">
                        { language.pick("Train a small neural network right in your browser, and watch it learn.",
                            "在浏览器里训练一个小神经网络，看着它学习。") }
                    </p>
                }
                <div class="header-actions">
                    if !state.gallery && state.shows(Control::Presets) {
                        <button id="show-gallery" class="button" onclick={on_action.reform(|_: MouseEvent| Action::ShowGallery)}>
                            { language.pick("All presets", "全部预设") }
                        </button>
                    }
                    if !state.gallery {
                        <PanelsMenu panels={state.panels.clone()} {language} on_action={on_action.clone()} />
                    }
                    if state.shows(Control::Share) {
                        <ShareButton link={link.clone()} {language} />
                        <EmbedDialog link={link.clone()} {language} />
                    }
                    <ThemeButton theme={shown_theme} {language} on_action={on_action.clone()} />
                    if state.shows(Control::Language) {
                        <button id="language" class="button" disabled={!state.can_use(Control::Language)}
                            lang={language.other().code()}
                            onclick={on_action.reform(move |_: MouseEvent| Action::SetLanguage(language.other()))}>
                            { language.other().own_name() }
                        </button>
                    }
                </div>
            </header>
            if let Some(pending) = &state.pending_restart {
                <RestartDialog question={pending.question(language)} {language}
                    on_restart={on_action.reform(|()| Action::ConfirmRestart)}
                    on_keep={on_action.reform(|()| Action::KeepTraining)} />
            }
            <ResumeOffer persist={state.persist.clone()} {language} on_action={on_action.clone()}
                on_load={on_load.clone()} />
            if !state.link_errors.is_empty() {
                <div id="link-errors" class="notice" role="alert">
                    <p>{ language.pick("Some of this link could not be used:", "链接中有些设置无法使用：") }</p>
                    <ul>{ for state.link_errors.iter().map(|error| html! { <li>{ error }</li> }) }</ul>
                </div>
            }
            if let Some(goal) = &state.course.target {
                <p id="goal" class={classes!("goal", state.goal_reached.is_some().then_some("reached"))}
                    data-reached={state.goal_reached.map(|step| step.to_string())} role="status">
                    { goal.sentence(language == Language::Zh) }
                    if let Some(step) = state.goal_reached {
                        { " " }{ language.pick("Reached at step ", "达成于第 ") }{ step }{ language.pick(".", " 步。") }
                    }
                </p>
            }
            if state.gallery {
                <main class="gallery-view">
                    <Gallery {language} on_action={on_action.clone()} on_load={on_load.clone()} />
                </main>
            } else {
            <main class="layout">                <div class="controls">
                    <Player running={state.running} can_play={state.can_play()} speed={state.speed}
                        on_action={on_action.clone()} />
                    if playground && let Some(error) = &state.error {
                        <p id="config-error" class="error" role="alert">{ error }</p>
                    }
                    if !notices.is_empty() {
                        <div id="notice" class="notice" role="alert">
                            { for notices.iter().map(|notice| html! { <p>{ *notice }</p> }) }
                        </div>
                    }
                    if let Some(surge) = &state.gradient_surge {
                        <p id="gradient-surge" class="notice" role="status">
                            { { let text = surge.message(); language.choose(text.en, text.zh) } }
                        </p>
                    }
                    <RunControls choice={state.choice.clone()} plane={state.config.dataset.kind}
                        backend={state.backend} gpu={state.gpu.clone()} device={built.map(|b| b.device)}
                        built_key={current.map(|_| state.choice.key())} language={state.language}
                        memory={state.memory.filter(|_| !state.course.hide_text)}
                        on_action={on_action.clone()} on_load={on_load.clone()} />
                    if !playground && let Some(live) = &state.live {
                        // A run spec's training settings apply from the next step, as the playground's do.
                        <TrainingControls optimizer={live.optimizer.clone()} batch_text={state.live_batch_text.clone()}
                            l1={live.l1} l2={live.l2} schedule={Some(live.schedule.clone())} dropout={live.dropout}
                            error={state.setting_error.clone().map(AttrValue::from)} on_action={on_action.clone()} />
                    }
                    if playground {
                        <Controls config={state.config.clone()} batch_text={state.batch_text.clone()}
                            seed_text={state.seed_text.clone()} setting_error={state.setting_error.clone().map(AttrValue::from)}
                            on_action={on_action.clone()} />
                    }
                </div>
                <div class="stage">
                    if playground && state.shows_panel(Panel::Boundary) {
                        <BoundaryView data={state.data.clone()} boundary={state.boundary.clone()}
                            show_test={state.show_test} on_action={on_action.clone()} />
                    }
                    if let Choice::Loaded(loaded) = &state.choice {
                        if let Some(points) = current.and_then(|b| b.data.clone()).filter(|_| state.shows_panel(Panel::Boundary)) {
                            <BoundaryView data={points} boundary={state.boundary.clone()}
                                show_test={state.show_test} on_action={on_action.clone()} />
                        }
                        <RunInfo loaded={loaded.clone()} layers={layers.clone()} />
                    }
                    if let Choice::Example(example) = &state.choice && !playground {
                        <SpecView example={*example} layers={layers} />
                    }
                    if let Some(run) = editable_run(&state.choice) {
                        <ModelEditor key={state.choice.key()} {run} trained_step={state.trained_step()}
                            on_load={on_load.clone()} />
                    }
                    if let Some(preset) = (*racing_preset).clone().filter(|_| state.shows_panel(Panel::Race)) {
                        <RacePanel {preset} race={state.race.clone()} {language} on_action={on_action.clone()} />
                    }
                    <ModelViews views={state.views.clone()} history={state.gradient_history.clone()}
                        request={state.view_request} prediction={state.drawing_prediction.clone()}
                        class_names={class_names} panels={state.panels.clone()} {language} on_action={on_action.clone()} />
                </div>
                <div class="results">
                    if state.shows_panel(Panel::Metrics) {
                        <MetricsView metrics={state.metrics.clone()} />
                    }
                    if state.shows_panel(Panel::Loss) {
                        <LossChart history={state.history.clone()} scale={state.scale} on_action={on_action.clone()} />
                        <AccuracyChart history={state.history.clone()} />
                        <RateChart history={state.history.clone()} />
                    }
                    if state.shows(Control::Files) {
                        <fieldset class="plain" disabled={!state.can_use(Control::Files)}>
                            <FilesPanel note={state.file_note.clone()} can_save_checkpoint={state.can_save_checkpoint()}
                                on_action={on_action} on_load={on_load} />
                        </fieldset>
                    }
                </div>
            </main>
            }
        </div>
        </ContextProvider<Theme>>
        </ContextProvider<Language>>
        </ContextProvider<Rc<Course>>>
    }
}

/// The run file of the run shown, when its model can be edited and trained again: an
/// example's or a loaded run file's (not the 2-D playground's, which has its own
/// controls, nor a checkpoint's, which continues trained weights).
fn editable_run(choice: &Choice) -> Option<nnplay_train::RunSpec> {
    match choice {
        Choice::Example(example) => example.run_spec()?.ok(),
        Choice::Loaded(loaded) => match &loaded.recipe {
            crate::loaded::Recipe::Run { run, .. } => Some(run.clone()),
            crate::loaded::Recipe::Checkpoint { .. } => None,
        },
    }
}
