//! The hook that loads runs into the page: from the library's menus and the file inputs,
//! and once at start from `?preset=NAME` or `?dataset=NAME`.

use super::page_url;
use crate::load::{LoadContext, LoadRequest, Loader};
use crate::state::State;
use yew::prelude::*;

/// A callback that starts a load for the page as it is now (its language, its current run);
/// it also keeps `?preset=` in the address in step with the preset shown.
#[hook]
pub fn use_loader(state: &UseReducerHandle<State>) -> Callback<LoadRequest> {
    let dispatcher = state.dispatcher();
    let loader = use_memo((), move |()| Loader::new(dispatcher.into()));
    let context = LoadContext { current: state.choice.loaded().cloned(), language: state.language };
    {
        let (loader, context) = (loader.clone(), context.clone());
        use_effect_with((), move |()| {
            let request = page_url::query(page_url::PRESET)
                .map(LoadRequest::Preset)
                .or_else(|| page_url::query(page_url::DATASET).map(LoadRequest::Dataset));
            if let Some(request) = request {
                loader.start(request, context);
            }
        });
    }
    // Not on the first render: the address's own ?preset= is still being loaded then.
    let first = use_mut_ref(|| true);
    use_effect_with(state.choice.preset().map(str::to_string), move |preset| {
        if !std::mem::replace(&mut *first.borrow_mut(), false) {
            page_url::show_preset(preset.as_deref());
        }
    });
    Callback::from(move |request| loader.start(request, context.clone()))
}
