// Loads b's DEPTH×TILE tile for matmul_tiled.wgsl when b is stored transposed, [n, k],
// with k a multiple of 4: one vec4 along k per invocation.

@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;

fn load_b(t: u32, base: u32, col0: u32, k0: u32, end: u32) {
    let col = t / (DEPTH / 4u);
    let quad = t % (DEPTH / 4u);
    var value = vec4<f32>();
    if col0 + col < p[2] && k0 + quad * 4u < end {
        value = b[(base + (col0 + col) * p[1] + k0) / 4u + quad];
    }
    for (var j = 0u; j < 4u; j++) {
        tile_b[(quad * 4u + j) * TILE + col] = value[j];
    }
}
