/**
 * infra/main.bicep against the config loader. No Bicep compiler can be had here, so the template is read as text:
 * every setting the loader requires is set, the settings together satisfy the loader, every Key Vault secret a
 * setting refers to is created by the template (or comes from a documented @secure() parameter), the database has
 * no open firewall rule, and credentials in the connection URL are URI-encoded.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/app/config.js';

const root = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), 'utf8');

/** The template without its comment lines (strings such as 'https://…' keep their slashes). */
function code(bicep: string): string {
  return bicep.replace(/^\s*\/\/.*$/gm, '');
}

/** The bracketed text starting at `open` ('[', '{' or '('), nesting counted, strings skipped. */
function balanced(text: string, open: number): string {
  const pairs: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  const stack: string[] = [];
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === "'") inString = false;
      continue;
    }
    if (ch === "'") inString = true;
    else if (pairs[ch]) stack.push(pairs[ch]);
    else if (ch === stack[stack.length - 1]) {
      stack.pop();
      if (!stack.length) return text.slice(open, i + 1);
    }
  }
  throw new Error(`unbalanced brackets from offset ${open}`);
}

/** A top-level `var NAME = …` definition's value. */
function variable(src: string, name: string): string {
  const m = new RegExp(`^var ${name} = `, 'm').exec(src);
  if (!m) throw new Error(`var ${name} not found`);
  let start = m.index + m[0].length;
  while (/\s/.test(src[start])) start++;
  // `cond ? [ … ] : []` — take the whole expression up to the next top-level declaration.
  if (src[start] === '[') return balanced(src, start);
  const rest = src.slice(start);
  const end = rest.search(/^(var|param|resource|output|func|type) /m);
  return end === -1 ? rest : rest.slice(0, end);
}

/** String items of a `var NAME = ['a', 'b']`. */
function stringList(src: string, name: string): string[] {
  return [...variable(src, name).matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

interface Setting {
  name: string;
  /** The Bicep expression: a quoted string (maybe with ${…}) or a bare expression. */
  value: string;
}

/** The App Service's app settings: an inline array or a concat(…) of `var` arrays. */
function appSettings(bicep: string): Setting[] {
  const src = code(bicep);
  const at = src.indexOf('appSettings:');
  if (at === -1) throw new Error('appSettings not found');
  let start = at + 'appSettings:'.length;
  while (/\s/.test(src[start])) start++;
  const expr = src[start] === '[' ? balanced(src, start) : src.slice(start, src.indexOf('\n', start));
  const parts = expr.startsWith('concat(')
    ? balanced(expr, expr.indexOf('('))
        .slice(1, -1)
        .split(',')
        .map((v) => variable(src, v.trim()))
    : [expr];
  const settings: Setting[] = [];
  for (const part of parts)
    for (const m of part.matchAll(/name:\s*'([A-Za-z0-9_]+)'[\s,]*value:\s*('(?:[^'\\]|\\.)*'|[^\n}]+)/g))
      settings.push({ name: m[1], value: m[2].trim() });
  return settings;
}

const KEY_VAULT_REF = /^'@Microsoft\.KeyVault\(VaultName=[^;]+;SecretName=([A-Za-z0-9-]+)\)'$/;

/** Names the loader complains about for this environment (empty when it accepts it). */
function namedByLoader(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return [...e.message.matchAll(/^\s+([A-Z][A-Z0-9_]*)\b[^:\n]*:/gm)].map((m) => m[1]);
  }
}

/** Plain string values the template sets literally (no interpolation). */
function literalEnv(settings: Setting[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of settings)
    if (/^'[^']*'$/.test(s.value) && !s.value.includes('${')) env[s.name] = s.value.slice(1, -1);
  return env;
}

const GUID = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PEM =
  '-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n';
/** What App Service would put in a setting once Key Vault has answered (shapes, not real values). */
const RESOLVED: Record<string, string> = {
  'database-url':
    'postgres://ddhadmin:p%23ss%2Fw%40rd@ddh-bot-pg.postgres.database.azure.com:5432/ddh?sslmode=verify-full',
  'graph-client-certificate': PEM,
};

/** The settings as the running app would see them: references resolved, expressions evaluated to plausible values. */
function resolvedEnv(settings: Setting[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const s of settings) {
    const ref = KEY_VAULT_REF.exec(s.value);
    if (ref) env[s.name] = RESOLVED[ref[1]] ?? 'c2VjcmV0LXZhbHVlLWdlbmVyYXRlZC1pbi1rZXktdmF1bHQ=';
    else if (s.value.startsWith("'")) env[s.name] = s.value.slice(1, -1).replace(/\$\{[^}]*\}/g, 'x');
    else env[s.name] = GUID; // identity client ids, tenant ids, parameters: GUID-shaped in this template
  }
  return env;
}

const bicep = read('infra/main.bicep');
const src = code(bicep);
const settings = appSettings(bicep);

describe('infra/main.bicep and the config loader', () => {
  it('finds the app settings (the parser is not reading an empty list)', () => {
    const names = settings.map((s) => s.name);
    expect(names.length).toBeGreaterThan(10);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain('DATABASE_URL');
  });

  it('sets every variable the loader requires in production, as the loader itself names them', () => {
    // The loader's own list: with nothing set it names what production needs (never an empty derivation).
    expect(namedByLoader({})).toContain('DATABASE_URL');
    // With the template's literal choices (e.g. BOT_AUTH_TYPE), every variable it still asks for must be in the template.
    const names = new Set(settings.map((s) => s.name));
    const required = namedByLoader(literalEnv(settings));
    expect(required.length).toBeGreaterThan(0);
    for (const v of required) expect(names, `${v} mangler i appSettings`).toContain(v);
  });

  it('gives the loader a complete production configuration once Key Vault references resolve', () => {
    const env = resolvedEnv(settings);
    expect(env.DDH_LOCAL).toBeUndefined();
    const c = loadConfig(env);
    expect(c.DDH_LOCAL).toBe(false);
    expect(c.BOT_AUTH_TYPE).toBe('UserAssignedMSI');
    expect(c.LINK_SIGNING_SECRET).toBeDefined();
    expect(c.GRAPH_ENABLED && c.GRAPH_CLIENT_ID && c.GRAPH_CLIENT_CERTIFICATE).toBeTruthy();
  });

  it('would be refused if App Service could not resolve the references, each named', () => {
    const raw = resolvedEnv(settings);
    const refs = settings.filter((s) => KEY_VAULT_REF.test(s.value));
    expect(refs.map((s) => s.name)).toContain('DATABASE_URL');
    for (const s of refs) raw[s.name] = s.value.slice(1, -1).replace(/\$\{[^}]*\}/g, 'kv-ddh');
    const named = namedByLoader(raw);
    for (const s of refs) expect(named).toContain(s.name);
  });

  it('creates every Key Vault secret a setting refers to, or takes it from a documented @secure() parameter', () => {
    const referenced = settings.map((s) => KEY_VAULT_REF.exec(s.value)?.[1]).filter((n): n is string => !!n);
    expect(referenced.length).toBeGreaterThan(3);
    const asResources = [...src.matchAll(/resource \w+ 'Microsoft\.KeyVault\/vaults\/secrets@[^']+' = \{/g)].map(
      (m) => /name:\s*'([^']+)'/.exec(balanced(src, m.index + m[0].length - 1))![1],
    );
    const generated = [...stringList(src, 'generatedSecrets'), ...stringList(src, 'generatedCertificates')];
    // The generated ones really reach the script that makes them, and the script exists.
    expect(src).toContain("{ name: 'SECRETS', value: join(generatedSecrets, ' ') }");
    expect(src).toMatch(/\{ name: 'CERTIFICATES', value: graphEnabled \? join\(generatedCertificates, ' '\) : '' \}/);
    expect(src).toContain("scriptContent: loadTextContent('generate-secrets.sh')");
    const script = read('infra/generate-secrets.sh');
    expect(script).toMatch(/for s in \$SECRETS/);
    expect(script).toMatch(/for c in \$\{CERTIFICATES:-\}/);
    for (const name of referenced) expect([...asResources, ...generated], `${name} oprettes ikke`).toContain(name);
  });

  it('documents each @secure() parameter as required and passes it from a vault or a secret variable, never a file', () => {
    const secure = [...src.matchAll(/@secure\(\)\s*(?:@[^\n]*\n\s*)*param (\w+) (\w+)( =)?/g)];
    expect(secure.map((m) => m[1])).toEqual(['postgresPassword']);
    for (const [decl, name, , hasDefault] of secure) {
      expect(hasDefault, `${name} har en standardværdi`).toBeUndefined();
      expect(decl).toMatch(/@description\('Required\./);
      const cli = JSON.parse(read('infra/main.parameters.json')).parameters[name];
      expect(cli.reference?.keyVault?.id, `${name}: Key Vault-reference i main.parameters.json`).toBeDefined();
      expect(cli.value).toBeUndefined();
      const atk = JSON.parse(read('infra/azure.parameters.json')).parameters[name];
      expect(atk.value).toMatch(/^\$\{\{SECRET_[A-Z_]+\}\}$/);
    }
  });

  it('gives every parameter without a default in both parameter files, and no unknown ones', () => {
    const params = [...src.matchAll(/^param (\w+) \w+( =)?/gm)];
    const required = params.filter((m) => !m[2]).map((m) => m[1]);
    const all = params.map((m) => m[1]);
    for (const file of ['infra/main.parameters.json', 'infra/azure.parameters.json']) {
      const given = Object.keys(JSON.parse(read(file)).parameters);
      for (const p of required) expect(given, `${file}: ${p}`).toContain(p);
      for (const p of given) expect(all, `${file}: ukendt parameter ${p}`).toContain(p);
    }
  });

  it('opens the database to no one: no firewall rules, no 0.0.0.0, private access in a delegated subnet', () => {
    expect(src).not.toContain('0.0.0.0');
    expect(src).not.toMatch(/flexibleServers\/firewallRules/);
    const pg = /resource pg 'Microsoft\.DBforPostgreSQL\/flexibleServers@[^']+' = \{/.exec(src);
    expect(pg).not.toBeNull();
    const body = balanced(src, pg!.index + pg![0].length - 1);
    expect(body).toMatch(/publicNetworkAccess: 'Disabled'/);
    expect(body).toMatch(/delegatedSubnetResourceId: \w+/);
    expect(body).toMatch(/privateDnsZoneArmResourceId: \w+/);
    expect(src).toMatch(/serviceName: 'Microsoft\.DBforPostgreSQL\/flexibleServers'/);
    expect(src).toMatch(/virtualNetworkSubnetId: appSubnet\.id/);
  });

  it('URI-encodes every credential in the database URL', () => {
    const db = /resource \w+ 'Microsoft\.KeyVault\/vaults\/secrets@[^']+' = \{[^}]*?name: 'database-url'/.exec(src);
    expect(db).not.toBeNull();
    const value = /value: ('(?:[^'\\]|\\.)*')/.exec(balanced(src, src.indexOf('{', db!.index)))![1];
    const userinfo = /^'postgres(?:ql)?:\/\/(.*?)@\$\{/.exec(value)?.[1];
    expect(userinfo, value).toBeDefined();
    const parts = [...userinfo!.matchAll(/\$\{([^}]*)\}/g)].map((m) => m[1]);
    expect(parts).toContain('uriComponent(postgresPassword)');
    for (const p of parts) expect(p).toMatch(/^uriComponent\(\w+\)$/);
    expect(src).not.toMatch(/\$\{postgresPassword\}/);
  });

  it('runs the artefact on the pinned Node major, without a build on the server, with the image command', () => {
    const pkg = JSON.parse(read('package.json'));
    const major = String(pkg.devDependencies.node).split('.')[0];
    expect(src).toContain(`linuxFxVersion: 'NODE|${major}-lts'`);
    const env = literalEnv(settings);
    expect(env.SCM_DO_BUILD_DURING_DEPLOYMENT).toBe('false');
    const cmd = /^CMD (\[.*\])$/m.exec(read('Dockerfile'))![1];
    expect(src).toContain(`appCommandLine: '${JSON.parse(cmd).join(' ')}'`);
    expect(pkg.scripts.serve).toBe(JSON.parse(cmd).join(' '));
    expect(src).toContain("healthCheckPath: '/readyz'");
    expect(existsSync(new URL('infra/generate-secrets.sh', root))).toBe(true);
  });
});
