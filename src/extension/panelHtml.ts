/**
 * The results panel's HTML shell: a strict Content Security Policy, the stylesheet and the
 * bundled script. Pure (no `vscode` import) so it can be tested and served by a test harness.
 *
 * The policy allows only the bundled script (by nonce), styles from the extension and the
 * nonce (Vega's tooltip and vscode-elements use constructable stylesheets and CSSOM, never inline
 * style attributes), data: images (PNG exports), and no network at all: no `unsafe-eval`, because
 * Vega runs with its AST interpreter instead of compiling expressions with `Function`.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** `asWebviewUri` of dist/webview.js. */
  scriptUri: string;
  /** `asWebviewUri` of media/panel.css. */
  styleUri: string;
  nonce: string;
  title: string;
}

/** 32 base64url characters of crypto randomness (a CSP nonce must be unguessable). */
export function createNonce(): string {
  return randomBytes(24).toString('base64url');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(options: PanelHtmlOptions): string {
  const nonce = escapeAttribute(options.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttribute(contentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${escapeAttribute(options.styleUri)}" nonce="${nonce}">
  <title>${escapeAttribute(options.title)}</title>
</head>
<body>
  <main id="app" aria-busy="true"><p class="placeholder">Loading results…</p></main>
  <script nonce="${nonce}" src="${escapeAttribute(options.scriptUri)}"></script>
</body>
</html>
`;
}
