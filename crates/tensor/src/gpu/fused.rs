//! Fused elementwise programs (see [`crate::fused`]) compiled to one WGSL kernel each:
//! every step becomes a `let`, constants come from the parameters, so a program compiles
//! once however its numbers change. Programs with more outputs than free bindings run
//! as several launches, each computing the whole program and storing some outputs.

use super::context::{Kernel, grid};
use super::{GpuBackend, GpuStorage};
use crate::fused::{Program, Step};
use std::fmt::Write;

const HEADER: &str =
    concat!(include_str!("prelude.wgsl"), include_str!("unary_ops.wgsl"), include_str!("binary_ops.wgsl"));

impl GpuBackend {
    pub(crate) fn fused_program(&self, program: &Program, inputs: &[&GpuStorage], len: usize) -> Vec<GpuStorage> {
        let outputs: Vec<GpuStorage> = program.outputs.iter().map(|_| self.output(len)).collect();
        // Binding 0 holds the parameters; the rest are tensors.
        let bindings = self.context.limits.max_storage_buffers_per_shader_stage as usize - 1;
        let Some(per_launch) = bindings.checked_sub(inputs.len()).filter(|&n| n > 0) else {
            self.context.record_fault(format!(
                "a fused program of {} inputs needs more than this GPU's {bindings} storage bindings",
                inputs.len()
            ));
            return outputs;
        };
        let mut params = vec![len as u32, f32::NAN.to_bits()];
        params.extend(program.steps.iter().filter_map(|step| match step {
            Step::Constant(c) => Some(c.to_bits()),
            _ => None,
        }));
        for (first, stored) in program.outputs.chunks(per_launch).enumerate() {
            let source = source(program, stored);
            let first = first * per_launch;
            let mut buffers: Vec<(&wgpu::Buffer, u64)> = inputs.iter().map(|x| x.binding()).collect();
            buffers.extend(outputs[first..first + stored.len()].iter().map(GpuStorage::binding));
            self.context.launch(&Kernel { name: &source, source: &source }, &params, &buffers, grid(len));
        }
        outputs
    }
}

/// The kernel of `program` that stores the registers `stored`.
fn source(program: &Program, stored: &[usize]) -> String {
    let mut text = String::from(HEADER);
    for i in 0..program.inputs {
        writeln!(text, "@group(0) @binding({}) var<storage, read> in{i}: array<f32>;", i + 1).unwrap();
    }
    for (o, _) in stored.iter().enumerate() {
        let binding = program.inputs + o + 1;
        writeln!(text, "@group(0) @binding({binding}) var<storage, read_write> out{o}: array<f32>;").unwrap();
    }
    text += "\n@compute @workgroup_size(256)\n";
    text += "fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {\n";
    text += "    let i = flat_index(id, groups);\n    if i >= p[0] {\n        return;\n    }\n";
    text += "    let nan = bitcast<f32>(p[1]);\n";
    let mut constants = 2;
    for (r, step) in program.steps.iter().enumerate() {
        let value = match *step {
            Step::Input(i) => format!("in{i}[i]"),
            Step::Constant(_) => {
                constants += 1;
                format!("bitcast<f32>(p[{}])", constants - 1)
            }
            Step::Unary(op, x) => format!("unary_op({}u, r{x}, nan)", op as u32),
            Step::Binary(op, a, b) => format!("binary_op({}u, r{a}, r{b})", op as u32),
        };
        writeln!(text, "    let r{r} = {value};").unwrap();
    }
    for (o, register) in stored.iter().enumerate() {
        writeln!(text, "    out{o}[i] = r{register};").unwrap();
    }
    text + "}\n"
}
