//! Loading the PyTorch fixtures that `scripts/golden.py` writes, and comparing against
//! them. Fixtures are compiled in (`include_str!`), so the same tests run in the browser.

#![allow(dead_code)] // each test file uses a different part

pub mod layer_case;

use nnplay_tensor::testing::{GPU_ABS, GPU_REL, devices};
use nnplay_tensor::{Device, Tensor};
use serde::Deserialize;
use std::cell::Cell;
use std::collections::BTreeMap;

/// Relative tolerance of the CPU backend against PyTorch (the GPU's is
/// [`nnplay_tensor::testing::GPU_REL`]).
pub const REL: f32 = 1e-5;
/// Absolute tolerance of the CPU backend against PyTorch (for values near zero).
pub const ABS: f32 = 1e-6;

thread_local! {
    /// The device under test: fixture tensors and layers are made there.
    static DEVICE: Cell<Device> = const { Cell::new(Device::Cpu) };
}

/// The device the current test body runs on.
pub fn device() -> Device {
    DEVICE.get()
}

/// Runs `body` once on every device under test (the CPU, and the GPU when one opens).
pub async fn on_every_device(body: impl AsyncFn()) {
    for device in devices().await {
        println!("on the {}", device.name());
        DEVICE.set(device);
        body().await;
    }
}

/// One fixture file: the PyTorch version that wrote it and its cases by name.
#[derive(Debug, Deserialize)]
pub struct Fixture {
    pub torch_version: String,
    pub cases: BTreeMap<String, Case>,
}

/// The tensors and settings of one case, by name.
#[derive(Debug, Deserialize)]
pub struct Case {
    /// Settings of the case (layer sizes, hyper-parameters), as PyTorch was given them.
    #[serde(default)]
    pub config: serde_json::Value,
    pub tensors: BTreeMap<String, TensorData>,
}

/// A tensor in a fixture: its shape and row-major values.
#[derive(Debug, Deserialize)]
pub struct TensorData {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Fixture {
    /// Parses a fixture file's text.
    pub fn parse(json: &str) -> Fixture {
        serde_json::from_str(json).expect("fixture JSON is valid")
    }
    /// The case called `name`.
    pub fn case(&self, name: &str) -> &Case {
        self.cases.get(name).unwrap_or_else(|| panic!("fixture has no case {name}"))
    }
}

impl Case {
    /// The tensor called `name` on the CPU.
    pub fn tensor(&self, name: &str) -> Tensor {
        let data = self.data(name);
        Tensor::from_vec(data.data.clone(), data.shape.clone(), device()).expect("fixture shape matches its data")
    }
    /// The raw data of the tensor called `name`.
    pub fn data(&self, name: &str) -> &TensorData {
        self.tensors.get(name).unwrap_or_else(|| panic!("case has no tensor {name}"))
    }
    /// A setting as a number.
    pub fn number(&self, key: &str) -> f64 {
        self.config[key].as_f64().unwrap_or_else(|| panic!("case config has no number {key}"))
    }
}

/// Asserts `actual` equals fixture tensor `expected` within its device's tolerance; returns
/// the largest relative error seen (for the report).
pub async fn assert_matches(label: &str, actual: &Tensor, expected: &TensorData) -> f32 {
    assert_eq!(actual.dims(), expected.shape.as_slice(), "{label}: shape");
    let values = actual.to_vec().await.expect("read");
    let (rel, abs) = match actual.device() {
        Device::Cpu => (REL, ABS),
        Device::Gpu => (GPU_REL, GPU_ABS),
    };
    let mut worst = 0.0f32;
    for (i, (a, e)) in values.iter().zip(&expected.data).enumerate() {
        let error = (a - e).abs();
        assert!(
            error <= abs + rel * e.abs() && a.is_finite(),
            "{label}: element {i} is {a}, PyTorch gives {e} (error {error})"
        );
        if e.abs() > 1e-3 {
            worst = worst.max(error / e.abs());
        }
    }
    worst
}
