// One invocation per output folds a whole axis, in order (as the CPU does). The input is
// viewed as [outer, size, inner] and y as [outer, inner]. Parameters: count (outputs),
// op (0 sum, 1 max), outer, size, inner, identity (f32 bits).

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let size = p[3];
    let inner = p[4];
    let o = i / inner;
    let r = i % inner;
    var acc = bitcast<f32>(p[5]);
    var at = o * size * inner + r;
    if p[1] == 0u {
        for (var s = 0u; s < size; s++) {
            acc += x[at];
            at += inner;
        }
    } else {
        for (var s = 0u; s < size; s++) {
            acc = max(acc, x[at]);
            at += inner;
        }
    }
    y[i] = acc;
}
