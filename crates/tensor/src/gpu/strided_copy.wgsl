// y[i] = x[offset + the strided position of i]: broadcasting, permuting and slicing are
// all this one gather. Parameters: count, rank, offset, dims[rank], strides[rank].

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let rank = p[1];
    y[i] = x[p[2] + strided_offset(i, rank, 3u, 3u + rank)];
}
