// Loads b's DEPTH×TILE tile for matmul_tiled.wgsl, b stored [k, n] with n a multiple of
// 4: one vec4 along n per invocation.

@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;

fn load_b(t: u32, base: u32, col0: u32, k0: u32, end: u32) {
    let kk = t / (TILE / 4u);
    let quad = t % (TILE / 4u);
    var value = vec4<f32>();
    if k0 + kk < end && col0 + quad * 4u < p[2] {
        value = b[(base + (k0 + kk) * p[2] + col0) / 4u + quad];
    }
    for (var j = 0u; j < 4u; j++) {
        tile_b[kk * TILE + quad * 4u + j] = value[j];
    }
}
