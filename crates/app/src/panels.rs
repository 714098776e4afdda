//! Which panels the page shows: all that apply to the run, unless the link's `panels=`
//! (or the Panels menu, which writes it) names some.

use crate::share::{Named, Panel};
use crate::state::State;
use std::collections::BTreeSet;

impl State {
    /// Whether the page shows `panel` (where it applies to the run).
    pub fn shows_panel(&self, panel: Panel) -> bool {
        self.panels.as_ref().is_none_or(|shown| shown.contains(&panel))
    }

    /// Hides `panel` if shown, shows it if hidden; with every panel shown the link needs no list.
    pub(crate) fn toggle_panel(&mut self, panel: Panel) {
        let mut shown: BTreeSet<Panel> = self.panels.clone().unwrap_or_else(|| Panel::ALL.iter().copied().collect());
        if !shown.remove(&panel) {
            shown.insert(panel);
        }
        self.panels = (shown.len() < Panel::ALL.len()).then_some(shown);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::Action;
    use std::rc::Rc;
    use yew::Reducible;

    #[test]
    fn every_panel_shows_until_one_is_hidden_and_showing_it_again_clears_the_list() {
        let state = Rc::new(State::default());
        assert!(Panel::ALL.iter().all(|panel| state.shows_panel(*panel)));
        let state = state.reduce(Action::TogglePanel(Panel::Loss));
        assert!(!state.shows_panel(Panel::Loss));
        assert!(state.shows_panel(Panel::Metrics) && state.shows_panel(Panel::Race));
        assert_eq!(state.panels.as_ref().map(|p| p.len()), Some(Panel::ALL.len() - 1));
        let state = state.reduce(Action::TogglePanel(Panel::Loss));
        assert_eq!(state.panels, None, "all shown again: the link's default");
    }

    #[test]
    fn a_links_panels_show_only_those_and_the_menu_adds_to_them() {
        let mut state = State::default();
        state.panels = crate::share::parse("panels=loss,race").state.page.panels;
        assert!(state.shows_panel(Panel::Loss) && state.shows_panel(Panel::Race));
        assert!(!state.shows_panel(Panel::Boundary));
        let state = Rc::new(state).reduce(Action::TogglePanel(Panel::Boundary));
        let shown: Vec<&str> = state.panels.iter().flatten().map(|panel| panel.name()).collect();
        assert_eq!(shown, ["loss", "boundary", "race"]);
    }
}
