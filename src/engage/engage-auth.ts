/**
 * Delegated sign-in for DDH's Viva Engage service account: once with the device code flow
 * (`npm run engage:login`), then silent refresh from MSAL's token cache, which lives encrypted in our database.
 */
import { PublicClientApplication, type ICachePlugin, type TokenCacheContext } from '@azure/msal-node';
import type { Db } from '../db/database.js';
import { decrypt, encrypt } from './engage-crypto.js';
import { EngageAuthError } from './engage-client.js';

export const ENGAGE_SCOPE = 'https://www.yammer.com/.default';

function dbCachePlugin(db: Db, key: Buffer): ICachePlugin {
  return {
    async beforeCacheAccess(ctx: TokenCacheContext) {
      const r = await db.query<{ ciphertext: string }>('SELECT ciphertext FROM engage_token_cache WHERE id = 1');
      if (r.rows[0]) ctx.tokenCache.deserialize(decrypt(r.rows[0].ciphertext, key));
    },
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (!ctx.cacheHasChanged) return;
      await db.query(
        `INSERT INTO engage_token_cache (id, ciphertext, status) VALUES (1, $1, 'ok')
         ON CONFLICT (id) DO UPDATE SET ciphertext = EXCLUDED.ciphertext, status = 'ok', updated_at = now()`,
        [encrypt(ctx.tokenCache.serialize(), key)],
      );
    },
  };
}

export class EngageAuth {
  private readonly app: PublicClientApplication;

  constructor(
    private readonly db: Db,
    clientId: string,
    tenantId: string,
    key: Buffer,
  ) {
    this.app = new PublicClientApplication({
      auth: { clientId, authority: `https://login.microsoftonline.com/${tenantId}` },
      cache: { cachePlugin: dbCachePlugin(db, key) },
    });
  }

  /** Interactive, once: prints the code and URL through `show`. */
  async login(show: (message: string) => void): Promise<string> {
    const r = await this.app.acquireTokenByDeviceCode({
      scopes: [ENGAGE_SCOPE],
      deviceCodeCallback: (d) => show(d.message),
    });
    if (!r) throw new EngageAuthError('login gav intet token');
    return r.account?.username ?? 'ukendt konto';
  }

  /** A fresh token without asking anyone; a lapsed login is marked so the secretariat is told once, not retried in a loop. */
  async token(): Promise<string> {
    const [account] = await this.app.getTokenCache().getAllAccounts();
    if (!account) throw new EngageAuthError('Viva Engage-login mangler: kør npm run engage:login');
    try {
      const r = await this.app.acquireTokenSilent({ account, scopes: [ENGAGE_SCOPE] });
      return r.accessToken;
    } catch (e) {
      await this.db.query(`UPDATE engage_token_cache SET status = 'expired', updated_at = now() WHERE id = 1`);
      throw new EngageAuthError(`Viva Engage-login er udløbet: ${(e as Error).message}`);
    }
  }
}

export async function engageLoginStatus(db: Db): Promise<'ok' | 'expired' | 'missing'> {
  const r = await db.query<{ status: 'ok' | 'expired' }>('SELECT status FROM engage_token_cache WHERE id = 1');
  return r.rows[0]?.status ?? 'missing';
}
