/** Writing errors the way every `repscope` command does. */
import * as path from 'node:path';
import { InputErrors, type InputError } from '../core/errors';

/** Paths under the working folder read better relative, as the user typed them. */
export function relativeToCwd(text: string, cwd: string): string {
  return text.split(cwd + path.sep).join('');
}

/** One `file:line:col: message` line per problem on stderr. */
export function printInputErrors(error: InputError | InputErrors, io: { stderr: (text: string) => void; cwd: string }): void {
  const errors = error instanceof InputErrors ? error.errors : [error];
  for (const each of errors) io.stderr(`${relativeToCwd(each.message, io.cwd)}\n`);
}
