/**
 * The Teams app package: manifest/manifest.json with ids filled in, and its language files (Danish is the default
 * language; en-us.json translates), validated offline against the schemas @microsoft/app-manifest bundles, zipped
 * with the two icons. A build and packaging tool (`npm run package`): its libraries are devDependencies.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';

export const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/', import.meta.url));

export interface PackageIds {
  teamsAppId: string;
  botId: string;
  botDomain: string;
  /**
   * The multi-tenant Entra application that installs the app through Graph (GRAPH_CLIENT_ID). Graph's
   * TeamsAppInstallation.ReadWriteSelfForUser.All lets an Entra app install only "itself": the Teams app whose
   * webApplicationInfo.id is that application. So the manifest names it, with no `resource` (there is no SSO).
   */
  graphClientId?: string;
}

/** The manifest with its placeholders replaced; values are JSON-escaped, so no id can break the document. */
export function fillManifest(ids: PackageIds): Record<string, unknown> {
  const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const values: Record<string, string> = { TEAMS_APP_ID: ids.teamsAppId, BOT_ID: ids.botId, BOT_DOMAIN: ids.botDomain };
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`manifest: unknown placeholder ${name}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
  const manifest = JSON.parse(filled) as Record<string, unknown>;
  if (ids.graphClientId) manifest.webApplicationInfo = { id: ids.graphClientId };
  return manifest;
}

export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

interface LocalizationInfo {
  defaultLanguageTag?: string;
  defaultLanguageFile?: string;
  additionalLanguages?: { languageTag: string; file: string }[];
}

/** The language files the manifest's localizationInfo names, by file name, read from manifest/. */
export function languageFiles(manifest: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const info = (manifest.localizationInfo ?? {}) as LocalizationInfo;
  const names = [info.defaultLanguageFile, ...(info.additionalLanguages ?? []).map((l) => l.file)].filter(
    (f): f is string => !!f,
  );
  return Object.fromEntries(
    names.map((f) => [f, JSON.parse(readFileSync(join(MANIFEST_DIR, f), 'utf8')) as Record<string, unknown>]),
  );
}

const bundledSchemas = join(
  dirname(createRequire(import.meta.url).resolve('@microsoft/app-manifest/package.json')),
  'build/json-schemas/teams',
);

/**
 * A language file against the localization schema of its own version, bundled with @microsoft/app-manifest
 * (offline), and against the manifest: a translated command must exist in it.
 */
export async function validateLanguageFile(
  file: Record<string, unknown>,
  manifest: Record<string, unknown>,
): Promise<string[]> {
  const version = /\/teams\/(v[0-9.]+)\/MicrosoftTeams\.Localization\.schema\.json$/.exec(String(file.$schema))?.[1];
  if (!version)
    return ['$schema skal være Teams-lokaliseringsskemaet (…/teams/v1.30/MicrosoftTeams.Localization.schema.json)'];
  const raw = readFileSync(join(bundledSchemas, version, 'MicrosoftTeams.Localization.schema.json'), 'utf8');
  // Two patterns in the bundled schema end a word boundary with a bare "]", which ajv's unicode regular
  // expressions reject; escaping that bracket keeps the pattern's meaning.
  const schema = JSON.parse(raw.replaceAll('\\\\b]', '\\\\b\\\\]')) as Record<string, unknown>;
  const errors = await AppManifestUtils.validateAgainstSchema(file as never, schema as never);
  const bots = (manifest.bots ?? []) as { commandLists?: { commands?: unknown[] }[] }[];
  for (const key of Object.keys(file)) {
    const m = /^bots\[(\d+)\]\.commandLists\[(\d+)\]\.commands\[(\d+)\]\./.exec(key);
    if (m && !bots[+m[1]]?.commandLists?.[+m[2]]?.commands?.[+m[3]])
      errors.push(`${key}: kommandoen findes ikke i manifestet`);
  }
  return errors;
}

export async function buildAppPackage(ids: PackageIds): Promise<{ zip: Buffer; errors: string[] }> {
  const manifest = fillManifest(ids);
  const errors = await validateManifest(manifest);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  for (const [name, file] of Object.entries(languageFiles(manifest))) {
    errors.push(...(await validateLanguageFile(file, manifest)).map((e) => `${name}: ${e}`));
    zip.file(name, JSON.stringify(file, null, 2));
  }
  zip.file('color.png', readFileSync(join(MANIFEST_DIR, 'color.png')));
  zip.file('outline.png', readFileSync(join(MANIFEST_DIR, 'outline.png')));
  return { zip: await zip.generateAsync({ type: 'nodebuffer' }), errors };
}
