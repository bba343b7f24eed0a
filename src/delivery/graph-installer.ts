/**
 * Reaching a person who never opened the bot: install the Teams app for them through Microsoft Graph
 * (least privilege: TeamsAppInstallation.ReadWriteSelfForUser.All) and use the 1:1 chat it creates.
 */
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';
import type { Config } from '../app/config.js';
import type { Logger } from '../shared/logger.js';
import type { StoredConversation } from '../registry/conversation-repository.js';
import type { AppInstaller } from './delivery-engine.js';

/** Where Teams serves bots in Europe; a tenant's own serviceUrl (from any earlier activity) is preferred. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';

export interface GraphInstallerOptions {
  teamsAppId: string;
  botAppId: string;
  authProvider: AuthenticationProvider;
  baseUrl?: string;
  serviceUrlFor?: (tenantId: string | null) => Promise<string | null>;
}

export class GraphAppInstaller implements AppInstaller {
  private readonly client: Client;
  private catalogId: string | null = null;

  constructor(
    private readonly o: GraphInstallerOptions,
    private readonly log: Logger,
  ) {
    // The client only sends its token to hosts it knows; a configured base URL (sovereign cloud, tests) is added.
    const customHosts = o.baseUrl ? new Set([new URL(o.baseUrl).hostname, new URL(o.baseUrl).host]) : undefined;
    this.client = Client.initWithMiddleware({
      authProvider: o.authProvider,
      baseUrl: o.baseUrl,
      defaultVersion: 'v1.0',
      customHosts,
    });
  }

  async installForUser(userId: string, tenantId: string | null): Promise<StoredConversation | null> {
    const catalogId = await this.catalogAppId();
    if (!catalogId) {
      this.log.warn('Teams-appen findes ikke i organisationens appkatalog; kan ikke installere');
      return null;
    }
    const user = encodeURIComponent(userId);
    try {
      await this.client.api(`/users/${user}/teamwork/installedApps`).post({
        'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}`,
      });
    } catch (e) {
      // 409: already installed, which is what we wanted.
      if ((e as { statusCode?: number }).statusCode !== 409) throw e;
    }
    const installed = await this.client
      .api(`/users/${user}/teamwork/installedApps`)
      .expand('teamsApp')
      .filter(`teamsApp/externalId eq '${this.o.teamsAppId}'`)
      .get();
    const installationId: string | undefined = installed?.value?.[0]?.id;
    if (!installationId) return null;
    const chat = await this.client
      .api(`/users/${user}/teamwork/installedApps/${encodeURIComponent(installationId)}/chat`)
      .get();
    if (!chat?.id) return null;
    const serviceUrl = (await this.o.serviceUrlFor?.(tenantId)) ?? DEFAULT_SERVICE_URL;
    return {
      id: chat.id,
      type: 'personal',
      tenantId,
      serviceUrl,
      reference: {
        channelId: 'msteams',
        serviceUrl,
        conversation: { id: chat.id, conversationType: 'personal', tenantId },
        bot: { id: `28:${this.o.botAppId}` },
        user: { aadObjectId: userId },
      },
      personId: null,
      aadObjectId: userId,
      deadAt: null,
    };
  }

  private async catalogAppId(): Promise<string | null> {
    if (this.catalogId) return this.catalogId;
    const r = await this.client.api('/appCatalogs/teamsApps').filter(`externalId eq '${this.o.teamsAppId}'`).get();
    this.catalogId = r?.value?.[0]?.id ?? null;
    return this.catalogId;
  }
}

function tokenProvider(credential: TokenCredential): AuthenticationProvider {
  return {
    async getAccessToken() {
      const t = await credential.getToken('https://graph.microsoft.com/.default');
      if (!t) throw new Error('no Graph token');
      return t.token;
    },
  };
}

/** The installer for the configured identity: the bot's managed identity or its app secret. */
export function createGraphInstaller(config: Config, log: Logger): AppInstaller | null {
  const appId = config.MICROSOFT_APP_ID;
  if (!appId) return null;
  const credential =
    config.BOT_AUTH_TYPE === 'UserAssignedMSI'
      ? new ManagedIdentityCredential({ clientId: appId })
      : config.MICROSOFT_APP_PASSWORD && config.MICROSOFT_APP_TENANT_ID
        ? new ClientSecretCredential(config.MICROSOFT_APP_TENANT_ID, appId, config.MICROSOFT_APP_PASSWORD)
        : null;
  if (!credential) {
    log.warn('GRAPH_ENABLED, men ingen legitimation til Graph; installation slået fra');
    return null;
  }
  return new GraphAppInstaller(
    { teamsAppId: config.TEAMS_APP_ID, botAppId: appId, authProvider: tokenProvider(credential) },
    log,
  );
}
