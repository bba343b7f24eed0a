import JSZip from 'jszip';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  buildAppPackage,
  fillManifest,
  languageFiles,
  validateLanguageFile,
  validateManifest,
} from '../../src/platform/app-package.js';

const ids = {
  teamsAppId: '4f0c1d2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  botId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  botDomain: 'ddh-bot.azurewebsites.net',
};

// Validation must work offline: any attempt to fetch a schema fails the test.
const realFetch = globalThis.fetch;
const fetched: string[] = [];
beforeEach(() => {
  globalThis.fetch = (async (url: unknown) => {
    fetched.push(String(url));
    throw new Error(`offline: ${String(url)}`);
  }) as typeof fetch;
});
afterEach(() => {
  globalThis.fetch = realFetch;
  expect(fetched).toEqual([]);
});

describe('the Teams app package', () => {
  it('is manifest v1.30 and validates offline against the bundled schema', async () => {
    const m = fillManifest(ids) as any;
    expect(m.$schema).toBe('https://developer.microsoft.com/en-us/json-schemas/teams/v1.30/MicrosoftTeams.schema.json');
    expect(m.manifestVersion).toBe('1.30');
    expect(await validateManifest(m)).toEqual([]);
  });

  it('carries the ids, Danish commands, the bot domain and the scopes the bot needs; no SSO declaration', () => {
    const m = fillManifest(ids) as any;
    expect(m.id).toBe(ids.teamsAppId);
    expect(m.bots[0].botId).toBe(ids.botId);
    expect(m.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0].supportsFiles).toBe(true);
    expect(m.bots[0].commandLists[0].commands.map((c: any) => c.title)).toEqual(['menu', 'hjælp']);
    expect(m.validDomains).toContain(ids.botDomain);
    // No single sign-on exists, so the manifest does not ask for it.
    expect(m.webApplicationInfo).toBeUndefined();
  });

  it('names the Graph application (and nothing for SSO) when the app is installed through Graph', async () => {
    const graphClientId = '7b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e';
    const m = fillManifest({ ...ids, graphClientId }) as any;
    // ReadWriteSelfForUser.All installs only the Teams app whose webApplicationInfo.id is the calling application.
    expect(m.webApplicationInfo).toEqual({ id: graphClientId });
    expect(await validateManifest(m)).toEqual([]);
    expect((await validateManifest(fillManifest({ ...ids, graphClientId: 'graph' }))).length).toBeGreaterThan(0);
  });

  it('has Danish as its default language and an English translation that validates offline', async () => {
    const m = fillManifest(ids) as any;
    expect(m.localizationInfo.defaultLanguageTag).toBe('da-dk');
    expect(m.description.full).toMatch(/dagsordenspunkter.*styregruppen/);
    const files = languageFiles(m);
    expect(Object.keys(files)).toEqual(['en-us.json']);
    expect(m.localizationInfo.additionalLanguages).toEqual([{ languageTag: 'en-us', file: 'en-us.json' }]);
    const en = files['en-us.json'];
    expect(await validateLanguageFile(en, m)).toEqual([]);
    expect(en['description.full']).toMatch(/steering committee.*Danish/);
    // Every Danish string a user sees in the app details has its English counterpart.
    for (const key of ['name.short', 'name.full', 'description.short', 'description.full'])
      expect(en[key]).toBeTruthy();
    expect(en['bots[0].commandLists[0].commands[1].title']).toBe('help');
  });

  it('fails validation when an id is not a GUID or a translation breaks the schema or names a missing command', async () => {
    expect((await validateManifest(fillManifest({ ...ids, teamsAppId: 'ikke-et-id' }))).length).toBeGreaterThan(0);
    const m = fillManifest(ids);
    const en = languageFiles(m)['en-us.json'];
    expect(await validateLanguageFile({ ...en, 'name.short': 'x'.repeat(31) }, m)).toEqual([
      expect.stringContaining('/name.short must NOT have more than 30 characters'),
    ]);
    expect(await validateLanguageFile({ ...en, 'bots[0].commandLists[0].commands[5].title': 'x' }, m)).toEqual([
      'bots[0].commandLists[0].commands[5].title: kommandoen findes ikke i manifestet',
    ]);
    expect(await validateLanguageFile({ ...en, $schema: 'https://example.org/x.json' }, m)).toHaveLength(1);
  });

  it('zips the manifest, its language file and both icons at the sizes Teams requires', async () => {
    const { zip, errors } = await buildAppPackage(ids);
    expect(errors).toEqual([]);
    const z = await JSZip.loadAsync(zip);
    expect(Object.keys(z.files).sort()).toEqual(['color.png', 'en-us.json', 'manifest.json', 'outline.png']);
    const size = async (name: string) => {
      const b = await z.file(name)!.async('nodebuffer');
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    expect(await size('color.png')).toEqual([192, 192]);
    expect(await size('outline.png')).toEqual([32, 32]);
    expect(JSON.parse(await z.file('en-us.json')!.async('string'))['name.short']).toBe('DDH');
  });
});
