/**
 * The tests run on the runtime the project pins (the `node` devDependency, which npm scripts put first on PATH),
 * not on whatever Node the machine has: CI's output proves the suite ran on a supported Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
};

describe('runtime', () => {
  it('runs on the pinned Node major (24 LTS)', () => {
    const pinned = pkg.devDependencies.node;
    expect(pinned).toMatch(/^24\./);
    expect(process.versions.node.split('.')[0]).toBe(pinned.split('.')[0]);
  });

  it('declares the same major in engines', () => {
    expect(pkg.engines.node).toBe('>=24');
  });
});
