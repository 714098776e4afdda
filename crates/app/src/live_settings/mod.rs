//! The training settings a learner changes while a run plays, one named field at a time:
//! the optimizer's hyper-parameters ([`OptimizerField`]) and the learning-rate schedule's
//! parameters ([`ScheduleParam`]). The reducer applies them; the controls list them.

mod apply;
mod optimizer_field;
mod schedule_param;

pub use optimizer_field::OptimizerField;
pub use schedule_param::{ScheduleKind, ScheduleParam};
