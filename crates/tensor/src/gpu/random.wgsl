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
        y[i] = a + b * sqrt(-2.0 * log(u1)) * cos(6.2831855 * u2);
    }
}
