// One invocation per output straight from global memory, optionally over one chunk of
// k (split-K: the partial products are summed afterwards). The engine uses it for
// skinny products, where a 64×64 tile would be mostly padding; the benchmarks use it
// (unsplit) as the baseline of the tiled kernel. Output i is [split, batch, m, n]; b is
// stored [k, n], or [n, k] when transposed; the bias (unsplit products only) is added as
// c is written. Parameters: m, k, n, count (splits · batch · m · n), chunk (k per split),
// batch, b transposed (0 or 1), has bias (0 or 1).

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;
// Bound to a when there is no bias (and then never read).
@group(0) @binding(4) var<storage, read> bias: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[3] {
        return;
    }
    let m = p[0];
    let k = p[1];
    let n = p[2];
    let col = i % n;
    let row = (i / n) % m;
    let product = i / (m * n);
    let batch = product % p[5];
    let start = (product / p[5]) * p[4];
    let end = min(k, start + p[4]);
    var acc = 0.0;
    if p[6] == 1u {
        for (var kk = start; kk < end; kk++) {
            acc += a[(batch * m + row) * k + kk] * b[(batch * n + col) * k + kk];
        }
    } else {
        for (var kk = start; kk < end; kk++) {
            acc += a[(batch * m + row) * k + kk] * b[(batch * k + kk) * n + col];
        }
    }
    if p[7] == 1u {
        acc += bias[col];
    }
    c[i] = acc;
}
