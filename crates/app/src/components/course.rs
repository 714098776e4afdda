//! A teacher's course settings as the components read them: the course travels down the
//! page as a yew context, so each control hides or locks itself.

use crate::share::{Control, Course};
use std::rc::Rc;
use yew::prelude::*;

/// The course of the page (no locks, nothing hidden when none is provided).
#[hook]
pub fn use_course() -> Rc<Course> {
    use_context::<Rc<Course>>().unwrap_or_default()
}

/// What a course does to a control.
pub trait CourseRules {
    /// Whether `control` is left out of the page.
    fn hides(&self, control: Control) -> bool;
    /// Whether `control` is shown but cannot be changed.
    fn locks(&self, control: Control) -> bool;
}

impl CourseRules for Course {
    fn hides(&self, control: Control) -> bool {
        self.hide.contains(&control)
    }

    fn locks(&self, control: Control) -> bool {
        self.lock.contains(&control)
    }
}
