/** Replaced by the bundler with package.json's version; unbundled (tests) reads package.json. */
declare const REPSCOPE_VERSION: string | undefined;

function readVersion(): string {
  if (typeof REPSCOPE_VERSION === 'string') return REPSCOPE_VERSION;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0-dev';
  }
}

export const TOOL_VERSION: string = readVersion();
