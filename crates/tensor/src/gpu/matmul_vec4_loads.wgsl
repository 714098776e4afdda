// Tile loads of matmul_tiled.wgsl when k and n are multiples of 4: each invocation
// brings one vec4 of a (4 values along k) and one of b (4 along n), so a vector never
// straddles the end of a row or of the chunk of k (a multiple of 16). Each tile is 256
// vectors: a is TILE rows of DEPTH / 4, b is DEPTH rows of TILE / 4.

@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> b: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> c: array<f32>;

fn load_tiles(t: u32, a_base: u32, b_base: u32, row0: u32, col0: u32, k0: u32, end: u32) {
    let m = p[0];
    let k = p[1];
    let n = p[2];
    let ar = t / (DEPTH / 4u);
    let aq = t % (DEPTH / 4u);
    var av = vec4<f32>();
    if row0 + ar < m && k0 + aq * 4u < end {
        av = a[(a_base + (row0 + ar) * k + k0) / 4u + aq];
    }
    for (var j = 0u; j < 4u; j++) {
        tile_a[(aq * 4u + j) * TILE + ar] = av[j];
    }
    let bk = t / (TILE / 4u);
    let bq = t % (TILE / 4u);
    var bv = vec4<f32>();
    if k0 + bk < end && col0 + bq * 4u < n {
        bv = b[(b_base + (k0 + bk) * n + col0) / 4u + bq];
    }
    for (var j = 0u; j < 4u; j++) {
        tile_b[bk * TILE + bq * 4u + j] = bv[j];
    }
}
