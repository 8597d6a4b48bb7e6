// @ts-check
/**
 * The failed-message panel's script (it runs inside the webview, under a CSP that allows it by
 * nonce and nothing else). The extension posts { type: 'show', model, report } (see
 * src/failed/PanelSession.ts), { type: 'busy', id, action } and { type: 'result', id, text, ok,
 * done }; the buttons post { type: 'retry' } and { type: 'remove' }, a trace line that names a
 * file { type: 'openFrame', file, line, column }. Everything is written with
 * textContent: no string from a message ever becomes HTML. Only when `report` is set (the
 * extension's test mode) does it post back what it drew, { type: 'rendered', id, text }: that
 * text is the whole message, body included, and has no business leaving the webview otherwise.
 */
(() => {
  // eslint-disable-next-line no-undef
  const vscode = acquireVsCodeApi();
  const root = /** @type {HTMLElement} */ (document.getElementById('root'));
  /** @type {any} */
  let model;
  let report = false;

  /** @param {string} tag @param {string} [className] @param {string} [text] */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /** @param {string} title @param {...Node} children */
  function section(title, ...children) {
    const box = el('section');
    box.append(el('h2', undefined, title), ...children);
    return box;
  }

  /** @param {{ kind: string, text: string }[]} tokens */
  function json(tokens) {
    const pre = el('pre', 'json');
    for (const token of tokens)
      pre.append(
        token.kind === 'space' ? document.createTextNode(token.text) : el('span', `json-${token.kind}`, token.text),
      );
    return pre;
  }

  /**
   * A trace, a line each; a line that names a file and line is a link that opens it.
   * @param {{ text: string, frame?: { file: string, line: number, column: number } }[]} lines
   * @param {string} empty
   */
  function trace(lines, empty) {
    const pre = el('pre', 'trace');
    if (lines.length === 0) pre.textContent = empty;
    for (const line of lines) {
      const frame = line.frame;
      if (frame === undefined) {
        pre.append(document.createTextNode(`${line.text}\n`));
        continue;
      }
      const link = /** @type {HTMLAnchorElement} */ (el('a', 'frame', line.text));
      link.href = '#';
      link.title = `Open ${frame.file}:${frame.line}`;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        vscode.postMessage({ type: 'openFrame', file: frame.file, line: frame.line, column: frame.column });
      });
      pre.append(link, document.createTextNode('\n'));
    }
    return pre;
  }

  /** @param {string} action @param {string} label @param {boolean} enabled */
  function button(action, label, enabled) {
    const node = /** @type {HTMLButtonElement} */ (el('button', action === 'remove' ? 'secondary' : undefined, label));
    node.dataset.action = action;
    node.disabled = !enabled;
    node.addEventListener('click', () => vscode.postMessage({ type: action }));
    return node;
  }

  function render() {
    const m = model;
    root.replaceChildren();
    const header = el('header');
    header.append(el('h1', undefined, m.title), el('p', 'muted', `in the failure transport "${m.transport}"`));
    const actions = el('div', 'actions');
    actions.append(button('retry', 'Retry', m.decodable), button('remove', 'Remove', true));
    const banner = el('div', 'banner');
    banner.id = 'banner';
    banner.hidden = true;
    root.append(header, actions, banner);

    const facts = el('dl', 'facts');
    for (const [label, value] of m.facts) facts.append(el('dt', undefined, label), el('dd', undefined, value));
    root.append(section('Message', facts));

    const error = el('div', 'error');
    error.append(
      el('strong', undefined, m.error.class),
      document.createTextNode(`: ${m.error.message}`),
      el('span', 'muted', m.error.code ? ` (code ${m.error.code})` : ''),
    );
    root.append(
      section(
        'Error',
        error,
        ...(m.decodingError ? [el('p', 'error', `Decoding error: ${m.decodingError}`)] : []),
        trace(m.trace, 'No trace was recorded.'),
      ),
    );

    const history = el('ol', 'history');
    for (const r of m.redeliveries) history.append(el('li', undefined, `${r.label} — ${r.at}`));
    if (m.redeliveries.length === 0) history.append(el('li', 'muted', 'Never redelivered.'));
    root.append(section('Redelivery history', history));

    if (m.errors.length > 1) {
      const errors = el('ol', 'history');
      for (const e of m.errors) {
        const item = el('li');
        const details = el('details');
        details.append(
          el('summary', undefined, `${e.class}: ${e.message}${e.code ? ` (code ${e.code})` : ''}`),
          trace(e.trace, 'No trace.'),
        );
        item.append(details);
        errors.append(item);
      }
      root.append(section('Every error recorded', errors));
    }
    const stamps = el('div', 'stamps');
    for (const stamp of m.stamps) {
      const name = el('h3', undefined, stamp.name);
      name.title = stamp.wireName;
      stamps.append(name, json(stamp.json));
    }
    if (m.stamps.length === 0) stamps.append(el('p', 'muted', 'No stamps.'));
    root.append(section('Body', json(m.body)), section('Stamps', stamps));
  }

  /** @param {string} text @param {string} kind */
  function showBanner(text, kind) {
    const banner = document.getElementById('banner');
    if (!banner) return;
    banner.textContent = text;
    banner.className = `banner ${kind}`;
    banner.hidden = false;
  }

  /** Disables the buttons while an action runs, and for good once the message left the transport. @param {boolean} disabled */
  function setButtons(disabled) {
    for (const b of root.querySelectorAll('button')) {
      if (b instanceof HTMLButtonElement) b.disabled = disabled || (b.dataset.action === 'retry' && !model.decodable);
    }
  }

  function reportRendered() {
    // biome-ignore lint/performance/useDomNodeTextContent: the test wants the text as rendered, without hidden parts.
    if (report) vscode.postMessage({ type: 'rendered', id: model.id, text: root.innerText });
  }

  window.addEventListener('message', (event) => {
    const message = event.data;
    if (message.type === 'show') {
      model = message.model;
      report = message.report === true;
      render();
      reportRendered();
      return;
    }
    // An action's news about another message than the one shown is not about this page.
    if (model === undefined || message.id !== model.id) return;
    if (message.type === 'busy') {
      setButtons(true);
      showBanner(message.action === 'retry' ? 'Retrying…' : 'Removing…', 'info');
    } else if (message.type === 'result') {
      showBanner(message.text, message.ok ? 'ok' : 'warning');
      setButtons(message.done === true);
      reportRendered();
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
