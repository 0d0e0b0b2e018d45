/**
 * The extension's command ids, in one table. Pure data, so core code that writes command links
 * (hovers, reports) and the host that registers the commands read the same strings.
 */
export const COMMANDS = {
  runEvaluation: 'repscope.runEvaluation',
  runAll: 'repscope.runAll',
  cancel: 'repscope.cancel',
  openResults: 'repscope.openResults',
  compareRuns: 'repscope.compareRuns',
  deleteRun: 'repscope.deleteRun',
  refreshRuns: 'repscope.refreshRuns',
  initSample: 'repscope.initSample',
  generateCondition: 'repscope.generateCondition',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/** Commands the host registers for the integration tests only: not in package.json, not in the palette. */
export const TEST_COMMANDS = {
  panelState: 'repscope._panelState',
} as const;
