// Counter-based random values, the same as crate::rng on the CPU: element i is a hash
// of (stream key, i). Parameters: count, kind (0 uniform, 1 normal), key, a, b (f32
// bits: low/high or mean/std).

@group(0) @binding(1) var<storage, read_write> y: array<f32>;

// Chris Wellons' lowbias32, as rng::mix.
fn mix(x0: u32) -> u32 {
    var x = x0;
    x ^= x >> 16u;
    x *= 0x7feb352du;
    x ^= x >> 15u;
    x *= 0x846ca68bu;
    x ^= x >> 16u;
    return x;
}

fn hash(key: u32, index: u32) -> u32 {
    return mix(mix(key ^ index) ^ key);
}

// cos(2π·u) for u in [0, 1), to about 1e-7: WGSL's own cos may be off by 2^-11, which
// would make GPU and CPU initial weights differ visibly.
fn cos_turns(u: f32) -> f32 {
    var t = select(u, 1.0 - u, u > 0.5); // cos is symmetric about half a turn: t in [0, 0.5]
    var sign = 1.0;
    if t > 0.25 {
        t = 0.5 - t; // cos(π - x) = -cos(x): t in [0, 0.25]
        sign = -1.0;
    }
    if t > 0.125 {
        let x = 6.2831855 * (0.25 - t); // cos(x) = sin(π/2 - x), with π/2 - x in [0, π/4]
        let x2 = x * x;
        return sign * x * (1.0 - x2 / 6.0 * (1.0 - x2 / 20.0 * (1.0 - x2 / 42.0 * (1.0 - x2 / 72.0))));
    }
    let x2 = (6.2831855 * t) * (6.2831855 * t);
    return sign * (1.0 - x2 / 2.0 * (1.0 - x2 / 12.0 * (1.0 - x2 / 30.0 * (1.0 - x2 / 56.0))));
}

// ln(u) for u in (0, 1]. Near 1, where WGSL only bounds log's absolute error (2^-21),
// 2·atanh((u - 1) / (u + 1)) keeps the relative error small.
fn log_unit(u: f32) -> f32 {
    if u < 0.5 {
        return log(u);
    }
    let s = (u - 1.0) / (u + 1.0);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (1.0 / 3.0 + s2 * (0.2 + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 / 13.0))))));
}

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let key = p[2];
    let a = bitcast<f32>(p[3]);
    let b = bitcast<f32>(p[4]);
    if p[1] == 0u {
        y[i] = a + (b - a) * (f32(hash(key, i) >> 8u) * (1.0 / 16777216.0));
    } else {
        let u1 = f32((hash(key, i * 2u) >> 8u) + 1u) * (1.0 / 16777216.0);
        let u2 = f32(hash(key, i * 2u + 1u) >> 8u) * (1.0 / 16777216.0);
        y[i] = a + b * sqrt(-2.0 * log_unit(u1)) * cos_turns(u2);
    }
}
