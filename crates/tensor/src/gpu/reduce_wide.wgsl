// One workgroup per output, for long axes with few outputs (a loss summed over a batch):
// 256 invocations fold strided parts of the axis, then a tree in workgroup memory joins
// them. Parameters as reduce.wgsl; the grid has one workgroup per output.

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

var<workgroup> partial: array<f32, 256>;

fn combine(op: u32, u: f32, v: f32) -> f32 {
    if op == 0u {
        return u + v;
    }
    return max(u, v);
}

@compute @workgroup_size(256)
fn main(
    @builtin(workgroup_id) wid: vec3<u32>,
    @builtin(local_invocation_index) lid: u32,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let i = wid.x + wid.y * groups.x;
    let op = p[1];
    let size = p[3];
    let inner = p[4];
    var acc = bitcast<f32>(p[5]);
    if i < p[0] {
        let base = (i / inner) * size * inner + i % inner;
        for (var s = lid; s < size; s += 256u) {
            acc = combine(op, acc, x[base + s * inner]);
        }
    }
    partial[lid] = acc;
    workgroupBarrier();
    for (var half = 128u; half > 0u; half >>= 1u) {
        if lid < half {
            partial[lid] = combine(op, partial[lid], partial[lid + half]);
        }
        workgroupBarrier();
    }
    if lid == 0u && i < p[0] {
        y[i] = partial[0];
    }
}
