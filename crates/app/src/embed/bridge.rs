//! The page's end of `postMessage` with the host page that frames it: events go to the
//! parent window addressed to an allowed origin (never `"*"`, which would tell any page
//! that frames the playground how the learner is doing), and commands are taken only from
//! the parent window and an allowed origin. Everything else is dropped with a console
//! warning naming its origin, and answers nothing.

use super::{CommandError, EmbedEvent, HostCommand, Origins, Throttle};
use js_sys::Object;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen::closure::Closure;
use web_sys::{MessageEvent, Window};
use yew::prelude::*;

/// Most step events posted a second; the others are dropped (metrics events are not).
pub const STEP_EVENTS_PER_SECOND: u32 = 10;

/// Whether the page is shown inside another page's frame (`window.parent != window`).
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else { return false };
    match window.parent() {
        Ok(Some(parent)) => !Object::is(&parent, &window),
        Ok(None) => false,
        // A parent the page may not even name is another page.
        Err(_) => true,
    }
}

/// Connects the page to the host page that frames it, when it is framed and `origins`
/// names the hosts allowed (from the hash's `origins`). Commands from an allowed host reach
/// `on_command`; a malformed one is answered with an [`EmbedEvent::Error`]. The returned
/// callback posts an event to the host (step events at most [`STEP_EVENTS_PER_SECOND`] a
/// second); without origins, or outside a frame, it does nothing.
#[hook]
pub fn use_host_bridge(origins: Option<Origins>, on_command: Callback<HostCommand>) -> Callback<EmbedEvent> {
    // The listener calls the latest callback, so a new callback each render costs no re-listening.
    let latest = use_mut_ref(|| on_command.clone());
    *latest.borrow_mut() = on_command;
    use_effect_with(origins.clone(), move |origins| {
        let listener = origins.clone().filter(|_| is_framed()).and_then(|origins| Listener::install(origins, latest));
        move || drop(listener)
    });
    let throttle = use_mut_ref(|| Throttle::new(STEP_EVENTS_PER_SECOND));
    use_callback(origins, move |event: EmbedEvent, origins| {
        let Some(origins) = origins else { return };
        if matches!(event, EmbedEvent::Step { .. }) && !throttle.borrow_mut().allow(now()) {
            return;
        }
        post(origins, &event);
    })
}

/// The `message` listener on the window; removed when dropped.
struct Listener {
    window: Window,
    closure: Closure<dyn FnMut(MessageEvent)>,
}

impl Listener {
    /// Listens for commands from `origins`, handing each to the callback `on_command` holds then.
    fn install(origins: Origins, on_command: Rc<RefCell<Callback<HostCommand>>>) -> Option<Listener> {
        let window = web_sys::window()?;
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            match receive(&event, &origins) {
                Ok(command) => {
                    // Cloned first: the callback may render the page, which replaces it.
                    let callback = on_command.borrow().clone();
                    callback.emit(command);
                }
                Err(Refusal::Dropped(why)) => warn(&why),
                Err(Refusal::Ignored) => {}
                Err(Refusal::Answered(why)) => {
                    let message = format!("NN Playground ignored a command: {why}");
                    warn(&message);
                    post(&origins, &EmbedEvent::Error { message });
                }
            }
        });
        window.add_event_listener_with_callback("message", closure.as_ref().unchecked_ref()).ok()?;
        Some(Listener { window, closure })
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        let _ = self.window.remove_event_listener_with_callback("message", self.closure.as_ref().unchecked_ref());
    }
}

/// Why a message is not carried out.
enum Refusal {
    /// From a page that may not command the playground: warned about, never answered.
    Dropped(String),
    /// Not addressed to the playground (another script's message): ignored.
    Ignored,
    /// A malformed command from the host: answered with an error event.
    Answered(String),
}

/// The command in a message, if it comes from the parent window at an allowed origin.
fn receive(event: &MessageEvent, origins: &Origins) -> Result<HostCommand, Refusal> {
    let origin = event.origin();
    if !origins.allows(&origin) {
        let allowed = origins.iter().collect::<Vec<_>>().join(", ");
        return Err(Refusal::Dropped(format!(
            "NN Playground ignored a message from {origin}: that origin is not in the page's #origins ({allowed})"
        )));
    }
    let parent = web_sys::window().and_then(|window| window.parent().ok().flatten());
    let from_parent = matches!((event.source(), parent), (Some(source), Some(parent)) if Object::is(&source, &parent));
    if !from_parent {
        return Err(Refusal::Dropped(format!(
            "NN Playground ignored a message from {origin}: it did not come from the page that frames the playground"
        )));
    }
    let data = event.data();
    let parsed = match data.as_string() {
        Some(text) => HostCommand::from_json(&text),
        None if data.is_undefined() || data.is_function() => return Err(Refusal::Ignored),
        None => match js_sys::JSON::stringify(&data).ok().and_then(|text| JsValue::from(text).as_string()) {
            Some(text) => HostCommand::from_json(&text),
            None => return Err(Refusal::Answered("the message cannot be read as JSON".into())),
        },
    };
    parsed.map_err(|error| match error {
        CommandError::NotAddressed(_) => Refusal::Ignored,
        CommandError::Invalid(why) => Refusal::Answered(why),
    })
}

/// Posts `event` to the parent window, addressed to the allowed origins (see [`Origins::targets`]).
fn post(origins: &Origins, event: &EmbedEvent) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if Object::is(&parent, &window) {
        return;
    }
    let Ok(message) = js_sys::JSON::parse(&event.to_json()) else { return };
    let parent_origin = parent_origin(&window);
    for target in origins.targets(parent_origin.as_deref()) {
        if let Err(error) = parent.post_message(&message, target) {
            warn(&format!("NN Playground could not post its {} event to {target}: {error:?}", event.type_name()));
        }
    }
}

/// The parent's origin, where the browser tells it (`location.ancestorOrigins`, not in Firefox).
fn parent_origin(window: &Window) -> Option<String> {
    let list = js_sys::Reflect::get(&window.location(), &JsValue::from_str("ancestorOrigins")).ok()?;
    if list.is_undefined() || list.is_null() {
        return None;
    }
    js_sys::Reflect::get(&list, &JsValue::from(0)).ok()?.as_string()
}

/// Milliseconds from a monotonic clock (`performance.now()`, else the wall clock).
fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or_else(js_sys::Date::now, |p| p.now())
}

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
