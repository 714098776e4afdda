//! NN Playground's web page: train a small network in the browser — on 2-D points, one
//! of the example specs (CNN, GRU, LSTM, Transformer), a preset, a built-in dataset, the
//! learner's own data or a checkpoint — on the GPU through WebGPU or on the CPU, watch its
//! loss (and, for points, its decision boundary) change live, and download the model for
//! PyTorch or a checkpoint to continue later.

mod backend;
mod builder;
mod catalog;
mod choice;
mod components;
mod download;
mod draw;
mod examples;
mod history;
mod hooks;
mod load;
mod loaded;
mod state;
mod texts;

use choice::Choice;
use components::{BoundaryView, Controls, FilesPanel, LossChart, MetricsView, Player, RunControls, RunInfo, SpecView};
use hooks::{use_gpu_probe, use_loader, use_trainer};
use state::{Action, State};
use yew::prelude::*;

/// The whole page.
#[component]
fn App() -> Html {
    let state = use_reducer(State::default);
    use_gpu_probe(&state);
    use_trainer(&state);
    let on_load = use_loader(&state);
    let on_action: Callback<Action> = state.dispatcher().into();
    let playground = state.choice.is_playground();
    let built = state.built.as_ref();
    // The session built for the run shown, once it is.
    let current = built.filter(|b| b.choice == state.choice);
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
            </header>
            <main class="layout">
                <div class="controls">
                    <Player running={state.running} can_play={state.can_play()} on_action={on_action.clone()} />
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
                        built_key={built.map(|b| b.choice.key())} language={state.language}
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
        </div>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
