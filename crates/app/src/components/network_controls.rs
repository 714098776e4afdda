//! The network's shape: hidden layers, their sizes and the activation.

use super::course::{CourseRules, use_course};
use super::language::use_language;
use super::select_field::{Options, SelectField};
use crate::share::Control;
use crate::state::Action;
use nnplay_nn::Activation;
use nnplay_train::{MAX_HIDDEN_LAYERS, MAX_NEURONS};
use yew::prelude::*;

/// Properties of [`NetworkControls`].
#[derive(Properties, PartialEq)]
pub struct NetworkControlsProps {
    /// Neurons per hidden layer.
    pub hidden: Vec<usize>,
    pub activation: Activation,
    pub on_action: Callback<Action>,
}

/// The architecture settings; changing any of them starts a fresh run.
#[component]
pub fn NetworkControls(props: &NetworkControlsProps) -> Html {
    let action = |action: Action| props.on_action.reform(move |_: MouseEvent| action.clone());
    let layers = props.hidden.len();
    let activations: Options =
        // Softmax normalises across a layer's neurons: an output function, not a hidden one.
        Activation::ALL
            .iter()
            .filter(|a| !matches!(a, Activation::Softmax))
            .map(|a| (AttrValue::from(a.name()), AttrValue::from(a.name())))
            .collect();
    let on_activation =
        props.on_action.reform(|name: String| Action::SetActivation(name.parse().unwrap_or(Activation::Tanh)));
    let course = use_course();
    let language = use_language();
    let model_locked = course.locks(Control::Model);
    html! {
        <section class="panel" aria-labelledby="network-heading">
            <h2 id="network-heading">{ language.pick("Network", "网络") }</h2>
            if !course.hides(Control::Model) {
            <div class="field stepper">
                <span class="label" id="layer-count">{ language.choose(format!("Hidden layers: {layers}"), format!("隐藏层：{layers}")) }</span>
                <button id="remove-layer" class="button small" aria-label={language.pick("Remove the last hidden layer", "去掉最后一个隐藏层")}
                    disabled={layers == 0 || model_locked} onclick={action(Action::RemoveLayer)}>{ "−" }</button>
                <button id="add-layer" class="button small" aria-label={language.pick("Add a hidden layer", "加一个隐藏层")}
                    disabled={layers >= MAX_HIDDEN_LAYERS || model_locked} onclick={action(Action::AddLayer)}>{ "+" }</button>
            </div>
            <ul class="layers">
                { for props.hidden.iter().enumerate().map(|(i, &neurons)| html! {
                    <li class="stepper layer">
                        <span class="label">{ language.choose(format!("Layer {}: {neurons} neurons", i + 1), format!("第 {} 层：{neurons} 个神经元", i + 1)) }</span>
                        <button class="button small" aria-label={language.choose(format!("Remove a neuron from layer {}", i + 1), format!("第 {} 层去掉一个神经元", i + 1))}
                            disabled={neurons <= 1 || model_locked} onclick={action(Action::RemoveNeuron(i))}>{ "−" }</button>
                        <button class="button small" aria-label={language.choose(format!("Add a neuron to layer {}", i + 1), format!("第 {} 层加一个神经元", i + 1))}
                            disabled={neurons >= MAX_NEURONS || model_locked} onclick={action(Action::AddNeuron(i))}>{ "+" }</button>
                    </li>
                }) }
            </ul>
            }
            <SelectField id="activation" control={Control::Activation} label={language.pick("Activation", "激活函数")} options={activations}
                selected={props.activation.name()} onchange={on_activation} />
        </section>
    }
}
