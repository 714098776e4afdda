// Segmented scatter_add, pass 3: each output sums its segment. The slots were taken in
// no fixed order, so the sum visits sources in increasing position (picking the next
// smallest each time): the result does not depend on scheduling. Parameters: count
// (outputs).

@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> offsets: array<u32>;
@group(0) @binding(3) var<storage, read> counts: array<u32>;
@group(0) @binding(4) var<storage, read> order: array<u32>;
@group(0) @binding(5) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let i = flat_index(id, groups);
    if i >= p[0] {
        return;
    }
    let start = offsets[i];
    let n = counts[i];
    var acc = 0.0;
    var last = 0u;
    for (var visited = 0u; visited < n; visited++) {
        var next = 0xffffffffu;
        for (var q = start; q < start + n; q++) {
            let s = order[q];
            if (visited == 0u || s > last) && s < next {
                next = s;
            }
        }
        acc += src[next];
        last = next;
    }
    y[i] = acc;
}
