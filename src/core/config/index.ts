/** The experiment-config layer: parse (with positions), validate against the schema, resolve. */
export type * from './types';
export type * from './resolved';
export { loadExperiment, resolveExperiment, resolveValidatedExperiment, diskIo, ItemExpander, DEFAULT_METRICS, DEFAULT_SEED, DEFAULT_OUTPUT } from './resolve';
export type { ResolveIo, FileStatus, ExpandedItem } from './resolve';
export { ParsedSource, parseSourceText, readSourceFile, readSourceFileSync, formatFieldPath, syntaxOfFile } from './parse';
export type { FieldPath, LocatePart, SourceSyntax, ReadSourceOptions } from './parse';
export { validateExperimentConfig, validateCodebook, configSchemaProblems, problemsToErrors } from './validate';
export type { SchemaProblem } from './validate';
export { listConfigSymbols } from './symbols';
export type { ConfigSymbol, ConfigSymbolKind } from './symbols';
export { parseItemEntry, MAX_RANGE_LENGTH } from './items';
export type { ItemEntrySyntax } from './items';
