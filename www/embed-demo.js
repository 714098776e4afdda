// The course demo's own script: buttons that command the embedded playgrounds and a log
// of the events they send. Text only (textContent), no inline style or script.

'use strict';

/** The event types the playground sends (see embed.js). */
const TYPES = ['ready', 'step', 'metrics', 'target-reached', 'error'];
/** Step and metrics entries kept in the log; the others (ready, errors, goals) all stay. */
const MAX_FREQUENT = 100;

// ?app=URL frames the playground from another address (the end-to-end test serves it from
// a second origin). This runs before embed.js defines the element, so each loads once.
const app = new URLSearchParams(location.search).get('app');
if (app) {
  for (const element of document.querySelectorAll('nn-playground')) element.setAttribute('src', app);
}

const log = document.getElementById('log');
const lastSteps = document.getElementById('last-steps');
const steps = new Map();

for (const type of TYPES) {
  document.addEventListener(`nnp-${type}`, (event) => record(event.target.id, type, event.detail));
}

/** Adds an entry to the log: the element's id, the type, and the message as JSON. */
function record(id, type, detail) {
  const item = document.createElement('li');
  item.dataset.embed = id;
  item.dataset.type = type;
  item.dataset.time = String(performance.now());
  const name = document.createElement('strong');
  name.textContent = `${id} ${type}`;
  const message = document.createElement('code');
  message.textContent = JSON.stringify(detail);
  item.append(name, ' ', message);
  log.append(item);
  if (type === 'step') {
    steps.set(id, detail.step);
    lastSteps.textContent = [...steps].map(([embed, step]) => `${embed}: step ${step}`).join(' · ');
  }
  const frequent = log.querySelectorAll('li[data-type="step"], li[data-type="metrics"]');
  for (let i = 0; i < frequent.length - MAX_FREQUENT; i++) frequent[i].remove();
}

document.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-embed][data-command]');
  if (!button) return;
  const playground = document.getElementById(button.dataset.embed);
  const command = button.dataset.command;
  if (command === 'set') {
    const text = button.dataset.value;
    const number = Number(text);
    playground.set(button.dataset.field, text !== '' && Number.isFinite(number) ? number : text);
  } else if (['play', 'pause', 'reset', 'step'].includes(command)) {
    playground[command]();
  }
});
