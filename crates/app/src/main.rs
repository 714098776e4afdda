//! NN Playground's web page: train a small network in the browser — on 2-D points, or
//! one of the example specs (CNN, GRU, LSTM, Transformer) — on the GPU through WebGPU or
//! on the CPU, and watch its loss (and, for points, its decision boundary) change live.

mod backend;
mod components;
mod draw;
mod examples;
mod history;
mod hooks;
mod state;

use components::{BoundaryView, Controls, LossChart, MetricsView, Player, RunControls, SpecView};
use examples::Example;
use hooks::{use_gpu_probe, use_trainer};
use state::{Action, State};
use yew::prelude::*;

/// The whole page.
#[component]
fn App() -> Html {
    let state = use_reducer(State::default);
    use_gpu_probe(&state);
    use_trainer(&state);
    let on_action: Callback<Action> = state.dispatcher().into();
    let playground = state.example == Example::Playground;
    let built = state.built.as_ref();
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
                    <RunControls example={state.example} backend={state.backend} gpu={state.gpu.clone()}
                        device={built.map(|b| b.device)} built_example={built.map(|b| b.example)}
                        on_action={on_action.clone()} />
                    if playground {
                        <Controls config={state.config.clone()} batch_text={state.batch_text.clone()}
                            seed_text={state.seed_text.clone()} on_action={on_action.clone()} />
                    }
                </div>
                <div class="stage">
                    if playground {
                        <BoundaryView data={state.data.clone()} boundary={state.boundary.clone()}
                            show_test={state.show_test} on_action={on_action} />
                    } else {
                        <SpecView example={state.example}
                            layers={built.filter(|b| b.example == state.example).map(|b| b.layers.clone()).unwrap_or_default()} />
                    }
                </div>
                <div class="results">
                    <MetricsView metrics={state.metrics.clone()} />
                    <LossChart history={state.history.clone()} />
                </div>
            </main>
        </div>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
