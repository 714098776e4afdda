//! NN Playground's web page: train a small network on 2-D points in the browser and
//! watch its decision boundary and loss change live.

mod components;
mod draw;
mod history;
mod hooks;
mod state;

use components::{BoundaryView, Controls, LossChart, MetricsView, Player};
use hooks::use_trainer;
use state::{Action, State};
use yew::prelude::*;

/// The whole page.
#[component]
fn App() -> Html {
    let state = use_reducer(State::default);
    use_trainer(&state);
    let on_action: Callback<Action> = state.dispatcher().into();
    html! {
        <div class="app">
            <header class="header">
                <h1>{ "NN Playground" }</h1>
                <p class="intro">
                    { "Train a small neural network on 2-D points right in your browser, and watch it learn where one class ends and the other begins." }
                </p>
            </header>
            <main class="layout">
                <div class="controls">
                    <Player running={state.running} can_play={state.error.is_none()} on_action={on_action.clone()} />
                    if let Some(error) = &state.error {
                        <p id="config-error" class="error" role="alert">{ error }</p>
                    }
                    if let Some(notice) = &state.notice {
                        <p id="notice" class="notice" role="alert">{ notice }</p>
                    }
                    <Controls config={state.config.clone()} batch_text={state.batch_text.clone()}
                        seed_text={state.seed_text.clone()} on_action={on_action.clone()} />
                </div>
                <div class="stage">
                    <BoundaryView data={state.data.clone()} boundary={state.boundary.clone()}
                        show_test={state.show_test} on_action={on_action} />
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
