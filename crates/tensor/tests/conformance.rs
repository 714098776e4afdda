//! The conformance suite: every primitive op's values and its gradient (against finite
//! differences). It runs natively and, under wasm-bindgen-test, in headless Chromium,
//! each test once per device: the CPU, and the GPU (lavapipe natively, WebGPU on
//! SwiftShader in Chromium) when one opens — `cargo xtask test` requires it.

use nnplay_tensor::fused::Fused;
use nnplay_tensor::gradcheck::GradCheck;
use nnplay_tensor::testing::{GPU_ABS, GPU_REL, assert_close, devices};
use nnplay_tensor::{BinaryOp, Device, Distribution, Result, Shape, Tensor, UnaryOp, engine_test};
use std::cell::Cell;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    /// The device under test: helpers make their tensors there.
    static DEVICE: Cell<Device> = const { Cell::new(Device::Cpu) };
}

fn device() -> Device {
    DEVICE.get()
}

/// Runs `body` once on every device under test.
async fn on_every_device(body: impl AsyncFn()) {
    for device in devices().await {
        println!("on the {}", device.name());
        DEVICE.set(device);
        body().await;
    }
}

fn tensor(values: &[f32], shape: &[usize]) -> Tensor {
    Tensor::from_vec(values.to_vec(), shape, device()).unwrap()
}

/// Values in about ±1.5 that stay away from 0 (the kink of relu/abs/sign) and from
/// each other (ties in max/maximum).
fn smooth(shape: &[usize], seed: u64) -> Tensor {
    let n: usize = shape.iter().product();
    let values: Vec<f32> = (0..n)
        .map(|i| {
            let u = nnplay_tensor::rng::unit(seed, 0, i as u32);
            let magnitude = 0.2 + 1.3 * u;
            let sign = if nnplay_tensor::rng::hash(seed, 1, i as u32).is_multiple_of(2) { 1.0 } else { -1.0 };
            sign * magnitude + i as f32 * 1e-3
        })
        .collect();
    tensor(&values, shape)
}

fn positive(shape: &[usize], seed: u64) -> Tensor {
    smooth(shape, seed).abs().add_scalar(0.3)
}

async fn values(t: &Tensor) -> Vec<f32> {
    t.to_vec().await.unwrap()
}

async fn assert_gradients<F: Fn(&[Tensor]) -> Result<Tensor>>(name: &str, f: F, inputs: &[Tensor]) {
    let result = GradCheck::default().check(f, inputs).await;
    assert!(result.is_ok(), "{name}: {}", result.unwrap_err());
}

engine_test! {
    async fn unary_values() {
        on_every_device(async || {
            let x = tensor(&[-2.0, -0.5, 0.0, 0.5, 2.0], &[5]);
            type Reference = fn(f32) -> f32;
            let cases: [(UnaryOp, Reference); 11] = [
                (UnaryOp::Neg, |v| -v),
                (UnaryOp::Exp, f32::exp),
                (UnaryOp::Log, f32::ln),
                (UnaryOp::Sqrt, f32::sqrt),
                (UnaryOp::Recip, |v| 1.0 / v),
                (UnaryOp::Abs, f32::abs),
                (UnaryOp::Sign, |v| if v > 0.0 { 1.0 } else if v < 0.0 { -1.0 } else { 0.0 }),
                (UnaryOp::Tanh, f32::tanh),
                (UnaryOp::Sigmoid, |v| 1.0 / (1.0 + (-v).exp())),
                (UnaryOp::Relu, |v| v.max(0.0)),
                // erf(±2) = ±0.995322265…, erf(±0.5) = ±0.520499877…
                (UnaryOp::Erf, |v| match v {
                    2.0 => 0.995_322_3,
                    -2.0 => -0.995_322_3,
                    0.5 => 0.520_499_9,
                    -0.5 => -0.520_499_9,
                    _ => 0.0,
                }),
            ];
            let input = values(&x).await;
            for (op, f) in cases {
                let got = values(&x.unary(op)).await;
                for (g, v) in got.iter().zip(&input) {
                    let want = f(*v);
                    assert!(g == &want || (g.is_nan() && want.is_nan()) || (g - want).abs() <= 1e-6 * want.abs().max(1.0), "{op:?}({v}) = {g}, want {want}");
                }
            }
            // The sigmoid must not overflow for large inputs.
            let extremes = values(&tensor(&[-100.0, 100.0], &[2]).sigmoid()).await;
            assert!(extremes[0] >= 0.0 && extremes[0] < 1e-40 && extremes[1] == 1.0, "{extremes:?}");
        })
        .await;
    }
}

engine_test! {
    async fn unary_gradients() {
        on_every_device(async || {
            let x = smooth(&[2, 3], 1);
            let p = positive(&[2, 3], 2);
            for op in [UnaryOp::Neg, UnaryOp::Exp, UnaryOp::Abs, UnaryOp::Sign, UnaryOp::Tanh, UnaryOp::Sigmoid, UnaryOp::Relu, UnaryOp::Erf] {
                assert_gradients(op.name(), |v| Ok(v[0].unary(op)), std::slice::from_ref(&x)).await;
            }
            for op in [UnaryOp::Log, UnaryOp::Sqrt, UnaryOp::Recip] {
                assert_gradients(op.name(), |v| Ok(v[0].unary(op)), std::slice::from_ref(&p)).await;
            }
        })
        .await;
    }
}

engine_test! {
    async fn binary_values_broadcast() {
        on_every_device(async || {
            let a = tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
            let b = tensor(&[10.0, 20.0, 30.0], &[3]);
            let c = tensor(&[2.0, 4.0], &[2, 1]);
            assert_eq!(values(&a.add(&b).unwrap()).await, vec![11.0, 22.0, 33.0, 14.0, 25.0, 36.0]);
            assert_eq!(values(&a.sub(&c).unwrap()).await, vec![-1.0, 0.0, 1.0, 0.0, 1.0, 2.0]);
            assert_eq!(values(&a.mul(&c).unwrap()).await, vec![2.0, 4.0, 6.0, 16.0, 20.0, 24.0]);
            assert_eq!(values(&b.div(&c).unwrap()).await, vec![5.0, 10.0, 15.0, 2.5, 5.0, 7.5]);
            assert_eq!(values(&a.maximum(&tensor(&[3.0], &[1])).unwrap()).await, vec![3.0, 3.0, 3.0, 4.0, 5.0, 6.0]);
            assert_eq!(values(&a.minimum(&tensor(&[3.0], &[1])).unwrap()).await, vec![1.0, 2.0, 3.0, 3.0, 3.0, 3.0]);
            let three = Tensor::scalar(3.0, device());
            assert_eq!(values(&a.gt(&three).unwrap()).await, vec![0.0, 0.0, 0.0, 1.0, 1.0, 1.0]);
            assert_eq!(values(&a.ge(&three).unwrap()).await, vec![0.0, 0.0, 1.0, 1.0, 1.0, 1.0]);
            assert_eq!(values(&a.eq(&three).unwrap()).await, vec![0.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
            // Both sides broadcast at once: [2, 1] with [3] gives [2, 3].
            assert_eq!(c.add(&b).unwrap().dims(), &[2, 3]);
            let err = a.add(&tensor(&[1.0, 2.0], &[2])).unwrap_err();
            assert_eq!(err.to_string(), "add: shapes [2, 3] and [2] do not broadcast");
        })
        .await;
    }
}

engine_test! {
    async fn binary_gradients_reduce_over_broadcast_axes() {
        on_every_device(async || {
            let a = smooth(&[2, 3], 3);
            let row = smooth(&[3], 4);
            let column = positive(&[2, 1], 5);
            for op in [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Maximum, BinaryOp::Minimum, BinaryOp::Greater] {
                assert_gradients(op.name(), |v| v[0].binary(op, &v[1]), &[a.clone(), row.clone()]).await;
            }
            assert_gradients("div", |v| v[0].div(&v[1]), &[a.clone(), column.clone()]).await;
            assert_gradients("mul column", |v| v[0].mul(&v[1]), &[a.clone(), column]).await;
            assert_gradients("square", |v| Ok(v[0].square()), std::slice::from_ref(&a)).await;
        })
        .await;
    }
}

engine_test! {
    async fn select_values_and_gradients() {
        on_every_device(async || {
            let cond = tensor(&[1.0, 0.0, 1.0], &[3]);
            let a = smooth(&[2, 3], 6);
            let b = smooth(&[2, 3], 7);
            let chosen = values(&Tensor::select(&cond, &a, &b).unwrap()).await;
            let (av, bv) = (values(&a).await, values(&b).await);
            assert_eq!(chosen, vec![av[0], bv[1], av[2], av[3], bv[4], av[5]]);
            assert_gradients("select", |v| Tensor::select(&cond, &v[0], &v[1]), &[a, b]).await;
        })
        .await;
    }
}

engine_test! {
    async fn reductions() {
        on_every_device(async || {
            let x = tensor(&[1.0, 5.0, 3.0, 4.0, 2.0, 6.0], &[2, 3]);
            assert_eq!(values(&x.sum_keepdim(0).unwrap()).await, vec![5.0, 7.0, 9.0]);
            assert_eq!(x.sum_keepdim(1).unwrap().dims(), &[2, 1]);
            assert_eq!(values(&x.sum_keepdim(1).unwrap()).await, vec![9.0, 12.0]);
            assert_eq!(values(&x.max_keepdim(1).unwrap()).await, vec![5.0, 6.0]);
            assert_eq!(values(&x.max_keepdim(0).unwrap()).await, vec![4.0, 5.0, 6.0]);
            assert_eq!(values(&x.mean_keepdim(0).unwrap()).await, vec![2.5, 3.5, 4.5]);
            assert_eq!(x.sum_all().to_scalar().await.unwrap(), 21.0);
            assert_eq!(x.mean_all().to_scalar().await.unwrap(), 3.5);
            assert_eq!(x.sum_keepdim(2).unwrap_err().to_string(), "sum: axis 2 is out of range for shape [2, 3]");

            let y = smooth(&[2, 3, 4], 8);
            for axis in 0..3 {
                assert_gradients("sum", |v| v[0].sum_keepdim(axis), std::slice::from_ref(&y)).await;
                assert_gradients("max", |v| v[0].max_keepdim(axis), std::slice::from_ref(&y)).await;
            }
            // Tied maxima share the gradient evenly.
            let tied = tensor(&[2.0, 2.0, 1.0], &[3]).variable();
            let grads = tied.max_keepdim(0).unwrap().sum_all().backward().unwrap();
            assert_eq!(values(grads.get(&tied).unwrap()).await, vec![0.5, 0.5, 0.0]);
        })
        .await;
    }
}

engine_test! {
    async fn linear_values_and_gradients() {
        on_every_device(async || {
            // x [2, 3] · w [2, 3]ᵀ + b: rows (1, 2, 3) and (4, 5, 6) against weights (1, 0, -1) and (0.5, 0.5, 0.5).
            let x = tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
            let w = tensor(&[1.0, 0.0, -1.0, 0.5, 0.5, 0.5], &[2, 3]);
            let b = tensor(&[10.0, 20.0], &[2]);
            assert_eq!(values(&x.linear(&w, Some(&b)).unwrap()).await, vec![8.0, 23.0, 8.0, 27.5]);
            assert_eq!(values(&x.linear(&w, None).unwrap()).await, vec![-2.0, 3.0, -2.0, 7.5]);
            let err = x.linear(&x.reshape([3, 2]).unwrap(), None).unwrap_err().to_string();
            assert!(err.contains("last axis is 3 but the weight takes 2"), "{err}");
            assert!(x.linear(&w, Some(&tensor(&[1.0], &[1]))).is_err());
            let inputs = [smooth(&[2, 3, 4], 30), smooth(&[5, 4], 31), smooth(&[5], 32)];
            assert_gradients("linear", |v| v[0].linear(&v[1], Some(&v[2])), &inputs).await;
            assert_gradients("linear without bias", |v| v[0].linear(&v[1], None), &inputs[..2]).await;
        })
        .await;
    }
}

engine_test! {
    async fn softmax_values_and_gradients() {
        on_every_device(async || {
            let x = tensor(&[1.0, 2.0, 3.0, 1000.0, 1000.0, 1000.0], &[2, 3]);
            let p = values(&x.softmax_last(false).unwrap()).await;
            let e = [1.0f32, 1.0f32.exp(), 2.0f32.exp()];
            let total: f32 = e.iter().sum();
            let want = [e[0] / total, e[1] / total, e[2] / total, 1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0];
            assert_close(&p, &want, 1e-5, 1e-6);
            let log_p = values(&x.softmax_last(true).unwrap()).await;
            assert_close(&log_p, &want.map(f32::ln), 1e-5, 1e-5);
            assert!(Tensor::scalar(1.0, device()).softmax_last(false).is_err());
            let y = smooth(&[2, 3, 4], 19);
            assert_gradients("softmax", |v| v[0].softmax_last(false), std::slice::from_ref(&y)).await;
            assert_gradients("log_softmax", |v| v[0].softmax_last(true), std::slice::from_ref(&y)).await;
        })
        .await;
    }
}

engine_test! {
    async fn matmul_values_and_gradients() {
        on_every_device(async || {
            let a = tensor(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
            let b = tensor(&[7.0, 8.0, 9.0, 10.0, 11.0, 12.0], &[3, 2]);
            assert_eq!(values(&a.matmul(&b).unwrap()).await, vec![58.0, 64.0, 139.0, 154.0]);
            let err = a.matmul(&a).unwrap_err();
            assert_eq!(err.to_string(), "matmul: shapes [2, 3] and [2, 3] do not fit: inner dimensions 3 and 2 differ");

            assert_gradients("matmul", |v| v[0].matmul(&v[1]), &[smooth(&[3, 4], 9), smooth(&[4, 2], 10)]).await;
            // Batched with matching batches, and batched against one shared matrix.
            assert_gradients("batched", |v| v[0].matmul(&v[1]), &[smooth(&[2, 3, 4], 11), smooth(&[2, 4, 2], 12)]).await;
            assert_gradients("shared rhs", |v| v[0].matmul(&v[1]), &[smooth(&[2, 3, 4], 13), smooth(&[4, 2], 14)]).await;

            // A product large enough to go through gemm rather than the small-matrix loop.
            let n = 40;
            let big_a = smooth(&[n, n], 15);
            let identity: Vec<f32> = (0..n * n).map(|i| if i / n == i % n { 1.0 } else { 0.0 }).collect();
            let product = big_a.matmul(&tensor(&identity, &[n, n])).unwrap();
            assert_close(&values(&product).await, &values(&big_a).await, 1e-6, 1e-6);
        })
        .await;
    }
}

engine_test! {
    async fn movement_values() {
        on_every_device(async || {
            let x = tensor(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[2, 3]);
            assert_eq!(x.reshape([3, 2]).unwrap().dims(), &[3, 2]);
            assert!(x.reshape([4, 2]).is_err());
            assert_eq!(values(&x.permute(&[1, 0]).unwrap()).await, vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
            assert!(x.permute(&[0, 0]).is_err());
            assert_eq!(values(&x.slice(1, 1, 2).unwrap()).await, vec![1.0, 2.0, 4.0, 5.0]);
            assert!(x.slice(1, 2, 2).is_err());
            let joined = Tensor::concat(&[x.clone(), tensor(&[9.0, 9.0], &[2, 1])], 1).unwrap();
            assert_eq!(values(&joined).await, vec![0.0, 1.0, 2.0, 9.0, 3.0, 4.0, 5.0, 9.0]);
            assert_eq!(values(&x.pad(0, 1, 0, -1.0).unwrap()).await, vec![-1.0, -1.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
            assert_eq!(values(&tensor(&[1.0, 2.0], &[2, 1]).broadcast_to([2, 2]).unwrap()).await, vec![1.0, 1.0, 2.0, 2.0]);
            let index = tensor(&[2.0, 0.0, 1.0, 1.0], &[2, 2]);
            assert_eq!(values(&x.gather(1, &index).unwrap()).await, vec![2.0, 0.0, 4.0, 4.0]);
            let scattered = tensor(&[1.0, 2.0, 3.0, 4.0], &[2, 2]).scatter_add(1, &index, 3).unwrap();
            assert_eq!(values(&scattered).await, vec![2.0, 0.0, 1.0, 0.0, 7.0, 0.0]);
            let outside = tensor(&[3.0, 0.0], &[2, 1]);
            match device() {
                Device::Cpu => {
                    let err = x.gather(1, &outside).unwrap_err();
                    assert_eq!(err.to_string(), "gather: index 3 is out of range 0..3 along axis 1");
                }
                // A kernel cannot return an error: the bad pick becomes NaN.
                Device::Gpu => {
                    let picked = values(&x.gather(1, &outside).unwrap()).await;
                    assert!(picked[0].is_nan() && picked[1] == 3.0, "{picked:?}");
                }
            }
        })
        .await;
    }
}

engine_test! {
    async fn movement_gradients() {
        on_every_device(async || {
            let x = smooth(&[2, 3, 2], 16);
            assert_gradients("reshape", |v| v[0].reshape([3, 4]), std::slice::from_ref(&x)).await;
            assert_gradients("permute", |v| v[0].permute(&[2, 0, 1]), std::slice::from_ref(&x)).await;
            assert_gradients("slice", |v| v[0].slice(1, 1, 2), std::slice::from_ref(&x)).await;
            assert_gradients("pad", |v| v[0].pad(2, 1, 2, 0.5), std::slice::from_ref(&x)).await;
            assert_gradients("broadcast_to", |v| v[0].broadcast_to([4, 2, 3, 2]), std::slice::from_ref(&x)).await;
            assert_gradients("concat", |v| Tensor::concat(&[v[0].clone(), v[1].clone()], 1), &[x.clone(), smooth(&[2, 1, 2], 17)]).await;
            let index = tensor(&[1.0, 1.0, 0.0, 2.0, 0.0, 0.0], &[2, 3]);
            let matrix = smooth(&[2, 3], 18);
            assert_gradients("gather", |v| v[0].gather(1, &index), std::slice::from_ref(&matrix)).await;
            assert_gradients("scatter_add", |v| v[0].scatter_add(1, &index, 4), std::slice::from_ref(&matrix)).await;
        })
        .await;
    }
}

engine_test! {
    async fn random_is_seeded_and_shaped() {
        on_every_device(async || {
            let dist = Distribution::Uniform { low: -2.0, high: 2.0 };
            let a = Tensor::random(dist, 5, 0, [100], device());
            let b = Tensor::random(dist, 5, 0, [100], device());
            let c = Tensor::random(dist, 5, 1, [100], device());
            assert_eq!(values(&a).await, values(&b).await);
            assert_ne!(values(&a).await, values(&c).await);
            assert!(values(&a).await.iter().all(|v| (-2.0..2.0).contains(v)));
            assert_eq!(values(&Tensor::full(7.0, Shape::from([2, 2]), device())).await, vec![7.0; 4]);
            assert!(Tensor::from_vec(vec![1.0; 3], [2, 2], device()).is_err());
        })
        .await;
    }
}

engine_test! {
    async fn gradients_accumulate_over_shared_uses_and_skip_constants() {
        on_every_device(async || {
            // f = x·x + 3x, used twice: df/dx = 2x + 3.
            let x = tensor(&[1.0, -2.0], &[2]).variable();
            let constant = tensor(&[5.0, 5.0], &[2]);
            let f = x.mul(&x).unwrap().add(&x.mul_scalar(3.0)).unwrap().add(&constant).unwrap();
            let grads = f.sum_all().backward().unwrap();
            assert_eq!(values(grads.get(&x).unwrap()).await, vec![5.0, -1.0]);
            assert!(grads.get(&constant).is_none());
            assert_eq!(grads.len(), 1);
            // A detached branch contributes nothing.
            let g = x.detach().mul(&x).unwrap().sum_all().backward().unwrap();
            assert_eq!(values(g.get(&x).unwrap()).await, vec![1.0, -2.0]);
            assert!(x.sum_keepdim(0).unwrap().backward().is_ok());
            assert!(x.backward().is_err());
        })
        .await;
    }
}

engine_test! {
    /// Autodiff's graph walk and drop, which no backend takes part in: on the CPU only.
    async fn long_chains_do_not_overflow_the_stack() {
        let x = Tensor::from_vec(vec![1.0], [1], Device::Cpu).unwrap().variable();
        let mut y = x.clone();
        for _ in 0..200_000 {
            y = y.mul_scalar(1.0);
        }
        let grads = y.sum_all().backward().unwrap();
        assert_eq!(values(grads.get(&x).unwrap()).await, vec![1.0]);
    }
}

/// The same op on both backends, from the same host values.
async fn gpu_and_cpu(name: &str, inputs: &[(Vec<f32>, Vec<usize>)], op: impl Fn(&[Tensor]) -> Result<Tensor>) {
    let on = |device: Device| -> Vec<Tensor> {
        inputs.iter().map(|(v, s)| Tensor::from_vec(v.clone(), s.as_slice(), device).unwrap()).collect()
    };
    let cpu = values(&op(&on(Device::Cpu)).unwrap()).await;
    let gpu_result = op(&on(Device::Gpu)).unwrap();
    assert_eq!(gpu_result.device(), Device::Gpu, "{name}");
    let gpu = values(&gpu_result).await;
    let mismatch = cpu.iter().zip(&gpu).position(|(c, g)| (c - g).abs() > GPU_ABS + GPU_REL * c.abs());
    assert!(cpu.len() == gpu.len() && mismatch.is_none(), "{name}: element {mismatch:?} differs (cpu vs gpu)");
    let worst = cpu.iter().zip(&gpu).map(|(c, g)| (c - g).abs() / c.abs().max(1e-3)).fold(0.0, f32::max);
    println!("{name}: largest relative difference {worst:.2e}");
}

fn random_values(shape: &[usize], seed: u64, low: f32, high: f32) -> (Vec<f32>, Vec<usize>) {
    let n = shape.iter().product::<usize>() as u32;
    ((0..n).map(|i| low + (high - low) * nnplay_tensor::rng::unit(seed, 7, i)).collect(), shape.to_vec())
}

fn random_indices(shape: &[usize], seed: u64, size: usize) -> (Vec<f32>, Vec<usize>) {
    let n = shape.iter().product::<usize>() as u32;
    ((0..n).map(|i| (nnplay_tensor::rng::hash(seed, 8, i) as usize % size) as f32).collect(), shape.to_vec())
}

engine_test! {
    /// Shapes large enough to take every kernel path the small cases above do not: tile
    /// edges of the matmul, the workgroup reduction, multi-level scans of the segmented
    /// scatter_add, launches over 65535 workgroups.
    async fn gpu_matches_cpu_on_larger_shapes() {
        if !devices().await.contains(&Device::Gpu) {
            return;
        }
        let x = random_values(&[70, 33], 1, -1.0, 1.0);
        gpu_and_cpu("matmul 70x33x130", &[x.clone(), random_values(&[33, 130], 2, -1.0, 1.0)], |t| t[0].matmul(&t[1])).await;
        let batched = [random_values(&[3, 65, 64], 3, -1.0, 1.0), random_values(&[3, 64, 17], 4, -1.0, 1.0)];
        gpu_and_cpu("batched matmul", &batched, |t| t[0].matmul(&t[1])).await;
        // k and n multiples of 4: the tiled kernel loads vec4s (also split, and batched).
        let aligned = [random_values(&[100, 64], 21, -1.0, 1.0), random_values(&[64, 96], 22, -1.0, 1.0)];
        gpu_and_cpu("vec4 matmul", &aligned, |t| t[0].matmul(&t[1])).await;
        let aligned_long = [random_values(&[2, 40, 1024], 23, -1.0, 1.0), random_values(&[2, 1024, 36], 24, -1.0, 1.0)];
        gpu_and_cpu("vec4 split-k batched matmul", &aligned_long, |t| t[0].matmul(&t[1])).await;
        // 512 rows and columns or more: the 128×128 tile (which hardware adapters get), with
        // scalar and vec4 loads, and the 64×64 one (which software adapters keep).
        let large = [random_values(&[520, 33], 26, -1.0, 1.0), random_values(&[33, 514], 27, -1.0, 1.0)];
        let large_aligned = [random_values(&[512, 64], 28, -1.0, 1.0), random_values(&[64, 516], 29, -1.0, 1.0)];
        for everywhere in [true, false] {
            nnplay_tensor::gpu::use_large_tiles_everywhere(everywhere);
            gpu_and_cpu("large matmul", &large, |t| t[0].matmul(&t[1])).await;
            gpu_and_cpu("large vec4 matmul", &large_aligned, |t| t[0].matmul(&t[1])).await;
        }
        // linear (the weight read as stored [n, k]): skinny, tiled with scalar and vec4
        // loads, split k, with and without a bias.
        for (rows, k, n) in [(70, 9, 8), (100, 33, 70), (96, 64, 72), (24, 3000, 40), (8, 2048, 64), (64, 2048, 64)] {
            let inputs = [random_values(&[rows, k], 40, -1.0, 1.0), random_values(&[n, k], 41, -1.0, 1.0), random_values(&[n], 42, -1.0, 1.0)];
            gpu_and_cpu("linear", &inputs, |t| t[0].linear(&t[1], Some(&t[2]))).await;
            gpu_and_cpu("linear without bias", &inputs, |t| t[0].linear(&t[1], None)).await;
        }
        // Long k with a small output: split into chunks whose partial products are summed
        // (skinny: per-output kernel; square: tiled kernel).
        let long_skinny = [random_values(&[9, 3000], 17, -1.0, 1.0), random_values(&[3000, 8], 18, -1.0, 1.0)];
        gpu_and_cpu("split-k skinny matmul", &long_skinny, |t| t[0].matmul(&t[1])).await;
        let long_square = [random_values(&[64, 2048], 19, -1.0, 1.0), random_values(&[2048, 70], 20, -1.0, 1.0)];
        gpu_and_cpu("split-k tiled matmul", &long_square, |t| t[0].matmul(&t[1])).await;
        for op in [UnaryOp::Neg, UnaryOp::Exp, UnaryOp::Abs, UnaryOp::Sign, UnaryOp::Tanh, UnaryOp::Sigmoid, UnaryOp::Relu, UnaryOp::Erf] {
            gpu_and_cpu(op.name(), &[random_values(&[1000], 5, -4.0, 4.0)], |t| Ok(t[0].unary(op))).await;
        }
        for op in [UnaryOp::Log, UnaryOp::Sqrt, UnaryOp::Recip] {
            gpu_and_cpu(op.name(), &[random_values(&[1000], 6, 0.01, 4.0)], |t| Ok(t[0].unary(op))).await;
        }
        let broadcast = [random_values(&[4, 1, 6], 7, -1.0, 1.0), random_values(&[5, 1], 8, 0.5, 1.5)];
        for op in [BinaryOp::Add, BinaryOp::Sub, BinaryOp::Mul, BinaryOp::Div, BinaryOp::Maximum, BinaryOp::Minimum, BinaryOp::Greater] {
            gpu_and_cpu(op.name(), &broadcast, |t| t[0].binary(op, &t[1])).await;
        }
        for shape in [vec![3, 300, 5], vec![2, 5000], vec![100_000]] {
            for axis in 0..shape.len() {
                let input = [random_values(&shape, 9, -1.0, 1.0)];
                gpu_and_cpu("sum", &input, |t| t[0].sum_keepdim(axis)).await;
                gpu_and_cpu("max", &input, |t| t[0].max_keepdim(axis)).await;
            }
        }
        // 17 million values: the launch needs a second row of workgroups.
        let one = [(vec![1.0], vec![1])];
        gpu_and_cpu("fill", &one, |t| Tensor::full(0.5, [17_000_000], t[0].device()).add(&t[0])).await;
        let four_d = [random_values(&[2, 3, 4, 5], 10, -1.0, 1.0)];
        gpu_and_cpu("permute", &four_d, |t| t[0].permute(&[3, 1, 0, 2])).await;
        gpu_and_cpu("pad", &four_d, |t| t[0].pad(2, 2, 1, -3.0)).await;
        gpu_and_cpu("slice", &four_d, |t| t[0].slice(3, 1, 3)).await;
        gpu_and_cpu("concat", &four_d, |t| Tensor::concat(&[t[0].clone(), t[0].exp()], 1)).await;
        // 40 picks per row take the segmented path; 90,000 outputs need a three-level scan.
        let picks = [random_values(&[300, 40], 11, -1.0, 1.0), random_indices(&[300, 40], 12, 300)];
        gpu_and_cpu("scatter_add segmented", &picks, |t| t[0].scatter_add(1, &t[1], 300)).await;
        let few = [random_values(&[30, 4, 7], 13, -1.0, 1.0), random_indices(&[30, 4, 7], 14, 9)];
        gpu_and_cpu("scatter_add gathered", &few, |t| t[0].scatter_add(1, &t[1], 9)).await;
        let table = [random_values(&[50, 8], 15, -1.0, 1.0), random_indices(&[300, 8], 16, 50)];
        gpu_and_cpu("gather", &table, |t| t[0].gather(0, &t[1])).await;
        for log in [false, true] {
            gpu_and_cpu("softmax", &[random_values(&[300, 70], 25, -8.0, 8.0)], |t| t[0].softmax_last(log)).await;
        }
        // A fused program with more outputs than some adapters have bindings left for.
        let six: Vec<_> = (0..6).map(|i| random_values(&[1000], 30 + i, 0.1, 2.0)).collect();
        for output in 0..3 {
            gpu_and_cpu("fused", &six, |t| {
                let f = Fused::new();
                let x: Vec<_> = t.iter().map(|t| f.input(t)).collect();
                let outputs = [x[0] * x[1] + 0.5, (x[2] - x[3]).relu().sqrt() / x[4], x[5].square().maximum(x[0] * 2.0)];
                Ok(f.run(outputs)?[output].clone())
            })
            .await;
        }
        for dist in [Distribution::Uniform { low: -2.0, high: 3.0 }, Distribution::Normal { mean: 1.0, std: 2.0 }] {
            let draw = |device| Tensor::random(dist, 42, 3, [5000], device);
            let (cpu, gpu) = (values(&draw(Device::Cpu)).await, values(&draw(Device::Gpu)).await);
            assert_close(&gpu, &cpu, GPU_REL, GPU_ABS);
        }
    }
}
