// @ts-check
/**
 * The Throughput view's script (bundled with Chart.js by scripts/build.mjs into
 * dist/media/throughputView.js; it runs in the webview under a CSP that allows this one script by
 * nonce). The extension posts { type: 'update', model } (see src/workers/throughputModel.ts):
 * a small chart per transport and per worker, messages handled and failed per minute and the mean
 * wait, redrawn in place. Text is written with textContent only.
 */
import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

// eslint-disable-next-line no-undef
const vscode = acquireVsCodeApi();
const root = /** @type {HTMLElement} */ (document.getElementById('root'));
/** @type {Map<string, { card: HTMLElement, chart: Chart }>} */
const charts = new Map();

/** @param {string} name @param {string} fallback */
function color(name, fallback) {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

/** @param {string} tag @param {string} [className] @param {string} [text] */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

/** @param {any} series */
function datasets(series) {
  return [
    {
      label: 'handled/min',
      data: series.handled,
      borderColor: color('--vscode-charts-green', '#89d185'),
      yAxisID: 'y',
    },
    { label: 'failed/min', data: series.failed, borderColor: color('--vscode-charts-red', '#f14c4c'), yAxisID: 'y' },
    {
      label: 'wait (s)',
      data: series.waitMs.map((/** @type {number|null} */ ms) => (ms === null ? null : ms / 1000)),
      borderColor: color('--vscode-charts-blue', '#3794ff'),
      borderDash: [4, 3],
      yAxisID: 'wait',
    },
  ].map((d) => ({ ...d, pointRadius: 0, borderWidth: 1.5, tension: 0.25, spanGaps: true }));
}

/** @param {any} series */
function labels(series) {
  return series.minutes.map((/** @type {number} */ m) => new Date(m).toTimeString().slice(0, 5));
}

/** A card with its title, its facts and its chart, created once and updated after. @param {string} key @param {any} item */
function card(key, item) {
  let entry = charts.get(key);
  if (entry === undefined) {
    const box = el('section', 'card');
    const canvas = document.createElement('canvas');
    const frame = el('div', 'chart');
    frame.append(canvas);
    box.append(el('h2'), el('p', 'facts'), frame);
    const foreground = color('--vscode-foreground', '#ccc');
    const chart = new Chart(canvas, {
      type: 'line',
      data: { labels: labels(item.series), datasets: datasets(item.series) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { labels: { color: foreground, boxWidth: 10, font: { size: 10 } } } },
        scales: {
          x: { ticks: { color: foreground, maxTicksLimit: 6, font: { size: 9 } }, grid: { display: false } },
          y: { beginAtZero: true, ticks: { color: foreground, precision: 0, font: { size: 9 } } },
          wait: {
            position: 'right',
            beginAtZero: true,
            grid: { display: false },
            ticks: { color: foreground, font: { size: 9 } },
          },
        },
      },
    });
    entry = { card: box, chart };
    charts.set(key, entry);
  } else {
    entry.chart.data.labels = labels(item.series);
    entry.chart.data.datasets.forEach((dataset, i) => {
      dataset.data = datasets(item.series)[i].data;
    });
    entry.chart.update('none');
  }
  const [title, facts] = entry.card.children;
  title.textContent = item.title;
  facts.textContent = item.facts;
  entry.card.classList.toggle('warning', item.warning === true);
  return entry.card;
}

/** @param {any} model */
function render(model) {
  const cards = [];
  const keys = new Set();
  if (model.transports.length > 0) cards.push(el('h1', undefined, 'Transports'));
  for (const t of model.transports) {
    keys.add(`t:${t.name}`);
    cards.push(card(`t:${t.name}`, t));
  }
  if (model.workers.length > 0) cards.push(el('h1', undefined, 'Workers started here'));
  for (const w of model.workers) {
    keys.add(`w:${w.id}`);
    cards.push(card(`w:${w.id}`, w));
  }
  for (const [key, entry] of charts)
    if (!keys.has(key)) {
      entry.chart.destroy();
      charts.delete(key);
    }
  if (cards.length === 0) cards.push(el('p', 'muted', model.empty));
  root.replaceChildren(...cards);
  // biome-ignore lint/performance/useDomNodeTextContent: the test wants the text as rendered.
  if (model.report) vscode.postMessage({ type: 'rendered', charts: charts.size, text: root.innerText });
}

window.addEventListener('message', (event) => {
  if (event.data?.type === 'update') render(event.data.model);
});
vscode.postMessage({ type: 'ready' });
