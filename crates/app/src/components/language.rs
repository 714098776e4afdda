//! The page's language as the components read it: it travels down the page as a yew
//! context next to the course, so no component needs it as a property.

use crate::texts::Language;
use yew::prelude::*;

/// The language of the page (English where none is provided, as in a component's test).
#[hook]
pub fn use_language() -> Language {
    use_context::<Language>().unwrap_or_default()
}
