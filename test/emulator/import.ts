// DLI's Flink job import: the ZIPs the export wrote (or a test seeded, or the action uploaded to the emulated OBS)
// become jobs of the project again. DLI reads `zip_file` from OBS: a key that is neither a seeded ZIP nor an object
// in the emulated OBS does not exist (400 DLI.0002); an object that is not a ZIP of job definitions is refused.

import { buildCatalogue, type Job, type JobSpec } from './catalogue.ts';
import { type DliResponse, type DliState, dliError } from './dli.ts';
import { integerLiteral, isJsonObject, type JsonValue, MAX_INT64, parseJsonExact } from './json.ts';
import { readZip } from './zip.ts';

/** What the import reads of a job in a ZIP. */
export type ZippedJob = Pick<JobSpec, 'job_id' | 'name' | 'job_type' | 'queue_name'>;

export interface ImportRecord {
  zipFile: string;
  isCover: boolean;
  /** The ZIPs read: the path itself, or every ZIP of the folder. */
  zips: string[];
  mapping: { oldJobId: string; newJobId: string; remark: string }[];
}

export interface ImportState {
  /** ZIP path (`bucket/key.zip`) -> the jobs in it; the export adds to it. */
  zips: Map<string, ZippedJob[]>;
  /** The next ID an imported job gets (skipping IDs in use). */
  nextJobId: bigint;
  imports: ImportRecord[];
}

/** Above 2^53, so a client that rounds IDs through a JavaScript number gets them wrong. */
export const DEFAULT_FIRST_IMPORTED_JOB_ID = '9223372036854770001';

export function createImportState(seed: Record<string, ZippedJob[]> = {}, firstJobId?: string): ImportState {
  return {
    zips: new Map(Object.entries(seed).map(([path, jobs]) => [path, jobs.map((job) => ({ ...job }))])),
    nextJobId: BigInt(firstJobId ?? DEFAULT_FIRST_IMPORTED_JOB_ID),
    imports: [],
  };
}

/** The export writes `zipFile` holding `jobs`. */
export function rememberZip(state: ImportState, zipFile: string, jobs: readonly Job[]): void {
  state.zips.set(
    zipFile,
    jobs.map((job) => ({ job_id: job.job_id, name: job.name, job_type: job.job_type, queue_name: job.queue_name })),
  );
}

const invalid = (message: string): DliResponse => dliError(400, 'DLI.0001', message);

/** Objects in the emulated OBS, `bucket/key` -> bytes (the emulator's obs.objects). */
export type ObsObjects = ReadonlyMap<string, { body: Buffer }>;

/** The jobs in a ZIP: seeded, or read from the object's JSON definitions (as the export writes them). */
function jobsIn(state: ImportState, objects: ObsObjects, zip: string): ZippedJob[] | DliResponse {
  const seeded = state.zips.get(zip);
  if (seeded) return seeded;
  const object = objects.get(zip);
  if (!object) return dliError(400, 'DLI.0002', `The OBS object ${zip} does not exist`);
  const jobs: ZippedJob[] = [];
  try {
    for (const entry of readZip(object.body)) {
      if (!entry.name.endsWith('.json')) continue;
      const definition = JSON.parse(entry.content.toString('utf8')) as Record<string, unknown>;
      const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
      const id = definition.job_id;
      if ((typeof id !== 'string' && typeof id !== 'number') || typeof definition.name !== 'string') throw new Error();
      jobs.push({
        job_id: String(id),
        name: definition.name,
        job_type: text(definition.job_type) as ZippedJob['job_type'],
        queue_name: text(definition.queue_name),
      });
    }
  } catch {
    return invalid(`The file ${zip} is not a valid job ZIP`);
  }
  return jobs;
}

/** The ZIPs a path names: the ZIP itself, or the ZIPs directly in the folder; an error when none or not only ZIPs. */
function zipsAt(state: ImportState, objects: ObsObjects, path: string): string[] | DliResponse {
  if (state.zips.has(path) || objects.has(path)) return [path];
  const known = new Set([...state.zips.keys(), ...objects.keys()]);
  const inFolder = [...known].filter((zip) => zip.startsWith(`${path}/`)).sort();
  if (inFolder.length === 0) return dliError(400, 'DLI.0002', `The OBS object ${path} does not exist`);
  if (inFolder.some((zip) => zip.slice(path.length + 1).includes('/') || !zip.endsWith('.zip'))) {
    return invalid(`The folder ${path} can contain only .zip files`);
  }
  return inFolder;
}

/** POST /v1.0/{project_id}/streaming/jobs/import */
export function handleImport(
  dli: DliState,
  state: ImportState,
  contentType: string | undefined,
  body: Buffer,
  objects: ObsObjects = new Map(),
): DliResponse {
  if (contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/json') {
    return invalid('Content-Type must be application/json');
  }
  let parsed: JsonValue;
  try {
    parsed = parseJsonExact(body.toString('utf8'));
  } catch {
    return invalid('The request body is not valid JSON');
  }
  if (!isJsonObject(parsed)) return invalid('The request body must be a JSON object');
  const zipFile = parsed.zip_file;
  if (typeof zipFile !== 'string' || zipFile.trim() === '')
    return invalid('zip_file is mandatory and must be a string');
  if (/^obs:\/\//i.test(zipFile)) return invalid(`zip_file must not start with obs:// (got ${zipFile})`);
  const isCover = parsed.is_cover ?? false;
  if (typeof isCover !== 'boolean') return invalid('is_cover must be a boolean');
  const bucket = zipFile.split('/')[0] ?? '';
  if (!dli.buckets.has(bucket)) return dliError(400, 'DLI.0002', `The OBS bucket ${bucket} does not exist`);

  const zips = zipsAt(state, objects, zipFile.replace(/\/+$/, ''));
  if (!Array.isArray(zips)) return zips;
  const contents: ZippedJob[][] = [];
  for (const zip of zips) {
    const jobs = jobsIn(state, objects, zip);
    if (!Array.isArray(jobs)) return jobs;
    contents.push(jobs);
  }

  const mapping: ImportRecord['mapping'] = [];
  for (const jobs of contents) {
    for (const job of jobs) {
      const existing = dli.jobs.find((candidate) => candidate.name === job.name);
      if (existing && !isCover) {
        mapping.push({ oldJobId: job.job_id, newJobId: '-1', remark: `A job named ${job.name} already exists` });
      } else if (existing) {
        // Overwritten in place: the job keeps its ID and becomes a draft (job_init) until it is started again.
        existing.status = 'job_init';
        existing.job_type = job.job_type ?? existing.job_type;
        mapping.push({ oldJobId: job.job_id, newJobId: existing.job_id, remark: 'Job overwritten' });
      } else {
        const newJobId = allocateJobId(dli, state);
        const [created] = buildCatalogue([{ ...job, job_id: newJobId, status: 'job_init' }]);
        if (created) dli.jobs.push(created);
        mapping.push({ oldJobId: job.job_id, newJobId, remark: 'Job created' });
      }
    }
  }
  state.imports.push({ zipFile, isCover, zips, mapping });
  return {
    status: 200,
    body: {
      is_success: dli.isSuccessAsString ? 'true' : true,
      message: `Imported ${mapping.filter((job) => job.newJobId !== '-1').length} job(s)`,
      job_mapping: mapping.map((job) => ({
        old_job_id: integerLiteral(job.oldJobId),
        new_job_id: integerLiteral(job.newJobId),
        remark: job.remark,
      })),
    },
  };
}

function allocateJobId(dli: DliState, state: ImportState): string {
  const taken = new Set(dli.jobs.map((job) => job.job_id));
  while (taken.has(state.nextJobId.toString())) state.nextJobId++;
  if (state.nextJobId > MAX_INT64) throw new Error('emulator: no job IDs left');
  const id = state.nextJobId.toString();
  state.nextJobId++;
  return id;
}
