import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { buildAppPackage, fillManifest, validateManifest } from '../../src/platform/app-package.js';

const ids = {
  teamsAppId: '4f0c1d2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f',
  botId: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
  botDomain: 'ddh-bot.azurewebsites.net',
};

describe('the Teams app package', () => {
  it('validates offline against the bundled manifest schema', async () => {
    expect(await validateManifest(fillManifest(ids))).toEqual([]);
  });

  it('carries the ids, Danish commands, the bot domain and the scopes the bot needs', () => {
    const m = fillManifest(ids) as any;
    expect(m.id).toBe(ids.teamsAppId);
    expect(m.bots[0].botId).toBe(ids.botId);
    expect(m.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(m.bots[0].supportsFiles).toBe(true);
    expect(m.bots[0].commandLists[0].commands.map((c: any) => c.title)).toEqual(['menu', 'hjælp']);
    expect(m.validDomains).toContain(ids.botDomain);
    expect(m.webApplicationInfo.id).toBe(ids.botId);
  });

  it('fails validation when an id is not a GUID', async () => {
    expect((await validateManifest(fillManifest({ ...ids, teamsAppId: 'ikke-et-id' }))).length).toBeGreaterThan(0);
  });

  it('zips the manifest with both icons at the sizes Teams requires', async () => {
    const { zip, errors } = await buildAppPackage(ids);
    expect(errors).toEqual([]);
    const z = await JSZip.loadAsync(zip);
    expect(Object.keys(z.files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    const size = async (name: string) => {
      const b = await z.file(name)!.async('nodebuffer');
      return [b.readUInt32BE(16), b.readUInt32BE(20)];
    };
    expect(await size('color.png')).toEqual([192, 192]);
    expect(await size('outline.png')).toEqual([32, 32]);
  });
});
