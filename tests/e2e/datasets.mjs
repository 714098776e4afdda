// End-to-end: the run library on the CPU. Opens a preset from the address (?preset=) and
// from its menu and trains it until the loss falls; trains the digits dataset (its packed
// file fetched from data/); uploads a small CSV and trains on it; uploads a malformed CSV
// and checks the error names the line while the previous run goes on; trains on an
// uploaded text, image files named by class and a folder of class folders; downloads the
// PyTorch export (a zip holding model.py) and checkpoints; loads the checkpoints back (the
// CSV run's with its data uploaded again) and checks the step counter continues from the
// saved step.
// Usage: node tests/e2e/datasets.mjs [dist-dir]   (exits non-zero on any failure)

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, runScript, shot } from './harness.mjs';
import { BUILD_MS, BUTTON_MS, describe, session, trainUntilLossFalls } from './runs.mjs';

const NAME = 'e2e datasets';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));

async function main() {
  const files = await mkdtemp(join(tmpdir(), 'nnplay-datasets-'));
  try {
    // No GPU: the library's paths are the same on both engines; gpu.mjs covers the GPU.
    await inPage(NAME, 'datasets', DIST, {}, (page, url, report) => run(page, url, files, report));
  } finally {
    await rm(files, { recursive: true, force: true });
  }
}

async function run(page, url, files, report) {
  const d = driver(page, 'page');
  const response = await page.goto(`${url}?example=playground`);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
  await session(page, d, 'playground');

  // The presets the page lists (whatever nnplay_train::presets::all() holds now).
  const presets = await page.$$eval('select#preset option', (options) =>
    options.filter((o) => o.value !== '').map((o) => ({ name: o.value, title: o.textContent.trim() })),
  );
  if (presets.length === 0) fail('select#preset lists no presets');
  const preset = presets[0];
  report.push(`presets listed          ${presets.map((p) => p.name).join(', ')}`);

  // ?preset=NAME opens it; an unknown name is named in the error.
  await page.goto(`${url}?preset=${encodeURIComponent(preset.name)}`);
  await session(page, d, `preset:${preset.name}`);
  await page.goto(`${url}?preset=no-such-preset`);
  const unknown = await d.waitFor('the error for ?preset=no-such-preset', BUILD_MS, async () => {
    const text = await d.text('#load-error');
    return text?.includes('no preset called "no-such-preset"') ? text.trim() : false;
  });
  report.push(`?preset=no-such-preset  "${unknown}"`);
  await session(page, d, 'playground');

  // The preset from its menu: its texts show, and it learns.
  await page.selectOption('select#preset', preset.name);
  await session(page, d, `preset:${preset.name}`);
  const info = (await d.text('#run-info')) ?? '';
  for (const part of [preset.title, 'What to look at', 'Expected outcome']) {
    if (!info.includes(part)) fail(`#run-info does not show "${part}": ${info.slice(0, 300)}`);
  }
  if (!page.url().includes(`preset=${preset.name}`)) fail(`the address does not name the preset: ${page.url()}`);
  report.push(describe(`preset ${preset.name}`, await trainUntilLossFalls(page, d, preset.name)));
  await shot(page, 'datasets-preset.png', report);

  // A packed dataset: digits.bin is fetched from data/.
  await page.selectOption('select#data-menu', 'digits');
  await session(page, d, 'dataset:digits');
  const digitsInfo = (await d.text('#run-info')) ?? '';
  if (!digitsInfo.includes('Handwritten digits')) fail(`#run-info does not describe the digits: ${digitsInfo.slice(0, 200)}`);
  if (!(await page.$('canvas#preview'))) fail('the digits show no preview canvas');
  report.push(describe('dataset digits', await trainUntilLossFalls(page, d, 'digits')));
  await shot(page, 'datasets-digits.png', report);

  const exported = await download(page, d, '#download-export', files);
  if (exported.name !== 'digits-pytorch.zip') fail(`the export is called ${exported.name}`);
  checkZip(exported.bytes, ['model.py', 'weights.safetensors', 'spec.json', 'README.md']);
  report.push(`export                  ${exported.name}, ${exported.bytes.length} bytes, holds model.py`);
  const digitsCheckpoint = await checkpoint(page, d, 'digits', files);
  report.push(`checkpoint              ${digitsCheckpoint.name}, ${digitsCheckpoint.bytes.length} bytes`);

  // The learner's own CSV.
  const good = join(files, 'points.csv');
  await writeFile(good, pointsCsv(200));
  await page.setInputFiles('#upload', good);
  await session(page, d, 'import:points.csv');
  if (!((await d.text('#run-info')) ?? '').includes('Your data')) fail('#run-info does not say it is your data');
  report.push(describe('upload points.csv', await trainUntilLossFalls(page, d, 'points.csv')));
  const stepsBefore = await d.value('#step-count');

  // A malformed CSV: the error names file, line and column; the previous run survives.
  const bad = join(files, 'bad.csv');
  await writeFile(bad, 'x,y,label\n0.1,0.2,a\n0.3,0.4,b\n0.5,abc,a\n');
  await page.setInputFiles('#upload', bad);
  const error = await d.waitFor('the import error', BUILD_MS, async () => {
    const text = await d.text('#load-error');
    return text ? text.trim() : false;
  });
  if (!/bad\.csv line 4, column 2/.test(error)) fail(`the error does not name line 4, column 2: ${error}`);
  const badge = await page.getAttribute('#backend-badge', 'data-example');
  if (badge !== 'import:points.csv') fail(`after the bad upload the run is ${badge}, not points.csv`);
  if ((await d.value('#step-count')) !== stepsBefore) fail('the bad upload changed the current run');
  await page.click('button#step');
  await d.waitFor('a step of the surviving run', BUTTON_MS, async () => (await d.value('#step-count')) > stepsBefore);
  report.push(`malformed upload        "${error}"; points.csv trains on`);
  await page.setInputFiles('#load-checkpoint', bad);
  const notCheckpoint = await d.waitFor('the error for a file that is no checkpoint', BUILD_MS, async () => {
    const text = await d.text('#load-error');
    return text?.startsWith('bad.csv: checkpoint:') ? text.trim() : false;
  });
  if ((await page.getAttribute('#backend-badge', 'data-example')) !== 'import:points.csv') fail('a bad checkpoint replaced the run');
  report.push(`not a checkpoint        "${notCheckpoint}"`);
  // The same upload on a Chinese page: the importer's English sentence is said in Chinese.
  await page.click('#language');
  await page.setInputFiles('#upload', bad);
  const chinese = await d.waitFor('the import error in Chinese', BUILD_MS, async () => {
    const text = await d.text('#load-error');
    return text?.includes('bad.csv 第 4 行第 2 列') ? text.trim() : false;
  });
  if (/expected|found|line/.test(chinese)) fail(`the Chinese import error still holds English: ${chinese}`);
  report.push(`malformed upload, 中文  "${chinese}"`);
  await page.click('#language');
  const csvCheckpoint = await checkpoint(page, d, 'points', files);

  // A text, image files named by class, and a folder of class folders.
  const poem = join(files, 'poem.txt');
  await writeFile(poem, 'the cat sat on the mat. the dog sat on the log.\n'.repeat(40));
  await page.setInputFiles('#upload', poem);
  await session(page, d, 'import:poem.txt');
  report.push(describe('upload poem.txt', await trainUntilLossFalls(page, d, 'poem.txt')));
  const images = [];
  for (let i = 0; i < 12; i++) {
    const shade = i % 2 === 0 ? 30 : 220;
    const path = join(files, `${i % 2 === 0 ? 'dark' : 'light'}_${i}.bmp`);
    await writeFile(path, bmp(8, 8, (x, y) => shade + ((x * 7 + y * 13 + i) % 20)));
    images.push(path);
  }
  await page.setInputFiles('#upload', images);
  await session(page, d, `import:${images.length} images`);
  report.push(describe(`upload ${images.length} images`, await trainUntilLossFalls(page, d, 'images')));
  const folder = join(files, 'pets');
  for (const [kind, shade] of [['cats', 40], ['dogs', 200]]) {
    await mkdir(join(folder, kind), { recursive: true });
    for (let i = 0; i < 4; i++) await writeFile(join(folder, kind, `${i}.bmp`), bmp(8, 8, (x) => shade + x));
  }
  await page.setInputFiles('#upload-folder', folder);
  await session(page, d, 'import:pets');
  report.push('upload folder pets      classes cats and dogs from sub-folders');

  // The CSV run's checkpoint needs its data: refused with the fix, resumed once uploaded.
  await page.setInputFiles('#load-checkpoint', csvCheckpoint.path);
  const needsData = await d.waitFor('the error asking for points.csv', BUILD_MS, async () => {
    const text = await d.text('#load-error');
    return text?.includes('upload points.csv first') ? text.trim() : false;
  });
  if ((await page.getAttribute('#backend-badge', 'data-example')) !== 'import:pets') fail('the refused checkpoint replaced the run');
  report.push(`checkpoint without data "${needsData}"`);
  await page.setInputFiles('#upload', good);
  await session(page, d, 'import:points.csv');
  await resume(page, d, csvCheckpoint, report);

  // The digits checkpoint resumes after other runs, from its own step.
  await resume(page, d, digitsCheckpoint, report);
  const after = await trainUntilLossFalls(page, d, 'resumed digits', { fall: false });
  if (!(after.steps > digitsCheckpoint.step)) fail(`the resumed run is at step ${after.steps}`);
  report.push(`resumed digits          trained on to step ${after.steps}`);
  await shot(page, 'datasets-checkpoint.png', report);
  d.checkErrors();
}

/** Clicks `button` and returns the download it offers, saved under `dir`. */
async function download(page, d, button, dir) {
  const [offered] = await Promise.all([page.waitForEvent('download', { timeout: BUILD_MS }), page.click(button)]);
  const name = offered.suggestedFilename();
  const path = join(dir, name);
  await offered.saveAs(path);
  const bytes = await readFile(path);
  if (bytes.length === 0) fail(`${name} is empty`);
  await d.waitFor(`the status line to name ${name}`, BUTTON_MS, async () => (await d.text('#load-status'))?.includes(name));
  return { name, path, bytes };
}

/** Downloads the current run's checkpoint and checks its name carries the step shown. */
async function checkpoint(page, d, stem, dir) {
  const step = await d.value('#step-count');
  const saved = await download(page, d, '#download-checkpoint', dir);
  const match = /^(.+)-step(\d+)\.nnplay\.safetensors$/.exec(saved.name);
  if (!match || match[1] !== stem) fail(`the checkpoint is called ${saved.name}, expected ${stem}-stepN`);
  if (Number(match[2]) !== step) fail(`${saved.name} is not of the step shown, ${step}`);
  return { ...saved, step };
}

/** Loads a checkpoint back and checks the run continues from its step. */
async function resume(page, d, saved, report) {
  await page.setInputFiles('#load-checkpoint', saved.path);
  await session(page, d, `checkpoint:${saved.name}`);
  const step = await d.value('#step-count');
  if (step !== saved.step) fail(`${saved.name} resumed at step ${step}, not ${saved.step}`);
  await page.click('button#step');
  await d.waitFor(`step ${saved.step + 1} after resuming`, BUTTON_MS, async () => (await d.value('#step-count')) === saved.step + 1);
  report.push(`resumed                 ${saved.name} at step ${step}, then ${step + 1}`);
}

/** Fails unless `bytes` is a zip archive whose central directory names every one of `names`. */
function checkZip(bytes, names) {
  if (bytes.readUInt32LE(0) !== 0x04034b50) fail('the export is not a zip archive');
  const entry = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  const found = [];
  for (let at = bytes.indexOf(entry); at >= 0; ) {
    const length = bytes.readUInt16LE(at + 28);
    found.push(bytes.subarray(at + 46, at + 46 + length).toString('utf8'));
    at = bytes.indexOf(entry, at + 46 + length);
  }
  for (const name of names) if (!found.includes(name)) fail(`the export lacks ${name}: it holds ${found.join(', ')}`);
}

/** A `width`×`height` grey BMP (24 bits, bottom-up rows) whose pixel (x, y) is `shade(x, y)`. */
function bmp(width, height, shade) {
  const row = Math.ceil((3 * width) / 4) * 4;
  const bytes = Buffer.alloc(54 + row * height);
  bytes.write('BM', 0, 'latin1');
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(54, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(24, 28);
  bytes.writeUInt32LE(row * height, 34);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const value = Math.max(0, Math.min(255, Math.round(shade(x, y))));
      bytes.fill(value, 54 + (height - 1 - y) * row + 3 * x, 54 + (height - 1 - y) * row + 3 * x + 3);
    }
  }
  return bytes;
}

/** `n` points of two classes split by the line x + y = 0. */
function pointsCsv(n) {
  const rows = ['x,y,side'];
  for (let i = 0; i < n; i++) {
    const x = Math.sin(i * 12.9898) * 2;
    const y = Math.cos(i * 78.233) * 2;
    rows.push(`${x.toFixed(3)},${y.toFixed(3)},${x + y > 0 ? 'above' : 'below'}`);
  }
  return `${rows.join('\n')}\n`;
}

runScript(NAME, 10 * 60_000, main);
