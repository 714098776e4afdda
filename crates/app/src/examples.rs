//! The runs the page offers: the 2-D playground, set up by its controls, and the example
//! run specs of `examples/`, compiled into the page.

use crate::texts::Language;
use nnplay_train::{RunSpec, TrainError};
use std::str::FromStr;

/// One of the page's runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub enum Example {
    /// The TensorFlow-Playground-style page: 2-D points, an MLP set up by the controls.
    #[default]
    Playground,
    Mlp,
    Cnn,
    Gru,
    Lstm,
    Transformer,
}

impl Example {
    /// Every example, in the order the page lists them.
    pub const ALL: [Example; 6] =
        [Example::Playground, Example::Mlp, Example::Cnn, Example::Gru, Example::Lstm, Example::Transformer];

    /// The value of its `<option>`.
    pub fn name(self) -> &'static str {
        match self {
            Example::Playground => "playground",
            Example::Mlp => "mlp",
            Example::Cnn => "cnn",
            Example::Gru => "gru",
            Example::Lstm => "lstm",
            Example::Transformer => "transformer",
        }
    }

    /// What the page calls it.
    pub fn title(self) -> &'static str {
        match self {
            Example::Playground => "2-D playground",
            Example::Mlp => "MLP · circle points",
            Example::Cnn => "CNN · bar images",
            Example::Gru => "GRU · bit parity",
            Example::Lstm => "LSTM · bit parity",
            Example::Transformer => "Transformer · next character",
        }
    }

    /// A sentence on what the model learns, shown beside its layers.
    pub fn description(self) -> &'static str {
        match self {
            Example::Playground => "Points in the plane; choose the data and the network on the left.",
            Example::Mlp => "Two tanh layers of 16 neurons tell the inner circle of points from the outer ring.",
            Example::Cnn => {
                "Two convolutions learn whether a 28×28 image shows a horizontal, vertical or diagonal bar."
            }
            Example::Gru => "A GRU reads 8 bits one at a time and says whether the last 3 hold an odd number of ones.",
            Example::Lstm => {
                "An LSTM reads 8 bits one at a time and says whether the last 3 hold an odd number of ones."
            }
            Example::Transformer => {
                "Two causal Transformer blocks learn to predict the next character of a short text."
            }
        }
    }

    /// What the page calls it in `language`.
    pub fn title_in(self, language: Language) -> &'static str {
        match (self, language) {
            (_, Language::En) => self.title(),
            (Example::Playground, Language::Zh) => "二维练习场",
            (Example::Mlp, Language::Zh) => "MLP · 圆形分布的点",
            (Example::Cnn, Language::Zh) => "CNN · 条纹图像",
            (Example::Gru, Language::Zh) => "GRU · 比特奇偶",
            (Example::Lstm, Language::Zh) => "LSTM · 比特奇偶",
            (Example::Transformer, Language::Zh) => "Transformer · 下一个字符",
        }
    }

    /// Its description in `language`.
    pub fn description_in(self, language: Language) -> &'static str {
        match (self, language) {
            (_, Language::En) => self.description(),
            (Example::Playground, Language::Zh) => "平面上的点；在左边选择数据和网络。",
            (Example::Mlp, Language::Zh) => "两个各有 16 个神经元的 tanh 层，区分内圈的点和外环的点。",
            (Example::Cnn, Language::Zh) => "两个卷积层学习判断一张 28×28 的图像里是横条、竖条还是斜条。",
            (Example::Gru, Language::Zh) => "GRU 一次读一个比特，共读 8 个，判断最后 3 个里 1 的个数是不是奇数。",
            (Example::Lstm, Language::Zh) => "LSTM 一次读一个比特，共读 8 个，判断最后 3 个里 1 的个数是不是奇数。",
            (Example::Transformer, Language::Zh) => "两个因果 Transformer 块学习预测一段短文本的下一个字符。",
        }
    }

    /// The run file, `None` for the 2-D playground.
    pub fn spec_json(self) -> Option<&'static str> {
        match self {
            Example::Playground => None,
            Example::Mlp => Some(include_str!("../../../examples/mlp.json")),
            Example::Cnn => Some(include_str!("../../../examples/cnn.json")),
            Example::Gru => Some(include_str!("../../../examples/gru.json")),
            Example::Lstm => Some(include_str!("../../../examples/lstm.json")),
            Example::Transformer => Some(include_str!("../../../examples/transformer.json")),
        }
    }

    /// The parsed run file, `None` for the 2-D playground.
    pub fn run_spec(self) -> Option<Result<RunSpec, TrainError>> {
        self.spec_json().map(RunSpec::from_json)
    }
}

impl FromStr for Example {
    type Err = String;

    fn from_str(name: &str) -> Result<Example, String> {
        Example::ALL.into_iter().find(|e| e.name() == name).ok_or_else(|| {
            let names: Vec<_> = Example::ALL.iter().map(|e| e.name()).collect();
            format!("unknown example \"{name}\" (one of {})", names.join(", "))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_has_a_chinese_title_and_description() {
        for example in Example::ALL {
            for text in [example.title_in(Language::Zh), example.description_in(Language::Zh)] {
                assert!(crate::texts::has_chinese(text), "{example:?}: {text}");
            }
            assert_eq!(example.title_in(Language::En), example.title());
        }
    }

    #[test]
    fn every_example_spec_parses_and_only_the_playground_has_none() {
        for example in Example::ALL {
            match example.run_spec() {
                None => assert_eq!(example, Example::Playground),
                Some(run) => {
                    let run = run.unwrap_or_else(|e| panic!("{}: {e}", example.name()));
                    assert!(!run.model.layers.is_empty(), "{}", example.name());
                }
            }
        }
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_named() {
        for example in Example::ALL {
            assert_eq!(example.name().parse::<Example>(), Ok(example));
        }
        let error = "rnn".parse::<Example>().unwrap_err();
        assert!(error.contains("\"rnn\"") && error.contains("transformer"), "{error}");
    }
}
