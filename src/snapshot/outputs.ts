/** The snapshot's step outputs. Values are strings; lists are JSON arrays of job names, sorted. */
import { type Drift, drifted } from './drift.ts';

export function snapshotOutputs(drift: Drift): Record<string, string> {
  return {
    added: JSON.stringify(drift.added),
    changed: JSON.stringify(drift.changed),
    removed: JSON.stringify(drift.removed),
    drifted: String(drifted(drift)),
  };
}
