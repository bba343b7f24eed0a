import { readFileSync } from 'node:fs';
import { ConfigurationServiceClientCredentialFactory } from 'botbuilder';
import { CertificateServiceClientCredentialsFactory } from 'botframework-connector';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Config } from '../app/config.js';

/**
 * The Bot Framework adapter in the configured auth mode. Token validation is the adapter's own;
 * local mode has no credentials, so the SDK neither checks incoming tokens nor signs outgoing calls.
 */
export function createAdapter(config: Config): TeamsAdapter {
  if (config.DDH_LOCAL) return new TeamsAdapter({});
  const appId = config.MICROSOFT_APP_ID!;
  const tenantId = config.MICROSOFT_APP_TENANT_ID;
  const authConfig = {
    MicrosoftAppId: appId,
    MicrosoftAppType: config.BOT_AUTH_TYPE,
    MicrosoftAppTenantId: tenantId,
    MicrosoftAppPassword: config.MICROSOFT_APP_PASSWORD,
  };
  if (config.BOT_AUTH_TYPE === 'SingleTenant' && !config.MICROSOFT_APP_PASSWORD) {
    const key = readFileSync(config.MICROSOFT_APP_CERT_KEY_FILE!, 'utf8');
    const factory = new CertificateServiceClientCredentialsFactory(appId, config.MICROSOFT_APP_CERT_THUMBPRINT!, key, tenantId);
    return new TeamsAdapter(authConfig, factory);
  }
  return new TeamsAdapter(authConfig, new ConfigurationServiceClientCredentialFactory(authConfig));
}
