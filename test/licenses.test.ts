/**
 * The project is MIT: every package it installs (the lock file records each one's licence) must
 * be under a permissive licence, so no GPL code reaches the server, its tools or a client.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const PERMISSIVE = new Set(['MIT', 'ISC', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'Apache-2', '0BSD', 'BlueOak-1.0.0', 'PSF-2.0']);

describe('licences', () => {
  it('the project is MIT, and every installed package is under a permissive licence', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { license: string };
    assert.equal(pkg.license, 'MIT');
    assert.match(readFileSync(new URL('../LICENSE', import.meta.url), 'utf8'), /^MIT License/);
    const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
      packages: Record<string, { license?: string }>;
    };
    const others = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .filter(([, entry]) => !PERMISSIVE.has(entry.license ?? 'none'))
      .map(([path, entry]) => `${path}: ${entry.license ?? 'no licence recorded'}`);
    assert.deepEqual(others, []);
  });
});
