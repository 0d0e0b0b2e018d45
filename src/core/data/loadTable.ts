/**
 * Loads the requested columns of a delimited file (human survey data, wide model outputs) into
 * typed arrays. See csv.ts for the parsing and headers.ts for how names find headers.
 */
import { InputError, InputErrors } from '../errors';
import { normalizeLabels } from './answers';
import { DelimitedReader, type FieldPlan } from './csv';
import { HeaderIndex, headerLookupError } from './headers';
import type { LoadOptions, LoadedColumn, LoadedTable } from './types';

export type { LoadOptions } from './types';

/**
 * Reads `file` once, streaming, and returns only the requested columns plus each row's line and the
 * file's sha256. Every problem is an InputError at `file:line:column`: a missing or ambiguous
 * column (all such problems together, as InputErrors when more than one), a ragged row, an
 * unterminated quote, a code that is neither a number nor a label (with `onText: 'error'`), a
 * non-numeric `number` cell. Throws CancelledError when `signal` aborts.
 */
export async function loadDelimited(file: string, options: LoadOptions): Promise<LoadedTable> {
  const reader = DelimitedReader.open(file, {
    chunkSize: options.chunkSize,
    signal: options.signal,
    onProgress: options.onProgress,
  });
  try {
    const onText = options.onText ?? 'error';
    const plans: FieldPlan[] = [];
    const planned: { key: string; name: string; kind: FieldPlan['kind']; fieldIndex: number }[] = [];
    const problems: InputError[] = [];
    const keys = new Set<string>();
    const headerIndex = new HeaderIndex(reader.headers);
    for (const request of options.columns) {
      const key = request.key ?? request.name;
      if (keys.has(key)) throw new Error(`loadDelimited: column key ${JSON.stringify(key)} is requested twice`);
      keys.add(key);
      const lookup = headerIndex.lookup(request.name);
      if (lookup.status !== 'found') {
        if (lookup.status === 'missing' && request.optional) continue;
        problems.push(
          headerLookupError(file, reader.headers, request.name, lookup, {
            line: reader.headerLine,
            columns: reader.headerColumns,
          }),
        );
        continue;
      }
      plans.push({
        fieldIndex: lookup.index,
        kind: request.kind,
        name: request.name,
        labels: request.kind === 'code' ? normalizeLabels(request.labels) : undefined,
        onText,
      });
      planned.push({ key, name: request.name, kind: request.kind, fieldIndex: lookup.index });
    }
    const [firstProblem] = problems;
    if (firstProblem) throw problems.length === 1 ? firstProblem : new InputErrors(problems);

    const parsed = await reader.readRows(plans);
    const columns = new Map<string, LoadedColumn>();
    planned.forEach(({ key, name, fieldIndex }, index) => {
      const field = parsed.fields[index]!;
      const header = reader.headers[fieldIndex] ?? name;
      if (field.kind === 'text') {
        columns.set(key, { kind: 'text', name, header, fieldIndex, codes: field.codes, dictionary: field.dictionary });
      } else if (field.kind === 'code') {
        columns.set(key, { kind: 'code', name, header, fieldIndex, values: field.values });
      } else {
        columns.set(key, { kind: 'number', name, header, fieldIndex, values: field.values });
      }
    });
    return {
      file,
      nRows: parsed.nRows,
      delimiter: reader.delimiter,
      headers: reader.headers,
      columns,
      rowLines: parsed.rowLines,
      sha256: parsed.sha256,
      bytes: parsed.bytes,
    };
  } finally {
    reader.close();
  }
}
