import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vendor code in long-cached chunks split by what loads it. `react`, `router` and `query` are on
 * every page; `table` (admin tables) and `zod` (form checks with the shared schemas on the login,
 * account and admin pages) only come with those lazy routes, so the rater's pages never load them.
 */
const vendorGroups = [
  { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
  { name: 'router', test: /node_modules[\\/](react-router|cookie|set-cookie-parser)[\\/]/ },
  { name: 'query', test: /node_modules[\\/]@tanstack[\\/](query-core|react-query)[\\/]/ },
  {
    name: 'table',
    test: /node_modules[\\/]@tanstack[\\/](table-core|react-table|store|react-store)[\\/]/,
  },
  { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
];

/**
 * `shared` is pure declarations (its package.json does not say so): telling the bundler lets it
 * drop the zod schemas from chunks that only use the contract's types and constants.
 */
const sharedSource = /[\\/]shared[\\/]src[\\/]/;

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      {
        find: /^@peel\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
    ],
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    rolldownOptions: {
      treeshake: {
        moduleSideEffects: (id) => (sharedSource.test(id) ? false : undefined),
      },
      output: { codeSplitting: { groups: vendorGroups } },
    },
  },
});
