//! Per-layer forward + backward time on the CPU backend: each layer kind is built alone
//! through `ModelSpec` at a small playground size, run on a batch of 32 in training mode,
//! and differentiated from `output.sum_all()`. A report only: nothing here asserts a time.
//!
//! Run with `cargo bench -p nnplay-nn --bench layers`; `cargo xtask bench` prints a table.
//! Criterion does not build for wasm32, so there this file is an empty program.

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use criterion::Criterion;
    use nnplay_nn::Context;
    use nnplay_nn::spec::{Model, ModelSpec};
    use nnplay_tensor::{Device, Distribution, Tensor};
    use std::hint::black_box;
    use std::time::Duration;

    /// Examples per step, as in the playground's example specs.
    const BATCH: usize = 32;

    /// What a case feeds its layer.
    enum Input {
        /// Standard normal values, tracked so the backward pass also yields the input's
        /// gradient, as it must for a layer inside a stack.
        Values,
        /// Token ids below this vocabulary size (not differentiable).
        Tokens(usize),
    }

    /// One benchmark: an id (the layer kind), one example's input shape, the layer's JSON.
    struct Case {
        id: &'static str,
        input: &'static [usize],
        layer: &'static str,
        feed: Input,
    }

    /// Sizes: dense 64→64; conv 8→16 channels, kernel 3, "same" padding (length 64 for
    /// 1-D, 14×14 for 2-D); pooling, batch norm and dropout on 16×14×14 feature maps;
    /// sequences of 16 steps (16 features in, hidden 32 for the recurrent layers; width 32,
    /// 4 causal heads for attention).
    const CASES: &[Case] = &[
        Case { id: "dense", input: &[64], layer: r#"{"kind": "dense", "units": 64}"#, feed: Input::Values },
        Case {
            id: "conv1d",
            input: &[8, 64],
            layer: r#"{"kind": "conv1d", "out_channels": 16, "kernel_size": 3, "padding": 1}"#,
            feed: Input::Values,
        },
        Case {
            id: "conv2d",
            input: &[8, 14, 14],
            layer: r#"{"kind": "conv2d", "out_channels": 16, "kernel_size": 3, "padding": 1}"#,
            feed: Input::Values,
        },
        Case {
            id: "max_pool2d",
            input: &[16, 14, 14],
            layer: r#"{"kind": "max_pool2d", "kernel_size": 2}"#,
            feed: Input::Values,
        },
        Case {
            id: "avg_pool2d",
            input: &[16, 14, 14],
            layer: r#"{"kind": "avg_pool2d", "kernel_size": 2}"#,
            feed: Input::Values,
        },
        Case { id: "batch_norm2d", input: &[16, 14, 14], layer: r#"{"kind": "batch_norm2d"}"#, feed: Input::Values },
        Case { id: "layer_norm", input: &[16, 32], layer: r#"{"kind": "layer_norm"}"#, feed: Input::Values },
        Case {
            id: "embedding",
            input: &[16],
            layer: r#"{"kind": "embedding", "num_embeddings": 28, "embedding_dim": 32}"#,
            feed: Input::Tokens(28),
        },
        Case { id: "rnn", input: &[16, 16], layer: r#"{"kind": "rnn", "hidden_size": 32}"#, feed: Input::Values },
        Case { id: "gru", input: &[16, 16], layer: r#"{"kind": "gru", "hidden_size": 32}"#, feed: Input::Values },
        Case { id: "lstm", input: &[16, 16], layer: r#"{"kind": "lstm", "hidden_size": 32}"#, feed: Input::Values },
        Case {
            id: "self_attention",
            input: &[16, 32],
            layer: r#"{"kind": "self_attention", "num_heads": 4, "causal": true}"#,
            feed: Input::Values,
        },
        Case {
            id: "transformer_block",
            input: &[16, 32],
            layer: r#"{"kind": "transformer_block", "num_heads": 4, "causal": true}"#,
            feed: Input::Values,
        },
        Case { id: "dropout", input: &[16, 14, 14], layer: r#"{"kind": "dropout", "p": 0.5}"#, feed: Input::Values },
    ];

    /// Builds a one-layer model from `case` and a batch for it.
    fn prepare(case: &Case) -> (Model, Tensor) {
        let spec = format!(
            r#"{{"input": {:?}, "layers": [{}], "loss": "mse",
                "optimizer": {{"kind": "sgd", "learning_rate": 0.1}}, "batch_size": {BATCH}, "seed": 1}}"#,
            case.input, case.layer
        );
        let model = ModelSpec::from_json(&spec)
            .and_then(|spec| spec.build(Device::Cpu))
            .unwrap_or_else(|error| panic!("{}: {error}", case.id));
        let shape: Vec<usize> = std::iter::once(BATCH).chain(case.input.iter().copied()).collect();
        let count: usize = shape.iter().product();
        let x = match case.feed {
            Input::Values => {
                Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, 7, 0, shape, Device::Cpu).variable()
            }
            Input::Tokens(vocabulary) => {
                let ids = (0..count).map(|i| ((i * 7 + 3) % vocabulary) as f32).collect();
                Tensor::from_vec(ids, shape, Device::Cpu).expect("ids fit their shape")
            }
        };
        (model, x)
    }

    /// One training step's worth of work for the layer: forward, then every gradient.
    fn forward_backward(model: &Model, x: &Tensor) {
        let mut ctx = Context::train(1, 0);
        let output = model.forward(&model.params, x, &mut ctx).expect("forward");
        let grads = output.sum_all().backward().expect("backward");
        black_box(grads);
    }

    /// Short windows keep the whole run near a minute on a 2-core machine (3 s is enough
    /// for 20 samples of the slowest case, the Transformer block).
    pub fn layers(c: &mut Criterion) {
        let mut group = c.benchmark_group("layers");
        group.warm_up_time(Duration::from_millis(500)).measurement_time(Duration::from_secs(3)).sample_size(20);
        for case in CASES {
            let (model, x) = prepare(case);
            group.bench_function(case.id, |b| b.iter(|| forward_backward(&model, &x)));
        }
        group.finish();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut criterion = criterion::Criterion::default().configure_from_args();
    native::layers(&mut criterion);
    criterion.final_summary();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
