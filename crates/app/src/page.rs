//! The page's top component.

use crate::choice::Choice;
use crate::components::{
    BoundaryView, Controls, FilesPanel, Gallery, LossChart, MetricsView, Player, RunControls, RunInfo, SpecView,
};
use crate::hooks::page_url;
use crate::hooks::{use_loader, use_trainer};
use crate::state::{Action, State};
use yew::prelude::*;

/// The whole page.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| State::opened_with(page_url::opening()));
    use_trainer(&state);
    let on_load = use_loader(&state);
    let on_action: Callback<Action> = state.dispatcher().into();
    let playground = state.choice.is_playground();
    let built = state.built.as_ref();
    // The session built for the run shown, once it is.
    let current = built.filter(|b| b.run == state.choice.run_ref());
    let layers = current.map(|b| b.layers.clone()).unwrap_or_default();
    // Notices that stopped training, and the one saying training is not where it was asked to be.
    let notices: Vec<&str> = state.notice.as_deref().into_iter().chain(state.backend_notice()).collect();
    html! {
        <div class="app">
            <header class="header">
                <h1>{ "NN Playground" }</h1>
                <p class="intro">
                    { "Train a small neural network right in your browser, and watch it learn." }
                </p>
                if !state.gallery {
                    <button id="show-gallery" class="button" onclick={on_action.reform(|_: MouseEvent| Action::ShowGallery)}>
                        { "All presets" }
                    </button>
                }
            </header>
            if state.gallery {
                <main class="gallery-view">
                    <Gallery language={state.language} on_action={on_action.clone()} on_load={on_load.clone()} />
                </main>
            } else {
            <main class="layout">
                <div class="controls">
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
                    <RunControls choice={state.choice.clone()} plane={state.config.dataset.kind}
                        backend={state.backend} gpu={state.gpu.clone()} device={built.map(|b| b.device)}
                        built_key={current.map(|_| state.choice.key())} language={state.language}
                        on_action={on_action.clone()} on_load={on_load.clone()} />
                    if playground {
                        <Controls config={state.config.clone()} batch_text={state.batch_text.clone()}
                            seed_text={state.seed_text.clone()} on_action={on_action.clone()} />
                    }
                </div>
                <div class="stage">
                    if playground {
                        <BoundaryView data={state.data.clone()} boundary={state.boundary.clone()}
                            show_test={state.show_test} on_action={on_action.clone()} />
                    }
                    if let Choice::Loaded(loaded) = &state.choice {
                        if let Some(points) = current.and_then(|b| b.data.clone()) {
                            <BoundaryView data={points} boundary={state.boundary.clone()}
                                show_test={state.show_test} on_action={on_action.clone()} />
                        }
                        <RunInfo loaded={loaded.clone()} layers={layers.clone()} />
                    }
                    if let Choice::Example(example) = &state.choice && !playground {
                        <SpecView example={*example} layers={layers} />
                    }
                </div>
                <div class="results">
                    <MetricsView metrics={state.metrics.clone()} />
                    <LossChart history={state.history.clone()} />
                    <FilesPanel note={state.file_note.clone()} can_save_checkpoint={state.can_save_checkpoint()}
                        on_action={on_action} on_load={on_load} />
                </div>
            </main>
            }
        </div>
    }
}
