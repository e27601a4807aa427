/**
 * The repository's configuration for GitHub: Dependabot, CodeQL, CODEOWNERS and the issue forms, parsed and checked
 * against the keys GitHub documents for them (a misspelt key is ignored by GitHub without a word, so it fails here).
 *
 * Dependabot: docs.github.com/en/code-security/dependabot/working-with-dependabot/dependabot-options-reference
 * Issue forms: docs.github.com/en/communities/using-templates-to-encourage-useful-issues-and-pull-requests/
 *   syntax-for-issue-forms and .../syntax-for-githubs-form-schema
 * CODEOWNERS: docs.github.com/en/repositories/managing-your-repositorys-settings-and-features/
 *   customizing-your-repository/about-code-owners
 * CodeQL: github.com/github/codeql-action (init: languages, build-mode, config; analyze: category)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
type Yaml = Record<string, unknown>;
const keysOf = (value: unknown) => Object.keys((value ?? {}) as Yaml);

/** Keys of `value` that the documentation does not list. */
const unknownKeys = (value: unknown, documented: readonly string[]) =>
  keysOf(value).filter((key) => !documented.includes(key));

describe('.github/dependabot.yml', () => {
  const config = parse(read('.github/dependabot.yml')) as Yaml;
  const updates = config.updates as Yaml[];
  const TOP = ['version', 'updates', 'registries', 'enable-beta-ecosystems', 'multi-ecosystem-groups'];
  const UPDATE = [
    'package-ecosystem',
    'directory',
    'directories',
    'schedule',
    'allow',
    'assignees',
    'commit-message',
    'cooldown',
    'exclude-paths',
    'groups',
    'ignore',
    'insecure-external-code-execution',
    'labels',
    'milestone',
    'multi-ecosystem-group',
    'open-pull-requests-limit',
    'patterns',
    'pull-request-branch-name',
    'rebase-strategy',
    'registries',
    'reviewers',
    'target-branch',
    'vendor',
    'versioning-strategy',
  ];
  const SCHEDULE = ['interval', 'day', 'time', 'timezone', 'cronjob'];
  const INTERVALS = ['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron'];
  const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const GROUP = ['applies-to', 'dependency-type', 'patterns', 'exclude-patterns', 'update-types', 'group-by'];
  const COMMIT = ['prefix', 'prefix-development', 'include'];

  it('uses only documented keys and values', () => {
    expect(config.version).toBe(2);
    expect(unknownKeys(config, TOP)).toEqual([]);
    for (const update of updates) {
      expect(unknownKeys(update, UPDATE)).toEqual([]);
      expect(['npm', 'github-actions']).toContain(update['package-ecosystem']);
      expect('directory' in update !== 'directories' in update).toBe(true);
      const schedule = update.schedule as Yaml;
      expect(unknownKeys(schedule, SCHEDULE)).toEqual([]);
      expect(INTERVALS).toContain(schedule.interval);
      if (schedule.day !== undefined) expect(DAYS).toContain(schedule.day);
      expect(unknownKeys(update['commit-message'], COMMIT)).toEqual([]);
      for (const group of Object.values((update.groups ?? {}) as Record<string, Yaml>)) {
        expect(unknownKeys(group, GROUP)).toEqual([]);
        if (group['dependency-type'] !== undefined)
          expect(['development', 'production']).toContain(group['dependency-type']);
        for (const type of (group['update-types'] ?? []) as string[])
          expect(['major', 'minor', 'patch']).toContain(type);
      }
    }
  });

  it('updates every npm project of the repository, in groups, and the workflows’ actions', () => {
    const npm = updates.find((update) => update['package-ecosystem'] === 'npm') ?? {};
    const projects = ['/', ...readdirSync(new URL('tools/', root)).map((dir) => `/tools/${dir}`)];
    expect([...((npm.directories as string[]) ?? [])].sort()).toEqual(projects.sort());
    expect(keysOf(npm.groups).length).toBeGreaterThan(0);
    const actions = updates.find((update) => update['package-ecosystem'] === 'github-actions') ?? {};
    expect(actions.directory).toBe('/');
  });
});

describe('.github/workflows/codeql.yml', () => {
  const workflow = parse(read('.github/workflows/codeql.yml')) as Yaml;
  const job = (workflow.jobs as Record<string, Yaml>).analyze ?? {};
  const steps = job.steps as Yaml[];
  const step = (action: string) => steps.find((s) => String(s.uses).startsWith(`github/codeql-action/${action}@`));

  it('scans the TypeScript code and the workflows, with the permission to upload results', () => {
    expect((job.strategy as { matrix: { language: string[] } }).matrix.language.sort()).toEqual([
      'actions',
      'javascript-typescript',
    ]);
    expect(job.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    expect(step('init')?.with).toMatchObject({ languages: '${{ matrix.language }}', 'build-mode': 'none' });
    expect(step('analyze')?.with).toEqual({ category: '/language:${{ matrix.language }}' });
  });

  it('passes the init step a CodeQL configuration with documented keys that leaves out the built copies', () => {
    const config = parse(String(((step('init')?.with ?? {}) as Yaml).config)) as Yaml;
    expect(
      unknownKeys(config, [
        'name',
        'disable-default-queries',
        'queries',
        'packs',
        'paths',
        'paths-ignore',
        'query-filters',
      ]),
    ).toEqual([]);
    expect(config['paths-ignore']).toEqual(expect.arrayContaining(['dist', 'lib']));
  });
});

describe('.github/CODEOWNERS', () => {
  const rules = read('.github/CODEOWNERS')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'));

  it('has a pattern and owners (@user, @org/team or an e-mail address) on every rule, and a default owner', () => {
    // <owner> is the repository owner's placeholder, as in the README's `uses: <owner>/dli-flink-export-action@v1`.
    const owner = /^(@<owner>|@[A-Za-z0-9-]+(\/[A-Za-z0-9_.-]+)?|[^@\s]+@[^@\s]+\.[a-z]+)$/;
    for (const rule of rules) {
      const [pattern, ...owners] = rule.trim().split(/\s+/);
      expect(pattern).toMatch(/^[^!#[\]]+$/); // CODEOWNERS knows no `!` negation and no `[ ]` ranges
      expect(owners.length).toBeGreaterThan(0);
      for (const name of owners) expect(name).toMatch(owner);
    }
    expect(rules[0]?.split(/\s+/)[0]).toBe('*');
  });

  it('names only paths that exist', () => {
    for (const rule of rules) {
      const pattern = rule.split(/\s+/)[0] ?? '';
      if (pattern === '*') continue;
      expect(() => readdirSync(new URL(`.${pattern}`.replace(/\/$/, ''), root)), pattern).not.toThrow(/ENOENT/);
    }
  });
});

describe('.github/ISSUE_TEMPLATE', () => {
  const TOP = ['name', 'description', 'body', 'assignees', 'labels', 'title', 'projects', 'type'];
  const ATTRIBUTES: Record<string, string[]> = {
    markdown: ['value'],
    textarea: ['label', 'description', 'placeholder', 'value', 'render'],
    input: ['label', 'description', 'placeholder', 'value'],
    dropdown: ['label', 'description', 'multiple', 'options', 'default'],
    checkboxes: ['label', 'description', 'options'],
  };
  const forms = readdirSync(new URL('.github/ISSUE_TEMPLATE/', root)).filter((file) => file.endsWith('.yml'));
  const form = (file: string) => parse(read(`.github/ISSUE_TEMPLATE/${file}`)) as Yaml;
  const fields = (file: string) => form(file).body as Yaml[];

  it('are issue forms with the documented keys, unique ids and a label on every field', () => {
    expect(forms.sort()).toEqual(['bug.yml', 'feature.yml']);
    for (const file of forms) {
      const template = form(file);
      expect(unknownKeys(template, TOP), file).toEqual([]);
      expect(typeof template.name === 'string' && typeof template.description === 'string', file).toBe(true);
      const ids = fields(file).flatMap((field) => (field.id === undefined ? [] : [field.id]));
      expect(new Set(ids).size, file).toBe(ids.length);
      for (const field of fields(file)) {
        const type = String(field.type);
        expect(Object.keys(ATTRIBUTES), file).toContain(type);
        expect(unknownKeys(field, ['type', 'id', 'attributes', 'validations']), file).toEqual([]);
        expect(unknownKeys(field.attributes, ATTRIBUTES[type] ?? []), `${file} ${String(field.id)}`).toEqual([]);
        expect(unknownKeys(field.validations, ['required']), file).toEqual([]);
        if (type !== 'markdown')
          expect(typeof (field.attributes as Yaml).label, `${file} ${String(field.id)}`).toBe('string');
      }
    }
  });

  it('ask a bug report for the step’s log and the action’s version, both required', () => {
    const required = (id: string) => fields('bug.yml').find((field) => field.id === id);
    expect(required('log')).toMatchObject({ type: 'textarea', validations: { required: true } });
    expect(String(((required('log')?.attributes ?? {}) as Yaml).label)).toMatch(/log/i);
    expect(required('version')).toMatchObject({ type: 'input', validations: { required: true } });
    expect(String(((required('version')?.attributes ?? {}) as Yaml).label)).toMatch(/version/i);
  });

  it('ask a feature request what the user wants to do', () => {
    expect(fields('feature.yml').find((field) => field.id === 'problem')).toMatchObject({
      validations: { required: true },
    });
  });
});
