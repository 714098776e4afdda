//! What to train and where: the example, preset and dataset menus, the backend, and a
//! badge naming the engine that actually runs.

use super::select_field::{Options, SelectField};
use crate::backend::{self, BackendChoice, GpuStatus};
use crate::catalog::{self, BuiltinData};
use crate::choice::Choice;
use crate::examples::Example;
use crate::load::LoadRequest;
use crate::share::Control;
use crate::state::Action;
use crate::texts::{Language, label};
use nnplay_data::DatasetKind;
use nnplay_tensor::Device;
use yew::prelude::*;

/// Properties of [`RunControls`].
#[derive(Properties, PartialEq)]
pub struct RunControlsProps {
    pub choice: Choice,
    /// The playground's 2-D set, which the dataset menu shows while the playground trains.
    pub plane: DatasetKind,
    pub backend: BackendChoice,
    pub gpu: GpuStatus,
    /// The device of the session trained now, `None` before the first one is built.
    pub device: Option<Device>,
    /// The key of the run trained now (see [`Choice::key`]).
    pub built_key: Option<String>,
    pub language: Language,
    pub on_action: Callback<Action>,
    pub on_load: Callback<LoadRequest>,
    /// The page's and the worker's memory, shown under the badge.
    #[prop_or_default]
    pub memory: Option<crate::memory::MemoryFigures>,
}

/// The run menus and the backend choice; changing any starts a fresh run.
#[component]
pub fn RunControls(props: &RunControlsProps) -> Html {
    let language = props.language;
    let examples: Options =
        Example::ALL.iter().map(|e| (AttrValue::from(e.name()), AttrValue::from(e.title_in(language)))).collect();
    let on_example =
        props.on_action.reform(|name: String| Action::SetExample(name.parse().unwrap_or(Example::Playground)));
    let presets: Options = catalog::presets()
        .iter()
        .map(|p| (AttrValue::from(p.name.clone()), AttrValue::from(language.text(&p.title))))
        .collect();
    let on_preset = props.on_load.reform(LoadRequest::Preset);
    let datasets: Options =
        catalog::datasets().iter().map(|d| (AttrValue::from(d.name), AttrValue::from(d.title.get(language)))).collect();
    let on_dataset = props.on_load.reform(LoadRequest::Dataset);
    let plane_name =
        catalog::datasets().into_iter().find(|d| d.data == BuiltinData::Plane(props.plane)).map_or("", |d| d.name);
    let shown_dataset = match &props.choice {
        choice if choice.is_playground() => plane_name.to_string(),
        choice => choice.dataset().unwrap_or_default().to_string(),
    };
    let backends: Options =
        BackendChoice::ALL.iter().map(|c| (AttrValue::from(c.name()), AttrValue::from(c.title(language)))).collect();
    let on_backend =
        props.on_action.reform(|name: String| Action::SetBackend(name.parse().unwrap_or(BackendChoice::Auto)));
    // data-value says where the current session runs; it is absent until one is built.
    let (value, text, hint) = match props.device {
        Some(device) => (
            Some(device.name().to_lowercase()),
            backend::badge_text(device, &props.gpu, language),
            backend::badge_hint(props.backend, device, &props.gpu, language),
        ),
        None => {
            let (text, hint) = backend::badge_starting(language);
            (None, text.to_string(), hint.to_string())
        }
    };
    html! {
        <section class="panel" aria-labelledby="run-heading">
            <h2 id="run-heading">{ language.pick("Run", "训练任务") }</h2>
            <SelectField id="example" control={Control::Presets} label={language.pick("Example", "示例")} options={examples}
                selected={props.choice.example().map_or("", |e| e.name())}
                placeholder={AttrValue::from("—")} onchange={on_example} />
            <SelectField id="preset" control={Control::Presets} label={label::PRESET.get(language)} options={presets}
                selected={AttrValue::from(props.choice.preset().unwrap_or_default().to_string())}
                placeholder={AttrValue::from(label::PRESET_PLACEHOLDER.get(language))} onchange={on_preset} />
            <SelectField id="data-menu" control={Control::Presets} label={label::DATASET.get(language)} options={datasets}
                selected={AttrValue::from(shown_dataset)}
                placeholder={AttrValue::from(label::DATASET_PLACEHOLDER.get(language))} onchange={on_dataset} />
            <SelectField id="backend" control={Control::Backend} label={language.pick("Backend", "计算后端")} options={backends} selected={props.backend.name()}
                onchange={on_backend} />
            <p class="backend">
                { language.pick("Training on: ", "训练设备：") }
                <span id="backend-badge" class="badge" data-value={value}
                    data-example={props.built_key.clone()} title={hint}>{ text }</span>
            </p>
            <super::MemoryLine figures={props.memory} {language} />
        </section>
    }
}
