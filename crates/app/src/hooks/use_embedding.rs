//! The page as an embed: when a host page frames it (`www/embed.js`) and the link names
//! the hosts allowed (`#origins=`), it tells the host how training goes and takes its
//! play, pause, reset, step and set commands (see [`crate::embed`]).

use crate::embed::{self, EmbedEvent, HostCommand, SetField, SetValue};
use crate::state::{Action, FileNote, State};
use crate::worker::protocol::Speed;
use yew::prelude::*;

/// Connects the page to its host page, if it has one.
#[hook]
pub fn use_embedding(state: &UseReducerHandle<State>) {
    // The hosts the link opened with: a changed link reloads the page (see use_hash_reload).
    let origins = use_memo((), |()| embed::Origins::new(state.course.origins.iter().map(|origin| origin.as_str())));
    let dispatcher = state.dispatcher();
    let post = embed::use_host_bridge(
        (*origins).clone(),
        Callback::from(move |command| {
            if let Some(action) = action_of(command) {
                dispatcher.dispatch(action);
            }
        }),
    );
    {
        // Ready once, when the run the page opened with (the link's preset, say) is built.
        let (post, preset) = (post.clone(), state.choice.preset().map(str::to_string));
        let sent = use_mut_ref(|| false);
        let loading = state.checking.is_some() || matches!(state.file_note, Some(FileNote::Busy(_)));
        let shown = state.built.as_ref().is_some_and(|built| built.run == state.choice.run_ref());
        use_effect_with(shown && !loading, move |built| {
            if *built && !std::mem::replace(&mut *sent.borrow_mut(), true) {
                post.emit(EmbedEvent::ready(preset.as_deref()));
            }
        });
    }
    {
        let post = post.clone();
        use_effect_with(state.metrics.clone(), move |metrics| {
            if let Some(metrics) = metrics {
                post.emit(EmbedEvent::Step { step: metrics.step, loss: embed::widen(metrics.train_loss) });
                post.emit(EmbedEvent::metrics(metrics));
            }
        });
    }
    let goal = state.course.target.map(|goal| goal.to_link());
    use_effect_with((state.goal_reached, goal), move |(reached, goal)| {
        if let (Some(step), Some(goal)) = (reached, goal) {
            post.emit(EmbedEvent::TargetReached { goal: goal.clone(), step: *step });
        }
    });
}

/// The page's action for a host's command; `None` for a setting the page cannot change
/// on its current kind of run (reported on the console).
pub fn action_of(command: HostCommand) -> Option<Action> {
    Some(match command {
        HostCommand::Play => Action::SetPlaying(true),
        HostCommand::Pause => Action::SetPlaying(false),
        HostCommand::Reset => Action::Reset,
        HostCommand::Step => Action::Step,
        HostCommand::Set { field, value } => match (field, value) {
            (SetField::LearningRate, SetValue::Number(rate)) => Action::SetLearningRate(rate as f32),
            (SetField::L1, SetValue::Number(rate)) => Action::SetL1(rate as f32),
            (SetField::L2, SetValue::Number(rate)) => Action::SetL2(rate as f32),
            (SetField::BatchSize, SetValue::Integer(size)) => Action::SetBatchSize(size.to_string()),
            (SetField::Seed, SetValue::Integer(seed)) => Action::SetSeed(seed.to_string()),
            (SetField::Speed, SetValue::Name(name)) => Action::SetSpeed(Speed::from_name(&name)?),
            (field, _) => {
                let message = format!("NN Playground cannot set {} from the host page yet", field.name());
                web_sys::console::warn_1(&message.into());
                return None;
            }
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_commands_become_the_pages_actions() {
        assert_eq!(action_of(HostCommand::Pause), Some(Action::SetPlaying(false)));
        let lr = HostCommand::Set { field: SetField::LearningRate, value: SetValue::Number(0.5) };
        assert_eq!(action_of(lr), Some(Action::SetLearningRate(0.5)));
        let speed = HostCommand::Set { field: SetField::Speed, value: SetValue::Name("16".into()) };
        assert_eq!(action_of(speed), Some(Action::SetSpeed(Speed::PerSecond(16))));
        let batch = HostCommand::Set { field: SetField::BatchSize, value: SetValue::Integer(32) };
        assert_eq!(action_of(batch), Some(Action::SetBatchSize("32".into())));
    }
}
