// The binary ops by BinaryOp code, shared by binary.wgsl and fused programs.

fn binary_op(op: u32, u: f32, v: f32) -> f32 {
    switch op {
        case 0u: { return u + v; }
        case 1u: { return u - v; }
        case 2u: { return u * v; }
        case 3u: { return u / v; }
        case 4u: { return max(u, v); }
        case 5u: { return min(u, v); }
        case 6u: { return select(0.0, 1.0, u > v); }
        case 7u: { return select(0.0, 1.0, u >= v); }
        default: { return select(0.0, 1.0, u == v); }
    }
}
