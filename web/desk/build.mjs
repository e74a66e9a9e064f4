// Builds the map into dist/: the bundles (content-hashed names), their licences, and
// index.html pointing at them. dist/ is committed and embedded in the Go binary; run
// ./build after changing app/. DESK_DEBUG=1 builds unminified, to read a browser's stack
// traces (never commit that build: the test compares dist/ with a minified build).
import * as esbuild from 'esbuild';
import { rmSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join, relative } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const app = join(here, 'app');
const dist = join(here, 'dist');

rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });

const result = await esbuild.build({
  entryPoints: [join(app, 'main.js')],
  bundle: true,
  format: 'esm',
  splitting: true,
  minify: process.env.DESK_DEBUG !== '1',
  target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('main.js'));
const js = relative(dist, join(here, entry[0]));
const css = relative(dist, join(here, entry[1].cssBundle));
cpSync(join(app, 'static'), dist, { recursive: true });
writeFileSync(join(dist, 'index.html'), readFileSync(join(app, 'index.html'), 'utf8').replace('{{JS}}', js).replace('{{CSS}}', css));
console.log(`built ${Object.keys(result.metafile.outputs).length} files into dist/`);
