/**
 * Delegated sign-in for DDH's Viva Engage service account: once with the device code flow
 * (`npm run engage:login`), then silent refresh from MSAL's token cache, which lives encrypted in our database.
 */
import { PublicClientApplication, type ICachePlugin, type TokenCacheContext } from '@azure/msal-node';
import type { Db } from '../db/database.js';
import { decrypt, encrypt } from './engage-crypto.js';
import { EngageAuthError } from './engage-client.js';
import {
  loginStatus,
  markLoginExpired,
  readTokenCache,
  saveTokenCache,
  type EngageLoginStatus,
} from './engage-repository.js';

export const ENGAGE_SCOPE = 'https://www.yammer.com/.default';

function dbCachePlugin(db: Db, key: Buffer): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const ciphertext = await readTokenCache(db);
      if (ciphertext) context.tokenCache.deserialize(decrypt(ciphertext, key));
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await saveTokenCache(db, encrypt(context.tokenCache.serialize(), key));
    },
  };
}

export class EngageAuth {
  private readonly msal: PublicClientApplication;

  constructor(
    private readonly db: Db,
    clientId: string,
    tenantId: string,
    key: Buffer,
  ) {
    this.msal = new PublicClientApplication({
      auth: { clientId, authority: `https://login.microsoftonline.com/${tenantId}` },
      cache: { cachePlugin: dbCachePlugin(db, key) },
    });
  }

  /** Interactive, once: prints the code and URL through `show`. */
  async login(show: (message: string) => void): Promise<string> {
    const result = await this.msal.acquireTokenByDeviceCode({
      scopes: [ENGAGE_SCOPE],
      deviceCodeCallback: (deviceCode) => show(deviceCode.message),
    });
    if (!result) throw new EngageAuthError('login gav intet token');
    return result.account?.username ?? 'ukendt konto';
  }

  /** A fresh token without asking anyone; a lapsed login is marked so the secretariat is told once, not retried in a loop. */
  async token(): Promise<string> {
    const [account] = await this.msal.getTokenCache().getAllAccounts();
    if (!account) throw new EngageAuthError('Viva Engage-login mangler: kør npm run engage:login');
    try {
      const result = await this.msal.acquireTokenSilent({ account, scopes: [ENGAGE_SCOPE] });
      return result.accessToken;
    } catch (error) {
      await markLoginExpired(this.db);
      throw new EngageAuthError(`Viva Engage-login er udløbet: ${(error as Error).message}`);
    }
  }

  /** Whether the service account's login works: 'missing' before `npm run engage:login`, 'expired' once lapsed. */
  status(): Promise<EngageLoginStatus> {
    return loginStatus(this.db);
  }
}
