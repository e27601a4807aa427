import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // `npm run coverage`: the in-process tests (test/unit) over src/. The end-to-end tests run the bundle in a child
    // process, which V8 coverage of this process cannot see. CI fails under these thresholds.
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The entry points are one line, `await run()`; run() itself is covered in process.
      exclude: ['src/export/index.ts', 'src/import/index.ts', 'src/snapshot/index.ts'],
      reporter: ['text-summary', 'text', 'html', 'json-summary'],
      reportsDirectory: 'reports/coverage',
      thresholds: { lines: 90, branches: 85 },
    },
  },
});
