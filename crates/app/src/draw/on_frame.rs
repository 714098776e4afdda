//! Drawing a canvas at most once per animation frame: reports may come faster than the
//! screen refreshes, and drawing each would spend main-thread time on pictures nobody sees.

use super::canvas::context_2d;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::CanvasRenderingContext2d;
use yew::prelude::*;

/// The latest data to draw and whether a frame is already asked for.
struct Pending<D> {
    latest: Option<D>,
    waiting: bool,
    /// Frames drawn so far, shown as the canvas's `data-draws` (tests count redraws).
    draws: u64,
}

/// Draws `data` with `draw` on the canvas behind `node` at the next animation frame after
/// it changes; changes before that frame are drawn together, once, as the latest.
#[hook]
pub fn use_draw_on_frame<D>(node: &NodeRef, data: D, draw: fn(&CanvasRenderingContext2d, &D))
where
    D: PartialEq + Clone + 'static,
{
    let pending = use_mut_ref(|| Pending::<D> { latest: None, waiting: false, draws: 0 });
    let node = node.clone();
    use_effect_with(data, move |data| {
        let ask = {
            let mut state = pending.borrow_mut();
            state.latest = Some(data.clone());
            // A chart that shows nothing for this run (no canvas) asks for no frames.
            node.get().is_some() && !std::mem::replace(&mut state.waiting, true)
        };
        if ask {
            let frame = {
                let pending = pending.clone();
                move || paint(&pending, &node, draw)
            };
            match web_sys::window() {
                Some(window) => {
                    let callback = Closure::once_into_js(frame);
                    if window.request_animation_frame(callback.unchecked_ref()).is_err() {
                        pending.borrow_mut().waiting = false;
                    }
                }
                None => frame(),
            }
        }
    });
}

/// Draws the latest data, if the canvas is still there.
fn paint<D: Clone>(pending: &Rc<RefCell<Pending<D>>>, node: &NodeRef, draw: fn(&CanvasRenderingContext2d, &D)) {
    let (data, draws) = {
        let mut state = pending.borrow_mut();
        state.waiting = false;
        state.draws += 1;
        (state.latest.clone(), state.draws)
    };
    let (Some(data), Some((canvas, context))) = (data, context_2d(node)) else { return };
    draw(&context, &data);
    let _ = canvas.set_attribute("data-draws", &draws.to_string());
}
