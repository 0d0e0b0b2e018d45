/**
 * Where a generated condition's respondents live by default. Config resolution needs it to find
 * the file; generation needs it to write there. It sits in config, the lower of the two.
 */

/** Where a generated condition's respondents go when its `file` is not given (relative to the config). */
export const DEFAULT_GENERATED_FOLDER = 'generated';

/** The output file of a generated condition without a `file`: `generated/<condition>.jsonl`. */
export function defaultGeneratedFile(conditionName: string): string {
  return `${DEFAULT_GENERATED_FOLDER}/${conditionName}.jsonl`;
}
