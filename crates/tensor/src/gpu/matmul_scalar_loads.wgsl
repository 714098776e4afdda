// Tile loads of matmul_tiled.wgsl for any k and n: each invocation brings 4 values of a
// and 4 of b, neighbouring invocations neighbouring addresses; outside the matrices and
// past the end of the chunk of k, zeros.

@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

fn load_tiles(t: u32, a_base: u32, b_base: u32, row0: u32, col0: u32, k0: u32, end: u32) {
    let m = p[0];
    let k = p[1];
    let n = p[2];
    for (var l = 0u; l < 4u; l++) {
        let e = t + l * 256u;
        // a: TILE rows × DEPTH, read along k.
        let ar = e / DEPTH;
        let ak = e % DEPTH;
        var av = 0.0;
        if row0 + ar < m && k0 + ak < end {
            av = a[a_base + (row0 + ar) * k + k0 + ak];
        }
        tile_a[ak * TILE + ar] = av;
        // b: DEPTH × TILE columns, read along n.
        let bk = e / TILE;
        let bc = e % TILE;
        var bv = 0.0;
        if k0 + bk < end && col0 + bc < n {
            bv = b[b_base + (k0 + bk) * n + col0 + bc];
        }
        tile_b[bk * TILE + bc] = bv;
    }
}
