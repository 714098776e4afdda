// One invocation per output, straight from global memory: the baseline the tiled
// kernel is benchmarked against. Parameters: m, k, n, count (batch · m · n).

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
    let batch = i / (m * n);
    var acc = 0.0;
    for (var kk = 0u; kk < k; kk++) {
        acc += a[(batch * m + row) * k + kk] * b[(batch * k + kk) * n + col];
    }
    c[i] = acc;
}
