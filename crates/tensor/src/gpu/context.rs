//! One wgpu device and queue with what every kernel launch needs: compiled pipelines, a
//! pool of storage buffers, and the batch of commands not yet submitted.
//!
//! Ops only *record* work: each launch goes into one long compute pass of one command
//! encoder, so a whole training step is a single submit. The batch is submitted when a
//! value is read back, before host data is written into a buffer (a queued write lands
//! before the commands of the next submit, so commands already recorded must go first),
//! or when the parameter arena is full.

use crate::{Result, TensorError};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A WGSL kernel: its source sits beside the Rust that launches it. Every kernel's entry
/// point is `main`; binding 0 holds its `array<u32>` parameters and bindings 1.. the
/// tensors, in the order the launch passes them.
pub(crate) struct Kernel<'a> {
    /// Names the compiled pipeline in the cache (a generated kernel's name is its source).
    pub name: &'a str,
    pub source: &'a str,
}

/// Bytes of launch parameters one submit can carry (each launch takes an aligned window).
const PARAMS_ARENA: u64 = 1 << 18;
/// Free buffers kept for reuse before the pool starts releasing them.
const POOL_LIMIT: u64 = 512 << 20;
/// Invocations per workgroup of the one-dimensional kernels.
pub(crate) const WORKGROUP: u32 = 256;

/// Kernel launches recorded since the program started (all devices): what a training
/// step costs in launches is a figure the benchmarks report.
pub(crate) static LAUNCHES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// What the adapter is, for badges and logs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AdapterSummary {
    /// The adapter's name (a GPU model, "llvmpipe", "SwiftShader" …).
    pub name: String,
    /// The API under wgpu: Vulkan, Metal, Dx12 or BrowserWebGpu.
    pub backend: String,
    /// A software rasteriser rather than a real GPU.
    pub is_software: bool,
}

pub(crate) struct Context {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub summary: AdapterSummary,
    pub limits: wgpu::Limits,
    pipelines: Mutex<HashMap<String, Arc<wgpu::ComputePipeline>>>,
    pool: Mutex<Pool>,
    batch: Mutex<Batch>,
    /// The first fault seen (device lost, validation error); every later read fails with it.
    fault: Arc<Mutex<Option<String>>>,
    /// Single values made so far, by their bits (see `GpuBackend::fill`). They hold this
    /// context, so the cache is emptied when the device fails, letting both go.
    pub scalars: Mutex<HashMap<u32, super::GpuStorage>>,
    /// Set by [`super::simulate_out_of_memory`]: the next allocation fails as a full GPU's would.
    pub out_of_memory_armed: std::sync::atomic::AtomicBool,
}

#[derive(Default)]
struct Pool {
    free: HashMap<u64, Vec<wgpu::Buffer>>,
    free_bytes: u64,
    /// Buffers lent to tensors (see [`Context::lent`]) and not yet released, and their bytes.
    live_buffers: u64,
    live_bytes: u64,
}

/// What the buffer pool holds: the buffers tensors use now and the free ones kept for reuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct GpuMemory {
    /// Bytes of the buffers that live tensors hold.
    pub live_bytes: u64,
    /// How many buffers live tensors hold.
    pub live_buffers: u64,
    /// Bytes of the free buffers kept for reuse.
    pub pooled_bytes: u64,
    /// How many free buffers are kept.
    pub pooled_buffers: u64,
}

struct Batch {
    encoder: Option<wgpu::CommandEncoder>,
    pass: Option<wgpu::ComputePass<'static>>,
    /// Launch parameters recorded so far; written into `params` just before the submit.
    params_data: Vec<u8>,
    params: wgpu::Buffer,
}

/// Which buffers a launch reads and writes: the binding order of its kernel.
pub(crate) type Bindings<'a> = &'a [(&'a wgpu::Buffer, u64)];

impl Context {
    pub async fn new() -> Result<Context> {
        let instance = wgpu::Instance::new(wgpu::InstanceDescriptor {
            backends: wgpu::Backends::PRIMARY,
            ..wgpu::InstanceDescriptor::new_without_display_handle()
        });
        let options = |force_fallback_adapter| wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::HighPerformance,
            force_fallback_adapter,
            ..Default::default()
        };
        // A software adapter (SwiftShader in headless Chromium) is only offered to a
        // request that asks for the fallback.
        let adapter = match instance.request_adapter(&options(false)).await {
            Ok(adapter) => adapter,
            Err(first) => instance
                .request_adapter(&options(true))
                .await
                .map_err(|_| TensorError::Device(format!("no GPU adapter: {first}")))?,
        };
        let info = adapter.get_info();
        // Ask for everything the adapter allows: the defaults cap storage bindings at
        // 128 MiB, which a large batch of images can exceed.
        let limits = adapter.limits();
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("nnplay"),
                required_limits: limits.clone(),
                ..Default::default()
            })
            .await
            .map_err(|error| TensorError::Device(format!("the GPU refused a device: {error}")))?;
        let fault: Arc<Mutex<Option<String>>> = Arc::default();
        let on_error = fault.clone();
        device.on_uncaptured_error(Arc::new(move |error: wgpu::Error| {
            record_fault(&on_error, super::out_of_memory::error_fault(&error));
        }));
        let on_lost = fault.clone();
        device.set_device_lost_callback(move |reason, message| {
            record_fault(&on_lost, format!("the GPU device was lost ({reason:?}): {message}"));
        });
        let params = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("launch parameters"),
            size: PARAMS_ARENA,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let is_software = info.device_type == wgpu::DeviceType::Cpu
            || info.name.contains("llvmpipe")
            || info.name.contains("SwiftShader");
        // Browsers may keep the adapter's description to themselves.
        let name = match (info.name.is_empty(), is_software) {
            (false, _) => info.name.clone(),
            (true, true) => "WebGPU fallback adapter".to_string(),
            (true, false) => "WebGPU adapter".to_string(),
        };
        let summary = AdapterSummary { name, backend: format!("{:?}", info.backend), is_software };
        Ok(Context {
            device,
            queue,
            summary,
            limits,
            pipelines: Mutex::default(),
            pool: Mutex::default(),
            batch: Mutex::new(Batch { encoder: None, pass: None, params_data: Vec::new(), params }),
            fault,
            scalars: Mutex::default(),
            out_of_memory_armed: Default::default(),
        })
    }

    /// The fault that stopped this device, if any.
    pub fn fault(&self) -> Option<String> {
        self.fault.lock().unwrap().clone()
    }

    pub fn record_fault(&self, message: String) {
        record_fault(&self.fault, message);
        self.scalars.lock().unwrap().clear();
    }

    fn pipeline(&self, kernel: &Kernel) -> Arc<wgpu::ComputePipeline> {
        let mut pipelines = self.pipelines.lock().unwrap();
        if let Some(pipeline) = pipelines.get(kernel.name) {
            return pipeline.clone();
        }
        pipelines
            .entry(kernel.name.to_string())
            .or_insert_with(|| {
                let module = self.device.create_shader_module(wgpu::ShaderModuleDescriptor {
                    label: Some(kernel.name),
                    source: wgpu::ShaderSource::Wgsl(kernel.source.into()),
                });
                Arc::new(self.device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
                    label: Some(kernel.name),
                    layout: None,
                    module: &module,
                    entry_point: Some("main"),
                    compilation_options: Default::default(),
                    cache: None,
                }))
            })
            .clone()
    }

    /// A storage buffer of at least `bytes`, reused from the pool when one is free.
    pub fn alloc(&self, bytes: u64) -> wgpu::Buffer {
        let limit = self.limits.max_storage_buffer_binding_size.min(self.limits.max_buffer_size);
        if bytes > limit {
            // Refused, not a panic: the run's next read fails with this message, and the
            // CLI and the page move the run to the CPU.
            self.record_fault(format!(
                "the GPU cannot hold a tensor of {} values ({:.1} MiB): this adapter's largest storage buffer is \
                 {:.1} MiB; use a smaller batch or the CPU backend",
                bytes / 4,
                bytes as f64 / 1048576.0,
                limit as f64 / 1048576.0
            ));
            return self.alloc(4);
        }
        let size = size_class(bytes).min(limit.max(4));
        if self.out_of_memory_armed.swap(false, std::sync::atomic::Ordering::Relaxed) {
            // What the uncaptured-error handler records for a real out-of-memory error.
            self.record_fault(super::out_of_memory::out_of_memory_fault(Some(size)));
            return self.alloc(4);
        }
        let mut pool = self.pool.lock().unwrap();
        if let Some(buffer) = pool.free.get_mut(&size).and_then(Vec::pop) {
            pool.free_bytes -= size;
            return buffer;
        }
        drop(pool);
        self.device.create_buffer(&wgpu::BufferDescriptor {
            label: None,
            size,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        })
    }

    /// Counts `buffer`, just taken from [`Context::alloc`], as held by a tensor until its [`Context::release`].
    pub fn lent(&self, buffer: &wgpu::Buffer) {
        let mut pool = self.pool.lock().unwrap();
        pool.live_buffers += 1;
        pool.live_bytes += buffer.size();
    }

    /// What the pool holds now.
    pub fn memory(&self) -> GpuMemory {
        let pool = self.pool.lock().unwrap();
        GpuMemory {
            live_bytes: pool.live_bytes,
            live_buffers: pool.live_buffers,
            pooled_bytes: pool.free_bytes,
            pooled_buffers: pool.free.values().map(|buffers| buffers.len() as u64).sum(),
        }
    }

    /// Returns a buffer to the pool. Commands already recorded that use it still run
    /// first: everything executes in recording order.
    pub fn release(&self, buffer: wgpu::Buffer) {
        let size = buffer.size();
        let mut pool = self.pool.lock().unwrap();
        pool.live_buffers = pool.live_buffers.saturating_sub(1);
        pool.live_bytes = pool.live_bytes.saturating_sub(size);
        if pool.free_bytes + size > POOL_LIMIT {
            return; // dropped: wgpu frees it once the GPU is done with it
        }
        pool.free_bytes += size;
        pool.free.entry(size).or_default().push(buffer);
    }

    /// Records one launch of `kernel` over `workgroups` with `params` at binding 0 and
    /// `buffers` (buffer, bytes used) at bindings 1.. .
    pub fn launch(&self, kernel: &Kernel, params: &[u32], buffers: Bindings, workgroups: [u32; 3]) {
        if workgroups.contains(&0) {
            return;
        }
        LAUNCHES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let pipeline = self.pipeline(kernel);
        let mut batch = self.batch.lock().unwrap();
        let align = self.limits.min_storage_buffer_offset_alignment.max(4) as usize;
        let bytes = (params.len().max(1) * 4).next_multiple_of(4);
        let mut offset = batch.params_data.len().next_multiple_of(align);
        if (offset + bytes) as u64 > PARAMS_ARENA {
            self.submit(&mut batch);
            offset = 0;
        }
        batch.params_data.resize(offset, 0);
        batch.params_data.extend_from_slice(bytemuck::cast_slice(params));
        batch.params_data.resize(offset + bytes, 0);

        let mut entries = vec![wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                buffer: &batch.params,
                offset: offset as u64,
                size: wgpu::BufferSize::new(bytes as u64),
            }),
        }];
        for (i, (buffer, used)) in buffers.iter().enumerate() {
            entries.push(wgpu::BindGroupEntry {
                binding: i as u32 + 1,
                resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                    buffer,
                    offset: 0,
                    size: wgpu::BufferSize::new(used.max(&4).next_multiple_of(4)),
                }),
            });
        }
        let bind_group = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some(kernel.name),
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        });
        let pass = self.pass(&mut batch);
        pass.set_pipeline(&pipeline);
        pass.set_bind_group(0, &bind_group, &[]);
        pass.dispatch_workgroups(workgroups[0], workgroups[1], workgroups[2]);
    }

    fn pass<'b>(&self, batch: &'b mut Batch) -> &'b mut wgpu::ComputePass<'static> {
        if batch.pass.is_none() {
            let encoder = batch.encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default()));
            batch.pass = Some(encoder.begin_compute_pass(&Default::default()).forget_lifetime());
        }
        batch.pass.as_mut().expect("just created")
    }

    /// Records a copy (reads, concatenation) after the launches so far.
    pub fn copy(&self, from: &wgpu::Buffer, from_offset: u64, to: &wgpu::Buffer, to_offset: u64, bytes: u64) {
        if bytes == 0 {
            return;
        }
        let mut batch = self.batch.lock().unwrap();
        batch.pass = None;
        let encoder = batch.encoder.get_or_insert_with(|| self.device.create_command_encoder(&Default::default()));
        encoder.copy_buffer_to_buffer(from, from_offset, to, to_offset, bytes);
    }

    /// Writes host values into `buffer`, after everything recorded so far.
    pub fn write(&self, buffer: &wgpu::Buffer, data: &[f32]) {
        self.flush();
        if !data.is_empty() {
            self.queue.write_buffer(buffer, 0, bytemuck::cast_slice(data));
        }
    }

    /// Submits everything recorded so far.
    pub fn flush(&self) {
        let mut batch = self.batch.lock().unwrap();
        self.submit(&mut batch);
    }

    fn submit(&self, batch: &mut Batch) {
        batch.pass = None;
        let Some(encoder) = batch.encoder.take() else { return };
        if !batch.params_data.is_empty() {
            self.queue.write_buffer(&batch.params, 0, &batch.params_data);
            batch.params_data.clear();
        }
        self.queue.submit([encoder.finish()]);
    }

    /// Copies `bytes` of `buffer` back to the host once the queued work has run.
    pub async fn read(&self, buffer: &wgpu::Buffer, bytes: u64) -> Result<Vec<f32>> {
        if let Some(fault) = self.fault() {
            return Err(TensorError::Device(fault));
        }
        if bytes == 0 {
            return Ok(Vec::new());
        }
        let staging = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("read back"),
            size: bytes,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.copy(buffer, 0, &staging, 0, bytes);
        self.flush();
        let (sender, receiver) = futures_channel::oneshot::channel();
        staging.map_async(wgpu::MapMode::Read, .., move |result| {
            let _ = sender.send(result);
        });
        // Natively the callback runs inside poll; in the browser the event loop runs it.
        #[cfg(not(target_arch = "wasm32"))]
        if let Err(error) = self.device.poll(wgpu::PollType::wait_indefinitely()) {
            self.record_fault(format!("the GPU stopped answering: {error}"));
        }
        let mapped = receiver.await;
        if let Some(fault) = self.fault() {
            return Err(TensorError::Device(fault));
        }
        match mapped {
            Ok(Ok(())) => {}
            Ok(Err(error)) => return Err(TensorError::Device(format!("reading a GPU buffer failed: {error}"))),
            Err(_) => return Err(TensorError::Device("the GPU dropped a read".into())),
        }
        let values = {
            let view = staging
                .get_mapped_range(..)
                .map_err(|error| TensorError::Device(format!("reading a GPU buffer failed: {error}")))?;
            bytemuck::cast_slice::<u8, f32>(&view).to_vec()
        };
        staging.unmap();
        Ok(values)
    }
}

fn record_fault(fault: &Mutex<Option<String>>, message: String) {
    let mut fault = fault.lock().unwrap();
    if fault.is_none() {
        *fault = Some(message);
    }
}

/// Rounds a request up to one of four sizes per power of two (at most 25 % waste), so
/// freed buffers fit later requests of about the same size.
fn size_class(bytes: u64) -> u64 {
    let bytes = bytes.max(256);
    let step = (1u64 << (63 - bytes.leading_zeros())) / 4;
    bytes.next_multiple_of(step)
}

/// Workgroups for `count` invocations of a one-dimensional kernel: x is capped at the
/// per-dimension limit and y takes the rest (kernels rebuild the flat index).
pub(crate) fn grid(count: usize) -> [u32; 3] {
    let groups = count.div_ceil(WORKGROUP as usize) as u32;
    if groups <= 65535 { [groups, 1, 1] } else { [65535, groups.div_ceil(65535), 1] }
}

#[cfg(test)]
mod tests {
    use super::size_class;

    #[test]
    fn size_classes_round_up_by_at_most_a_quarter() {
        assert_eq!(size_class(4), 256);
        assert_eq!(size_class(1000), 1024);
        assert_eq!(size_class(1025), 1280);
        for bytes in [300u64, 4097, 1 << 20, (1 << 20) + 1, 123_456_789] {
            let class = size_class(bytes);
            assert!(class >= bytes && class as f64 <= bytes as f64 * 1.25 + 256.0, "{bytes} -> {class}");
        }
    }
}
