import { defineConfig } from 'tsup';

/**
 * Two builds:
 * - the npm package (ESM + .d.ts), dependencies left external so the app's bundler dedupes and splits them;
 * - a self-contained browser module for `<script type="module">`, dependencies bundled,
 *   `@auth0/auth0-spa-js` split into its own lazily loaded chunk.
 */
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      'mock/index': 'src/mock/index.ts',
      'mock/node': 'src/mock/node.ts',
      'mock/cli': 'src/mock/cli.ts',
    },
    format: ['esm'],
    target: 'es2022',
    platform: 'neutral',
    dts: true,
    clean: true,
    sourcemap: true,
    splitting: true,
    treeshake: true,
    external: [/^node:/],
  },
  {
    entry: { 'restdb-client': 'src/index.ts' },
    outDir: 'dist/browser',
    format: ['esm'],
    target: 'es2022',
    platform: 'browser',
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
    splitting: true,
    treeshake: true,
    dts: false,
    clean: false,
  },
]);
