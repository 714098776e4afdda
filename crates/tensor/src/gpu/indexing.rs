//! gather and its reverse, scatter_add. WGSL has no f32 atomics, so scatter_add is
//! either a gather over the picks (when they are few) or a segmented reduction: count
//! the sources of each output (u32 atomics), prefix-sum the counts into segments, file
//! each source into its output's segment, and let each output sum its segment.

use super::context::{Kernel, WORKGROUP, grid};
use super::{GpuBackend, GpuStorage};
use crate::Shape;

const GATHER: Kernel =
    Kernel { name: "gather", source: concat!(include_str!("prelude.wgsl"), include_str!("gather.wgsl")) };
const SCATTER_GATHER: Kernel = Kernel {
    name: "scatter_gather",
    source: concat!(include_str!("prelude.wgsl"), include_str!("scatter_gather.wgsl")),
};
const SCATTER_COUNT: Kernel =
    Kernel { name: "scatter_count", source: concat!(include_str!("prelude.wgsl"), include_str!("scatter_count.wgsl")) };
const SCATTER_FILL: Kernel =
    Kernel { name: "scatter_fill", source: concat!(include_str!("prelude.wgsl"), include_str!("scatter_fill.wgsl")) };
const SCATTER_SUM: Kernel =
    Kernel { name: "scatter_sum", source: concat!(include_str!("prelude.wgsl"), include_str!("scatter_sum.wgsl")) };
const SCAN: Kernel = Kernel { name: "scan", source: concat!(include_str!("prelude.wgsl"), include_str!("scan.wgsl")) };
const SCAN_ADD: Kernel =
    Kernel { name: "scan_add", source: concat!(include_str!("prelude.wgsl"), include_str!("scan_add.wgsl")) };

/// Up to this many picks per output, scatter_add gathers (work: outputs × picks).
const GATHER_PICKS: usize = 32;

impl GpuBackend {
    pub(super) fn gather_axis(
        &self,
        x: &GpuStorage,
        shape: &Shape,
        axis: usize,
        index: &GpuStorage,
        index_shape: &Shape,
    ) -> GpuStorage {
        let (_, size, inner) = shape.split_at_axis(axis);
        let count = index_shape.elem_count();
        let params = [count as u32, size as u32, index_shape.dim(axis) as u32, inner as u32, f32::NAN.to_bits()];
        let out = self.output(count);
        self.context.launch(&GATHER, &params, &[x.binding(), index.binding(), out.binding()], grid(count));
        out
    }

    pub(super) fn scatter_add_axis(
        &self,
        src: &GpuStorage,
        src_shape: &Shape,
        axis: usize,
        index: &GpuStorage,
        out_shape: &Shape,
    ) -> GpuStorage {
        let (_, size, inner) = out_shape.split_at_axis(axis);
        let picks = src_shape.dim(axis);
        let outputs = out_shape.elem_count();
        let out = self.output(outputs);
        if picks <= GATHER_PICKS {
            let params = [outputs, size, picks, inner].map(|v| v as u32);
            let bindings = [src.binding(), index.binding(), out.binding()];
            self.context.launch(&SCATTER_GATHER, &params, &bindings, grid(outputs));
            return out;
        }
        let sources = src.len();
        let params = [sources, size, picks, inner].map(|v| v as u32);
        let counts = self.fill_values(0.0, outputs); // 0.0 and 0u32 share their bits
        self.context.launch(&SCATTER_COUNT, &params, &[index.binding(), counts.binding()], grid(sources));
        let offsets = self.exclusive_scan(&counts, outputs);
        let cursor = self.fill_values(0.0, outputs);
        let order = self.output(sources);
        let bindings = [index.binding(), offsets.binding(), cursor.binding(), order.binding()];
        self.context.launch(&SCATTER_FILL, &params, &bindings, grid(sources));
        let bindings = [src.binding(), offsets.binding(), counts.binding(), order.binding(), out.binding()];
        self.context.launch(&SCATTER_SUM, &[outputs as u32], &bindings, grid(outputs));
        out
    }

    /// Exclusive prefix sums of `len` u32 counts: blocks of 256 are scanned, their
    /// totals scanned the same way (recursively) and added back.
    fn exclusive_scan(&self, counts: &GpuStorage, len: usize) -> GpuStorage {
        let offsets = self.output(len);
        let blocks = len.div_ceil(WORKGROUP as usize);
        let totals = self.output(blocks);
        let bindings = [counts.binding(), offsets.binding(), totals.binding()];
        self.context.launch(&SCAN, &[len as u32], &bindings, grid(len));
        if blocks > 1 {
            let block_offsets = self.exclusive_scan(&totals, blocks);
            self.context.launch(&SCAN_ADD, &[len as u32], &[block_offsets.binding(), offsets.binding()], grid(len));
        }
        offsets
    }
}
