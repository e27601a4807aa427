/**
 * Both action.yml files (the export at the root, the import in import/) against GitHub's metadata rules for
 * actions (docs: "Metadata syntax for GitHub Actions") and the Marketplace's branding lists, and against the
 * source: the inputs it reads, the outputs it sets and its defaults. The inputs both actions share must be
 * declared identically.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { SHARED_INPUTS, secretCandidates } from '../../src/action/inputs.ts';
import { downloadOutputs } from '../../src/export/download.ts';
import { parseInputs } from '../../src/export/inputs.ts';
import { exportOutputs } from '../../src/export/outputs.ts';
import { releaseOutputs } from '../../src/export/step.ts';
import { parseImportInputs } from '../../src/import/inputs.ts';
import { importOutputs, uploadedOutput } from '../../src/import/outputs.ts';
import { parseSnapshotInputs } from '../../src/snapshot/inputs.ts';
import { snapshotOutputs } from '../../src/snapshot/outputs.ts';
import type { Env, ReadInput } from '../../src/util/env.ts';

const root = new URL('../../', import.meta.url);

/** Feather icons GitHub accepts for `branding.icon` (the docs' list: Feather v4.28.0 less brand and omitted icons). */
const BRANDING_ICONS = new Set(
  `activity airplay alert-circle alert-octagon alert-triangle align-center align-justify align-left align-right anchor
  aperture archive arrow-down-circle arrow-down-left arrow-down-right arrow-down arrow-left-circle arrow-left
  arrow-right-circle arrow-right arrow-up-circle arrow-up-left arrow-up-right arrow-up at-sign award bar-chart-2
  bar-chart battery-charging battery bell-off bell bluetooth bold book-open book bookmark box briefcase calendar
  camera-off camera cast check-circle check-square check chevron-down chevron-left chevron-right chevron-up
  chevrons-down chevrons-left chevrons-right chevrons-up circle clipboard clock cloud-drizzle cloud-lightning cloud-off
  cloud-rain cloud-snow cloud code command compass copy corner-down-left corner-down-right corner-left-down
  corner-left-up corner-right-down corner-right-up corner-up-left corner-up-right cpu credit-card crop crosshair
  database delete disc dollar-sign download-cloud download droplet edit-2 edit-3 edit external-link eye-off eye
  fast-forward feather file-minus file-plus file-text file film filter flag folder-minus folder-plus folder gift
  git-branch git-commit git-merge git-pull-request globe grid hard-drive hash headphones heart help-circle home image
  inbox info italic layers layout life-buoy link-2 link list loader lock log-in log-out mail map-pin map maximize-2
  maximize menu message-circle message-square mic-off mic minimize-2 minimize minus-circle minus-square minus monitor
  moon more-horizontal more-vertical move music navigation-2 navigation octagon package paperclip pause-circle pause
  percent phone-call phone-forwarded phone-incoming phone-missed phone-off phone-outgoing phone pie-chart play-circle
  play plus-circle plus-square plus pocket power printer radio refresh-ccw refresh-cw repeat rewind rotate-ccw
  rotate-cw rss save scissors search send server settings share-2 share shield-off shield shopping-bag shopping-cart
  shuffle sidebar skip-back skip-forward slash sliders smartphone speaker square star stop-circle sun sunrise sunset
  table tablet tag target terminal thermometer thumbs-down thumbs-up toggle-left toggle-right trash-2 trash
  trending-down trending-up triangle truck tv type umbrella underline unlock upload-cloud upload user-check user-minus
  user-plus user-x user users video-off video voicemail volume-1 volume-2 volume-x volume watch wifi-off wifi wind
  x-circle x-square x zap-off zap zoom-in zoom-out`.split(/\s+/),
);
const BRANDING_COLORS = new Set(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']);
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const nonEmptyString = (value: unknown) => typeof value === 'string' && value.trim().length > 0;

interface Input {
  description?: unknown;
  required?: unknown;
  default?: unknown;
  deprecationMessage?: unknown;
}

interface ActionUnderTest {
  file: string;
  parse: (readInput: ReadInput, env: Env) => { ok: boolean };
  /** The outputs the source sets on success. */
  outputsSet: () => Record<string, string>;
  /** Inputs of a valid run besides the credentials and region (the action's required inputs). */
  required: Record<string, string>;
  /** The runner's environment the source needs (the snapshot's GITHUB_WORKSPACE). */
  env?: Env;
}

const ACTIONS: ActionUnderTest[] = [
  {
    file: 'action.yml',
    parse: parseInputs,
    outputsSet: () => ({
      ...exportOutputs(['1'], { zipFiles: ['b/k.zip'], message: 'ok' } as Parameters<typeof exportOutputs>[1]),
      ...downloadOutputs([]),
      ...releaseOutputs([]),
    }),
    required: { 'obs-dir': 'dli-backups/flink' },
  },
  {
    file: 'import/action.yml',
    parse: parseImportInputs,
    outputsSet: () => ({
      ...importOutputs([{ oldJobId: '1', newJobId: '2', remark: '' }]),
      uploaded: uploadedOutput([{ object: 'b/a.zip' }]),
    }),
    required: { 'zip-file': 'dli-backups/flink/a.zip' },
  },
  {
    file: 'snapshot/action.yml',
    parse: parseSnapshotInputs,
    outputsSet: () => snapshotOutputs({ added: ['a'], changed: [], removed: [] }),
    required: {},
    env: { GITHUB_WORKSPACE: '/home/runner/work/repo/repo' },
  },
];

function load(file: string) {
  const document = parseDocument(readFileSync(new URL(file, root), 'utf8'));
  const action = document.toJS() as Record<string, unknown>;
  return {
    document,
    action,
    inputs: (action.inputs ?? {}) as Record<string, Input | null>,
    outputs: (action.outputs ?? {}) as Record<string, { description?: unknown } | null>,
    runs: (action.runs ?? {}) as Record<string, unknown>,
    branding: (action.branding ?? {}) as Record<string, unknown>,
  };
}

/** Every input name the source reads, whichever authentication mode is in play. */
function inputsReadBySource(parse: ActionUnderTest['parse'], env: Env = {}): Set<string> {
  const seen = new Set<string>();
  const reader = (values: Record<string, string>) => (name: string) => {
    seen.add(name);
    return values[name] ?? '';
  };
  const modes: Record<string, string>[] = [
    {},
    { 'identity-provider': 'idp' },
    { 'access-key': 'ak', 'secret-key': 'sk' },
    { username: 'u', password: 'p', 'domain-name': 'd' },
    { 'auth-token': 't' },
  ];
  for (const values of modes) {
    parse(reader(values), env);
    secretCandidates(reader(values), env);
  }
  return seen;
}

describe.each(ACTIONS)('$file: metadata syntax', ({ file }) => {
  const { document, action, inputs, outputs, runs, branding } = load(file);
  const dir = new URL(file.includes('/') ? `${file.slice(0, file.lastIndexOf('/'))}/` : './', root);

  it('is valid YAML without duplicate keys', () => {
    expect(document.errors.map((error) => error.message)).toEqual([]);
    expect(document.warnings.map((warning) => warning.message)).toEqual([]);
  });

  it('has only the top-level keys GitHub defines', () => {
    const allowed = ['name', 'author', 'description', 'inputs', 'outputs', 'runs', 'branding'];
    expect(Object.keys(action).filter((key) => !allowed.includes(key))).toEqual([]);
  });

  it('has a name, a description and an author (the Marketplace shows all three)', () => {
    expect(nonEmptyString(action.name)).toBe(true);
    expect(nonEmptyString(action.description)).toBe(true);
    expect(nonEmptyString(action.author)).toBe(true);
  });

  it('has branding with an icon and a color from GitHub’s lists', () => {
    expect(Object.keys(branding).sort()).toEqual(['color', 'icon']);
    expect(BRANDING_ICONS.has(String(branding.icon)), `icon ${String(branding.icon)}`).toBe(true);
    expect(BRANDING_COLORS.has(String(branding.color)), `color ${String(branding.color)}`).toBe(true);
  });

  it('runs on node24 with an entry point that exists', () => {
    expect(runs.using).toBe('node24');
    expect(
      Object.keys(runs).filter((key) => !['using', 'main', 'pre', 'pre-if', 'post', 'post-if'].includes(key)),
    ).toEqual([]);
    for (const key of ['main', 'pre', 'post'] as const) {
      if (key !== 'main' && runs[key] === undefined) continue;
      expect(typeof runs[key], `runs.${key}`).toBe('string');
      // Relative to the directory of the action.yml, as the runner resolves it.
      expect(existsSync(new URL(String(runs[key]), dir)), `runs.${key}: ${String(runs[key])} exists`).toBe(true);
    }
  });

  it('declares inputs and outputs', () => {
    expect(Object.keys(inputs).length).toBeGreaterThan(0);
    expect(Object.keys(outputs).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(inputs))(
    'input %s: kebab-case, described, with a string default unless required',
    (name, input) => {
      expect(name).toMatch(KEBAB);
      expect(input).toBeTypeOf('object');
      const spec = input ?? {};
      expect(
        Object.keys(spec).filter((key) => !['description', 'required', 'default', 'deprecationMessage'].includes(key)),
      ).toEqual([]);
      expect(nonEmptyString(spec.description), 'description').toBe(true);
      if (spec.required !== undefined) expect(spec.required).toBeTypeOf('boolean');
      if (spec.required === true) {
        expect(spec.default, 'a required input has no default').toBeUndefined();
      } else {
        // Quoted, so that YAML does not turn 60 or false into a number or a boolean.
        expect(spec.default, 'default').toBeTypeOf('string');
      }
    },
  );

  it.each(Object.entries(outputs))('output %s: kebab-case and described', (name, output) => {
    expect(name).toMatch(KEBAB);
    expect(Object.keys(output ?? {})).toEqual(['description']);
    expect(nonEmptyString(output?.description)).toBe(true);
  });
});

describe.each(ACTIONS)('$file: agrees with the source', ({ file, parse, outputsSet, required, env = {} }) => {
  const { inputs, outputs } = load(file);

  it('declares exactly the inputs the source reads', () => {
    expect([...inputsReadBySource(parse, env)].sort()).toEqual(Object.keys(inputs).sort());
  });

  it('declares exactly the outputs the source sets', () => {
    expect(Object.keys(outputsSet()).sort()).toEqual(Object.keys(outputs).sort());
  });

  it('has defaults the source accepts and that mean what an empty input means', () => {
    // The runner passes the action.yml default for every input the workflow leaves out.
    const given: Record<string, string> = {
      'project-id': '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
      ...required,
      region: 'eu-de',
      'access-key': 'AKEXAMPLE',
      'secret-key': 'sk-example',
    };
    const defaults = Object.fromEntries(
      Object.entries(inputs).flatMap(([name, input]) =>
        // The runner expands expressions in defaults; ${{ github.token }} becomes the workflow token.
        typeof input?.default === 'string'
          ? [[name, input.default.replace(/^\$\{\{ github\.token \}\}$/, 'ghs_example')]]
          : [],
      ),
    );
    const withDefaults = parse((name) => given[name] ?? defaults[name] ?? '', env);
    const withoutDefaults = parse((name) => given[name] ?? '', env);
    expect(withDefaults.ok).toBe(true);
    expect(withDefaults).toEqual(withoutDefaults);
  });
});

describe('the inputs both actions share', () => {
  const exportAction = load('action.yml').inputs;
  const importAction = load('import/action.yml').inputs;

  /** Inputs that work the same but act on what each action sends: each action describes its own request. */
  const OWN_DESCRIPTION = ['max-attempts', 'dry-run'];
  const withoutOwnDescription = (name: string, input: object | null | undefined) => {
    if (!input || !OWN_DESCRIPTION.includes(name)) return input;
    return Object.fromEntries(Object.entries(input).filter(([key]) => key !== 'description'));
  };

  it.each([...SHARED_INPUTS])('%s is declared identically in action.yml and import/action.yml', (name) => {
    expect(exportAction[name], `action.yml declares ${name}`).toBeDefined();
    expect(withoutOwnDescription(name, importAction[name])).toEqual(withoutOwnDescription(name, exportAction[name]));
  });

  it.each(OWN_DESCRIPTION)('%s: the import describes what the import does, not the export', (name) => {
    const description = String(importAction[name]?.description);
    expect(description).toMatch(/\bimport\b/);
    expect(description).not.toMatch(/export|job-names|list-exported|job list/i);
  });

  it('are in the same order in both files', () => {
    const shared = (inputs: Record<string, unknown>) =>
      Object.keys(inputs).filter((name) => SHARED_INPUTS.includes(name));
    expect(shared(importAction)).toEqual(shared(exportAction));
  });
});

describe('the shared inputs of the snapshot', () => {
  const exportAction = load('action.yml').inputs;
  const snapshotAction = load('snapshot/action.yml').inputs;
  /** Their descriptions say what the snapshot does (only reads; a dry run still reads the list). */
  const OWN_DESCRIPTION = new Set(['dry-run', 'max-attempts']);

  it.each([...SHARED_INPUTS])('%s is declared as in action.yml', (name) => {
    const { description, ...rest } = snapshotAction[name] ?? {};
    const { description: exportDescription, ...exportRest } = exportAction[name] ?? {};
    expect(rest).toEqual(exportRest);
    if (!OWN_DESCRIPTION.has(name)) expect(description).toEqual(exportDescription);
  });

  it('are in the same order', () => {
    const shared = (inputs: Record<string, unknown>) =>
      Object.keys(inputs).filter((name) => SHARED_INPUTS.includes(name));
    expect(shared(snapshotAction)).toEqual(shared(exportAction));
  });
});
