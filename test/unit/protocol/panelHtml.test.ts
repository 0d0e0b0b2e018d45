import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contentSecurityPolicy, createNonce, panelHtml } from '../../../src/extension/panelHtml';

const options = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/panel.css',
  nonce: 'abc123',
  title: 'RepScope results',
};

describe('results panel HTML', () => {
  it('allows only the nonce-tagged script, no eval, no inline styles and no network', () => {
    const policy = contentSecurityPolicy(options.cspSource, options.nonce);
    assert.equal(
      policy,
      "default-src 'none'; img-src https://file+.vscode-resource.vscode-cdn.net data:; style-src https://file+.vscode-resource.vscode-cdn.net 'nonce-abc123'; " +
        "script-src 'nonce-abc123'; font-src https://file+.vscode-resource.vscode-cdn.net",
    );
    assert.doesNotMatch(policy, /unsafe-eval|unsafe-inline|connect-src|https:;/);
  });

  it('loads the bundled script with the nonce and the stylesheet, under the policy', () => {
    const html = panelHtml(options);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    assert.match(html, /<script nonce="abc123" src="https:\/\/file\+\.vscode-resource\.vscode-cdn\.net\/ext\/dist\/webview\.js"><\/script>/);
    assert.match(html, /<link rel="stylesheet" href="[^"]+\/media\/panel\.css" nonce="abc123">/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.doesNotMatch(html, /style="/);
  });

  it('escapes what it puts into attributes', () => {
    const html = panelHtml({ ...options, title: 'a "b" <c>' });
    assert.match(html, /<title>a &quot;b&quot; &lt;c&gt;<\/title>/);
  });

  it('makes a fresh unguessable nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce));
    assert.equal(nonces.size, 50);
    for (const nonce of nonces) assert.match(nonce, /^[A-Za-z0-9_-]{32}$/);
  });
});
