//! The colours canvases draw with, read from the style sheet's custom properties
//! (`www/style.css` sets them for each theme) at draw time, so a canvas follows the theme
//! shown. Components redraw when the theme changes by listing `use_theme()` among their
//! effect's dependencies.

/// Lines of a multi-series chart, in turn (`--series-0` …); the legends use the same.
pub const SERIES: usize = 6;

/// The custom properties a canvas reads, each with its light-theme value for a page
/// without the style sheet (a test, or before it loads).
const PROPERTIES: [(&str, &str); 7 + SERIES] = [
    ("--chart-background", "#ffffff"),
    ("--chart-text", "#1f2328"),
    ("--chart-grid", "#e6e6e6"),
    ("--chart-axis", "#6e7781"),
    ("--chart-train", "#5f6368"),
    ("--chart-test", "#d9480f"),
    ("--pad-ink", "#111111"),
    ("--series-0", "#0877bd"),
    ("--series-1", "#d9480f"),
    ("--series-2", "#2f9e44"),
    ("--series-3", "#7048e8"),
    ("--series-4", "#b35900"),
    ("--series-5", "#495057"),
];

/// The canvas colours of the theme shown, as CSS colour strings.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// Behind a chart's plot.
    pub background: String,
    /// Tick labels and captions drawn on a canvas.
    pub text: String,
    /// Grid lines.
    pub grid: String,
    /// Axis lines.
    pub axis: String,
    /// The training loss line.
    pub train: String,
    /// The test loss line.
    pub test: String,
    /// The drawing pad's pen.
    pub ink: String,
    /// Lines of a multi-series chart, in turn.
    pub series: [String; SERIES],
}

impl Palette {
    /// The colours the page's style sheet sets now.
    pub fn current() -> Palette {
        let style = web_sys::window().and_then(|window| {
            let root = window.document()?.document_element()?;
            window.get_computed_style(&root).ok()?
        });
        Palette::from_lookup(|property| style.as_ref()?.get_property_value(property).ok())
    }

    /// The light theme's colours, as a page without the style sheet draws.
    pub fn light() -> Palette {
        Palette::from_lookup(|_| None)
    }

    /// The colours `lookup` gives for each custom property, the light one for any it
    /// leaves out or gives empty.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Palette {
        let colors: Vec<String> = PROPERTIES
            .iter()
            .map(|(property, light)| {
                lookup(property)
                    .map(|value| value.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .unwrap_or(light.to_string())
            })
            .collect();
        let [background, text, grid, axis, train, test, ink, series @ ..]: [String; 7 + SERIES] =
            colors.try_into().expect("one colour per property");
        Palette { background, text, grid, axis, train, test, ink, series }
    }

    /// The colour of series `index`, the colours repeating after [`SERIES`].
    pub fn series(&self, index: usize) -> &str {
        &self.series[index % SERIES]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_or_empty_properties_fall_back_to_the_light_theme() {
        let light = Palette::light();
        assert_eq!(light.background, "#ffffff");
        assert_eq!(light.series(0), "#0877bd");
        assert_eq!(light.series(SERIES + 1), light.series(1));
        let dark = Palette::from_lookup(|property| match property {
            "--chart-background" => Some(" #161b22 ".into()),
            "--series-5" => Some("rgb(1, 2, 3)".into()),
            "--chart-text" => Some("  ".into()),
            _ => None,
        });
        assert_eq!(dark.background, "#161b22", "values are trimmed");
        assert_eq!(dark.series(5), "rgb(1, 2, 3)");
        assert_eq!(dark.text, light.text, "an empty value is no colour");
        assert_eq!(dark.grid, light.grid);
    }

    /// Every property a canvas reads is set in both themes of the style sheet, to the
    /// fallback's value in the light one.
    #[test]
    fn the_style_sheet_sets_every_canvas_colour_in_both_themes() {
        let css = include_str!("../../../../www/style.css");
        let block = |selector: &str| {
            let start = css.find(&format!("{selector} {{")).unwrap_or_else(|| panic!("style.css has no {selector}"));
            let end = start + css[start..].find('}').expect("the block ends");
            &css[start..end]
        };
        let (light, dark) = (block(":root"), block(":root[data-theme=\"dark\"]"));
        for (property, value) in PROPERTIES {
            assert!(light.contains(&format!("{property}: {value};")), "light theme: {property} should be {value}");
            assert!(dark.contains(&format!("{property}: ")), "dark theme sets no {property}");
        }
    }
}
