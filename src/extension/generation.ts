/**
 * `RepScope: Generate Condition`: asks a model the survey for a condition with a `generate:`
 * block, with progress (requests sent, cached, failed), cancel, and the API key from the
 * environment or VS Code's SecretStorage (never written to the config or results).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { COMMANDS } from '../core/commandIds';
import { CancelledError, InputError, InputErrors } from '../core/errors';
import { generateFromConfig, GenerationFailedError, loadGenerationSetup, type GenerateRun } from '../core/generate';
import type { ResolvedGenerate } from '../core/generate/config';
import { pickConfig } from './commands';
import type { ConfigRegistry } from './configs';
import type { Runner } from './runner';

function secretKey(generate: ResolvedGenerate): string {
  return `repscope.apiKey:${generate.endpoint}`;
}

/** The key for a condition: its `apiKeyEnv` variable, else the secret stored for its endpoint, else asked once and stored. */
async function apiKeyFor(secrets: vscode.SecretStorage, generate: ResolvedGenerate): Promise<string | undefined> {
  if (generate.apiKeyEnv && process.env[generate.apiKeyEnv]) return process.env[generate.apiKeyEnv];
  const stored = await secrets.get(secretKey(generate));
  if (stored) return stored;
  if (!generate.apiKeyEnv) return undefined;
  const entered = await vscode.window.showInputBox({
    title: `API key for ${generate.endpoint}`,
    prompt: `${generate.apiKeyEnv} is not set. Enter the key to keep it in VS Code's secret storage (never in the config or results), or press Escape to send no key.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (entered) await secrets.store(secretKey(generate), entered);
  return entered || undefined;
}

function describeError(error: unknown): string {
  if (error instanceof InputErrors) return error.errors.map((each) => each.message).join('\n');
  if (error instanceof InputError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

export function registerGeneration(context: vscode.ExtensionContext, registry: ConfigRegistry, runner: Runner): void {
  const log = runner.log;
  context.subscriptions.push(
    vscode.commands.registerCommand(COMMANDS.generateCondition, async (arg?: unknown, conditionArg?: unknown): Promise<string[] | undefined> => {
      const config = await pickConfig(registry, arg, 'Experiment config whose condition to generate');
      if (!config) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('RepScope generates conditions only in trusted workspaces: it sends requests to the endpoint the config names.');
        return undefined;
      }
      let setup;
      try {
        setup = await loadGenerationSetup(config.fsPath);
      } catch (error) {
        void vscode.window.showErrorMessage(`RepScope: ${describeError(error)}`);
        return undefined;
      }
      if (setup.conditions.length === 0) {
        void vscode.window.showInformationMessage(`${path.basename(config.fsPath)} has no condition with a \`generate:\` block.`);
        return undefined;
      }
      let names: string[];
      if (typeof conditionArg === 'string') names = [conditionArg];
      else if (setup.conditions.length === 1) names = [setup.conditions[0]!.condition];
      else {
        const picked = await vscode.window.showQuickPick(
          setup.conditions.map((generate) => ({ label: generate.condition, description: `${generate.model} · ${generate.endpoint}`, picked: true })),
          { canPickMany: true, placeHolder: 'Conditions to generate' },
        );
        if (!picked || picked.length === 0) return undefined;
        names = picked.map((item) => item.label);
      }
      const chosen = setup.conditions.filter((generate) => names.includes(generate.condition));
      const keys = new Map<string, string | undefined>();
      for (const generate of chosen) keys.set(generate.condition, await apiKeyFor(context.secrets, generate));
      const apiKey = (generate: ResolvedGenerate) => keys.get(generate.condition);

      // A dry run first: the user sees how many requests will be sent before any is.
      let plan: GenerateRun;
      try {
        plan = await generateFromConfig(config.fsPath, { conditions: names, dryRun: true, apiKey });
      } catch (error) {
        void vscode.window.showErrorMessage(`RepScope: ${describeError(error)}`);
        return undefined;
      }
      const toSend = plan.conditions.reduce((sum, each) => sum + each.requests.total - each.requests.cached, 0);
      const cached = plan.conditions.reduce((sum, each) => sum + each.requests.cached, 0);
      if (toSend > 0) {
        const endpoints = [...new Set(chosen.map((generate) => generate.endpoint))].join(', ');
        const go = await vscode.window.showInformationMessage(
          `Send ${toSend.toLocaleString()} requests to ${endpoints}? (${cached.toLocaleString()} answers are cached already.)`,
          { modal: true },
          'Generate',
        );
        if (go !== 'Generate') return undefined;
      }

      return vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `RepScope: generating ${names.join(', ')}`, cancellable: true },
        async (progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          let lastFraction = 0;
          try {
            const run = await generateFromConfig(config.fsPath, {
              conditions: names,
              apiKey,
              signal: controller.signal,
              onProgress: (state) => {
                const done = state.cached + state.sent + state.failed;
                const fraction = state.total > 0 ? done / state.total : 1;
                progress.report({
                  increment: Math.max(0, (fraction - lastFraction) * 100),
                  message: `${state.condition}: ${done}/${state.total} requests (${state.cached} cached, ${state.failed} failed, ${state.retries} retries)`,
                });
                lastFraction = fraction;
              },
            });
            const files = run.conditions.map((summary) => summary.outputFile);
            for (const summary of run.conditions) {
              log.info(
                `generated ${summary.condition}: ${summary.respondents} respondents x ${summary.items} items → ${summary.outputFile}; ` +
                  `requests ${summary.requests.sent} sent, ${summary.requests.cached} cached, ${summary.requests.failed} failed`,
              );
            }
            const action = await vscode.window.showInformationMessage(`RepScope: generated ${names.join(', ')}.`, 'Run Evaluation', 'Open File');
            if (action === 'Run Evaluation') void vscode.commands.executeCommand(COMMANDS.runEvaluation, config);
            if (action === 'Open File' && files[0]) void vscode.window.showTextDocument(vscode.Uri.file(files[0]));
            return files;
          } catch (error) {
            if (error instanceof CancelledError) {
              void vscode.window.showInformationMessage('RepScope: generation cancelled; the answers received are cached and a new run resumes from them.');
            } else if (error instanceof GenerationFailedError) {
              log.error(describeError(error));
              void vscode.window.showErrorMessage(
                `RepScope: ${error.failures.length} requests failed after their retries (${error.summary.requests.sent} answered and cached). Run Generate Condition again to retry only the missing ones.`,
              );
            } else {
              log.error(describeError(error));
              void vscode.window.showErrorMessage(`RepScope: ${describeError(error)}`);
            }
            return undefined;
          }
        },
      );
    }),
  );
}
