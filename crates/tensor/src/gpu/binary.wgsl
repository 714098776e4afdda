// y[i] = op(a[..], b[..]) with both operands broadcast to y. Parameters: count, op (the
// order of BinaryOp), rank, dims[rank], a strides[rank], b strides[rank].

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let rank = p[2];
    let u = a[strided_offset(i, rank, 3u, 3u + rank)];
    let v = b[strided_offset(i, rank, 3u, 3u + 2u * rank)];
    y[i] = binary_op(p[1], u, v);
}
