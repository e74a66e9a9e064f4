// Builds the app into dist/: the bundles (content-hashed names), index.html pointing at
// them, the service worker with the list of the shell's files, the manifest and icons.
// dist/ is committed and embedded in the Go binary; run ./build after changing app/.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { rmSync, mkdirSync, readFileSync, writeFileSync, cpSync, readdirSync, statSync } from 'node:fs';
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
  minify: true,
  target: ['es2020', 'chrome90', 'safari14'],
  outdir: join(dist, 'assets'),
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.COF': 'text' },
  metafile: true,
  legalComments: 'linked',
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => relative(dist, join(here, p)).split('\\').join('/'));
const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint?.endsWith('main.js'));
const js = relative(dist, join(here, entry[0]));
const css = relative(dist, join(here, entry[1].cssBundle));

cpSync(join(app, 'static'), dist, { recursive: true });
writeFileSync(join(dist, 'index.html'), readFileSync(join(app, 'index.html'), 'utf8').replace('{{JS}}', js).replace('{{CSS}}', css));

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [relative(dist, p).split('\\').join('/')];
  });
}
const shell = walk(dist).filter((f) => !f.endsWith('.map') && !f.endsWith('.LEGAL.txt')).sort();
const version = createHash('sha256');
for (const f of shell) version.update(f).update(readFileSync(join(dist, f)));
const sw = readFileSync(join(app, 'sw.js'), 'utf8')
  .replace('__VERSION__', version.digest('hex').slice(0, 16))
  .replace('__SHELL__', JSON.stringify(['./', ...shell.map((f) => `./${f}`)]));
writeFileSync(join(dist, 'sw.js'), sw);
console.log(`built ${outputs.length} bundles, ${shell.length + 1} shell files into dist/`);
