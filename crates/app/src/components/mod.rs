//! The page's parts, one component per file.

mod boundary;
mod controls;
pub mod course;
mod data_controls;
mod files_panel;
mod gallery;
mod layers_table;
mod loss_chart;
mod metrics;
mod model_editor;
mod network_controls;
mod player;
mod preview;
mod run_controls;
mod run_info;
mod select_field;
mod share_button;
mod spec_view;
mod training_controls;
mod views;

pub use boundary::BoundaryView;
pub use controls::Controls;
pub use files_panel::FilesPanel;
pub use gallery::Gallery;
pub use loss_chart::LossChart;
pub use metrics::MetricsView;
pub use model_editor::ModelEditor;
pub use player::Player;
pub use run_controls::RunControls;
pub use run_info::RunInfo;
pub use share_button::ShareButton;
pub use spec_view::SpecView;
pub use views::ModelViews;
