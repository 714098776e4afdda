// Softmax of each row (one invocation per row), shifted by the row's maximum so exp
// cannot overflow, as the CPU does; with `log`, x − max − ln Σ exp(x − max).
// Parameters: rows, cols, log (0 or 1).

@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
    let row = flat_index(id, groups);
    if row >= p[0] {
        return;
    }
    let cols = p[1];
    let base = row * cols;
    var largest = x[base];
    for (var c = 1u; c < cols; c++) {
        largest = max(largest, x[base + c]);
    }
    var sum = 0.0;
    for (var c = 0u; c < cols; c++) {
        sum += exp(x[base + c] - largest);
    }
    if p[2] == 1u {
        let log_sum = log(sum);
        for (var c = 0u; c < cols; c++) {
            y[base + c] = (x[base + c] - largest) - log_sum;
        }
    } else {
        for (var c = 0u; c < cols; c++) {
            y[base + c] = exp(x[base + c] - largest) / sum;
        }
    }
}
