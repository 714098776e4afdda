//! One layer of the builder: its kind, settings, output shape, parameters, the buttons that
//! move and remove it, and its error when it is the layer that breaks.

use super::draft::LayerDraft;
use super::field_input::FieldInput;
use super::fields::{fields_of, kind_title};
use super::focus::button_id;
use super::inference::BuilderError;
use super::state::BuilderAction;
use super::text::{count_text, shape_text};
use crate::components::language::use_language;
use nnplay_nn::spec::LayerSummary;
use yew::prelude::*;

/// Properties of [`LayerRow`].
#[derive(Properties, PartialEq)]
pub struct LayerRowProps {
    /// Place in the list, from 0.
    pub index: usize,
    /// Layers in the list, to know whether this one can move down.
    pub count: usize,
    pub draft: LayerDraft,
    /// What inference found for it; `None` at and after the layer that breaks.
    pub summary: Option<LayerSummary>,
    /// The error, when this is the layer that breaks.
    pub error: Option<BuilderError>,
    /// Shown but not editable.
    pub locked: bool,
    pub dispatch: Callback<BuilderAction>,
}

/// A row of the layer list.
#[component]
pub fn LayerRow(props: &LayerRowProps) -> Html {
    let LayerRowProps { index, count, draft, summary, error, locked, dispatch } = props;
    let index = *index;
    let language = use_language();
    let title = kind_title(draft.kind).get(language);
    // Rows are numbered from 1 for people; the spec's paths count from 0.
    let name = language.choose(format!("layer {} ({title})", index + 1), format!("第 {} 层（{title}）", index + 1));
    let error_id = format!("builder-{index}-error");
    let action = |make: fn(usize) -> BuilderAction| dispatch.reform(move |_: MouseEvent| make(index));
    let fields = fields_of(draft.kind).iter().zip(&draft.texts).filter(|(field, _)| draft.shows(field));
    let field_inputs = fields.map(|(field, text)| {
        let name = field.name;
        let on_text = dispatch.reform(move |text| BuilderAction::SetField { index, field: name.into(), text });
        let invalid = error.as_ref().is_some_and(|e| e.field == Some(name));
        html! {
            <FieldInput id={format!("builder-{index}-{name}")} field={*field} text={text.clone()} {invalid}
                described_by={AttrValue::from(error_id.clone())} locked={*locked} {on_text} />
        }
    });
    // Rows at and after the layer that breaks have no shape yet.
    let shape = summary.as_ref().map_or("→ ?".to_string(), |s| format!("→ {}", shape_text(&s.output_shape)));
    html! {
        <li class={classes!("builder-layer", error.is_some().then_some("builder-layer-broken"))}
            data-index={index.to_string()} data-kind={draft.kind} aria-label={name.clone()}>
            <div class="builder-layer-head">
                <span class="builder-layer-number" aria-hidden="true">{ index + 1 }</span>
                <span class="builder-layer-kind">{ title }</span>
                <span class="builder-layer-shape" title={language.pick("Output shape of one example", "单个样本的输出形状")}>{ shape }</span>
                if let Some(summary) = summary {
                    <span class="builder-layer-params" title={language.pick("Trainable parameters", "可训练参数")}>
                        { count_text(summary.params) }{ language.pick(if summary.params == 1 { " param" } else { " params" }, " 个参数") }
                    </span>
                }
                if !*locked {
                    <span class="builder-layer-buttons">
                        <button type="button" id={button_id(index, "up")} class="builder-up" aria-label={language.choose(format!("Move {name} up"), format!("把{name}上移"))}
                            disabled={index == 0} onclick={action(BuilderAction::MoveUp)}>{ "↑" }</button>
                        <button type="button" id={button_id(index, "down")} class="builder-down"
                            aria-label={language.choose(format!("Move {name} down"), format!("把{name}下移"))}
                            disabled={index + 1 >= *count} onclick={action(BuilderAction::MoveDown)}>{ "↓" }</button>
                        <button type="button" id={button_id(index, "remove")} class="builder-remove"
                            aria-label={language.choose(format!("Remove {name}"), format!("删除{name}"))}
                            onclick={action(BuilderAction::RemoveLayer)}>{ "✕" }</button>
                    </span>
                }
            </div>
            if !fields_of(draft.kind).is_empty() {
                <div class="builder-fields">{ for field_inputs }</div>
            }
            if let Some(error) = error {
                <p id={error_id.clone()} class="builder-error error" role="alert">{ error.message.get(language) }</p>
            }
        </li>
    }
}
