/**
 * The Teams app package: manifest/manifest.json with ids filled in, validated offline against the schema
 * @microsoft/app-manifest bundles, zipped with the two icons.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import { AppManifestUtils } from '@microsoft/app-manifest';

export const MANIFEST_DIR = fileURLToPath(new URL('../../manifest/', import.meta.url));

export interface PackageIds {
  teamsAppId: string;
  botId: string;
  botDomain: string;
}

/** The manifest with its placeholders replaced; values are JSON-escaped, so no id can break the document. */
export function fillManifest(ids: PackageIds): Record<string, unknown> {
  const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');
  const values: Record<string, string> = { TEAMS_APP_ID: ids.teamsAppId, BOT_ID: ids.botId, BOT_DOMAIN: ids.botDomain };
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, name: string) => {
    if (!(name in values)) throw new Error(`manifest: unknown placeholder ${name}`);
    return JSON.stringify(values[name]).slice(1, -1);
  });
  return JSON.parse(filled) as Record<string, unknown>;
}

export async function validateManifest(manifest: Record<string, unknown>): Promise<string[]> {
  return AppManifestUtils.validateAgainstSchema(manifest as never);
}

export async function buildAppPackage(ids: PackageIds): Promise<{ zip: Buffer; errors: string[] }> {
  const manifest = fillManifest(ids);
  const errors = await validateManifest(manifest);
  const zip = new JSZip();
  zip.file('manifest.json', JSON.stringify(manifest, null, 2));
  zip.file('color.png', readFileSync(join(MANIFEST_DIR, 'color.png')));
  zip.file('outline.png', readFileSync(join(MANIFEST_DIR, 'outline.png')));
  return { zip: await zip.generateAsync({ type: 'nodebuffer' }), errors };
}
