//! The hook that loads runs into the page: from the library's menus and the file inputs,
//! and once at start the run the address names (`#preset=`, `#spec=`, `?preset=`…).

use crate::load::{LoadContext, LoadRequest, Loader};
use crate::share::Overrides;
use crate::state::State;
use std::rc::Rc;
use yew::prelude::*;

/// A callback that starts a load for the page as it is now (its language, its current
/// run); `first` is loaded once when the page mounts, with the link's training settings.
#[hook]
pub fn use_loader(
    state: &UseReducerHandle<State>,
    first: Option<(LoadRequest, Option<Rc<Overrides>>)>,
) -> Callback<LoadRequest> {
    let dispatcher = state.dispatcher();
    let loader = use_memo((), move |()| Loader::new(dispatcher.into()));
    let context = LoadContext { current: state.choice.loaded().cloned(), language: state.language, overrides: None };
    {
        let (loader, context) = (loader.clone(), context.clone());
        use_effect_with((), move |()| {
            if let Some((request, overrides)) = first {
                loader.start(request, LoadContext { overrides, ..context });
            }
        });
    }
    Callback::from(move |request| loader.start(request, context.clone()))
}
