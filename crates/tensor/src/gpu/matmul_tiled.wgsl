// Batched c = a · b with a [batch, m, k], b [batch, k, n], all row-major. Each workgroup
// of 16×16 invocations computes a TILE×TILE tile of c; each invocation a BLOCK×BLOCK
// block of it (BLOCK = TILE / 16; rows ly + 16·i, columns lx + 16·j, so neighbouring
// invocations touch neighbouring addresses). TILE and DEPTH come from
// matmul_tile64.wgsl (64, 16) or matmul_tile128.wgsl (128, 8): either way the tiles of a
// and b are 1024 values each (8 KiB of workgroup memory together), brought in DEPTH values
// of k at a time by `load_a` (matmul_load_a*.wgsl, scalar or vec4) and `load_b`
// (matmul_load_b*.wgsl: b stored [k, n] or transposed [n, k], scalar or vec4), which also
// declare the bindings a and b. With split-K each workgroup covers one chunk of k (a
// multiple of 16) and writes a partial product, the output being [split, batch, m, n];
// the partials are summed afterwards. With a bias, bias[col] is added as c is written.
// Parameters: m, k, n, chunk (k per split), batch, has bias (0 or 1). The grid is
// (n / TILE, m / TILE, splits · batch), rounded up.

@group(0) @binding(3) var<storage, read_write> c: array<f32>;
// Bound to a when there is no bias (and then never read).
@group(0) @binding(4) var<storage, read> bias: array<f32>;

const BLOCK: u32 = TILE / 16u;

// a's tile stored k-major (tile_a[kk * TILE + row]) so the inner loop reads it like b's.
var<workgroup> tile_a: array<f32, 1024>;
var<workgroup> tile_b: array<f32, 1024>;

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
    let m = p[0];
    let k = p[1];
    let n = p[2];
    let batch = wid.z % p[4];
    let start = (wid.z / p[4]) * p[3];
    let end = min(k, start + p[3]);
    let row0 = wid.y * TILE;
    let col0 = wid.x * TILE;
    let t = lid.y * 16u + lid.x;
    var acc: array<f32, 64>;
    for (var k0 = start; k0 < end; k0 += DEPTH) {
        load_a(t, batch * m * k, row0, k0, end);
        load_b(t, batch * k * n, col0, k0, end);
        workgroupBarrier();
        for (var kk = 0u; kk < DEPTH; kk++) {
            var bs: array<f32, 8>;
            for (var j = 0u; j < BLOCK; j++) {
                bs[j] = tile_b[kk * TILE + lid.x + 16u * j];
            }
            for (var i = 0u; i < BLOCK; i++) {
                let av = tile_a[kk * TILE + lid.y + 16u * i];
                for (var j = 0u; j < BLOCK; j++) {
                    acc[i * BLOCK + j] += av * bs[j];
                }
            }
        }
        workgroupBarrier();
    }
    for (var i = 0u; i < BLOCK; i++) {
        let row = row0 + lid.y + 16u * i;
        if row >= m {
            continue;
        }
        for (var j = 0u; j < BLOCK; j++) {
            let col = col0 + lid.x + 16u * j;
            if col < n {
                var value = acc[i * BLOCK + j];
                if p[5] == 1u {
                    value += bias[col];
                }
                c[wid.z * m * n + row * n + col] = value;
            }
        }
    }
}
