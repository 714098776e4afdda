// PyTorch's gather along the middle axis of x [outer, size, inner]: y and index are
// [outer, picks, inner]. An index that is not a whole number in 0..size gives NaN (the
// CPU backend reports an error; a kernel cannot). Parameters: count, size, picks, inner,
// NaN (f32 bits: Tint rejects a NaN constant).

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> index: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let size = p[1];
    let inner = p[3];
    let raw = index[i];
    if is_index(raw, size) {
        let o = i / (inner * p[2]);
        y[i] = x[(o * size + u32(raw)) * inner + i % inner];
    } else {
        y[i] = bitcast<f32>(p[4]);
    }
}
