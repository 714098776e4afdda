// Times run specs in headless Chromium on the wasm CPU backend and on WebGPU: serves
// bench/index.html, bench/worker.js and the wasm-bindgen output (--pkg) on 127.0.0.1
// (WebGPU needs a secure origin), then asks the page's worker to time each spec.
// Run by `cargo xtask bench gpu` and `cargo xtask bench --spec FILE`.
//
// Usage: node bench/browser.mjs --pkg DIR [--engines wasm-cpu,webgpu] [--steps N]
//          [--repeats R] [--out FILE] SPEC.json...
// --steps and --repeats as `nnplay bench spec` takes them; 0 (the default) picks them.
// Writes a JSON array of rows (as `nnplay bench spec --json` prints, plus
// {engine, spec, error} for a failed one) to FILE or stdout; progress goes to stderr.
// Exits non-zero only for bad usage or when no row could be measured at all.

import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..');
// playwright-core is installed once, for the end-to-end tests.
const { chromium } = createRequire(join(ROOT, 'tests/e2e/package.json'))('playwright-core');
const CHROMIUM = '/usr/bin/chromium';
// The network flags keep Chromium from calling home: on a closed network that floods the log.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];
// What each engine runs on, and the extra Chromium flags it needs. Without
// --enable-unsafe-webgpu headless Chromium has no adapter; with it, SwiftShader.
const ENGINES = {
  'wasm-cpu': { backend: 'cpu', args: [] },
  webgpu: { backend: 'gpu', args: ['--enable-unsafe-webgpu'] },
};
// One spec on one engine may take this long before it counts as hung.
const SPEC_TIMEOUT_MS = 300_000;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
};

function usage(message) {
  console.error(`browser.mjs: ${message}`);
  console.error(
    'usage: node bench/browser.mjs --pkg DIR [--engines wasm-cpu,webgpu] [--steps N] [--repeats R] [--out FILE] SPEC.json...',
  );
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        pkg: { type: 'string' },
        engines: { type: 'string', default: 'wasm-cpu,webgpu' },
        steps: { type: 'string', default: '0' },
        repeats: { type: 'string', default: '0' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    usage(error.message);
  }
  const { values, positionals } = parsed;
  if (!values.pkg) usage('--pkg DIR (the wasm-bindgen --target web output of wasm_bench) is required');
  if (positionals.length === 0) usage('no spec files given');
  const engines = values.engines.split(',').filter(Boolean);
  for (const engine of engines) {
    if (!ENGINES[engine]) usage(`unknown engine ${engine} (known: ${Object.keys(ENGINES).join(', ')})`);
  }
  const count = (name, min) => {
    const value = Number(values[name]);
    if (!Number.isInteger(value) || value < min) usage(`--${name} must be a whole number ≥ ${min}, not ${values[name]}`);
    return value;
  };
  return {
    pkg: resolve(values.pkg),
    engines,
    steps: count('steps', 0),
    repeats: count('repeats', 0),
    out: values.out && resolve(values.out),
    specs: positionals.map((path) => resolve(path)),
  };
}

/** Serves the page, its worker and `pkg` under /pkg/ on 127.0.0.1 at an ephemeral port. */
function serve(pkg) {
  const files = { '/': join(HERE, 'index.html'), '/worker.js': join(HERE, 'worker.js') };
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const name = path.startsWith('/pkg/') ? path.slice('/pkg/'.length) : null;
    // Only plain file names under /pkg/: no way out of the folder.
    const file = files[path] ?? (name && /^[\w.-]+$/.test(name) ? join(pkg, name) : null);
    try {
      if (!file) throw new Error('not served');
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    }
  });
  return new Promise((ready, error) => {
    server.once('error', error);
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The first line of a failed call's message, without Playwright's `page.evaluate: Error: `. */
function reason(error) {
  return String(error?.message ?? error)
    .split('\n')[0]
    .replace(/^page\.evaluate: (Error: )?/, '');
}

/** Times every spec on one engine in a fresh browser; resolves to its rows. */
async function runEngine(engine, url, specs, opts) {
  const { backend, args } = ENGINES[engine];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS, ...args] });
  const rows = [];
  try {
    const page = await browser.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') console.error(`  [${engine} console] ${message.text()}`);
    });
    page.on('pageerror', (error) => console.error(`  [${engine} page error] ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => typeof window.benchCall === 'function');
    const call = (name, ...callArgs) =>
      withTimeout(
        page.evaluate(([n, ...a]) => window.benchCall(n, ...a), [name, ...callArgs]),
        SPEC_TIMEOUT_MS,
        `${engine} ${name}`,
      );
    let label = null;
    if (backend === 'gpu') {
      const adapter = await call('openGpu').catch((error) => {
        for (const { name } of specs) rows.push({ engine, spec: name, error: `no WebGPU adapter: ${reason(error)}` });
        return null;
      });
      if (adapter === null) return rows;
      label = `${await call('adapterInfo')} ${adapter}`.trim();
      console.error(`  ${engine}: ${label}`);
    }
    for (const { name, text } of specs) {
      try {
        const row = JSON.parse(await call('specSteps', name, text, backend, opts.steps, opts.repeats));
        if (label) row.adapter = label;
        console.error(`  ${engine} ${name}: ${row.ms_per_step.toFixed(3)} ms/step (${row.repeats}×${row.steps} steps)`);
        rows.push(row);
      } catch (error) {
        const message = reason(error);
        console.error(`  ${engine} ${name}: FAILED: ${message}`);
        rows.push({ engine, spec: name, error: message });
      }
    }
  } finally {
    await browser.close().catch(() => {});
  }
  return rows;
}

async function main() {
  const opts = options();
  const specs = await Promise.all(
    opts.specs.map(async (path) => ({
      name: basename(path, extname(path)),
      text: await readFile(path, 'utf8').catch((error) => usage(`cannot read spec file ${path}: ${error.message}`)),
    })),
  );
  await readFile(join(opts.pkg, 'wasm_bench.js')).catch(() =>
    usage(`${opts.pkg}/wasm_bench.js is missing: build wasm_bench and run wasm-bindgen --target web into it`),
  );
  const server = await serve(opts.pkg);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const rows = [];
  try {
    for (const engine of opts.engines) rows.push(...(await runEngine(engine, url, specs, opts)));
  } finally {
    server.close();
  }
  const json = JSON.stringify(rows, null, 1);
  if (opts.out) {
    await mkdir(dirname(opts.out), { recursive: true });
    await writeFile(opts.out, json);
  } else {
    console.log(json);
  }
  if (rows.every((row) => row.error)) {
    console.error('browser.mjs: no spec could be timed');
    process.exit(1);
  }
}

main().catch((error) => {
  console.error(`browser.mjs: ${error.stack ?? error}`);
  process.exit(1);
});
