// Loads b's DEPTH×TILE tile for matmul_tiled.wgsl, b stored [k, n], any n: 4 values per
// invocation along n; zeros outside.

@group(0) @binding(2) var<storage, read> b: array<f32>;

fn load_b(t: u32, base: u32, col0: u32, k0: u32, end: u32) {
    for (var l = 0u; l < 4u; l++) {
        let e = t + l * 256u;
        let kk = e / TILE;
        let col = e % TILE;
        var value = 0.0;
        if k0 + kk < end && col0 + col < p[2] {
            value = b[base + (k0 + kk) * p[2] + col0 + col];
        }
        tile_b[kk * TILE + col] = value;
    }
}
