// y[i] = op(x[i]). Parameters: count, op (the order of UnaryOp), NaN (f32 bits).

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

fn sigmoid(v: f32) -> f32 {
    // Two branches keep exp from overflowing, as on the CPU.
    if v >= 0.0 {
        return 1.0 / (1.0 + exp(-v));
    }
    let e = exp(v);
    return e / (1.0 + e);
}

// The Gauss error function: its Taylor series near 0 (where the rational form below
// loses relative accuracy), Abramowitz & Stegun 7.1.26 elsewhere (error < 1.5e-7).
fn erf(v: f32) -> f32 {
    let a = abs(v);
    if a < 0.5 {
        let s = v * v;
        return 1.1283792 * v * (1.0 - s * (1.0 / 3.0 - s * (0.1 - s * (1.0 / 42.0 - s / 216.0))));
    }
    let t = 1.0 / (1.0 + 0.3275911 * a);
    let poly = t * (0.2548296 + t * (-0.28449672 + t * (1.4214138 + t * (-1.4531521 + t * 1.0614054))));
    return sign(v) * (1.0 - poly * exp(-a * a));
}

fn apply(op: u32, v: f32) -> f32 {
    // WGSL leaves log and sqrt of negative numbers undefined (SwiftShader gives log|v|):
    // spell out the IEEE NaN the CPU and PyTorch give.
    if (op == 2u || op == 3u) && v < 0.0 {
        return bitcast<f32>(p[2]);
    }
    switch op {
        case 0u: { return -v; }
        case 1u: { return exp(v); }
        case 2u: { return log(v); }
        case 3u: { return sqrt(v); }
        case 4u: { return 1.0 / v; }
        case 5u: { return abs(v); }
        case 6u: { return sign(v); }
        // tanh is ±1 in f32 beyond 9; clamping keeps exp inside tanh from overflowing.
        case 7u: { return tanh(clamp(v, -15.0, 15.0)); }
        case 8u: { return sigmoid(v); }
        case 9u: { return max(v, 0.0); }
        default: { return erf(v); }
    }
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    y[i] = apply(p[1], x[i]);
}
