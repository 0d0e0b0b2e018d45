import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isFromWebviewMessage, isPanelView, isToWebviewMessage, MAX_EXPORT_CHARS, PANEL_VIEWS } from '../../../src/shared/protocol';

describe('messages from the webview', () => {
  it('accepts every well-formed message', () => {
    assert.equal(isFromWebviewMessage({ type: 'ready' }), true);
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'structure', marks: 4107 }), true);
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'overview', marks: 0 }), true);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'svg', view: 'groups', data: '<svg/>' }), true);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'png', view: 'overview', data: 'data:image/png;base64,iVBORw0KGgo=' }), true);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'json', view: 'marginals', data: '{}' }), true);
    assert.equal(isFromWebviewMessage({ type: 'revealInConfig', kind: 'item', name: 'Q46' }), true);
    assert.equal(isFromWebviewMessage({ type: 'error', message: 'boom' }), true);
    assert.equal(isFromWebviewMessage({ type: 'error', view: 'groups', message: 'boom' }), true);
  });

  it('rejects unknown types and non-objects', () => {
    for (const value of [null, undefined, 'ready', 42, [], { type: 'bogus' }, { kind: 'ready' }]) {
      assert.equal(isFromWebviewMessage(value), false, JSON.stringify(value));
    }
  });

  it('rejects a rendered message with an unknown view or a count that is not a whole number', () => {
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'heatmap', marks: 3 }), false);
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'overview', marks: -1 }), false);
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'overview', marks: 1.5 }), false);
    assert.equal(isFromWebviewMessage({ type: 'rendered', view: 'overview', marks: '3' }), false);
  });

  it('rejects an export of an unknown format, or a PNG that is not a base64 PNG data URL', () => {
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'pdf', view: 'overview', data: 'x' }), false);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'png', view: 'overview', data: '<svg/>' }), false);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'png', view: 'overview', data: 'data:image/svg+xml;base64,AAAA' }), false);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'csv', view: 'overview' }), false);
    assert.equal(isFromWebviewMessage({ type: 'export', format: 'csv', view: 'overview', data: 'x'.repeat(MAX_EXPORT_CHARS + 1) }), false);
  });

  it('rejects a reveal of an unknown kind or an empty name', () => {
    assert.equal(isFromWebviewMessage({ type: 'revealInConfig', kind: 'file', name: 'x' }), false);
    assert.equal(isFromWebviewMessage({ type: 'revealInConfig', kind: 'item', name: '' }), false);
    assert.equal(isFromWebviewMessage({ type: 'revealInConfig', kind: 'item' }), false);
  });
});

describe('messages to the webview', () => {
  it('accepts the host messages and rejects malformed ones', () => {
    assert.equal(isToWebviewMessage({ type: 'showResults', results: {}, resultsFile: '/r.json' }), true);
    assert.equal(isToWebviewMessage({ type: 'showResults', results: {}, resultsFile: '/r.json', focus: { item: 'Q1' } }), true);
    assert.equal(isToWebviewMessage({ type: 'focus', focus: { view: 'groups' } }), true);
    assert.equal(isToWebviewMessage({ type: 'selectItem', item: null }), true);
    assert.equal(isToWebviewMessage({ type: 'showError', message: 'gone' }), true);
    assert.equal(isToWebviewMessage({ type: 'showResults', resultsFile: '/r.json' }), false);
    assert.equal(isToWebviewMessage({ type: 'selectItem', item: 3 }), false);
    assert.equal(isToWebviewMessage({ type: 'ready' }), false);
  });

  it('accepts exactly the views of PANEL_VIEWS', () => {
    assert.deepEqual(PANEL_VIEWS.filter((view) => !isPanelView(view)), []);
    for (const near of ['other', '', 'Overview', `${PANEL_VIEWS[0]} `, 0, null]) assert.equal(isPanelView(near), false, JSON.stringify(near));
  });
});
