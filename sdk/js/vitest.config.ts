import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

// One run covers both packages: the core in Node with an in-memory browser (fake-browser.ts),
// the React bindings in happy-dom. Tests import sources, so no stale build is ever tested.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'js',
          include: ['packages/latchkey-js/test/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias: { '@latchkey/js': src('./packages/latchkey-js/src/index.ts') } },
        test: {
          name: 'react',
          include: ['packages/latchkey-react/test/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
    ],
  },
});
