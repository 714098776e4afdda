// The 64×64 tile of matmul_tiled.wgsl: 4×4 outputs per invocation, 16 values of k per step.

const TILE: u32 = 64u;
const DEPTH: u32 = 16u;
