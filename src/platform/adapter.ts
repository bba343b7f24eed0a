import { readFileSync } from 'node:fs';
import {
  ConfigurationServiceClientCredentialFactory,
  type Activity,
  type InvokeResponse,
  type TurnContext,
} from 'botbuilder';
import {
  AuthenticationConstants,
  CertificateServiceClientCredentialsFactory,
  ConnectorFactory,
  type ClaimsIdentity,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { CallerIdConstants } from 'botframework-schema';
import { TeamsAdapter } from '@microsoft/teams-ai';

/**
 * TeamsAdapter with its authenticate-then-run step reachable, so the bot decides the HTTP answer itself.
 * The SDK builds a new ConnectorClient and UserTokenClient (each a full HTTP pipeline) for every activity,
 * about 7 % of the bot's CPU in the profile (docs/performance.md); here they are built once per app, service URL and audience
 * and reused. Each keeps its own credentials object, which renews its token when it expires.
 */
export class DdhAdapter extends TeamsAdapter {
  private readonly connectors = new BoundedCache<Promise<ConnectorClient>>(100);

  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    const auth = this.botFrameworkAuthentication;
    const createTokenClient = auth.createUserTokenClient.bind(auth);
    const tokenClients = new BoundedCache<Promise<UserTokenClient>>(10);
    auth.createUserTokenClient = (claims: ClaimsIdentity) =>
      reuse(tokenClients, appIdOf(claims), () => createTokenClient(claims));
  }

  async authenticateAndRun(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    const result = await this.botFrameworkAuthentication.authenticateRequest(activity, authHeader);
    if (!result.connectorFactory) return this.processActivity(result, activity, logic);
    const connectorFactory = new ReusingConnectorFactory(
      result.connectorFactory,
      this.connectors,
      appIdOf(result.claimsIdentity),
    );
    return this.processActivity({ ...result, connectorFactory }, activity, logic);
  }
}

/** The bot's app id as the SDK reads it: the audience of a channel's token, the appid claim otherwise, '' in local mode. */
function appIdOf(claims: ClaimsIdentity): string {
  return (
    claims.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/** The cached promise, or a new one that is forgotten if it fails so the next turn tries again. */
function reuse<T>(cache: BoundedCache<Promise<T>>, key: string, create: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = create();
    cache.set(key, value);
    value.catch(() => cache.delete(key));
  }
  return value;
}

/** Hands out one client per app, service URL and audience; a failed creation is forgotten so the next turn retries. */
class ReusingConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly cache: BoundedCache<Promise<ConnectorClient>>,
    private readonly appId: string,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return reuse(this.cache, `${this.appId}|${serviceUrl}|${audience ?? ''}`, () =>
      this.inner.create(serviceUrl, audience),
    );
  }
}

/** A map that starts over when full: service URLs are a handful of regional addresses, never thousands. */
class BoundedCache<T> extends Map<string, T> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: string, value: T): this {
    if (this.size >= this.max && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}

/** How the bot authenticates to the Bot Framework (the loader has checked that each mode has what it needs). */
export interface BotAuthOptions {
  /** Local mode: no credentials, so the SDK neither checks incoming tokens nor signs outgoing calls. */
  local: boolean;
  type: 'SingleTenant' | 'UserAssignedMSI';
  appId?: string;
  tenantId?: string;
  password?: string;
  certThumbprint?: string;
  certKeyFile?: string;
  /** Only for sovereign clouds or tests with test keys. */
  openIdMetadataUrl?: string;
}

/**
 * The Bot Framework adapter in the configured auth mode. Token validation is the adapter's own;
 * local mode has no credentials, so the SDK neither checks incoming tokens nor signs outgoing calls.
 */
export function createAdapter(auth: BotAuthOptions): DdhAdapter {
  if (auth.local) return new DdhAdapter({});
  const appId = auth.appId!;
  const tenantId = auth.tenantId;
  const authConfig = {
    MicrosoftAppId: appId,
    MicrosoftAppType: auth.type,
    MicrosoftAppTenantId: tenantId,
    MicrosoftAppPassword: auth.password,
    ...(auth.openIdMetadataUrl ? publicCloudWithMetadata(auth.openIdMetadataUrl) : {}),
  };
  if (auth.type === 'SingleTenant' && !auth.password) {
    const key = readFileSync(auth.certKeyFile!, 'utf8');
    const factory = new CertificateServiceClientCredentialsFactory(appId, auth.certThumbprint!, key, tenantId);
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
