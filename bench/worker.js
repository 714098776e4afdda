// The benchmark's Web Worker: loads the wasm_bench module (wasm-bindgen --target web,
// served under /pkg/) and answers the page's calls with the exports' results.
import init, { openGpu, specSteps } from '/pkg/wasm_bench.js';

/**
 * What the browser says about its WebGPU adapter (wgpu leaves the name empty on the web),
 * asked the way the engine asks: a fallback (software) adapter only if there is no other.
 */
async function adapterInfo() {
  const gpu = navigator.gpu;
  const adapter = gpu && ((await gpu.requestAdapter()) ?? (await gpu.requestAdapter({ forceFallbackAdapter: true })));
  if (!adapter) return '';
  const { vendor, architecture, description } = adapter.info ?? {};
  return [vendor, architecture, description].filter(Boolean).join(' ');
}

const EXPORTS = { adapterInfo, openGpu, specSteps };
const ready = init();

self.onmessage = async ({ data: { id, name, args } }) => {
  try {
    await ready;
    const run = EXPORTS[name];
    if (!run) throw new Error(`no benchmark export named ${name}`);
    self.postMessage({ id, value: await run(...args) });
  } catch (error) {
    self.postMessage({ id, error: String(error?.message ?? error) });
  }
};
