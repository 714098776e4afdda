//! Where keyboard focus goes after a button moves or removes its own row, so that a
//! keyboard user keeps their place instead of landing back at the top of the page.

use super::state::BuilderAction;
use wasm_bindgen::JsCast;

/// Id of a row's button: `builder-2-up`, `builder-2-down`, `builder-2-remove`.
pub fn button_id(index: usize, button: &str) -> String {
    format!("builder-{index}-{button}")
}

/// The element to focus once `action` has changed a list of `count` layers: the moved
/// row's same button (its other one at the end of the list, where that one is disabled),
/// or after a removal the next row's ✕ (the last row's, or the "Add layer" menu when none
/// is left). `None` for other actions.
pub fn focus_after(action: &BuilderAction, count: usize) -> Option<String> {
    match *action {
        BuilderAction::MoveUp(index) if index > 0 && index < count => {
            let to = index - 1;
            Some(button_id(to, if to == 0 { "down" } else { "up" }))
        }
        BuilderAction::MoveDown(index) if index + 1 < count => {
            let to = index + 1;
            Some(button_id(to, if to + 1 == count { "up" } else { "down" }))
        }
        BuilderAction::RemoveLayer(index) if index < count => match count - 1 {
            0 => Some("builder-add-kind".into()),
            left => Some(button_id(index.min(left - 1), "remove")),
        },
        _ => None,
    }
}

/// Focuses the element with this id, if the page has it.
pub fn focus(id: &str) {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Focus fails only on an element that cannot take it; then it stays where it was.
        let _ = element.focus();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn focus_follows_the_moved_row_and_the_next_after_a_removal() {
        let after = |action| focus_after(&action, 3);
        assert_eq!(after(BuilderAction::MoveUp(2)).as_deref(), Some("builder-1-up"));
        assert_eq!(after(BuilderAction::MoveUp(1)).as_deref(), Some("builder-0-down"));
        assert_eq!(after(BuilderAction::MoveDown(0)).as_deref(), Some("builder-1-down"));
        assert_eq!(after(BuilderAction::MoveDown(1)).as_deref(), Some("builder-2-up"));
        assert_eq!(after(BuilderAction::RemoveLayer(0)).as_deref(), Some("builder-0-remove"));
        assert_eq!(after(BuilderAction::RemoveLayer(2)).as_deref(), Some("builder-1-remove"));
        assert_eq!(focus_after(&BuilderAction::RemoveLayer(0), 1).as_deref(), Some("builder-add-kind"));
        assert_eq!(after(BuilderAction::MoveUp(0)), None);
        assert_eq!(after(BuilderAction::MoveDown(2)), None);
        assert_eq!(after(BuilderAction::ExportJson), None);
    }
}
