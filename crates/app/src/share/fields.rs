//! The named values a link holds: its keys in their canonical order, the page settings
//! (speed, panels, chart scale, language, theme) and the controls a course can lock or hide.

use crate::backend::BackendChoice;
use crate::theme::Theme;
use nnplay_data::DatasetKind;
use nnplay_nn::{Activation, OptimizerKind};

/// A value written in a link by its name.
pub trait Named: Copy + PartialEq + 'static {
    /// Every value, in the order pages list them.
    const ALL: &'static [Self];
    /// The name in a link.
    fn name(self) -> &'static str;
    /// The value of a name, if it is one.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.name() == name)
    }
    /// Every name, comma-separated, for error messages.
    fn choices() -> String {
        Self::ALL.iter().map(|value| value.name()).collect::<Vec<_>>().join(", ")
    }
}

/// Implements [`Named`] for a fieldless enum from `Variant => "name"` pairs.
macro_rules! named {
    ($type:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl Named for $type {
            const ALL: &'static [Self] = &[$(<$type>::$variant),+];
            fn name(self) -> &'static str {
                match self {
                    $(<$type>::$variant => $name),+
                }
            }
        }
    };
}

/// A key of the link, listed in the order [`super::encode`] writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Key {
    Preset,
    Dataset,
    Spec,
    Noise,
    Train,
    Hidden,
    Activation,
    Optimizer,
    LearningRate,
    Momentum,
    Beta1,
    Beta2,
    Epsilon,
    WeightDecay,
    Alpha,
    RmsPropMomentum,
    LrDecay,
    Batch,
    L1,
    L2,
    Dropout,
    Seed,
    Schedule,
    Backend,
    Speed,
    Language,
    Panels,
    Scale,
    Theme,
    Lock,
    Hide,
    Text,
    Target,
    Origins,
}

named!(Key {
    Preset => "preset",
    Dataset => "dataset",
    Spec => "spec",
    Noise => "noise",
    Train => "train",
    Hidden => "hidden",
    Activation => "act",
    Optimizer => "opt",
    LearningRate => "lr",
    Momentum => "momentum",
    Beta1 => "beta1",
    Beta2 => "beta2",
    Epsilon => "eps",
    WeightDecay => "wd",
    Alpha => "alpha",
    RmsPropMomentum => "rms-momentum",
    LrDecay => "lr-decay",
    Batch => "batch",
    L1 => "l1",
    L2 => "l2",
    Dropout => "dropout",
    Seed => "seed",
    Schedule => "schedule",
    Backend => "backend",
    Speed => "speed",
    Language => "lang",
    Panels => "panels",
    Scale => "scale",
    Theme => "theme",
    Lock => "lock",
    Hide => "hide",
    Text => "text",
    Target => "target",
    Origins => "origins",
});

/// How fast the page trains: a ladder of steps per second, or as fast as it can.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Speed {
    One,
    Four,
    Sixteen,
    Sixty,
    #[default]
    Max,
}

named!(Speed { One => "1", Four => "4", Sixteen => "16", Sixty => "60", Max => "max" });

impl Speed {
    /// Steps per second, or `None` for as many as the device manages.
    pub fn steps_per_second(self) -> Option<u32> {
        match self {
            Speed::One => Some(1),
            Speed::Four => Some(4),
            Speed::Sixteen => Some(16),
            Speed::Sixty => Some(60),
            Speed::Max => None,
        }
    }
}

/// The loss chart's vertical axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scale {
    #[default]
    Linear,
    Log,
}

named!(Scale { Linear => "linear", Log => "log" });

/// A panel of the page that a link can show or leave out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Panel {
    Loss,
    Metrics,
    Boundary,
    Layers,
    Histograms,
    Filters,
    Confusion,
    Attention,
    Hidden,
    Race,
}

named!(Panel {
    Loss => "loss",
    Metrics => "metrics",
    Boundary => "boundary",
    Layers => "layers",
    Histograms => "histograms",
    Filters => "filters",
    Confusion => "confusion",
    Attention => "attention",
    Hidden => "hidden",
    Race => "race",
});

/// A control that a course link can lock (shown, not changeable) or hide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Control {
    Dataset,
    Noise,
    Model,
    Activation,
    Optimizer,
    LearningRate,
    Schedule,
    Batch,
    Regularization,
    Dropout,
    Seed,
    Backend,
    Speed,
    Play,
    Reset,
    Files,
    Presets,
    Language,
    Share,
}

named!(Control {
    Dataset => "dataset",
    Noise => "noise",
    Model => "model",
    Activation => "activation",
    Optimizer => "optimizer",
    LearningRate => "learning-rate",
    Schedule => "schedule",
    Batch => "batch",
    Regularization => "regularization",
    Dropout => "dropout",
    Seed => "seed",
    Backend => "backend",
    Speed => "speed",
    Play => "play",
    Reset => "reset",
    Files => "files",
    Presets => "presets",
    Language => "language",
    Share => "share",
});

/// The language a link asks for. The page's own `texts::Language` has the same two;
/// this one is separate only until the page's language toggle uses that one's Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    En,
    Zh,
}

named!(Language { En => "en", Zh => "zh" });
named!(BackendChoice { Auto => "auto", Cpu => "cpu", Gpu => "gpu" });
named!(Theme { Light => "light", Dark => "dark" });

/// Implements [`Named`] for a type of another crate that has `ALL` and `name()`.
macro_rules! named_by_own_name {
    ($($type:ty),+) => {
        $(impl Named for $type {
            const ALL: &'static [Self] = &<$type>::ALL;
            fn name(self) -> &'static str {
                <$type>::name(self)
            }
        })+
    };
}

// Activations are named with their default parameters (`leaky_relu` has slope 0.01):
// the 2-D playground offers no others.
named_by_own_name!(DatasetKind, OptimizerKind, Activation);

#[cfg(test)]
mod tests {
    use super::*;

    fn names_round_trip<T: Named + std::fmt::Debug>() {
        for &value in T::ALL {
            assert_eq!(T::from_name(value.name()), Some(value));
        }
        assert_eq!(T::from_name("no-such-name"), None);
    }

    #[test]
    fn every_name_reads_back_as_its_value() {
        names_round_trip::<Key>();
        names_round_trip::<Speed>();
        names_round_trip::<Scale>();
        names_round_trip::<Panel>();
        names_round_trip::<Control>();
        names_round_trip::<Language>();
        names_round_trip::<BackendChoice>();
        names_round_trip::<Theme>();
        names_round_trip::<DatasetKind>();
        names_round_trip::<OptimizerKind>();
        names_round_trip::<Activation>();
    }

    #[test]
    fn keys_are_listed_in_their_canonical_order_and_backend_names_match_the_page() {
        assert!(Key::ALL.windows(2).all(|pair| pair[0] < pair[1]));
        for &choice in BackendChoice::ALL.iter() {
            assert_eq!(Named::name(choice), BackendChoice::name(choice), "the page's <option> values");
        }
        assert_eq!(Control::choices().split(", ").count(), Control::ALL.len());
        assert_eq!(
            Speed::ALL.iter().map(|s| s.steps_per_second()).collect::<Vec<_>>(),
            [Some(1), Some(4), Some(16), Some(60), None]
        );
    }
}
