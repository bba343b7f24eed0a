/** The narrow option objects the support layers get instead of the whole configuration. */
import type { BotAuthOptions } from '../platform/adapter.js';
import type { DeliveryLimits } from '../delivery/delivery-engine.js';
import type { GraphInstallerSettings } from '../delivery/graph-installer.js';
import type { Config } from './config.js';

export function botAuthOptions(config: Config): BotAuthOptions {
  return {
    local: config.DDH_LOCAL,
    type: config.BOT_AUTH_TYPE,
    appId: config.MICROSOFT_APP_ID,
    tenantId: config.MICROSOFT_APP_TENANT_ID,
    password: config.MICROSOFT_APP_PASSWORD,
    certThumbprint: config.MICROSOFT_APP_CERT_THUMBPRINT,
    certKeyFile: config.MICROSOFT_APP_CERT_KEY_FILE,
    openIdMetadataUrl: config.BOT_OPENID_METADATA_URL,
  };
}

export function deliveryLimits(config: Config): DeliveryLimits {
  return {
    perConversationPerSecond: config.TEAMS_RATE_PER_CONVERSATION_PER_SECOND,
    perTenantPerSecond: config.TEAMS_RATE_PER_TENANT_PER_SECOND,
  };
}

export function graphInstallerOptions(config: Config): GraphInstallerSettings {
  return {
    appId: config.MICROSOFT_APP_ID,
    homeTenantId: config.MICROSOFT_APP_TENANT_ID,
    authType: config.BOT_AUTH_TYPE,
    appPassword: config.MICROSOFT_APP_PASSWORD,
    teamsAppId: config.TEAMS_APP_ID,
    graphClientId: config.GRAPH_CLIENT_ID,
    graphClientSecret: config.GRAPH_CLIENT_SECRET,
    graphClientCertificate: config.GRAPH_CLIENT_CERTIFICATE,
    allowedTenantIds: config.ALLOWED_TENANT_IDS,
  };
}
