// Segmented scatter_add, pass 1: counts how many sources land on each output (u32
// atomics exist in WGSL; f32 ones do not). Sources are [outer, picks, inner], outputs
// [outer, size, inner]. Parameters: count (sources), size, picks, inner.

@group(0) @binding(1) var<storage, read> index: array<f32>;
@group(0) @binding(2) var<storage, read_write> counts: array<atomic<u32>>;

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
        atomicAdd(&counts[(o * size + u32(raw)) * inner + i % inner], 1u);
    }
}
