import { existsSync } from 'node:fs';
import { z } from 'zod';
import { MUNICIPAL_ROLES } from '../registry/registry-types.js';
import { TIE_RULES } from '../voting/voting-domain.js';
import { KPI_AVERAGINGS } from '../kpi/kpi-averaging.js';
import { ALERT_CHANNELS } from '../shifts/shifts-domain.js';
import { installDanishZodMessages } from '../shared/zod-danish.js';

// Every schema's messages in Danish (configuration, card input, files), before any schema runs.
installDanishZodMessages();

const bool = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v === '1' || v === 'true');
const int = (def: number) => z.coerce.number().int().nonnegative().default(def);
/** A switch that is on unless set to 0/false. */
const boolOn = z
  .enum(['0', '1', 'true', 'false', ''])
  .optional()
  .transform((v) => v !== '0' && v !== 'false');
const channel = z.enum(ALERT_CHANNELS).default('teams');
const list = z
  .string()
  .optional()
  .transform((v) =>
    v
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : [],
  );

/** An empty value (e.g. `GRAPH_CLIENT_ID=` in an env file) means not set. */
const unsetIfEmpty = <T extends z.ZodTypeAny>(t: T) => z.preprocess((v) => (v === '' ? undefined : v), t);

/** Every environment variable the bot reads; documented one by one in .env.example. */
const schema = z
  .object({
    NODE_ENV: z.string().default('production'),
    DDH_LOCAL: bool,
    PORT: int(3978),
    /** Where `npm start` serves the Agents Playground; change it when two people share a machine. */
    PLAYGROUND_PORT: int(56150),
    /**
     * `npm start` only: messages to demo people without a chat of their own are shown in the playground user's chat,
     * marked "Til: <navn> (<rolle>)". Refused outside local mode.
     */
    DEMO_INBOX: bool,
    HOST: z.string().optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.string().url().optional(),
    DATA_DIR: z.string().default('./data'),
    BOT_AUTH_TYPE: z.enum(['SingleTenant', 'UserAssignedMSI']).default('SingleTenant'),
    MICROSOFT_APP_ID: z.string().optional(),
    MICROSOFT_APP_PASSWORD: z.string().optional(),
    MICROSOFT_APP_TENANT_ID: z.string().optional(),
    MICROSOFT_APP_CERT_THUMBPRINT: z.string().optional(),
    MICROSOFT_APP_CERT_KEY_FILE: z.string().optional(),
    ALLOWED_TENANT_IDS: list,
    /** Where the Bot Framework's signing keys are published; only set for sovereign clouds or tests with test keys. */
    BOT_OPENID_METADATA_URL: z.string().url().optional(),
    TEAMS_APP_ID: z.string().uuid().default('4f0c1d2e-3b4a-4c5d-8e6f-0a1b2c3d4e5f'),
    GRAPH_ENABLED: bool,
    /** Multi-tenant Entra application consented in each municipality's tenant: Graph tokens for the person's tenant. */
    GRAPH_CLIENT_ID: unsetIfEmpty(z.string().uuid().optional()),
    GRAPH_CLIENT_SECRET: unsetIfEmpty(z.string().optional()),
    /** PEM with the private key and the certificate (e.g. a Key Vault certificate's secret). */
    GRAPH_CLIENT_CERTIFICATE: unsetIfEmpty(
      z
        .string()
        .refine((v) => /-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(v) && v.includes('-----BEGIN CERTIFICATE-----'), {
          message: 'skal være PEM med både privat nøgle og certifikat',
        })
        .optional(),
    ),
    /** The bot's public https address, for links in cards (e.g. the agenda's Word document). */
    PUBLIC_BASE_URL: z.string().url().optional(),
    /** Signs download links; defaults to a value derived from the bot's secret. */
    LINK_SIGNING_SECRET: z.string().min(16).optional(),
    TIMEZONE: z.string().default('Europe/Copenhagen'),
    AGENDA_DEADLINE_DAYS: int(14),
    AGENDA_REMINDER_DAYS: z
      .string()
      .default('7,1')
      .transform((v) => v.split(',').map((s) => Number(s.trim())))
      .pipe(z.array(z.number().int().positive())),
    /** Meetings a year the annual plan is checked against (the statutes: 8 committee, 2 assembly). docs/meetings.md */
    MEETINGS_PER_YEAR: int(8),
    ASSEMBLY_MEETINGS_PER_YEAR: int(2),
    /** Days before a follow-up point's due date its owner is reminded (0 = on the day). */
    MEETING_FOLLOW_UP_REMINDER_DAYS: z
      .string()
      .default('7,0')
      .transform((v) => v.split(',').map((s) => Number(s.trim())))
      .pipe(z.array(z.number().int().nonnegative())),
    /** ORGANIZER of the .ics invitations: where calendar replies go (the secretariat's mailbox). */
    MEETING_ORGANIZER_EMAIL: z.string().email().optional(),
    /** With GRAPH_ENABLED: the mailbox whose calendar holds each meeting as a Teams meeting. Empty: no Graph events. */
    MEETINGS_GRAPH_MAILBOX: z.string().min(3).optional(),
    NOSHOW_GRACE_MINUTES: int(5),
    NOSHOW_SECONDARY_AFTER_MINUTES: int(10),
    NOSHOW_SECRETARIAT_AFTER_MINUTES: int(20),
    /** Per escalation step: teams, sms, or teams_then_sms (SMS after NOSHOW_SMS_AFTER_MINUTES without acknowledgement). */
    NOSHOW_PRIMARY_CHANNEL: channel,
    NOSHOW_SECONDARY_CHANNEL: channel,
    NOSHOW_SECRETARIAT_CHANNEL: channel,
    NOSHOW_SMS_AFTER_MINUTES: int(5),
    /** Without a Lederposten on the shift, also alert the municipality's 'leder' role with the primary contact. */
    NOSHOW_LEADER_ROLE_FALLBACK: boolOn,
    /** off, azure (Azure Communication Services) or demo (shows each SMS in the playground; `npm start`'s default). */
    SMS_PROVIDER: z.enum(['off', 'azure', 'demo']).default('off'),
    /** ACS: endpoint=https://<resource>.communication.azure.com/;accesskey=… (or ACS_ENDPOINT with the managed identity). */
    ACS_CONNECTION_STRING: z.string().optional(),
    ACS_ENDPOINT: z.string().url().optional(),
    /** An alphanumeric sender id (at most 11 letters/digits, one-way) or an ACS phone number in E.164 (replies work). */
    SMS_SENDER: z
      .string()
      .regex(
        /^([A-Za-z0-9 ]{1,11}|\+\d{8,15})$/,
        'skal være et afsendernavn på højst 11 tegn eller et nummer som +4512345678',
      )
      .default('DDH'),
    /** The code Event Grid appends to the SMS webhook (…/api/ingest/sms?code=…). */
    SMS_WEBHOOK_SECRET: z.string().min(16).optional(),
    SMS_DAILY_CAP_PER_MUNICIPALITY: int(30),
    /** The web address of the Viva Engage community where agents post delays (the late agent's button). */
    ENGAGE_SHIFT_COMMUNITY_URL: z.string().url().optional(),
    KPI_RESOLUTION_THRESHOLD: z.coerce.number().min(0).max(100).default(60),
    KPI_SATISFACTION_THRESHOLD: z.coerce.number().min(1).max(9).default(7),
    KPI_MIN_CALLS: int(30),
    KPI_MIN_SATISFACTION_ANSWERS: int(20),
    /** A municipality's straksafklaring over its agents: 'calls' (weighted by calls) or 'agents' (mean of rates). docs/kpi.md */
    KPI_AVERAGING: z.enum(KPI_AVERAGINGS).default('calls'),
    /** Which of a municipality's roles receive its KPI warning (agent figures still go to coordinator and leder only). */
    KPI_WARNING_ROLES: z
      .string()
      .default('kvalitetskoordinator,leder,primaer_kontakt')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(MUNICIPAL_ROLES)).min(1)),
    RETENTION_MONTHS: int(24),
    VOTE_REMINDER_MINUTES_BEFORE: int(60),
    /** Quorum: strictly more than this share of the seats cast a ballot (0.5: more than half). docs/voting.md */
    VOTE_QUORUM_SHARE: z.coerce.number().min(0).lt(1).default(0.5),
    /** A tie between "for" and "imod": 'fails' (the statutes give the chair no casting vote) or 'chair'. */
    VOTE_TIE_RULE: z.enum(TIE_RULES).default('fails'),
    INGEST_HMAC_SECRET: z.string().min(16).optional(),
    /** Requests per minute per sender on /api/ingest/*; beyond it the answer is 429 with Retry-After. */
    INGEST_RATE_PER_MINUTE: int(600),
    /** Proxies in front of the bot that append to X-Forwarded-For (App Service: 1); 0 = the socket address is the caller. */
    TRUSTED_PROXY_HOPS: int(0),
    TEAMS_RATE_PER_CONVERSATION_PER_SECOND: int(7),
    TEAMS_RATE_PER_TENANT_PER_SECOND: int(50),
    /** Longest wait for the Bot Connector on a proactive send or update; then it is retried. */
    TEAMS_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
    SCHEDULER_POLL_SECONDS: z.coerce.number().min(0.5).default(1),
    ENGAGE_BASE_URL: z.string().url().optional(),
    ENGAGE_CLIENT_ID: z.string().optional(),
    ENGAGE_TENANT_ID: z.string().optional(),
    ENGAGE_TOKEN_KEY: z.string().optional(),
    ENGAGE_SHIFT_GROUP_ID: z.string().optional(),
    ENGAGE_NEWS_GROUP_ID: z.string().optional(),
    /** Which posts go to Viva Engage: agenda, decision, kpi-summary. */
    ENGAGE_POST_TYPES: z
      .string()
      .default('agenda,decision,kpi-summary')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ENGAGE_POLL_SECONDS: z.coerce.number().int().min(60).default(60),
    APPLICATIONINSIGHTS_CONNECTION_STRING: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    for (const key of ['NOSHOW_PRIMARY_CHANNEL', 'NOSHOW_SECONDARY_CHANNEL', 'NOSHOW_SECRETARIAT_CHANNEL'] as const)
      if (c[key] !== 'teams' && c.SMS_PROVIDER === 'off')
        ctx.addIssue({ code: 'custom', path: [key], message: `${c[key]} kræver SMS_PROVIDER=azure (eller demo)` });
    if (c.SMS_PROVIDER === 'azure' && !c.ACS_CONNECTION_STRING && !c.ACS_ENDPOINT)
      ctx.addIssue({
        code: 'custom',
        path: ['ACS_CONNECTION_STRING'],
        message: 'kræves for SMS_PROVIDER=azure (eller ACS_ENDPOINT)',
      });
    if (c.DDH_LOCAL) return;
    if (c.DEMO_INBOX)
      ctx.addIssue({ code: 'custom', path: ['DEMO_INBOX'], message: 'findes kun i den lokale demo (DDH_LOCAL=1)' });
    if (!c.DATABASE_URL)
      ctx.addIssue({ code: 'custom', path: ['DATABASE_URL'], message: 'kræves uden DDH_LOCAL=1 (PostgreSQL)' });
    if (!c.MICROSOFT_APP_ID)
      ctx.addIssue({ code: 'custom', path: ['MICROSOFT_APP_ID'], message: 'kræves uden DDH_LOCAL=1' });
    // Derived from the app's secret otherwise; with a managed identity there is none, and the app id is public.
    if (!c.LINK_SIGNING_SECRET)
      ctx.addIssue({
        code: 'custom',
        path: ['LINK_SIGNING_SECRET'],
        message: 'kræves uden DDH_LOCAL=1 (mindst 16 tegn; signerer downloadlinks)',
      });
    // The Bot Framework SDK needs the tenant for both kinds (it asserts it at start for a managed identity too).
    if (!c.MICROSOFT_APP_TENANT_ID)
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: "kræves uden DDH_LOCAL=1 (DDH's Entra-tenant, hvor bottens identitet er registreret)",
      });
    if (c.BOT_AUTH_TYPE === 'SingleTenant') {
      if (!c.MICROSOFT_APP_PASSWORD && !(c.MICROSOFT_APP_CERT_THUMBPRINT && c.MICROSOFT_APP_CERT_KEY_FILE))
        ctx.addIssue({
          code: 'custom',
          path: ['MICROSOFT_APP_PASSWORD'],
          message: 'kræves for SingleTenant (eller MICROSOFT_APP_CERT_THUMBPRINT + MICROSOFT_APP_CERT_KEY_FILE)',
        });
    }
    if (c.GRAPH_CLIENT_ID) {
      if (!c.GRAPH_CLIENT_SECRET === !c.GRAPH_CLIENT_CERTIFICATE)
        ctx.addIssue({
          code: 'custom',
          path: ['GRAPH_CLIENT_SECRET'],
          message: 'sæt enten GRAPH_CLIENT_SECRET eller GRAPH_CLIENT_CERTIFICATE til Graph-appen (ikke begge)',
        });
    }
  });

/** What App Service leaves in a setting when it cannot resolve a Key Vault reference. */
const KEY_VAULT_REFERENCE = '@Microsoft.KeyVault(';

/** Settings that still hold a Key Vault reference: the secret was never read, so the value must not be used. */
function unresolvedKeyVaultReferences(env: Record<string, string | undefined>): string[] {
  return Object.keys(schema.innerType().shape).filter((k) => env[k]?.trimStart().startsWith(KEY_VAULT_REFERENCE));
}

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/**
 * Reads `.env` in the working directory into the environment when it exists (Node's own loader); variables already
 * set in the environment win. Entry points call this before loading the configuration.
 */
export function loadDotEnv(path = '.env'): boolean {
  if (!existsSync(path)) return false;
  process.loadEnvFile(path);
  return true;
}

/** The only reader of process.env: fails fast, naming each bad variable. */
export function loadConfig(given: Record<string, string | undefined> = process.env): Config {
  // `KEY=` in a .env copied from .env.example means "not set": the default applies, not an empty value.
  const env = Object.fromEntries(
    Object.entries(given).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const unresolved = unresolvedKeyVaultReferences(env);
  const parsed = schema.safeParse(env);
  if (!parsed.success || unresolved.length) {
    const lines = [
      ...unresolved.map(
        (k) =>
          `${k}: er stadig en uopløst Key Vault-reference (${env[k]!.trim()}); App Service kunne ikke læse hemmeligheden. ` +
          'Tjek at appens managed identity har rollen Key Vault Secrets User på vaulten, at keyVaultReferenceIdentity ' +
          'peger på den, og at hemmeligheden findes (docs/deploy.md).',
      ),
      ...(parsed.error?.issues ?? [])
        .filter((i) => !unresolved.includes(String(i.path[0])))
        .map((i) => `${i.path.join('.')}: ${i.message}`),
    ];
    throw new ConfigError(`Ugyldig konfiguration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}

/**
 * `npm start`: local mode whatever the environment says (embedded database, no Bot Framework auth), with the demo
 * inbox unless DEMO_INBOX=0.
 */
export function loadLocalConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig({
    ...env,
    DDH_LOCAL: '1',
    NODE_ENV: env.NODE_ENV ?? 'development',
    DEMO_INBOX: env.DEMO_INBOX ?? '1',
    // The demo shows each SMS in the playground; no SMS leaves the machine.
    SMS_PROVIDER: env.SMS_PROVIDER ?? 'demo',
  });
}

/**
 * Command-line tools: the configured PostgreSQL, or the local embedded database when none is set. They log only
 * errors unless LOG_LEVEL says otherwise, and always to stderr (src/cli/cli-app.ts): stdout carries the output.
 */
export function loadCliConfig(env: Record<string, string | undefined> = process.env): Config {
  const cli = { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'error', DEMO_INBOX: env.DEMO_INBOX ?? '0' };
  return env.DATABASE_URL ? loadConfig({ ...cli, DDH_LOCAL: env.DDH_LOCAL ?? '1' }) : loadLocalConfig(cli);
}

/** DEBUG=1: the command-line tools print the stack trace of an unexpected error (read before any configuration). */
export function debugRequested(env: Record<string, string | undefined> = process.env): boolean {
  return env.DEBUG === '1' || env.DEBUG === 'true';
}

/** Local mode may only listen on loopback, whatever HOST says. */
export function listenHost(config: Config): string {
  return config.DDH_LOCAL ? '127.0.0.1' : (config.HOST ?? '0.0.0.0');
}
