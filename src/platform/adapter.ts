import { readFileSync } from 'node:fs';
import { ConfigurationServiceClientCredentialFactory, type Activity, type InvokeResponse, type TurnContext } from 'botbuilder';
import { AuthenticationConstants, CertificateServiceClientCredentialsFactory } from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../app/config.js';

/**
 * The Bot Framework adapter in the configured auth mode. Token validation is the adapter's own;
 * local mode has no credentials, so the SDK neither checks incoming tokens nor signs outgoing calls.
 */
/** TeamsAdapter with its authenticate-then-run step reachable, so the bot decides the HTTP answer itself. */
export class DdhAdapter extends TeamsAdapter {
  authenticateAndRun(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(config: Config): DdhAdapter {
  if (config.DDH_LOCAL) return new DdhAdapter({});
  const appId = config.MICROSOFT_APP_ID!;
  const tenantId = config.MICROSOFT_APP_TENANT_ID;
  const authConfig = {
    MicrosoftAppId: appId,
    MicrosoftAppType: config.BOT_AUTH_TYPE,
    MicrosoftAppTenantId: tenantId,
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
    ...(config.BOT_OPENID_METADATA_URL ? publicCloudWithMetadata(config.BOT_OPENID_METADATA_URL) : {}),
  };
  if (config.BOT_AUTH_TYPE === 'SingleTenant' && !config.MICROSOFT_APP_PASSWORD) {
    const key = readFileSync(config.MICROSOFT_APP_CERT_KEY_FILE!, 'utf8');
    const factory = new CertificateServiceClientCredentialsFactory(appId, config.MICROSOFT_APP_CERT_THUMBPRINT!, key, tenantId);
    return new DdhAdapter(authConfig, factory);
  }
  return new DdhAdapter(authConfig, new ConfigurationServiceClientCredentialFactory(authConfig));
}

/**
 * The SDK takes a custom OpenID metadata URL only together with every other cloud parameter
 * ("parameterized" authentication), so the public cloud's values are spelled out beside it.
 */
function publicCloudWithMetadata(url: string) {
  return {
    ValidateAuthority: true,
    ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
    ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
    ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
    OAuthUrl: AuthenticationConstants.OAuthUrl,
    ToBotFromChannelOpenIdMetadataUrl: url,
    ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
    CallerId: CallerIdConstants.PublicAzureChannel,
  };
}
