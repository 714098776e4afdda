//! The Panels menu: a checkbox per panel of the page; the choice goes into the link's
//! `panels=`, so a shared link shows the same panels.

use crate::share::{Named, Panel};
use crate::state::Action;
use crate::texts::Language;
use std::collections::BTreeSet;
use yew::prelude::*;

/// Properties of [`PanelsMenu`].
#[derive(Properties, PartialEq)]
pub struct PanelsMenuProps {
    /// The panels shown (`None`: all of them).
    pub panels: Option<BTreeSet<Panel>>,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// A panel's name in the menu.
fn title(panel: Panel, language: Language) -> &'static str {
    match panel {
        Panel::Loss => language.pick("Loss chart", "损失曲线"),
        Panel::Metrics => language.pick("Metrics", "指标"),
        Panel::Boundary => language.pick("Decision boundary", "决策边界"),
        Panel::Layers => language.pick("Gradient norms per layer", "各层梯度范数"),
        Panel::Histograms => language.pick("Weight and gradient histograms", "权重与梯度直方图"),
        Panel::Filters => language.pick("Filters and feature maps", "卷积核与特征图"),
        Panel::Confusion => language.pick("Confusion matrix", "混淆矩阵"),
        Panel::Attention => language.pick("Attention maps", "注意力图"),
        Panel::Hidden => language.pick("Hidden states and neurons", "隐藏状态与神经元"),
        Panel::Race => language.pick("Optimizer race", "优化器竞赛"),
    }
}

/// A disclosure with one checkbox per panel.
#[component]
pub fn PanelsMenu(props: &PanelsMenuProps) -> Html {
    let language = props.language;
    let shown = |panel: Panel| props.panels.as_ref().is_none_or(|panels| panels.contains(&panel));
    html! {
        <details id="panels-menu" class="panels-menu">
            <summary class="button">{ language.pick("Panels", "面板") }</summary>
            <fieldset class="plain">
                <legend class="visually-hidden">{ language.pick("Panels shown", "显示的面板") }</legend>
                { for Panel::ALL.iter().map(|&panel| {
                    let id = format!("panel-{}", panel.name());
                    html! {
                        <label class="check" for={id.clone()} key={panel.name()}>
                            <input type="checkbox" id={id} checked={shown(panel)}
                                onchange={props.on_action.reform(move |_: Event| Action::TogglePanel(panel))} />
                            { title(panel, language) }
                        </label>
                    }
                }) }
            </fieldset>
        </details>
    }
}
