/**
 * The failed-message panel's HTML shell. A strict Content-Security-Policy: nothing loads but
 * the extension's own stylesheet and its one script (by nonce); no remote resource, no inline
 * script, no eval. The content arrives by postMessage and the script writes it as text.
 */
export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  /** What shows until the script draws (default: the failed message's). */
  readonly loading?: string;
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

export function failedPanelHtml(options: PanelHtmlOptions): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options.cspSource, options.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(options.styleUri)}">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="muted">${escapeHtml(options.loading ?? 'Loading the failed message…')}</p></main>
<script nonce="${escapeHtml(options.nonce)}" src="${escapeHtml(options.scriptUri)}"></script>
</body>
</html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A nonce for one panel: 32 characters from a CSPRNG. */
export function createNonce(random: (size: number) => Uint8Array): string {
  return Buffer.from(random(24)).toString('base64').replace(/[+/=]/g, '');
}
