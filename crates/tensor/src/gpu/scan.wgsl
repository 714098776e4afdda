// Exclusive prefix sum of u32 counts, 256 per workgroup (Hillis–Steele in workgroup
// memory); each workgroup's total goes to `totals`, which the host scans the same way
// and adds back with scan_add.wgsl. Parameters: count.

@group(0) @binding(1) var<storage, read> counts: array<u32>;
@group(0) @binding(2) var<storage, read_write> offsets: array<u32>;
@group(0) @binding(3) var<storage, read_write> totals: array<u32>;

var<workgroup> sums: array<u32, 256>;

@compute @workgroup_size(256)
fn main(
    @builtin(workgroup_id) wid: vec3<u32>,
    @builtin(local_invocation_index) lid: u32,
    @builtin(num_workgroups) groups: vec3<u32>,
) {
    let block = wid.x + wid.y * groups.x;
    let i = block * 256u + lid;
    var own = 0u;
    if i < p[0] {
        own = counts[i];
    }
    sums[lid] = own;
    workgroupBarrier();
    for (var step = 1u; step < 256u; step <<= 1u) {
        var add = 0u;
        if lid >= step {
            add = sums[lid - step];
        }
        workgroupBarrier();
        sums[lid] += add;
        workgroupBarrier();
    }
    if i < p[0] {
        offsets[i] = sums[lid] - own;
    }
    if lid == 255u {
        totals[block] = sums[255];
    }
}
