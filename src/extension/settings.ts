/**
 * The `repscope.*` settings as one typed object. This is the only place that reads
 * `workspace.getConfiguration`; features subscribe to `onDidChange` and ask `affects(key)`.
 */
import * as vscode from 'vscode';

export const SECTION = 'repscope';

export interface RepScopeSettings {
  /** Glob of experiment configs, relative to each workspace folder. */
  configGlob: string;
  /** Re-run a config when it is saved (only in trusted workspaces). */
  runOnSave: boolean;
  /** Worker threads for the correlation kernel; 0 = all cores. */
  threads: number;
  /** Overrides every config's `output` folder (relative to the config); empty keeps the config's. */
  outputFolder: string;
  codeLens: boolean;
  hover: boolean;
}

export type SettingKey = keyof RepScopeSettings;

/** Defaults as declared in package.json (used when a value is missing or of the wrong type). */
export const DEFAULT_SETTINGS: Readonly<RepScopeSettings> = Object.freeze({
  configGlob: '**/{*.repscope,repscope*,experiment}.{yaml,yml,json}',
  runOnSave: false,
  threads: 0,
  outputFolder: '',
  codeLens: true,
  hover: true,
});

export interface SettingsChange {
  affects(key: SettingKey): boolean;
}

function read(): RepScopeSettings {
  const configuration = vscode.workspace.getConfiguration(SECTION);
  const text = (key: SettingKey, fallback: string) => {
    const value = configuration.get<unknown>(key);
    return typeof value === 'string' ? value : fallback;
  };
  const flag = (key: SettingKey, fallback: boolean) => {
    const value = configuration.get<unknown>(key);
    return typeof value === 'boolean' ? value : fallback;
  };
  const threads = configuration.get<unknown>('threads');
  return {
    configGlob: text('configGlob', DEFAULT_SETTINGS.configGlob).trim() || DEFAULT_SETTINGS.configGlob,
    runOnSave: flag('runOnSave', DEFAULT_SETTINGS.runOnSave),
    threads: typeof threads === 'number' && Number.isInteger(threads) && threads >= 0 ? threads : DEFAULT_SETTINGS.threads,
    outputFolder: text('outputFolder', DEFAULT_SETTINGS.outputFolder),
    codeLens: flag('codeLens', DEFAULT_SETTINGS.codeLens),
    hover: flag('hover', DEFAULT_SETTINGS.hover),
  };
}

export class Settings implements vscode.Disposable {
  private value: RepScopeSettings = read();
  private readonly changed = new vscode.EventEmitter<SettingsChange>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChange = this.changed.event;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      this.value = read();
      this.changed.fire({ affects: (key) => event.affectsConfiguration(`${SECTION}.${key}`) });
    });
  }

  get current(): Readonly<RepScopeSettings> {
    return this.value;
  }

  /** Whether saving a config should run it: the setting is on and the workspace is trusted. */
  get runOnSaveAllowed(): boolean {
    return this.value.runOnSave && vscode.workspace.isTrusted;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerSettings(context: vscode.ExtensionContext): Settings {
  const settings = new Settings();
  context.subscriptions.push(settings);
  return settings;
}
