/**
 * The `job-names` input and its resolution against the project's job list. Pure.
 * Names match exactly (case-sensitive); a name held by several jobs is ambiguous, never guessed.
 */

import type { JobSummary } from '../dli/list.ts';

export type { JobSummary };

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
  for (const job of jobs) {
    const ids = byName.get(job.name);
    if (ids) ids.push(job.id);
    else byName.set(job.name, [job.id]);
  }

  const ids: string[] = [];
  const unknown: { name: string; suggestions: string[] }[] = [];
  const ambiguous: { name: string; ids: string[] }[] = [];
  let suggest: ((name: string) => string[]) | undefined;
  for (const name of names) {
    const matches = byName.get(name) ?? [];
    if (matches.length === 1) ids.push(matches[0] as string);
    else if (matches.length > 1) ambiguous.push({ name, ids: matches });
    else {
      suggest ??= suggester(byName.keys());
      unknown.push({ name, suggestions: suggest(name) });
    }
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
  return suggester(candidates, limit)(name);
}

/**
 * `closestNames` over a fixed set of candidates, for many names: the candidates are lower-cased and grouped by
 * length once. A name is compared only with candidates whose length is within its distance bound (a larger length
 * difference alone exceeds it), the bound tightens to the worst of the best `limit` found so far, and each
 * comparison, after a cheap lower bound from character counts, stops as soon as it exceeds the bound. Same result
 * as scoring every candidate.
 */
export function suggester(candidates: Iterable<string>, limit = 3): (name: string) => string[] {
  const byLength = new Map<number, { candidate: string; lower: string }[]>();
  for (const candidate of candidates) {
    const lower = candidate.toLowerCase();
    const group = byLength.get(lower.length);
    if (group) group.push({ candidate, lower });
    else byLength.set(lower.length, [{ candidate, lower }]);
  }
  const counts = new Int32Array(128);
  const work = new Int32Array(128);
  return (name) => {
    const lower = name.toLowerCase();
    counts.fill(0);
    for (let i = 0; i < lower.length; i++) {
      const slot = lower.charCodeAt(i) & 127;
      counts[slot] = (counts[slot] as number) + 1;
    }
    /** A lower bound of the edit distance from the character counts ("bag distance", characters hashed to 128). */
    const bagDistance = (other: string) => {
      work.set(counts);
      let surplus = 0;
      for (let i = 0; i < other.length; i++) {
        const slot = other.charCodeAt(i) & 127;
        const left = work[slot] as number;
        if (left > 0) work[slot] = left - 1;
        else surplus++;
      }
      return Math.max(surplus, lower.length - (other.length - surplus));
    };
    let bound = Math.max(2, Math.floor(name.length / 3));
    /** The best so far, nearest first (ties by name), at most `limit`. */
    const best: { candidate: string; distance: number }[] = [];
    const before = (a: { candidate: string; distance: number }, b: { candidate: string; distance: number }) =>
      a.distance - b.distance || a.candidate.localeCompare(b.candidate);
    // Nearer lengths first, so the bound tightens early.
    for (let delta = 0; delta <= bound; delta++) {
      for (const length of delta === 0 ? [lower.length] : [lower.length - delta, lower.length + delta]) {
        for (const { candidate, lower: other } of byLength.get(length) ?? []) {
          if (delta > bound) break;
          if (bagDistance(other) > bound) continue;
          const distance = other === lower ? 0.5 : editDistance(lower, other, Math.floor(bound));
          if (distance > bound) continue;
          const entry = { candidate, distance };
          if (best.length === limit && before(entry, best[limit - 1] as typeof entry) >= 0) continue;
          let at = best.length;
          while (at > 0 && before(entry, best[at - 1] as typeof entry) < 0) at--;
          best.splice(at, 0, entry);
          if (best.length > limit) best.pop();
          if (best.length === limit) bound = Math.min(bound, (best[limit - 1] as typeof entry).distance);
        }
      }
    }
    return best.map(({ candidate }) => candidate);
  };
}

/** Two rows reused by every `editDistance` call (grown as needed): no allocation per comparison. */
let rowA = new Int32Array(64);
let rowB = new Int32Array(64);

/**
 * Levenshtein distance (in UTF-16 code units) with two rows, after dropping the common prefix and suffix (which
 * never change the distance). With `max`, stops as soon as the distance must exceed it and then returns a value
 * above `max`; the exact distance is returned whenever it is at most `max`.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let start = 0;
  let endA = a.length;
  let endB = b.length;
  while (start < endA && start < endB && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0) return n + m;
  if (n <= 31) {
    const distance = bitParallelDistance(a, start, endA, b, start, endB);
    if (distance !== undefined) return distance > max ? max + 1 : distance;
  }
  if (rowA.length <= m) {
    rowA = new Int32Array(m + 1);
    rowB = new Int32Array(m + 1);
  }
  let previous = rowA;
  let current = rowB;
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= n; i++) {
    const code = a.charCodeAt(start + i - 1);
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      let value = (previous[j - 1] as number) + (code === b.charCodeAt(start + j - 1) ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      if (deletion < value) value = deletion;
      const insertion = (current[j - 1] as number) + 1;
      if (insertion < value) value = insertion;
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    // Every path to the end passes through this row, and values never decrease along a path.
    if (rowMin > max) return max + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[m] as number;
}

/** Bit masks of the pattern's positions per character code (below 128), cleared after each use. */
const positions = new Int32Array(128);

/**
 * Levenshtein distance of a[aStart, aEnd) (1 to 31 code units, all below 128) and b[bStart, bEnd), with one
 * machine word per text character (Myers' bit-vector algorithm, in Hyyrö's form for the whole-string distance);
 * undefined when the pattern has a code unit of 128 or more.
 */
function bitParallelDistance(a: string, aStart: number, aEnd: number, b: string, bStart: number, bEnd: number) {
  const m = aEnd - aStart;
  for (let i = 0; i < m; i++) {
    const code = a.charCodeAt(aStart + i);
    if (code >= 128) {
      positions.fill(0);
      return undefined;
    }
    positions[code] = (positions[code] as number) | (1 << i);
  }
  const last = 1 << (m - 1);
  let vp = m === 31 ? 0x7fffffff : (1 << m) - 1;
  let vn = 0;
  let score = m;
  for (let j = bStart; j < bEnd; j++) {
    const code = b.charCodeAt(j);
    const eq = code < 128 ? (positions[code] as number) : 0;
    const xv = eq | vn;
    const xh = (((eq & vp) + vp) ^ vp) | eq;
    let hp = vn | ~(xh | vp);
    let hn = vp & xh;
    if (hp & last) score++;
    else if (hn & last) score--;
    hp = (hp << 1) | 1;
    hn <<= 1;
    vp = hn | ~(xv | hp);
    vn = hp & xv;
  }
  for (let i = 0; i < m; i++) positions[a.charCodeAt(aStart + i)] = 0;
  return score;
}

/** Job IDs first, then the names' IDs in the order given, without repeats. */
export function mergeJobIds(ids: readonly string[], fromNames: readonly string[]): string[] {
  return [...new Set([...ids, ...fromNames])];
}
