// The 128×128 tile of matmul_tiled.wgsl, for large products: 8×8 outputs per invocation
// (twice the arithmetic per value loaded), 8 values of k per step.

const TILE: u32 = 128u;
const DEPTH: u32 = 8u;
