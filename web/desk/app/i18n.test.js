import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dictionaries, t, setLang } from './i18n.js';

const here = new URL('.', import.meta.url).pathname;

test('both languages have the same words', () => {
  const zh = Object.keys(dictionaries.zh).sort();
  const en = Object.keys(dictionaries.en).sort();
  assert.deepEqual(en.filter((k) => !zh.includes(k)), [], 'in English only');
  assert.deepEqual(zh.filter((k) => !en.includes(k)), [], 'in Chinese only');
});

test('every word the pages ask for is in the dictionary', () => {
  const missing = [];
  for (const f of readdirSync(here).filter((n) => n.endsWith('.js') && !n.endsWith('.test.js'))) {
    const src = readFileSync(here + f, 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_]+)'/g)) {
      if (!(m[1] in dictionaries.zh)) missing.push(`${f}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('words with values fill them in, in the chosen language', () => {
  setLang('zh');
  assert.equal(t('gaps_total', { n: 3 }), '共 3 处必建场所未完全覆盖');
  setLang('en');
  assert.equal(t('gaps_total', { n: 3 }), '3 mandatory sites not fully covered');
  assert.equal(t('no_such_word'), 'no_such_word');
  setLang('zh');
});
