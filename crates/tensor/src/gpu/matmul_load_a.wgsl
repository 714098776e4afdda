// Loads a's TILE×DEPTH tile for matmul_tiled.wgsl, any k: each invocation 4 values,
// neighbouring invocations neighbouring addresses (along k); zeros outside the matrix
// and past the end of the chunk of k.

@group(0) @binding(1) var<storage, read> a: array<f32>;

fn load_a(t: u32, base: u32, row0: u32, k0: u32, end: u32) {
    for (var l = 0u; l < 4u; l++) {
        let e = t + l * 256u;
        let row = e / DEPTH;
        let kk = e % DEPTH;
        var value = 0.0;
        if row0 + row < p[0] && k0 + kk < end {
            value = a[base + (row0 + row) * p[1] + k0 + kk];
        }
        tile_a[kk * TILE + row] = value;
    }
}
