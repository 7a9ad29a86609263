import { defineConfig } from 'vite';

// The React page of the demo web app. Vite's built-in esbuild transform compiles the TSX
// (automatic JSX runtime); no plugin needed for a production build.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  resolve: {
    // @latchkey/react is linked from sdk/js (file: dependency): make every import of React and
    // of the SDK resolve to one copy, or hooks would see two Reacts.
    dedupe: ['react', 'react-dom', '@latchkey/js', '@latchkey/react'],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      // React Server Components' "use client" markers in SWR and TanStack Query mean nothing in a
      // client-only bundle; Rollup's notes about dropping them are noise.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' || (warning.code === 'SOURCEMAP_ERROR' && /node_modules/.test(warning.id ?? ''))) return;
        warn(warning);
      },
    },
  },
});
