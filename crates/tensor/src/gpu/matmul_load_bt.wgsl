// Loads b's DEPTH×TILE tile for matmul_tiled.wgsl when b is stored transposed, [n, k]
// (a layer's [out, in] weight): read along k like a, so no transposed copy is needed.

@group(0) @binding(2) var<storage, read> b: array<f32>;

fn load_b(t: u32, base: u32, col0: u32, k0: u32, end: u32) {
    for (var l = 0u; l < 4u; l++) {
        let e = t + l * 256u;
        let col = e / DEPTH;
        let kk = e % DEPTH;
        var value = 0.0;
        if col0 + col < p[2] && k0 + kk < end {
            value = b[base + (col0 + col) * p[1] + k0 + kk];
        }
        tile_b[kk * TILE + col] = value;
    }
}
