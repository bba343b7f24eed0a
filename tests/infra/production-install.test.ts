/**
 * The runtime image installs production dependencies with --ignore-scripts (Dockerfile, docs/deploy.md). That is
 * only right while every install script in the production tree is one we have read and found unneeded; a new
 * dependency with an install script must be looked at, so this test names it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { dev?: boolean; hasInstallScript?: boolean }>;
};

/** Read and judged (docs/deploy.md, "Installation uden scripts"). */
const JUDGED: Record<string, string> = {
  'node_modules/botbuilder-dialogs': 'postinstall: npx rimraf of nested recognizer copies; dialog prompts are unused',
  'node_modules/dtrace-provider': 'optional native DTrace probe for restify; restify runs without it',
  'node_modules/protobufjs': 'postinstall: prints a version-scheme warning only',
};

describe('the production install', () => {
  it('has no install script besides the ones judged unneeded, so --ignore-scripts stays safe', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path && !p.dev && p.hasInstallScript)
      .map(([path]) => path)
      .sort();
    expect(withScripts).toEqual(Object.keys(JUDGED).sort());
  });

  it('installs the runtime image with --ignore-scripts and without dev dependencies', () => {
    const dockerfile = readFileSync(new URL('Dockerfile', root), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toMatch(/RUN [^\n]*npm ci --omit=dev --ignore-scripts/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/^HEALTHCHECK .*\/readyz/m);
  });
});
