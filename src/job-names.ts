/**
 * The `job-names` input and its resolution against the project's job list. Pure.
 * Names match exactly (case-sensitive); a name held by several jobs is ambiguous, never guessed.
 */

export interface JobSummary {
  /** Exact decimal string. */
  id: string;
  name: string;
  status?: string;
}

/** Names separated by newlines or commas; surrounding spaces trimmed, empty entries and repeats dropped. */
export function parseJobNames(raw: string | undefined): string[] {
  const names = (raw ?? '')
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return [...new Set(names)];
}

export type Resolution =
  | { ok: true; ids: string[] }
  | { ok: false; unknown: { name: string; suggestions: string[] }[]; ambiguous: { name: string; ids: string[] }[] };

/** Each name's job ID, in the order given; every unknown or ambiguous name is reported, not just the first. */
export function resolveJobNames(names: readonly string[], jobs: readonly JobSummary[]): Resolution {
  const byName = new Map<string, string[]>();
  for (const job of jobs) byName.set(job.name, [...(byName.get(job.name) ?? []), job.id]);

  const ids: string[] = [];
  const unknown: { name: string; suggestions: string[] }[] = [];
  const ambiguous: { name: string; ids: string[] }[] = [];
  for (const name of names) {
    const matches = byName.get(name) ?? [];
    if (matches.length === 1) ids.push(matches[0] as string);
    else if (matches.length > 1) ambiguous.push({ name, ids: matches });
    else unknown.push({ name, suggestions: closestNames(name, byName.keys()) });
  }
  if (unknown.length > 0 || ambiguous.length > 0) return { ok: false, unknown, ambiguous };
  return { ok: true, ids };
}

export function describeResolutionProblems(resolution: Extract<Resolution, { ok: false }>): string {
  const lines = [
    ...resolution.unknown.map(
      ({ name, suggestions }) =>
        `- ${JSON.stringify(name)}: no job has this name${suggestions.length > 0 ? `; did you mean ${suggestions.map((s) => JSON.stringify(s)).join(', ')}?` : ''}`,
    ),
    ...resolution.ambiguous.map(
      ({ name, ids }) =>
        `- ${JSON.stringify(name)}: ${ids.length} jobs have this name (IDs ${ids.join(', ')}); use job-ids`,
    ),
  ];
  return `Some job names could not be resolved (nothing was exported):\n${lines.join('\n')}`;
}

/** Up to three existing names closest by edit distance (case differences count little), if reasonably close. */
export function closestNames(name: string, candidates: Iterable<string>, limit = 3): string[] {
  const scored: { candidate: string; distance: number }[] = [];
  const lower = name.toLowerCase();
  for (const candidate of candidates) {
    const distance = candidate.toLowerCase() === lower ? 0.5 : editDistance(lower, candidate.toLowerCase());
    if (distance <= Math.max(2, Math.floor(name.length / 3))) scored.push({ candidate, distance });
  }
  return scored
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map(({ candidate }) => candidate);
}

/** Levenshtein distance with two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Job IDs first, then the names' IDs in the order given, without repeats. */
export function mergeJobIds(ids: readonly string[], fromNames: readonly string[]): string[] {
  return [...new Set([...ids, ...fromNames])];
}
