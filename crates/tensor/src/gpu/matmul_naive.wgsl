// One invocation per output straight from global memory, optionally over one chunk of
// k (split-K: the partial products are summed afterwards). The engine uses it for
// skinny products, where a 64×64 tile would be mostly padding; the benchmarks use it
// (unsplit) as the baseline of the tiled kernel. Output i is [split, batch, m, n].
// Parameters: m, k, n, count (splits · batch · m · n), chunk (k per split), batch.

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

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
    for (var kk = start; kk < end; kk++) {
        acc += a[(batch * m + row) * k + kk] * b[(batch * k + kk) * n + col];
    }
    c[i] = acc;
}
