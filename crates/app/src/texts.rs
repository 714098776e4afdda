//! The page's two languages, and its fixed labels in both of them. Components read the
//! language from a yew context (see `components::language`); sentences made at run time
//! are written in both where the page keeps them ([`Translated`]).

/// A language of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    En,
    Zh,
}

impl Language {
    /// The text for this language out of an English and a Chinese one.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Language::En => en,
            Language::Zh => zh,
        }
    }

    /// Its code in `lang` attributes and links: `en` or `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Zh => "zh",
        }
    }

    /// The other language of the page, which the language button switches to.
    pub fn other(self) -> Language {
        match self {
            Language::En => Language::Zh,
            Language::Zh => Language::En,
        }
    }

    /// Its name in itself, for the language button.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::En => "English",
            Language::Zh => "简体中文",
        }
    }

    /// Whichever of two values (often two sentences formatted alike) is in this language.
    pub fn choose<T>(self, en: T, zh: T) -> T {
        match self {
            Language::En => en,
            Language::Zh => zh,
        }
    }

    /// A preset's text in this language.
    pub fn text(self, text: &nnplay_train::presets::Text) -> String {
        self.pick(&text.en, &text.zh).to_string()
    }
}

/// A text in both languages of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bilingual {
    pub en: &'static str,
    pub zh: &'static str,
}

impl Bilingual {
    /// The text in `language`.
    pub fn get(self, language: Language) -> &'static str {
        language.pick(self.en, self.zh)
    }
}

/// A text made at run time in both languages, for what the page keeps and shows later (a
/// loaded run's description), so it follows the language switch.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Translated {
    pub en: String,
    pub zh: String,
}

impl Translated {
    /// The English and the Chinese text.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Translated {
        Translated { en: en.into(), zh: zh.into() }
    }

    /// A text that reads the same in both languages (a file name).
    pub fn same(text: impl Into<String>) -> Translated {
        let text = text.into();
        Translated { en: text.clone(), zh: text }
    }

    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        language.pick(&self.en, &self.zh)
    }

    /// Whether there is no text.
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.zh.is_empty()
    }
}

impl From<Bilingual> for Translated {
    fn from(text: Bilingual) -> Translated {
        Translated::new(text.en, text.zh)
    }
}

impl From<&nnplay_train::presets::Text> for Translated {
    fn from(text: &nnplay_train::presets::Text) -> Translated {
        Translated::new(text.en.clone(), text.zh.clone())
    }
}

/// The fixed labels of the page, in both languages.
pub mod label {
    use super::Bilingual;

    const fn both(en: &'static str, zh: &'static str) -> Bilingual {
        Bilingual { en, zh }
    }

    pub const PRESET: Bilingual = both("Preset", "预设");
    pub const PRESET_PLACEHOLDER: Bilingual = both("Choose a preset…", "选择一个预设…");
    pub const DATASET: Bilingual = both("Built-in dataset", "内置数据集");
    pub const DATASET_PLACEHOLDER: Bilingual = both("Choose a dataset…", "选择一个数据集…");
    pub const FILES_HEADING: Bilingual = both("Files", "文件");
    pub const UPLOAD: Bilingual = both("Train on your data", "用你自己的数据训练");
    pub const UPLOAD_HINT: Bilingual = both(
        "A CSV table (label in the last column), a UTF-8 text, a safetensors file with x and y, or image \
         files named by class (cat_1.png, dog_1.png).",
        "CSV 表格（最后一列是标签）、UTF-8 文本、含 x 和 y 的 safetensors 文件，或按类别命名的图片\
         （cat_1.png、dog_1.png）。",
    );
    pub const UPLOAD_FOLDER: Bilingual =
        both("Or a folder of images, one sub-folder per class", "或者一个图片文件夹，每个类别一个子文件夹");
    pub const LOAD_CHECKPOINT: Bilingual = both("Load a checkpoint", "载入检查点");
    pub const DOWNLOAD_EXPORT: Bilingual = both("Download PyTorch export", "下载 PyTorch 导出");
    pub const DOWNLOAD_CHECKPOINT: Bilingual = both("Download checkpoint", "下载检查点");
    pub const NO_PLAYGROUND_CHECKPOINT: Bilingual = both(
        "The 2-D playground has no checkpoint file: choose the preset, an example or a dataset to save one.",
        "二维练习场没有检查点文件：选择预设、示例或数据集后才能保存。",
    );
    pub const SUMMARY: Bilingual = both("What it shows", "演示什么");
    pub const EXPLANATION: Bilingual = both("What to look at", "看点");
    pub const EXPECTED: Bilingual = both("Expected outcome", "预期结果");
    pub const DATA: Bilingual = both("Data", "数据");
    pub const PREVIEW: Bilingual = both("A few examples", "几个样本");
    pub const MODEL: Bilingual = both("Model", "模型");
    pub const KIND_PRESET: Bilingual = both("Preset", "预设");
    pub const KIND_DATASET: Bilingual = both("Dataset", "数据集");
    pub const KIND_IMPORT: Bilingual = both("Your data", "你的数据");
    pub const KIND_CHECKPOINT: Bilingual = both("Checkpoint", "检查点");
    pub const KIND_LINK: Bilingual = both("Shared run", "分享的训练");

    /// Every label, for the test that each has its Chinese text.
    #[cfg(test)]
    pub const ALL: [Bilingual; 23] = [
        PRESET,
        PRESET_PLACEHOLDER,
        DATASET,
        DATASET_PLACEHOLDER,
        FILES_HEADING,
        UPLOAD,
        UPLOAD_HINT,
        UPLOAD_FOLDER,
        LOAD_CHECKPOINT,
        DOWNLOAD_EXPORT,
        DOWNLOAD_CHECKPOINT,
        NO_PLAYGROUND_CHECKPOINT,
        SUMMARY,
        EXPLANATION,
        EXPECTED,
        DATA,
        PREVIEW,
        MODEL,
        KIND_PRESET,
        KIND_DATASET,
        KIND_IMPORT,
        KIND_CHECKPOINT,
        KIND_LINK,
    ];
}

/// Whether `text` holds a CJK character, as a Chinese sentence does (for tests).
#[cfg(test)]
pub(crate) fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_has_a_chinese_text_of_its_own() {
        for label in label::ALL {
            assert!(!label.en.is_empty(), "a label without English text");
            assert!(!label.zh.trim().is_empty(), "{:?} has no Chinese text", label.en);
            assert_ne!(label.zh, label.en, "{:?} is not translated", label.en);
            assert!(has_chinese(label.zh), "{:?}'s Chinese text {:?} holds no Chinese", label.en, label.zh);
        }
    }

    #[test]
    fn texts_are_picked_by_language() {
        assert_eq!(label::PRESET.get(Language::En), "Preset");
        assert_eq!(label::PRESET.get(Language::Zh), "预设");
        let said = Translated::new("Loading", "正在加载");
        assert_eq!((said.get(Language::En), said.get(Language::Zh)), ("Loading", "正在加载"));
        assert_eq!(Translated::same("a.csv").get(Language::Zh), "a.csv");
        assert_eq!(Language::Zh.choose(1, 2), 2);
        assert_eq!(Language::En.other(), Language::Zh);
    }
}
