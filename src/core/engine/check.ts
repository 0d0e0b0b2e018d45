/**
 * Checks that need the data files' headers, reported at the config line that names the column:
 * an item the human file lacks, a group rule on a missing column, a condition file without an
 * item. Runs before any data is loaded, so a typo costs milliseconds, not a full read.
 */
import * as path from 'node:path';
import { readSourceFile, type FieldPath, type ParsedSource } from '../config/parse';
import type { ResolvedExperiment } from '../config/resolved';
import { DelimitedReader } from '../data/csv';
import { lookupHeader } from '../data/headers';
import { InputError, InputErrors, type SourceLocation } from '../errors';

interface HeaderRow {
  headers: string[];
}

function readHeaderRow(file: string): HeaderRow {
  const reader = DelimitedReader.open(file);
  try {
    return { headers: reader.headers };
  } finally {
    reader.close();
  }
}

function ruleFieldPath(source: ParsedSource, groupName: string, column: string): FieldPath {
  const extended = source.locate(['groups', groupName, 'rules', column]);
  return extended.field === `groups.${groupName}.rules.${column}` ? ['groups', groupName, 'rules', column] : ['groups', groupName, column];
}

/** Every header problem of the experiment, as one InputErrors (nothing thrown when all is well). */
export async function checkExperimentInputs(experiment: ResolvedExperiment): Promise<void> {
  const source = await readSourceFile(experiment.configFile);
  const errors: InputError[] = [];
  const relative = (file: string) => path.relative(path.dirname(experiment.configFile), file) || file;
  const missingFrom = (headers: readonly string[], name: string): string | undefined => {
    const lookup = lookupHeader(headers, name);
    if (lookup.status === 'found') return undefined;
    if (lookup.status === 'ambiguous') return `matches ${lookup.indexes.length} columns`;
    return lookup.suggestions.length > 0 ? `did you mean ${lookup.suggestions.join(', ')}?` : '';
  };
  const at = (location: SourceLocation | undefined, fallback: FieldPath): SourceLocation => location ?? source.locate(fallback);

  const human = readHeaderRow(experiment.human.file);
  const humanName = relative(experiment.human.file);
  experiment.items.forEach((item, index) => {
    const problem = missingFrom(human.headers, item.id);
    if (problem === undefined) return;
    errors.push(
      new InputError(
        { ...at(item.location, ['items', index]), field: item.id },
        `item ${item.id} is not a column of ${humanName}${problem ? ` (${problem})` : ''}`,
      ),
    );
  });
  for (const weight of experiment.human.weight) {
    const problem = missingFrom(human.headers, weight);
    if (problem !== undefined) {
      errors.push(new InputError(experiment.human.weightLocation ?? source.locate(['human', 'weight']), `weight column ${weight} is not in ${humanName}${problem ? ` (${problem})` : ''}`));
    }
  }
  for (const rule of experiment.human.filters) {
    const problem = missingFrom(human.headers, rule.column);
    if (problem !== undefined) {
      errors.push(
        new InputError(rule.location ?? source.locate(['human', 'filter', rule.column], 'key'), `filter column ${rule.column} is not in ${humanName}${problem ? ` (${problem})` : ''}`),
      );
    }
  }
  for (const group of experiment.groups) {
    for (const rule of group.rules) {
      const problem = missingFrom(human.headers, rule.column);
      if (problem === undefined) continue;
      errors.push(
        new InputError(
          rule.location ?? source.locate(ruleFieldPath(source, group.name, rule.column), 'key'),
          `group ${group.name}: column ${rule.column} is not in ${humanName}${problem ? ` (${problem})` : ''}`,
        ),
      );
    }
  }

  for (const condition of experiment.conditions) {
    if (condition.format === 'jsonl') continue;
    const headers = readHeaderRow(condition.file).headers;
    const name = relative(condition.file);
    const here = at(condition.location, ['conditions', condition.name]);
    const wanted =
      condition.format === 'wide'
        ? experiment.items.map((item) => item.id)
        : [condition.respondentColumn, condition.itemColumn, condition.answerColumn];
    const missing = wanted.filter((column) => missingFrom(headers, column) !== undefined);
    if (condition.groupColumn && missingFrom(headers, condition.groupColumn) !== undefined) {
      errors.push(
        new InputError(
          source.locate(['conditions', condition.name, 'groupColumn']),
          `condition ${condition.name}: groupColumn ${condition.groupColumn} is not a column of ${name}`,
        ),
      );
    }
    if (missing.length > 0) {
      const shown = missing.slice(0, 10).join(', ') + (missing.length > 10 ? `, ... (${missing.length} in all)` : '');
      errors.push(new InputError({ ...here, field: condition.name }, `condition ${condition.name}: ${name} has no column ${shown}`));
    }
  }
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new InputErrors(errors);
}
