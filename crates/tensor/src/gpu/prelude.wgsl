// Shared by every kernel (prepended to its source): binding 0 holds the launch
// parameters, and one-dimensional launches come as a grid whose x is capped at 65535
// workgroups of 256 invocations.

@group(0) @binding(0) var<storage, read> p: array<u32>;

fn flat_index(id: vec3<u32>, groups: vec3<u32>) -> u32 {
    return id.x + id.y * groups.x * 256u;
}

// The offset in an operand of the element at flat index `i` of the output, whose `rank`
// dimensions are at p[dims..] and the operand's strides (0 where it broadcasts) at p[strides..].
fn strided_offset(i: u32, rank: u32, dims: u32, strides: u32) -> u32 {
    var rest = i;
    var offset = 0u;
    for (var d = rank; d > 0u; d--) {
        let size = p[dims + d - 1u];
        offset += (rest % size) * p[strides + d - 1u];
        rest /= size;
    }
    return offset;
}

// Whether an index (indices travel as f32) is a whole number in 0..size, as the CPU
// backend requires.
fn is_index(raw: f32, size: u32) -> bool {
    return raw >= 0.0 && raw == floor(raw) && raw < f32(size);
}
