//! A pad the learner draws a digit (or any grey image) on with a mouse, pen or finger; on
//! lifting the pointer the drawing is shrunk to the model's input and classified, and the
//! class probabilities are shown as bars.

use super::drawing::drawing_input;
use super::heat::{Heat, Picture, rgba};
use super::inputs::class_name;
use super::pixel_canvas::PixelCanvas;
use crate::components::theme::use_theme;
use crate::draw::canvas::context_2d;
use crate::draw::palette::Palette;
use crate::state::Action;
use crate::texts::{Bilingual, Language};
use std::rc::Rc;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// Backing-store side of the pad.
const SIZE: u32 = 168;
/// Pen width, in backing pixels.
const PEN: f64 = 14.0;
/// Classes listed under the pad, likeliest first.
const SHOWN_CLASSES: usize = 10;
const HINT: Bilingual = Bilingual {
    en: "Draw with a mouse, pen or finger; the model answers when you lift it.",
    zh: "用鼠标、笔或手指画，抬起时模型给出答案。",
};

/// Properties of [`DrawingPad`].
#[derive(Properties, PartialEq)]
pub struct DrawingPadProps {
    /// The model's input image size (one channel).
    pub input_height: usize,
    pub input_width: usize,
    /// The model's answer for the last drawing sent.
    pub prediction: Option<Result<Vec<f32>, String>>,
    pub class_names: Rc<[String]>,
    pub language: Language,
    pub on_action: Callback<Action>,
}

/// The pad, its Clear button, what the model sees, and its answer.
#[component]
pub fn DrawingPad(props: &DrawingPadProps) -> Html {
    let node = use_node_ref();
    // The last point of the stroke being drawn, while the pointer is down.
    let pen = use_mut_ref(|| None::<(f64, f64)>);
    // The input sent for the drawing on the pad, `None` while the pad is blank.
    let drawn = use_state(|| None::<Rc<[f32]>>);
    let language = props.language;
    // The pen's colour: the theme's ink, so the pad (whose paper is the theme's) stays legible.
    let ink = use_mut_ref(|| Palette::light().ink);
    let theme = use_theme();
    {
        let (node, ink) = (node.clone(), ink.clone());
        use_effect_with(theme, move |_| {
            *ink.borrow_mut() = Palette::current().ink;
            if let Some((_, cx)) = context_2d(&node) {
                recolor(&cx, &ink.borrow());
            }
        });
    }

    let on_down = {
        let (node, pen, ink) = (node.clone(), pen.clone(), ink.clone());
        Callback::from(move |event: PointerEvent| {
            event.prevent_default();
            let Some((canvas, cx)) = context_2d(&node) else { return };
            let _ = canvas.set_pointer_capture(event.pointer_id());
            let point = position(&canvas, &event);
            stroke(&cx, &ink.borrow(), point, point);
            *pen.borrow_mut() = Some(point);
        })
    };
    let on_move = {
        let (node, pen, ink) = (node.clone(), pen.clone(), ink.clone());
        Callback::from(move |event: PointerEvent| {
            let Some(last) = *pen.borrow() else { return };
            event.prevent_default();
            let Some((canvas, cx)) = context_2d(&node) else { return };
            let point = position(&canvas, &event);
            stroke(&cx, &ink.borrow(), last, point);
            *pen.borrow_mut() = Some(point);
        })
    };
    let on_up = {
        let (node, pen, drawn) = (node.clone(), pen.clone(), drawn.clone());
        let (on_action, height, width) = (props.on_action.clone(), props.input_height, props.input_width);
        Callback::from(move |_: PointerEvent| {
            if pen.borrow_mut().take().is_none() {
                return;
            }
            let Some((_, cx)) = context_2d(&node) else { return };
            let Some(input) = read_input(&cx, height, width) else { return };
            let input: Rc<[f32]> = input.into();
            drawn.set(Some(input.clone()));
            on_action.emit(Action::Predict(input));
        })
    };
    let on_clear = {
        let (node, drawn) = (node.clone(), drawn.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some((_, cx)) = context_2d(&node) {
                cx.clear_rect(0.0, 0.0, SIZE as f64, SIZE as f64);
            }
            drawn.set(None);
        })
    };

    let seen = drawn.as_ref().map(|input| {
        let picture = Picture {
            width: props.input_width,
            height: props.input_height,
            pixels: rgba(input, |v| Heat::Positive(1.0).grey(v)),
        };
        let label = language.pick("The drawing as the model sees it", "模型看到的图");
        html! { <PixelCanvas id="drawing-input" class="drawing-input" picture={Rc::new(picture)} {label} /> }
    });
    html! {
        <section id="drawing-pad" class="view-panel" aria-labelledby="drawing-pad-heading">
            <h3 id="drawing-pad-heading">{ language.pick("Draw and classify", "画图并分类") }</h3>
            <p class="hint">{ HINT.get(language) }</p>
            <div class="pad-row">
                <canvas id="drawing-canvas" ref={node} width={SIZE.to_string()} height={SIZE.to_string()} role="img"
                    aria-label={language.pick("Drawing pad", "画板")}
                    onpointerdown={on_down} onpointermove={on_move} onpointerup={on_up.clone()}
                    onpointercancel={on_up} />
                <div class="pad-side">
                    <button type="button" id="clear-drawing" onclick={on_clear}>
                        { language.pick("Clear", "清除") }
                    </button>
                    { for seen }
                </div>
            </div>
            if drawn.is_some() {
                { answer(props.prediction.as_ref(), &props.class_names, language) }
            }
        </section>
    }
}

/// Where `event` is on the canvas's backing store (the page may show it at another size).
fn position(canvas: &HtmlCanvasElement, event: &PointerEvent) -> (f64, f64) {
    let scale_x = canvas.width() as f64 / canvas.client_width().max(1) as f64;
    let scale_y = canvas.height() as f64 / canvas.client_height().max(1) as f64;
    (event.offset_x() as f64 * scale_x, event.offset_y() as f64 * scale_y)
}

/// Draws a round-capped line of `ink` from `from` to `to` (a dot when they are the same).
fn stroke(cx: &CanvasRenderingContext2d, ink: &str, from: (f64, f64), to: (f64, f64)) {
    cx.set_stroke_style_str(ink);
    cx.set_line_width(PEN);
    cx.set_line_cap("round");
    cx.set_line_join("round");
    cx.begin_path();
    cx.move_to(from.0, from.1);
    cx.line_to(to.0 + if from == to { 0.01 } else { 0.0 }, to.1);
    cx.stroke();
}

/// Paints what is drawn in `ink`, keeping its shape: only the alpha is the drawing.
fn recolor(cx: &CanvasRenderingContext2d, ink: &str) {
    let _ = cx.set_global_composite_operation("source-in");
    cx.set_fill_style_str(ink);
    cx.fill_rect(0.0, 0.0, SIZE as f64, SIZE as f64);
    let _ = cx.set_global_composite_operation("source-over");
}

/// The drawing's ink (its alpha: the pad is transparent paper) shrunk to the model's input.
fn read_input(cx: &CanvasRenderingContext2d, height: usize, width: usize) -> Option<Vec<f32>> {
    let image = cx.get_image_data(0.0, 0.0, SIZE as f64, SIZE as f64).ok()?;
    let ink: Vec<f32> = image.data().chunks_exact(4).map(|p| p[3] as f32 / 255.0).collect();
    Some(drawing_input(&ink, SIZE as usize, SIZE as usize, height, width))
}

/// The model's answer as bars, likeliest first, the top class marked.
fn answer(prediction: Option<&Result<Vec<f32>, String>>, names: &[String], language: Language) -> Html {
    match prediction {
        None => html! {
            <p class="hint" role="status">{ language.pick("Asking the model…", "正在询问模型…") }</p>
        },
        Some(Err(reason)) => html! { <p class="error" role="status">{ reason.clone() }</p> },
        Some(Ok(probabilities)) => html! {
            <ol id="drawing-prediction" class="class-probabilities" role="status"
                aria-label={language.pick("Class probabilities", "各类别概率")}>
                { for top_classes(probabilities, SHOWN_CLASSES).into_iter().enumerate().map(|(rank, (class, p))| html! {
                    <li class={classes!((rank == 0).then_some("top"))} data-class={class.to_string()}>
                        <span class="class-name">{ class_name(class, names) }</span>
                        <meter min="0" max="1" value={p.to_string()}></meter>
                        <span class="probability">{ format!("{:.1} %", p * 100.0) }</span>
                    </li>
                }) }
            </ol>
        },
    }
}

/// The `count` likeliest classes with their probabilities, likeliest first (the lower class
/// first on ties).
pub fn top_classes(probabilities: &[f32], count: usize) -> Vec<(usize, f32)> {
    let mut ranked: Vec<(usize, f32)> = probabilities.iter().copied().enumerate().collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.truncate(count);
    ranked
}

/// Whether a run whose examples have `shape` gets the pad: square one-channel images small
/// enough to draw (`[1, 8, 8]`, `[1, 28, 28]`); a spectrogram (`[1, 32, 40]`) is no drawing.
pub fn drawable(shape: &[usize]) -> Option<(usize, usize)> {
    match *shape {
        [1, height, width] if height == width && (4..=64).contains(&height) => Some((height, width)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_likeliest_classes_come_first() {
        let ranked = top_classes(&[0.1, 0.6, 0.1, 0.2], 3);
        assert_eq!(ranked, vec![(1, 0.6), (3, 0.2), (0, 0.1)]);
        assert_eq!(top_classes(&[0.5], 10), vec![(0, 0.5)]);
    }

    #[test]
    fn only_small_grey_images_can_be_drawn() {
        assert_eq!(drawable(&[1, 8, 8]), Some((8, 8)));
        assert_eq!(drawable(&[1, 28, 28]), Some((28, 28)));
        assert_eq!(drawable(&[3, 32, 32]), None);
        assert_eq!(drawable(&[64]), None);
        assert_eq!(drawable(&[1, 128, 128]), None);
        assert_eq!(drawable(&[1, 32, 40]), None, "spoken digits' spectrograms");
    }
}
