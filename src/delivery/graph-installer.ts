/**
 * Reaching a person who never opened the bot: install the Teams app for them through Microsoft Graph and use the
 * 1:1 chat it creates. Municipalities are separate Entra tenants, so the call is made in the person's own tenant
 * (the registry's `tenant`), with a token for that tenant from a multi-tenant Entra application consented there.
 * Graph permissions (application, admin consent in each tenant; docs/deploy.md):
 * - TeamsAppInstallation.ReadWriteSelfForUser.All: install this app for a user, read the installation and its chat;
 * - AppCatalog.Read.All: find the app's id in that tenant's app catalog (the municipality uploads or allows it).
 */
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import {
  ClientCertificateCredential,
  ClientSecretCredential,
  ManagedIdentityCredential,
  type TokenCredential,
} from '@azure/identity';
import type { Logger } from '../shared/logger.js';
import type { StoredConversation } from '../registry/conversation-repository.js';
import type { AppInstaller } from './delivery-engine.js';

/** Where Teams serves bots in Europe; a tenant's own serviceUrl (from any earlier activity) is preferred. */
export const DEFAULT_SERVICE_URL = 'https://smba.trafficmanager.net/emea/';
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** A Graph access token for a tenant. */
export type TenantTokenSource = (tenantId: string) => Promise<string>;

export interface GraphInstallerOptions {
  teamsAppId: string;
  botAppId: string;
  /** DDH's tenant: used for people whose tenant the registry does not know. */
  homeTenantId: string;
  tokenFor: TenantTokenSource;
  baseUrl?: string;
  serviceUrlFor?: (tenantId: string | null) => Promise<string | null>;
}

export class GraphAppInstaller implements AppInstaller {
  /** One Graph client per tenant (each with that tenant's token) and the app's catalog id there. */
  private readonly tenants = new Map<string, { client: Client; catalogId: string | null }>();

  constructor(
    private readonly o: GraphInstallerOptions,
    private readonly log: Logger,
  ) {}

  async installForUser(userId: string, personTenantId: string | null): Promise<StoredConversation | null> {
    const tenantId = personTenantId ?? this.o.homeTenantId;
    const client = this.clientFor(tenantId);
    const catalogId = await this.catalogAppId(tenantId);
    if (!catalogId) {
      this.log.warn({ tenantId }, 'Teams-appen findes ikke i appkataloget i personens tenant; kan ikke installere');
      return null;
    }
    const user = encodeURIComponent(userId);
    try {
      await client.api(`/users/${user}/teamwork/installedApps`).post({
        'teamsApp@odata.bind': `https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/${catalogId}`,
      });
    } catch (e) {
      // 409: already installed, which is what we wanted.
      if ((e as { statusCode?: number }).statusCode !== 409) throw e;
    }
    const installed = await client
      .api(`/users/${user}/teamwork/installedApps`)
      .expand('teamsApp')
      .filter(`teamsApp/externalId eq '${this.o.teamsAppId}'`)
      .get();
    const installationId: string | undefined = installed?.value?.[0]?.id;
    if (!installationId) return null;
    const chat = await client
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

  private clientFor(tenantId: string): Client {
    let t = this.tenants.get(tenantId);
    if (!t) {
      // The client only sends its token to hosts it knows; a configured base URL (tests) is added.
      const base = this.o.baseUrl ? new URL(this.o.baseUrl) : null;
      const authProvider: AuthenticationProvider = { getAccessToken: () => this.o.tokenFor(tenantId) };
      const client = Client.initWithMiddleware({
        authProvider,
        baseUrl: this.o.baseUrl,
        defaultVersion: 'v1.0',
        customHosts: base ? new Set([base.hostname, base.host]) : undefined,
      });
      t = { client, catalogId: null };
      this.tenants.set(tenantId, t);
    }
    return t.client;
  }

  /** The app's id in the tenant's catalog; not remembered while missing (the municipality may upload it later). */
  private async catalogAppId(tenantId: string): Promise<string | null> {
    const t = this.tenants.get(tenantId)!;
    if (t.catalogId) return t.catalogId;
    const r = await t.client.api('/appCatalogs/teamsApps').filter(`externalId eq '${this.o.teamsAppId}'`).get();
    t.catalogId = r?.value?.[0]?.id ?? null;
    return t.catalogId;
  }
}

export interface MultiTenantAppOptions {
  clientId: string;
  /** The tenant the application is registered in (DDH's). */
  homeTenantId: string;
  secret?: string;
  /** PEM with private key and certificate. */
  certificatePem?: string;
  /** Tenants tokens may be asked for besides the home tenant; empty = any tenant that has consented. */
  allowedTenantIds: string[];
  /** Only for tests and sovereign clouds (default: Entra ID's public cloud). */
  authorityHost?: string;
}

/**
 * Tokens from a multi-tenant Entra application for whichever tenant is asked, as long as that tenant has consented
 * (admin consent in the municipality's tenant) and is allowed here.
 */
export function multiTenantTokens(o: MultiTenantAppOptions): TenantTokenSource {
  const options = {
    additionallyAllowedTenants: o.allowedTenantIds.length ? o.allowedTenantIds : ['*'],
    ...(o.authorityHost ? { authorityHost: o.authorityHost, disableInstanceDiscovery: true } : {}),
  };
  const credential: TokenCredential = o.certificatePem
    ? new ClientCertificateCredential(o.homeTenantId, o.clientId, { certificate: o.certificatePem }, options)
    : new ClientSecretCredential(o.homeTenantId, o.clientId, o.secret ?? '', options);
  return async (tenantId) => {
    const t = await credential.getToken(GRAPH_SCOPE, { tenantId });
    if (!t) throw new Error(`ingen Graph-token for tenant ${tenantId}`);
    return t.token;
  };
}

/** The bot's own identity: tokens in DDH's tenant only (a managed identity gets none in other tenants). */
function homeTenantTokens(credential: TokenCredential, homeTenantId: string): TenantTokenSource {
  return async (tenantId) => {
    if (tenantId !== homeTenantId)
      throw new Error(
        `Graph-installation i tenant ${tenantId} kræver GRAPH_CLIENT_ID (en multitenant Entra-app med samtykke dér)`,
      );
    const t = await credential.getToken(GRAPH_SCOPE);
    if (!t) throw new Error('ingen Graph-token');
    return t.token;
  };
}

/**
 * The installer for the configuration: the multi-tenant Graph application when GRAPH_CLIENT_ID is set (reaches every
 * consented municipality), otherwise the bot's managed identity or app secret (DDH's own tenant only).
 */
/** What the installer needs of the configuration (src/app/options.ts maps it). */
export interface GraphInstallerSettings {
  appId: string | undefined;
  homeTenantId: string | undefined;
  authType: 'SingleTenant' | 'UserAssignedMSI';
  appPassword: string | undefined;
  teamsAppId: string;
  /** The multi-tenant Entra application consented in the municipalities' tenants. */
  graphClientId: string | undefined;
  graphClientSecret: string | undefined;
  graphClientCertificate: string | undefined;
  allowedTenantIds: string[];
}

export function createGraphInstaller(
  config: GraphInstallerSettings,
  log: Logger,
  endpoints: { authorityHost?: string; graphBaseUrl?: string } = {},
): AppInstaller | null {
  const { appId, homeTenantId } = config;
  if (!appId || !homeTenantId) {
    log.warn('GRAPH_ENABLED, men MICROSOFT_APP_ID eller MICROSOFT_APP_TENANT_ID mangler; installation slået fra');
    return null;
  }
  const authority = endpoints.authorityHost
    ? { authorityHost: endpoints.authorityHost, disableInstanceDiscovery: true }
    : undefined;
  let tokenFor: TenantTokenSource | null = null;
  if (config.graphClientId)
    tokenFor = multiTenantTokens({
      clientId: config.graphClientId,
      homeTenantId,
      secret: config.graphClientSecret,
      certificatePem: config.graphClientCertificate,
      allowedTenantIds: config.allowedTenantIds,
      authorityHost: endpoints.authorityHost,
    });
  else if (config.authType === 'UserAssignedMSI')
    tokenFor = homeTenantTokens(new ManagedIdentityCredential({ clientId: appId }), homeTenantId);
  else if (config.appPassword)
    tokenFor = homeTenantTokens(
      new ClientSecretCredential(homeTenantId, appId, config.appPassword, authority),
      homeTenantId,
    );
  if (!tokenFor) {
    log.warn('GRAPH_ENABLED, men ingen legitimation til Graph; installation slået fra');
    return null;
  }
  return new GraphAppInstaller(
    { teamsAppId: config.teamsAppId, botAppId: appId, homeTenantId, tokenFor, baseUrl: endpoints.graphBaseUrl },
    log,
  );
}
