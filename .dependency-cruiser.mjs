// `npm run deps` (part of `npm run lint`): the layers of src/ (CONTRIBUTING.md, "Layout"), checked by
// dependency-cruiser. Bottom to top:
//   util < http < cloud < services (auth < obs < dli; release) < action < actions (export, import, snapshot)
// An import may only go down (or stay in its folder); no cycles; actions never import each other; the modules
// below the runner boundary (src/action) never import @actions/core.
//
// TypeScript 7 has no JavaScript API, so dependency-cruiser parses the .ts files with swc (`parser: 'swc'`),
// which keeps type-only imports: a type imported upward is an upward import too.

const layers = ['util', 'http', 'cloud', 'services', 'action', 'actions'];
/** Every folder of src/ by layer (test/repo/dependency-graph.test.ts checks that none is missing). */
export const folders = {
  util: ['util'],
  http: ['http'],
  cloud: ['cloud'],
  services: ['auth', 'obs', 'dli', 'release'],
  action: ['action'],
  actions: ['export', 'import', 'snapshot'],
};
const under = (names) => `^src/(${names.join('|')})/`;

/** One rule per layer: nothing in it imports any layer above it. */
const upward = layers.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer}`,
  comment: `src/${folders[layer].join(', src/')} is below ${layers.slice(index + 1).join(', ')}: import only downward`,
  severity: 'error',
  from: { path: under(folders[layer]) },
  to: { path: under(layers.slice(index + 1).flatMap((above) => folders[above])) },
}));

/** The services import each other only downward, as they do today: auth < obs < dli; release stands alone. */
const services = [
  { from: 'auth', above: ['obs', 'dli', 'release'] },
  { from: 'obs', above: ['dli', 'release'] },
  { from: 'dli', above: ['release'] },
  { from: 'release', above: ['auth', 'obs', 'dli'] },
].map(({ from, above }) => ({
  name: `no-sideways-from-${from}`,
  comment: `src/${from} may not import src/${above.join(', src/')} (services: auth < obs < dli; release alone)`,
  severity: 'error',
  from: { path: under([from]) },
  to: { path: under(above) },
}));

export default {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a lower module',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    ...upward,
    ...services,
    {
      name: 'no-action-to-action',
      comment: 'An action imports another action: move what both need to src/action or a service',
      severity: 'error',
      from: { path: '^src/(export|import|snapshot)/' },
      to: { path: '^src/(export|import|snapshot)/', pathNot: '^src/$1/' },
    },
    {
      name: 'no-core-in-pure-modules',
      comment: 'Pure modules (below src/action) do not talk to the runner: return values, let the edge log them',
      severity: 'error',
      from: { path: under([...folders.util, ...folders.http, ...folders.cloud, ...folders.services]) },
      to: { path: '(^|/)node_modules/@actions/core/|^@actions/core$' },
    },
    {
      name: 'no-tests-or-scripts-in-src',
      comment: 'src/ is shipped: it never imports test/, bench/ or scripts/',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that does not resolve to a file or an installed package',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/types/' },
  },
};
