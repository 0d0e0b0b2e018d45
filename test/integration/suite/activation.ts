/** The extension activates in a real window and registers what its manifest promises. */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { COMMANDS } from '../../../src/core/commandIds';
import { extensionUnderTest } from './fixture';
import { test } from './registry';

interface ContributedCommand {
  command: string;
}

test('activates the extension without errors', async () => {
  const extension = extensionUnderTest();
  await extension.activate();
  assert.equal(extension.isActive, true);
  // The .vsix phase must exercise the installed copy, not this source folder.
  const expectedUnder = process.env.REPSCOPE_EXPECT_EXTENSION_UNDER;
  if (expectedUnder) assert.ok(extension.extensionPath.startsWith(expectedUnder), `${extension.extensionPath} is under ${expectedUnder}`);
});

test('registers every command the manifest contributes', async () => {
  const manifest = extensionUnderTest().packageJSON as { contributes?: { commands?: ContributedCommand[] } };
  const contributed = (manifest.contributes?.commands ?? []).map((each) => each.command);
  assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort(), 'the manifest contributes exactly the COMMANDS table');
  const registered = new Set(await vscode.commands.getCommands(true));
  const missing = contributed.filter((command) => !registered.has(command));
  assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
});
