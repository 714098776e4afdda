// y[i] = op(x[i]). Parameters: count, op (the order of UnaryOp), NaN (f32 bits).

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    y[i] = unary_op(p[1], x[i], bitcast<f32>(p[2]));
}
