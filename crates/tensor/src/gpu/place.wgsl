// Copies one part of a concatenation into its place: x is [outer, size, inner], y is
// [outer, total, inner] and the part starts at `start` along the middle axis.
// Parameters: count (of x), size, inner, total, start.

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let size = p[1];
    let inner = p[2];
    let r = i % inner;
    let j = (i / inner) % size;
    let o = i / (inner * size);
    y[(o * p[3] + p[4] + j) * inner + r] = x[i];
}
