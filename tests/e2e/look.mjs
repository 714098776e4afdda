// End-to-end: the page's look. Each view (the gallery, the 2-D playground, cnn-digits with
// its model views, the GRU example, transformer-en and the model builder) in the light and
// the dark theme (the system's, emulated) at 360 and 1440 px wide: no horizontal scrolling
// (768 and 1920 px are checked for that too), every visible text has WCAG AA contrast
// against its background (4.5:1, 3:1 for large text), and every control's edge 3:1; a
// screenshot of each goes to target/e2e/look-THEME-WIDTH-VIEW.png. Last, the header's
// theme button switches the theme, the address keeps `theme=`, a reload keeps the pick,
// and a link's `theme=` wins over it.
// Usage: node tests/e2e/look.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, runScript } from './harness.mjs';
import { BUTTON_MS, session } from './runs.mjs';

const NAME = 'e2e look';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const SHOTS = join(ROOT, 'target/e2e');
const THEMES = ['light', 'dark'];
/** Widths checked in full (contrast and a screenshot), and those checked for scrolling only. */
const WIDTHS = [360, 1440];
const MORE_WIDTHS = [768, 1920];
const HEIGHT = 900;

/** The views: where each opens, the run it waits for, and what shows it is ready. */
const VIEWS = [
  { name: 'gallery', query: '', ready: '#gallery' },
  { name: 'playground', query: '?example=playground', run: 'playground', ready: '#neurons' },
  { name: 'cnn-digits', query: '?preset=cnn-digits', run: 'preset:cnn-digits', ready: '#drawing-pad' },
  { name: 'gru', query: '?example=gru', run: 'gru', ready: '#recurrent' },
  { name: 'transformer-en', query: '?preset=transformer-en', run: 'preset:transformer-en', ready: '#attention' },
  // The builder of the cnn-digits run that the view before left open.
  { name: 'builder', ready: '.builder-layer', open: async (page) => page.click('#model-editor > summary') },
];

async function run(page, url, report) {
  const d = driver(page, 'page');
  const checked = { texts: 0, controls: 0 };
  for (const view of VIEWS) {
    await page.emulateMedia({ colorScheme: THEMES[0] });
    await page.setViewportSize({ width: WIDTHS[0], height: HEIGHT });
    await open(page, d, url, view);
    // The system switches while the page is open: the page follows it.
    for (const theme of THEMES) {
      await page.emulateMedia({ colorScheme: theme });
      await d.waitFor(`${view.name}: data-theme=${theme} as the system asks`, BUTTON_MS, async () =>
        (await page.getAttribute('html', 'data-theme')) === theme,
      );
      for (const width of [...WIDTHS, ...MORE_WIDTHS]) {
        await page.setViewportSize({ width, height: HEIGHT });
        const label = `${theme} ${width} px ${view.name}`;
        const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
        if (scroll > width) {
          const wide = await page.evaluate(widerThanViewport);
          fail(`${label}: the page is ${scroll} px wide and scrolls sideways; too wide:\n  ${wide.join('\n  ')}`);
        }
        if (!WIDTHS.includes(width)) continue;
        const { texts, controls, offenders } = await page.evaluate(contrastReport);
        if (offenders.length > 0) fail(`${label}: contrast below WCAG AA:\n  ${offenders.join('\n  ')}`);
        checked.texts += texts;
        checked.controls += controls;
        await page.screenshot({ path: join(SHOTS, `look-${theme}-${width}-${view.name}.png`), fullPage: true });
      }
    }
  }
  report.push(
    `${VIEWS.length} views × ${THEMES.length} themes × widths ${[...WIDTHS, ...MORE_WIDTHS].join('/')} px: no sideways scrolling`,
  );
  report.push(`contrast: ${checked.texts} texts ≥ 4.5:1 (large ≥ 3:1) and ${checked.controls} control edges ≥ 3:1`);
  report.push(`screenshots target/e2e/look-{${THEMES.join(',')}}-{${WIDTHS.join(',')}}-VIEW.png`);
  await checkBuilderInChinese(page, d, report);
  await checkThemeButton(page, d, url, report);
}

/** The builder the last view left open, in Chinese: every label, layer name and menu option. */
async function checkBuilderInChinese(page, d, report) {
  await page.click('#language');
  await d.waitFor('the builder in Chinese', BUTTON_MS, async () =>
    /[\u4e00-\u9fff]/.test((await d.text('#model-editor .builder-layer-kind')) ?? ''),
  );
  const texts = await page.$$eval(
    '#model-editor label, #model-editor .builder-layer-kind, #model-editor option, #model-editor button',
    (nodes) => nodes.map((node) => node.textContent.trim()).filter((text) => text !== ''),
  );
  // Names Chinese readers use as they are, and buttons that are arrows or signs.
  const asIs = /^([A-Z]+|[A-Za-z]*ReLU|tanh|sigmoid|softmax|GELU|ELU|[↑↓✕]|\.json|JSON)$/;
  const english = texts.filter((text) => !/[\u4e00-\u9fff]/.test(text) && !asIs.test(text));
  if (english.length > 0) fail(`the builder still says in English: ${english.join(' | ')}`);
  report.push(`builder in Chinese      ${texts.length} labels, layer names, options and buttons`);
  await page.click('#language');
}

/** Opens `view` (a view without a query opens on the page as it is) and waits until it is ready. */
async function open(page, d, url, view) {
  if (view.query !== undefined) {
    const response = await page.goto(url + view.query);
    if (!response?.ok()) fail(`GET ${url + view.query} answered ${response?.status()}`);
  }
  if (view.run) {
    await session(page, d, view.run);
    // One step, so the model views have something to show.
    await page.click('button#step');
  }
  if (view.open) await view.open(page);
  await d.waitFor(`${view.name}: ${view.ready}`, BUTTON_MS, async () => (await page.$(view.ready)) !== null);
  // Let the last views and charts land before measuring.
  await page.waitForTimeout(500);
}

/** The header's button switches the theme; the address, a reload and a link keep it. */
async function checkThemeButton(page, d, url, report) {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1440, height: HEIGHT });
  await open(page, d, url, VIEWS[1]);
  const state = () =>
    page.evaluate(() => ({
      theme: document.documentElement.dataset.theme,
      pressed: document.querySelector('#theme')?.getAttribute('aria-pressed'),
      background: getComputedStyle(document.documentElement).backgroundColor,
      hash: location.hash,
    }));
  const before = await state();
  if (before.theme !== 'light' || before.pressed !== 'false') fail(`before the click: ${JSON.stringify(before)}`);
  if (before.hash.includes('theme=')) fail(`the system's theme went into the link: ${before.hash}`);
  await page.click('#theme');
  const after = await d.waitFor('the dark theme and theme=dark in the address', BUTTON_MS, async () => {
    const now = await state();
    return now.theme === 'dark' && now.hash.includes('theme=dark') ? now : false;
  });
  if (after.pressed !== 'true') fail(`the theme button is not pressed in the dark theme: ${JSON.stringify(after)}`);
  if (after.background === before.background) fail(`the page background stayed ${after.background}`);
  await page.reload();
  await d.waitFor('the page after the reload', BUTTON_MS, async () => (await page.$('#theme')) !== null);
  const reloaded = await state();
  if (reloaded.theme !== 'dark') fail(`after a reload the page shows ${reloaded.theme}, not the dark theme picked`);
  // A new query makes this a new page load, not a hash change.
  await page.goto(`${url}?example=playground#theme=light`);
  await session(page, d, 'playground');
  const linked = await state();
  if (linked.theme !== 'light') fail(`a link with theme=light shows ${linked.theme}`);
  report.push(
    `theme button            light -> dark (background ${before.background} -> ${after.background}), address ${after.hash.match(/theme=\w+/)[0]}; a reload keeps it, #theme=light wins`,
  );
}

/** Elements reaching past the viewport's right edge (the innermost ones), as selectors. */
function widerThanViewport() {
  const width = document.documentElement.clientWidth;
  const describe = (el) =>
    `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${[...el.classList].map((c) => `.${c}`).join('')}`;
  const wide = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 0.5);
  return wide
    .filter((el) => ![...el.children].some((child) => wide.includes(child)))
    .slice(0, 20)
    .map((el) => `${describe(el)} (right edge at ${el.getBoundingClientRect().right.toFixed(0)} px)`);
}

/**
 * Every visible text's contrast against the background behind it, and every enabled
 * control's edge against the background around it; returns the counts and the offenders.
 * Disabled controls are exempt, as WCAG has it.
 */
function contrastReport() {
  const rgba = (css) => {
    const match = css.match(/^rgba?\(([^)]+)\)$/);
    if (!match) return null;
    const [r, g, b, a = 1] = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = ([r, g, b, a], [br, bg, bb]) => [r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a), 1];
  /** The opaque colour behind `el`'s content: its own background and its ancestors', composed. */
  const backdrop = (el) => {
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const color = rgba(getComputedStyle(node).backgroundColor);
      if (color && color[3] > 0) {
        layers.push(color);
        if (color[3] >= 1) break;
      }
    }
    return layers.reduceRight((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const channel = (v) => {
      const c = v / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const ratio = (a, b) => {
    const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  const describe = (el) => {
    const parts = [];
    for (let node = el; node && node !== document.body && parts.length < 3; node = node.parentElement) {
      parts.unshift(
        `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${[...node.classList].map((c) => `.${c}`).join('')}`,
      );
      if (node.id) break;
    }
    return parts.join(' > ');
  };
  const visible = (el) => {
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 1 && box.height > 1 && style.visibility === 'visible' && Number(style.opacity) > 0;
  };
  const exempt = (el) => el.closest(':disabled, [aria-disabled="true"], option, noscript') !== null;
  const offenders = [];
  let texts = 0;
  let controls = 0;
  const valueTypes = new Set(['text', 'number', 'search', 'email', 'url', 'tel', 'password', '']);
  for (const el of document.querySelectorAll('body *')) {
    if (exempt(el) || !visible(el)) continue;
    const style = getComputedStyle(el);
    const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const field =
      el.tagName === 'SELECT' ||
      el.tagName === 'TEXTAREA' ||
      (el.tagName === 'INPUT' && valueTypes.has(el.getAttribute('type') ?? ''));
    if (ownText || field) {
      const color = rgba(style.color);
      if (color) {
        const behind = backdrop(el);
        const contrast = ratio(over(color, behind), behind);
        const size = Number.parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        const needed = large ? 3 : 4.5;
        texts += 1;
        if (contrast < needed) {
          const text = (el.value ?? el.textContent).trim().slice(0, 40);
          offenders.push(`${describe(el)} "${text}": ${contrast.toFixed(2)}:1 (needs ${needed}) ${style.color} on rgb(${behind.slice(0, 3).map(Math.round)})`);
        }
      }
    }
    if (['BUTTON', 'SELECT', 'INPUT', 'TEXTAREA'].includes(el.tagName) && Number.parseFloat(style.borderTopWidth) > 0) {
      const type = el.getAttribute('type') ?? '';
      if (['checkbox', 'radio', 'range', 'file', 'hidden'].includes(type)) continue;
      const around = backdrop(el.parentElement);
      const border = rgba(style.borderTopColor);
      const fill = backdrop(el);
      if (!border) continue;
      controls += 1;
      // The edge shows if the border or the control's own fill stands out from what is around it.
      const edge = Math.max(ratio(over(border, around), around), ratio(fill, around));
      if (edge < 3) offenders.push(`${describe(el)} (its edge): ${edge.toFixed(2)}:1 (needs 3) ${style.borderTopColor} around rgb(${around.slice(0, 3).map(Math.round)})`);
    }
  }
  return { texts, controls, offenders: offenders.slice(0, 30) };
}

runScript(NAME, 5 * 60_000, () => inPage(NAME, 'look', DIST, {}, run));
