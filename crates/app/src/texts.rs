//! The words of the page's run library (presets, datasets, files) in one place, so the
//! Chinese toggle of a later issue has one file to fill in.

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

/// Labels of the run library, as the page shows them now (English).
pub mod label {
    pub const PRESET: &str = "Preset";
    pub const PRESET_PLACEHOLDER: &str = "Choose a preset…";
    pub const DATASET: &str = "Built-in dataset";
    pub const DATASET_PLACEHOLDER: &str = "Choose a dataset…";
    pub const EXAMPLE_PLACEHOLDER: &str = "—";
    pub const FILES_HEADING: &str = "Files";
    pub const UPLOAD: &str = "Train on your data";
    pub const UPLOAD_HINT: &str = "A CSV table (label in the last column), a UTF-8 text, a safetensors file \
                                   with x and y, or image files named by class (cat_1.png, dog_1.png).";
    pub const UPLOAD_FOLDER: &str = "Or a folder of images, one sub-folder per class";
    pub const LOAD_CHECKPOINT: &str = "Load a checkpoint";
    pub const DOWNLOAD_EXPORT: &str = "Download PyTorch export";
    pub const DOWNLOAD_CHECKPOINT: &str = "Download checkpoint";
    pub const NO_PLAYGROUND_CHECKPOINT: &str = "The 2-D playground has no checkpoint file: choose the \
                                                preset, an example or a dataset to save one.";
    pub const SUMMARY: &str = "What it shows";
    pub const EXPLANATION: &str = "What to look at";
    pub const EXPECTED: &str = "Expected outcome";
    pub const DATA: &str = "Data";
    pub const PREVIEW: &str = "A few examples";
    pub const KIND_PRESET: &str = "Preset";
    pub const KIND_DATASET: &str = "Dataset";
    pub const KIND_IMPORT: &str = "Your data";
    pub const KIND_CHECKPOINT: &str = "Checkpoint";
    pub const KIND_LINK: &str = "Shared run";
}
