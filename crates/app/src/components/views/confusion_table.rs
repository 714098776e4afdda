//! The confusion matrix: true classes down, predicted classes across, the count in each
//! cell shaded by its share of the row (a CSS class per bucket, as the page's policy
//! allows no inline styles). Past [`MAX_TABLE_CLASSES`] classes it is a heat map instead.

use super::heat::{Heat, matrix_picture};
use super::inputs::class_name;
use super::pixel_canvas::PixelCanvas;
use crate::texts::{Bilingual, Language};
use nnplay_train::inspect::ConfusionMatrix;
use std::rc::Rc;
use yew::prelude::*;

/// Shades of a cell, besides the unshaded empty cell (`shade-0`).
pub const SHADES: u8 = 5;
/// Classes up to which the matrix is a table of numbers.
pub const MAX_TABLE_CLASSES: usize = 20;
/// The table's caption, for screen readers.
const CAPTION: Bilingual = Bilingual {
    en: "Test examples by true class (rows) and predicted class (columns)",
    zh: "按真实类别（行）和预测类别（列）统计的测试样本",
};

/// Properties of [`ConfusionTable`].
#[derive(Properties, PartialEq)]
pub struct ConfusionTableProps {
    pub matrix: ConfusionMatrix,
    pub class_names: Rc<[String]>,
    pub language: Language,
}

/// The matrix as a table, or as a heat map for many classes.
#[component]
pub fn ConfusionTable(props: &ConfusionTableProps) -> Html {
    let language = props.language;
    let matrix = &props.matrix;
    let right: u32 = (0..matrix.classes).filter_map(|c| matrix.counts.get(c)?.get(c)).sum();
    let summary = match language {
        Language::En => {
            format!("{right} of {} right; rows are the true class, columns the predicted one.", matrix.total)
        }
        Language::Zh => {
            format!("{} 个中有 {right} 个正确；行是真实类别，列是预测类别。", matrix.total)
        }
    };
    let body = if matrix.classes <= MAX_TABLE_CLASSES {
        table(matrix, &props.class_names, language)
    } else {
        map(matrix, language)
    };
    html! {
        <section id="confusion" class="view-panel" aria-labelledby="confusion-heading">
            <h3 id="confusion-heading">{ language.pick("Confusion matrix", "混淆矩阵") }</h3>
            <p class="confusion-summary">{ summary }</p>
            <div class="confusion-scroll">{ body }</div>
        </section>
    }
}

fn table(matrix: &ConfusionMatrix, names: &[String], language: Language) -> Html {
    html! {
        <table class="confusion-table">
            <caption class="visually-hidden">
                { CAPTION.get(language) }
            </caption>
            <thead>
                <tr>
                    <th scope="col">{ language.pick("true ↓ / predicted →", "真实 ↓ / 预测 →") }</th>
                    { for (0..matrix.classes).map(|c| html! { <th scope="col">{ class_name(c, names) }</th> }) }
                </tr>
            </thead>
            <tbody>
                { for matrix.counts.iter().enumerate().map(|(actual, row)| {
                    let row_total: u32 = row.iter().sum();
                    html! {
                        <tr>
                            <th scope="row">{ class_name(actual, names) }</th>
                            { for row.iter().enumerate().map(|(predicted, &count)| {
                                let kind = if actual == predicted { "diagonal" } else { "off-diagonal" };
                                let shade = format!("shade-{}", shade_bucket(count, row_total));
                                html! { <td class={classes!(kind, shade)}>{ count }</td> }
                            }) }
                        </tr>
                    }
                }) }
            </tbody>
        </table>
    }
}

fn map(matrix: &ConfusionMatrix, language: Language) -> Html {
    let shares: Vec<Vec<f32>> = matrix
        .counts
        .iter()
        .map(|row| {
            let total = row.iter().sum::<u32>().max(1) as f32;
            row.iter().map(|&c| c as f32 / total).collect()
        })
        .collect();
    let heat = Heat::Positive(1.0);
    let picture = matrix_picture(&shares, false, |v| heat.color(v));
    let label = match language {
        Language::En => format!(
            "Confusion matrix of {} classes: true class down, predicted across, darker blue for a larger \
             share of the row",
            matrix.classes
        ),
        Language::Zh => {
            format!("{} 个类别的混淆矩阵：行是真实类别，列是预测类别，蓝色越深占该行比例越大", matrix.classes)
        }
    };
    html! { <PixelCanvas class="confusion-map" picture={Rc::new(picture)} {label} /> }
}

/// The shade of a cell holding `count` of its row's `row_total` examples: 0 for an empty
/// cell, else 1 to [`SHADES`] by its share of the row.
pub fn shade_bucket(count: u32, row_total: u32) -> u8 {
    if count == 0 || row_total == 0 {
        return 0;
    }
    let share = count as f32 / row_total as f32;
    ((share * SHADES as f32).ceil() as u8).clamp(1, SHADES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_shade_by_their_share_of_the_row() {
        assert_eq!(shade_bucket(0, 10), 0);
        assert_eq!(shade_bucket(0, 0), 0);
        assert_eq!(shade_bucket(1, 1000), 1, "any example shows");
        assert_eq!(shade_bucket(2, 10), 1);
        assert_eq!(shade_bucket(3, 10), 2);
        assert_eq!(shade_bucket(5, 10), 3);
        assert_eq!(shade_bucket(9, 10), 5);
        assert_eq!(shade_bucket(10, 10), 5);
    }
}
