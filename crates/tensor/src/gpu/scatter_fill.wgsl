// Segmented scatter_add, pass 2: writes every source's position into its output's
// segment of `order` (at offsets[target] + a slot taken with an atomic cursor).
// Parameters: count (sources), size, picks, inner.

@group(0) @binding(1) var<storage, read> index: array<f32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read_write> cursor: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read_write> order: array<u32>;

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
        let target_index = (o * size + u32(raw)) * inner + i % inner;
        order[offsets[target_index] + atomicAdd(&cursor[target_index], 1u)] = i;
    }
}
