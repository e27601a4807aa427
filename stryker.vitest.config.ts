// Vitest as `npm run mutate` runs it: only the in-process tests (test/unit), which import src/ directly.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
