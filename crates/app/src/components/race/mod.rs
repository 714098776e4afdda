//! The "Race the variants" panel, for presets with variants: every variant trained from
//! the same starting weights in the worker (see `worker::race`), their loss curves
//! overlaid, and their paths on a slice of the loss surface.

mod curves;
mod lane_style;
pub mod model;
mod surface_map;

use crate::state::Action;
use crate::texts::Language;
use curves::RaceCurves;
use model::{RaceAction, RaceView};
use std::rc::Rc;
use surface_map::SurfaceMap;
use yew::prelude::*;

/// Properties of [`RacePanel`].
#[derive(Properties, PartialEq)]
pub struct RacePanelProps {
    /// The preset shown (one with variants).
    pub preset: String,
    pub race: RaceView,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// The race's controls, curves and map.
#[component]
pub fn RacePanel(props: &RacePanelProps) -> Html {
    let language = props.language;
    {
        // Leaving the preset (or the page) ends its race, so it does not train unseen.
        let on_action = props.on_action.clone();
        use_effect_with(props.preset.clone(), move |_| move || on_action.emit(Action::Race(RaceAction::Stop)));
    }
    let race = &props.race;
    let ours = race.is_of(&props.preset);
    let order = |action: RaceAction| props.on_action.reform(move |_: MouseEvent| Action::Race(action.clone()));
    let preset = props.preset.clone();
    let (label, action) = if !ours {
        (language.pick("Race the variants", "让各个变体赛跑"), RaceAction::Start(preset))
    } else if race.running {
        (language.pick("Pause the race", "暂停赛跑"), RaceAction::Pause)
    } else {
        (language.pick("Resume the race", "继续赛跑"), RaceAction::Play)
    };
    let lanes = if ours { race.lanes.clone() } else { Rc::default() };
    html! {
        <section id="race-panel" class="race-panel" data-running={(ours && race.running).to_string()}
            data-step={race.step.to_string()} aria-labelledby="race-title">
            <h2 id="race-title">{ language.pick("Optimizer race", "优化器赛跑") }</h2>
            <p class="race-intro">{ language.pick(
                "Train every variant of this preset side by side, from the same starting weights and step for step. The normal run pauses while they race.",
                "把这个预设的每个变体并排训练：从同样的初始权重出发，一步一步同时前进。赛跑时，普通训练会暂停。") }</p>
            <div class="race-buttons">
                <button id="race-toggle" class="button" onclick={order(action)}>{ label }</button>
                if ours {
                    <button id="race-restart" class="button" onclick={order(RaceAction::Start(props.preset.clone()))}>
                        { language.pick("Restart", "重新开始") }
                    </button>
                    <button id="race-end" class="button" onclick={order(RaceAction::Stop)}>
                        { language.pick("End the race", "结束赛跑") }
                    </button>
                    <span class="race-step">{ language.pick("Step ", "第 ") }{ race.step }{ language.pick("", " 步") }</span>
                }
            </div>
            if ours && let Some(error) = &race.error {
                <p class="error" role="alert">{ crate::engine_text::say(language, error) }</p>
            }
            if ours {
                <ul id="race-lanes" class="race-lanes">
                    { for lanes.iter().map(|lane| lane_item(lane, language)) }
                </ul>
                <div class="race-figures">
                    <figure class="chart">
                        <RaceCurves lanes={lanes.clone()} />
                        <figcaption>{ language.pick("Training loss of each variant", "各个变体的训练损失") }</figcaption>
                    </figure>
                    if let Some(surface) = &race.surface {
                        <SurfaceMap surface={surface.clone()} />
                    }
                </div>
            }
        </section>
    }
}

/// A lane's line of the list: its label, latest losses and the numbers the tests read.
fn lane_item(lane: &model::LaneCurve, language: Language) -> Html {
    let first = lane.points.first().map(|p| p.1);
    let last = lane.points.last().map(|p| p.1);
    let number = |v: Option<f32>| v.map_or_else(|| "–".to_string(), |v| format!("{v:.4}"));
    let test = lane.latest.as_ref().map(|m| m.test_loss);
    html! {
        <li data-lane={lane.label.clone()} data-first-loss={first.map(|v| v.to_string())}
            data-last-loss={last.map(|v| v.to_string())} data-points={lane.points.len().to_string()}
            data-diverged={lane.diverged.to_string()}>
            <strong>{ &lane.label }</strong>
            { language.pick(": training loss ", "：训练损失 ") }{ number(last) }
            { language.pick(", test loss ", "，测试损失 ") }{ number(test) }
            if lane.diverged {
                { language.pick(" (diverged)", "（发散）") }
            }
        </li>
    }
}
