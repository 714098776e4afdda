// Pads along one axis: the input is [outer, size, inner], y is [outer, before + size +
// after, inner]. Parameters: count, size, inner, before, total (the padded size), value
// (f32 bits).

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
    let before = p[3];
    let total = p[4];
    let r = i % inner;
    let j = (i / inner) % total;
    let o = i / (inner * total);
    if j >= before && j < before + size {
        y[i] = x[(o * size + j - before) * inner + r];
    } else {
        y[i] = bitcast<f32>(p[5]);
    }
}
