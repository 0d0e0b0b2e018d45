/**
 * Progress reporting shared by the CLI, the editor's task and the worker: one stream of events
 * with a fraction of the whole run and an ETA, however many stages report into it.
 */

export interface ProgressEvent {
  /** Short stage name, e.g. `load human`, `correlations`. */
  stage: string;
  /** 0..1 over the whole run. */
  fraction: number;
  /** Seconds left, estimated from the pace so far; undefined until there is a pace. */
  etaSeconds?: number;
  message?: string;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Splits the run into weighted stages and turns each stage's own 0..1 into the run's fraction. */
export class ProgressTracker {
  private readonly startedAt = Date.now();
  private readonly stages: Map<string, { start: number; weight: number }> = new Map();
  private lastEmit = 0;
  private lastFraction = 0;

  constructor(
    stageWeights: Record<string, number>,
    private readonly listener: ProgressListener | undefined,
    /** Minimum milliseconds between events within a stage (stage starts and ends always emit). */
    private readonly throttleMs = 200,
  ) {
    const total = Object.values(stageWeights).reduce((sum, weight) => sum + weight, 0);
    let start = 0;
    for (const [stage, weight] of Object.entries(stageWeights)) {
      this.stages.set(stage, { start: start / total, weight: weight / total });
      start += weight;
    }
  }

  report(stage: string, stageFraction: number, message?: string): void {
    if (!this.listener) return;
    const entry = this.stages.get(stage);
    if (!entry) throw new Error(`ProgressTracker.report: unknown stage ${stage}`);
    const clamped = Math.min(1, Math.max(0, stageFraction));
    const fraction = Math.max(this.lastFraction, entry.start + entry.weight * clamped);
    const now = Date.now();
    const boundary = clamped === 0 || clamped === 1;
    if (!boundary && now - this.lastEmit < this.throttleMs) return;
    this.lastEmit = now;
    this.lastFraction = fraction;
    const elapsed = (now - this.startedAt) / 1000;
    const etaSeconds = fraction > 0.02 && elapsed > 0.5 ? (elapsed * (1 - fraction)) / fraction : undefined;
    const event: ProgressEvent = { stage, fraction };
    if (etaSeconds !== undefined) event.etaSeconds = etaSeconds;
    if (message !== undefined) event.message = message;
    this.listener(event);
  }
}
