// scatter_add for few picks, written as a gather: each output [outer, size, inner] sums
// the sources [outer, picks, inner] whose index names it, in pick order (as the CPU
// does). Parameters: count (outputs), size, picks, inner.

@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> index: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let size = p[1];
    let picks = p[2];
    let inner = p[3];
    let r = i % inner;
    let target_index = f32((i / inner) % size);
    let o = i / (inner * size);
    var acc = 0.0;
    var at = o * picks * inner + r;
    for (var j = 0u; j < picks; j++) {
        if index[at] == target_index {
            acc += src[at];
        }
        at += inner;
    }
    y[i] = acc;
}
