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
          env: { EXPECT_REACT_MAJOR: '19' },
        },
      },
      {
        // The same React tests on React 18: react and react-dom resolve to compat/react18
        // (its own lockfile); Testing Library is inlined so its imports follow the alias.
        resolve: {
          alias: [
            { find: '@latchkey/js', replacement: src('./packages/latchkey-js/src/index.ts') },
            {
              find: /^@testing-library\/react$/,
              replacement: src('./node_modules/@testing-library/react/dist/@testing-library/react.esm.js'),
            },
            { find: /^react(\/.*)?$/, replacement: `${src('./compat/react18/node_modules/react')}$1` },
            { find: /^react-dom(\/.*)?$/, replacement: `${src('./compat/react18/node_modules/react-dom')}$1` },
          ],
        },
        test: {
          name: 'react18',
          include: ['packages/latchkey-react/test/**/*.test.tsx'],
          environment: 'happy-dom',
          env: { EXPECT_REACT_MAJOR: '18' },
          server: { deps: { inline: [/@testing-library\/react/] } },
        },
      },
    ],
  },
});
