// Shared pieces of the end-to-end scripts: serve dist/, launch headless Chromium, and
// drive a page with polling helpers that fail with a readable message.

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = '/usr/bin/chromium';
// The network flags keep Chromium from calling home: on a closed network that floods the log.
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];
export const POLL_MS = 250;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** A failed check: its message is the whole report, no stack needed. */
export class Failure extends Error {}
export const fail = (message) => {
  throw new Failure(message);
};
export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The Content-Security-Policy `cargo xtask serve` sends (Trunk.toml's [serve.headers]): no
 * inline script or style, no eval. Every file the tests serve carries it, so a page that
 * breaks it logs a console error ("Refused to …"), which fails the test.
 */
export async function contentSecurityPolicy() {
  const trunk = await readFile(join(ROOT, 'Trunk.toml'), 'utf8');
  const policy = /^Content-Security-Policy = "(.+)"$/m.exec(trunk)?.[1];
  if (!policy) fail('Trunk.toml has no Content-Security-Policy header under [serve.headers]');
  return policy;
}

/**
 * Serves `dist` on 127.0.0.1 at an ephemeral port (a secure origin, as WebGPU needs) with
 * the app's Content-Security-Policy; `frameSrc` lists the other origins its pages may frame
 * (a course page framing the playground from another origin).
 */
export async function serveDist(dist, { frameSrc = [] } = {}) {
  await readFile(join(dist, 'index.html')).catch(() =>
    fail(`${dist}/index.html is missing: build the app first (trunk build --release)`),
  );
  const policy = [await contentSecurityPolicy(), ...(frameSrc.length > 0 ? [`frame-src 'self' ${frameSrc.join(' ')}`] : [])];
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(dist, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(dist + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      const headers = { 'content-type': type, 'cache-control': 'no-store' };
      response.writeHead(200, { ...headers, 'content-security-policy': policy.join('; ') }).end(body);
    } catch {
      // No favicon is shipped; a 404 for it would show up as a console error.
      response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    }
  });
  return new Promise((ready, error) => {
    server.once('error', error);
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}

/** Launches Chromium with `extraArgs`; resolves to `{ context, close }`. */
export async function launch(extraArgs) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'nnplay-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
    viewport: { width: 1280, height: 900 },
  });
  const close = async () => {
    await context.close().catch(() => {});
    await rm(userDataDir, { recursive: true, force: true });
  };
  return { context, close };
}

/** Installed before any page script: records long tasks so we can report main-thread stalls. */
export function recordLongTasks() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
}

/**
 * Wraps `page` with checks: page errors and console errors fail the next check (unless
 * `allowError` accepts the text); `value`, `text` and `waitFor` poll the DOM.
 */
export function driver(page, label, { allowError = () => false } = {}) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('crash', () => errors.push('page crashed'));
  page.on('console', (message) => {
    const type = message.type();
    if (type === 'error' && !allowError(message.text())) errors.push(`console.error: ${message.text()}`);
    if (type === 'error' || type === 'warning') console.log(`  [${label} ${type}] ${message.text()}`);
  });
  const checkErrors = () => {
    if (errors.length > 0) fail(`the page reported errors:\n  ${errors.join('\n  ')}`);
  };
  /** The number in `selector`'s data-value; fails when it is not one. */
  const value = async (selector) => {
    const text = await page.getAttribute(selector, 'data-value', { timeout: 1000 });
    const number = Number.parseFloat(text ?? '');
    if (!Number.isFinite(number)) fail(`${selector} has data-value=${JSON.stringify(text)}, not a number`);
    return number;
  };
  /**
   * The text of `selector`, or null when it is not on the page. It looks once, without
   * waiting (a short wait for the selector timed out on a busy machine although the
   * element was there).
   */
  const text = async (selector) => {
    const element = await page.$(selector);
    return element ? element.textContent().catch(() => null) : null;
  };
  /** Polls `test` until it returns something other than false/undefined, and returns that. */
  const waitFor = async (what, timeoutMs, test) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      checkErrors();
      const result = await test();
      if (result !== false && result !== undefined && result !== null) return result;
      if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await sleep(POLL_MS);
    }
  };
  const longTasksSoFar = () => page.evaluate(() => window.__longTasks?.length ?? 0);
  const longTasksSince = (from) => page.evaluate((start) => window.__longTasks?.slice(start) ?? null, from);
  return { checkErrors, value, text, waitFor, longTasksSoFar, longTasksSince };
}

/** "3 (max 105 ms)", or why there is no figure. */
export function longTaskReport(tasks) {
  if (tasks === null) return 'not supported by this browser';
  return `${tasks.length} (max ${Math.max(0, ...tasks).toFixed(0)} ms)`;
}

/** Runs `main` under a watchdog, printing `name: passed/FAILED` and setting the exit code. */
export function runScript(name, limitMs, main) {
  // A hung browser must not hang CI.
  const watchdog = setTimeout(() => {
    console.error(`${name}: FAILED: gave up after ${limitMs / 60_000} minutes`);
    process.exit(1);
  }, limitMs);
  watchdog.unref();
  main().then(
    () => process.exit(0),
    (error) => {
      console.error(`${name}: FAILED: ${error instanceof Failure ? error.message : error.stack}`);
      process.exit(1);
    },
  );
}

/**
 * Runs `body(context, page)` in a fresh Chromium launched with `args` (with `init` run
 * before any page script), saving its newest page as `target/e2e/SHOT-failure.png` when
 * `body` fails, and closing the browser in any case. Returns what `body` returns.
 */
export async function inBrowser(name, shot, { args = ['--disable-gpu'], init = null } = {}, body) {
  const { context, close } = await launch(args);
  if (init) await context.addInitScript(init);
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await mkdir(join(ROOT, 'target/e2e'), { recursive: true });
    return await body(context, page);
  } catch (error) {
    const newest = context.pages().at(-1) ?? page;
    const path = join(ROOT, 'target/e2e', `${shot}-failure.png`);
    if (await newest.screenshot({ path, fullPage: true }).catch(() => null)) {
      console.error(`${name}: screenshot of the failure: ${path}`);
    }
    throw error;
  } finally {
    await close();
  }
}

/** Prints that the script passed, then its report lines. */
export function passed(name, report) {
  console.log(`${name}: passed`);
  for (const line of report) console.log(`  ${line}`);
}

/**
 * The usual shape of a script: serves `dist`, runs `body(page, url, report)` in
 * [`inBrowser`] (with `grant` permissions for the page's origin), and prints the report
 * lines after `passed`.
 */
export async function inPage(name, shot, dist, { args, grant = [], init } = {}, body) {
  const server = await serveDist(dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const report = [];
  try {
    await inBrowser(name, shot, { args, init }, async (context, page) => {
      if (grant.length > 0) await context.grantPermissions(grant, { origin: url.slice(0, -1) });
      await body(page, url, report);
    });
  } finally {
    server.close();
  }
  passed(name, report);
}

/** Saves a full-page screenshot as target/e2e/NAME and notes its path in `report`. */
export async function shot(page, name, report) {
  const path = join(ROOT, 'target/e2e', name);
  await mkdir(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: true });
  report.push(`screenshot              ${path}`);
}
