import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, TEST_COMMANDS } from '../../../src/core/commandIds';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    menus: Record<string, { command: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as Manifest;

describe('the COMMANDS table and the manifest', () => {
  it('contributes exactly the commands of the table', () => {
    const contributed = manifest.contributes.commands.map((each) => each.command);
    assert.deepEqual([...contributed].sort(), Object.values(COMMANDS).sort());
  });

  it('names in its menus only commands of the table', () => {
    const known = new Set<string>(Object.values(COMMANDS));
    const unknown = Object.values(manifest.contributes.menus)
      .flat()
      .map((entry) => entry.command)
      .filter((command) => !known.has(command));
    assert.deepEqual(unknown, []);
  });

  it('keeps the test-only commands out of the palette', () => {
    const contributed = new Set(manifest.contributes.commands.map((each) => each.command));
    assert.deepEqual(
      Object.values(TEST_COMMANDS).filter((command) => contributed.has(command)),
      [],
    );
  });
});
