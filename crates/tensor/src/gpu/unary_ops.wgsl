// The unary ops by UnaryOp code, shared by unary.wgsl and fused programs.

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

fn unary_op(op: u32, v: f32, nan: f32) -> f32 {
    // WGSL leaves log and sqrt of negative numbers undefined (SwiftShader gives log|v|):
    // spell out the IEEE NaN the CPU and PyTorch give (passed in: Tint rejects a NaN
    // constant).
    if (op == 2u || op == 3u) && v < 0.0 {
        return nan;
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
