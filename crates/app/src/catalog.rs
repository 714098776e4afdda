//! What the page's library offers: the presets of `nnplay_train::presets` and the
//! built-in datasets (the 2-D sets of the playground and every generated or packed one),
//! each with the settings the page trains it with.

use crate::texts::Bilingual;
use nnplay_data::sequences::{AddingSettings, CopySettings, SineSettings};
use nnplay_data::shapes::ShapesSettings;
use nnplay_data::tones::TonesSettings;
use nnplay_data::{DatasetKind, SyntheticSpec, TextLanguage};
use nnplay_train::presets::{self, Preset};
use std::sync::OnceLock;

/// Every preset, parsed once: the files are compiled in and do not change.
pub fn presets() -> &'static [Preset] {
    static PRESETS: OnceLock<Vec<Preset>> = OnceLock::new();
    PRESETS.get_or_init(presets::all)
}

/// The kind of network a preset trains, which groups the gallery's cards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Mlp,
    Cnn,
    Recurrent,
    Transformer,
}

impl Family {
    /// Every family, in the gallery's order.
    pub const ALL: [Family; 4] = [Family::Mlp, Family::Cnn, Family::Recurrent, Family::Transformer];

    /// The gallery's heading for it.
    pub fn title(self) -> Bilingual {
        match self {
            Family::Mlp => {
                Bilingual { en: "Optimizers and regularizers (MLP)", zh: "优化器与正则化（多层感知机）" }
            }
            Family::Cnn => Bilingual { en: "Images and sounds (CNN)", zh: "图像与声音（卷积网络）" },
            Family::Recurrent => Bilingual { en: "Sequences (RNN, GRU, LSTM)", zh: "序列（RNN、GRU、LSTM）" },
            Family::Transformer => Bilingual { en: "Text (Transformer)", zh: "文本（Transformer）" },
        }
    }
}

/// The family of the network `preset` trains: its most telling layer decides.
pub fn family(preset: &Preset) -> Family {
    let kinds: Vec<&str> =
        preset.run().map(|run| run.model.layers.iter().map(|l| l.kind()).collect()).unwrap_or_default();
    let has = |names: &[&str]| kinds.iter().any(|kind| names.contains(kind));
    if has(&["self_attention", "transformer_block"]) {
        Family::Transformer
    } else if has(&["rnn", "gru", "lstm"]) {
        Family::Recurrent
    } else if has(&["conv1d", "conv2d"]) {
        Family::Cnn
    } else {
        Family::Mlp
    }
}

/// The data a built-in dataset entry trains on.
#[derive(Debug, Clone, PartialEq)]
pub enum BuiltinData {
    /// A 2-D set: the playground shows it with its own controls.
    Plane(DatasetKind),
    /// A generated or packed dataset, trained with a model that fits it.
    Generated(SyntheticSpec),
}

/// One entry of the dataset menu.
#[derive(Debug, Clone, PartialEq)]
pub struct BuiltinDataset {
    /// The value of its `<option>`, and its name in `?dataset=` and download names.
    pub name: &'static str,
    pub title: Bilingual,
    pub description: Bilingual,
    pub data: BuiltinData,
}

/// What a 2-D set is, for every one of them.
const PLANE_DESCRIPTION: Bilingual = Bilingual {
    en: "Points in the plane, as in TensorFlow Playground: it opens in the 2-D playground, where the \
         data, network and training controls on the left shape the run.",
    zh: "平面上的点，和 TensorFlow Playground 一样：它在二维练习场中打开，左侧的数据、网络和训练设置决定这次训练。",
};

const BARS_DESCRIPTION: Bilingual = Bilingual {
    en: "Grey 28×28 images of one bright bar on a noisy background; the class is its direction: \
         horizontal, vertical or diagonal. A first image task that a small CNN solves in a few hundred steps.",
    zh: "28×28 的灰度图像，噪声背景上有一条亮条；类别是它的方向：水平、竖直或对角。小型卷积网络几百步就能学会的入门图像任务。",
};

const PARITY_DESCRIPTION: Bilingual = Bilingual {
    en: "Sequences of 8 random bits; the class is whether the last 3 hold an odd number of ones. \
         A network must remember the recent bits until the end of the sequence.",
    zh: "8 个随机比特组成的序列；类别是最后 3 个比特中 1 的个数是否为奇数。网络必须把最近的比特一直记到序列结束。",
};

const CHARS_DESCRIPTION: Bilingual = Bilingual {
    en: "Windows of 16 characters of a two-sentence text about a quick fox and a lazy dog; the target \
         at each position is the next character. Small enough to learn almost by heart.",
    zh: "一段关于敏捷的狐狸和懒狗的两句短文，切成 16 个字符的窗口；每个位置的目标是下一个字符。文本很短，模型几乎能背下来。",
};

/// Every built-in dataset, in the order the menu lists them: the 2-D sets first. Sizes
/// are kept small where one evaluation of the whole set (a single synchronous call) would
/// otherwise hold the page for long: image and sound sets of a few hundred examples.
pub fn datasets() -> Vec<BuiltinDataset> {
    let plane = |kind: DatasetKind, zh: &'static str| BuiltinDataset {
        name: kind.name(),
        title: Bilingual { en: kind.title(), zh },
        description: PLANE_DESCRIPTION,
        data: BuiltinData::Plane(kind),
    };
    let generated = |name, title: (&'static str, &'static str), description, spec| BuiltinDataset {
        name,
        title: Bilingual { en: title.0, zh: title.1 },
        description,
        data: BuiltinData::Generated(spec),
    };
    let both = |en, zh| Bilingual { en, zh };
    use nnplay_data::{corpus, digits, sequences, shapes, spoken, tones};
    vec![
        plane(DatasetKind::Circle, "圆形"),
        plane(DatasetKind::Xor, "异或"),
        plane(DatasetKind::Gaussian, "两团高斯分布"),
        plane(DatasetKind::Spiral, "螺旋"),
        plane(DatasetKind::Plane, "平面（回归）"),
        generated(
            "digits",
            ("Handwritten digits (8×8 images)", "手写数字（8×8 图像）"),
            both(digits::DESCRIPTION_EN, digits::DESCRIPTION_ZH),
            SyntheticSpec::Digits { upscaled: false },
        ),
        generated(
            "shapes",
            ("Shapes (28×28 images)", "几何图形（28×28 图像）"),
            both(shapes::DESCRIPTION_EN, shapes::DESCRIPTION_ZH),
            SyntheticSpec::Shapes(ShapesSettings { samples: 600, size: 28, noise: 0.1 }),
        ),
        generated(
            "bars",
            ("Bars (28×28 images)", "条纹（28×28 图像）"),
            BARS_DESCRIPTION,
            SyntheticSpec::Bars { samples: 300, size: 28 },
        ),
        generated(
            "tones",
            ("Tones, chords and chirps (spectrograms)", "纯音、和弦与滑音（频谱图）"),
            both(tones::DESCRIPTION_EN, tones::DESCRIPTION_ZH),
            SyntheticSpec::Tones(TonesSettings { samples: 500 }),
        ),
        generated(
            "spoken_digits",
            ("Spoken digits (spectrograms)", "语音数字（频谱图）"),
            both(spoken::DESCRIPTION_EN, spoken::DESCRIPTION_ZH),
            SyntheticSpec::SpokenDigits,
        ),
        generated(
            "parity",
            ("Bit parity (sequences)", "比特奇偶（序列）"),
            PARITY_DESCRIPTION,
            SyntheticSpec::Parity { samples: 1000, length: 8, window: 3 },
        ),
        generated(
            "adding",
            ("Adding problem (sequences)", "加法问题（序列）"),
            both(sequences::ADDING_DESCRIPTION_EN, sequences::ADDING_DESCRIPTION_ZH),
            SyntheticSpec::Adding(AddingSettings { samples: 1000, length: 20 }),
        ),
        generated(
            "copy",
            ("Copy a string (sequences)", "复制字符串（序列）"),
            both(sequences::COPY_DESCRIPTION_EN, sequences::COPY_DESCRIPTION_ZH),
            SyntheticSpec::Copy(CopySettings { samples: 1000, length: 5, symbols: 8 }),
        ),
        generated(
            "reverse",
            ("Reverse a string (sequences)", "倒转字符串（序列）"),
            both(sequences::REVERSE_DESCRIPTION_EN, sequences::REVERSE_DESCRIPTION_ZH),
            SyntheticSpec::Reverse(CopySettings { samples: 1000, length: 5, symbols: 8 }),
        ),
        generated(
            "sine",
            ("Sine forecasting (sequences)", "正弦波预测（序列）"),
            both(sequences::SINE_DESCRIPTION_EN, sequences::SINE_DESCRIPTION_ZH),
            SyntheticSpec::Sine(SineSettings { samples: 1000, length: 32, noise: 0.05 }),
        ),
        generated(
            "chars",
            ("Next character (a short text)", "下一个字符（短文本）"),
            CHARS_DESCRIPTION,
            SyntheticSpec::Chars { samples: 500, length: 16 },
        ),
        generated(
            "text_en",
            ("English text (Genesis)", "英文文本（创世记）"),
            both(corpus::ENGLISH_DESCRIPTION_EN, corpus::ENGLISH_DESCRIPTION_ZH),
            SyntheticSpec::Text { language: TextLanguage::En, samples: 1000, length: 32 },
        ),
        generated(
            "text_zh",
            ("Chinese text (Tang poems)", "中文文本（唐诗）"),
            both(corpus::CHINESE_DESCRIPTION_EN, corpus::CHINESE_DESCRIPTION_ZH),
            // About 2,450 characters, each a class: fewer, shorter windows keep the output
            // layer's evaluation (windows × length × vocabulary values) small.
            SyntheticSpec::Text { language: TextLanguage::Zh, samples: 300, length: 16 },
        ),
    ]
}

/// The dataset called `name`, or an error listing the names there are.
pub fn dataset(name: &str) -> Result<BuiltinDataset, String> {
    let all = datasets();
    let names: Vec<&str> = all.iter().map(|d| d.name).collect();
    let list = names.join(", ");
    all.into_iter()
        .find(|d| d.name == name)
        .ok_or_else(|| format!("no dataset called \"{name}\"; the datasets are {list}"))
}

/// The built-in dataset a run's generated data comes from, judged by its kind (settings
/// may differ), to describe the data of a checkpoint.
pub fn dataset_of(spec: &SyntheticSpec) -> Option<BuiltinDataset> {
    let kind = |spec: &SyntheticSpec| serde_json::to_value(spec).ok().map(|v| v["kind"].clone());
    let wanted = kind(spec)?;
    let language = match spec {
        SyntheticSpec::Text { language, .. } => Some(*language),
        _ => None,
    };
    datasets().into_iter().find(|d| match &d.data {
        BuiltinData::Generated(SyntheticSpec::Text { language: l, .. }) => Some(*l) == language,
        BuiltinData::Generated(other) => kind(other).as_ref() == Some(&wanted),
        BuiltinData::Plane(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_data::AssetFiles;

    #[test]
    fn every_synthetic_kind_and_every_2d_set_has_one_entry_with_a_unique_name() {
        let all = datasets();
        let mut names: Vec<&str> = all.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), all.len(), "names are unique");
        for kind in DatasetKind::ALL {
            assert!(all.iter().any(|d| d.data == BuiltinData::Plane(kind)), "{kind:?}");
        }
        let kinds: Vec<String> = all
            .iter()
            .filter_map(|d| match &d.data {
                BuiltinData::Generated(spec) => Some(serde_json::to_value(spec).unwrap()["kind"].to_string()),
                BuiltinData::Plane(_) => None,
            })
            .collect();
        for kind in [
            "digits",
            "shapes",
            "bars",
            "tones",
            "spoken_digits",
            "parity",
            "adding",
            "copy",
            "reverse",
            "sine",
            "chars",
            "text",
        ] {
            assert!(kinds.contains(&format!("\"{kind}\"")), "{kind} is missing from {kinds:?}");
        }
        for entry in &all {
            assert!(!entry.description.en.is_empty() && !entry.description.zh.is_empty(), "{}", entry.name);
        }
    }

    #[test]
    fn generated_entries_without_a_packed_file_generate_within_their_limits() {
        for entry in datasets() {
            if let BuiltinData::Generated(spec) = &entry.data
                && spec.asset().is_none()
            {
                let data = spec.generate_with(1, &AssetFiles::new()).unwrap_or_else(|e| panic!("{}: {e}", entry.name));
                assert!(data.len >= 100, "{}: {} examples", entry.name, data.len);
            }
        }
    }

    #[test]
    fn a_checkpoint_s_data_finds_its_entry_and_unknown_names_are_listed() {
        let spec = SyntheticSpec::Text { language: TextLanguage::Zh, samples: 50, length: 8 };
        assert_eq!(dataset_of(&spec).map(|d| d.name), Some("text_zh"));
        let spec = SyntheticSpec::Bars { samples: 30, size: 8 };
        assert_eq!(dataset_of(&spec).map(|d| d.name), Some("bars"));
        let error = dataset("mnist").unwrap_err();
        assert!(error.starts_with("no dataset called \"mnist\"; the datasets are circle, xor"), "{error}");
    }

    #[test]
    fn every_family_of_the_gallery_has_presets() {
        let family_of = |name: &str| family(presets().iter().find(|p| p.name == name).unwrap());
        assert_eq!(family_of("momentum"), Family::Mlp);
        assert_eq!(family_of("cnn-digits"), Family::Cnn);
        assert_eq!(family_of("spoken-digits"), Family::Cnn);
        assert_eq!(family_of("lstm-sequences"), Family::Recurrent);
        assert_eq!(family_of("transformer-zh"), Family::Transformer);
        for family_wanted in Family::ALL {
            assert!(presets().iter().any(|p| family(p) == family_wanted), "{family_wanted:?} has no preset");
        }
    }

    #[test]
    fn the_presets_are_listed_with_a_first_run_each() {
        assert!(!presets().is_empty());
        for preset in presets() {
            preset.run().unwrap_or_else(|e| panic!("{}: {e}", preset.name));
        }
    }

    #[test]
    fn every_generated_dataset_trains_with_the_suggested_model() {
        let assets = AssetFiles::builtin();
        for entry in datasets() {
            let BuiltinData::Generated(spec) = entry.data else { continue };
            let data = spec.generate_with(1, &assets).unwrap_or_else(|e| panic!("{}: {e}", entry.name));
            let model = nnplay_train::suggest_model(&data);
            let run = nnplay_train::RunSpec { model, data: nnplay_train::RunData::Generated(spec) };
            let mut session = nnplay_train::SpecSession::with_assets(run, nnplay_tensor::Device::Cpu, &assets)
                .unwrap_or_else(|e| panic!("{}: {e}", entry.name));
            session.step().unwrap_or_else(|e| panic!("{}: {e}", entry.name));
        }
    }
}
