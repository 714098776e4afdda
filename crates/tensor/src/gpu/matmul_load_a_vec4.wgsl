// Loads a's TILE×DEPTH tile for matmul_tiled.wgsl when k is a multiple of 4: one vec4
// (4 values along k) per invocation; a vector never straddles a row's end or the end of
// the chunk of k (a multiple of 16).

@group(0) @binding(1) var<storage, read> a: array<vec4<f32>>;

fn load_a(t: u32, base: u32, row0: u32, k0: u32, end: u32) {
    let row = t / (DEPTH / 4u);
    let quad = t % (DEPTH / 4u);
    var value = vec4<f32>();
    if row0 + row < p[0] && k0 + quad * 4u < end {
        value = a[(base + (row0 + row) * p[1] + k0) / 4u + quad];
    }
    for (var j = 0u; j < 4u; j++) {
        tile_a[(quad * 4u + j) * TILE + row] = value[j];
    }
}
