// y[i] = cond != 0 ? a : b, all broadcast to y. Parameters: count, rank, dims[rank],
// cond strides[rank], a strides[rank], b strides[rank].

@group(0) @binding(1) var<storage, read> cond: array<f32>;
@group(0) @binding(2) var<storage, read> a: array<f32>;
@group(0) @binding(3) var<storage, read> b: array<f32>;
@group(0) @binding(4) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let rank = p[1];
    let c = cond[strided_offset(i, rank, 2u, 2u + rank)];
    if c != 0.0 {
        y[i] = a[strided_offset(i, rank, 2u, 2u + 2u * rank)];
    } else {
        y[i] = b[strided_offset(i, rank, 2u, 2u + 3u * rank)];
    }
}
