//! The column of settings: data, network and training.

use super::data_controls::DataControls;
use super::network_controls::NetworkControls;
use super::training_controls::TrainingControls;
use crate::state::Action;
use nnplay_train::SessionConfig;
use yew::prelude::*;

/// Properties of [`Controls`].
#[derive(Properties, PartialEq)]
pub struct ControlsProps {
    pub config: SessionConfig,
    pub batch_text: AttrValue,
    pub seed_text: AttrValue,
    /// Why the last change of a training setting was refused.
    #[prop_or_default]
    pub setting_error: Option<AttrValue>,
    pub on_action: Callback<Action>,
}

/// Every setting of a run, grouped as a learner thinks of them.
#[component]
pub fn Controls(props: &ControlsProps) -> Html {
    let config = &props.config;
    html! {
        <div class="settings">
            <DataControls dataset={config.dataset.clone()} seed_text={props.seed_text.clone()}
                on_action={props.on_action.clone()} />
            <NetworkControls hidden={config.hidden.clone()} activation={config.activation}
                on_action={props.on_action.clone()} />
            <TrainingControls optimizer={config.optimizer.clone()} batch_text={props.batch_text.clone()}
                l1={config.l1} l2={config.l2} error={props.setting_error.clone()} on_action={props.on_action.clone()} />
        </div>
    }
}
