/**
 * Every capability the bot has, built once from the configuration. Each module gets the core dependencies and
 * its own narrow settings; nothing below src/app reads Config. Adding a capability: write
 * src/<cap>/<cap>-module.ts with create<Cap>Module(deps, settings), build it here and list it in MODULE_ORDER.
 */
import { createHash } from 'node:crypto';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import type { Actor } from '../registry/registry-types.js';
import type { Config } from './config.js';
import { createAgendaModule, type AgendaModule } from '../agenda/agenda-module.js';
import { createShiftsModule, type ShiftsModule } from '../shifts/shifts-module.js';
import { SmsChannel } from '../sms/sms-channel.js';
import { azureSmsProviderFrom } from '../sms/azure-sms-provider.js';
import { DemoSmsProvider } from '../demo/demo-sms.js';
import { createVotingModule, type VotingModule } from '../voting/voting-module.js';
import { VOTING_VERBS } from '../voting/voting-cards.js';
import { createKpiModule, type KpiModule } from '../kpi/kpi-module.js';
import { createElectionsModule, type ElectionsModule } from '../elections/elections-module.js';
import { createRetentionModule } from '../retention/retention-module.js';
import { createEngageModule, type EngageModule } from '../engage/engage-module.js';
import { createMenuModule } from '../menu/menu-module.js';
import { createMeetingsModule, type MeetingsModule } from '../meetings/meetings-module.js';
import { createGraphOnlineCalendar } from '../meetings/meetings-graph.js';
import { latestPublication } from '../agenda/agenda-repository.js';
import { findDecisionItem, type AgendaMeetingFacts } from '../agenda/agenda-public.js';
import {
  absencesOf as meetingAbsences,
  memberAttendance,
  openFollowUps as meetingOpenFollowUps,
} from '../meetings/meetings-public.js';
import { decisionsOfItems } from '../voting/voting-public.js';
import type { MemberAttendanceSource } from '../voting/voting-service.js';
import { createReportsModule, type ReportsModule } from '../reports/reports-module.js';

export interface Modules {
  menu: CapabilityModule;
  agenda: AgendaModule;
  shifts: ShiftsModule;
  voting: VotingModule;
  kpi: KpiModule;
  elections: ElectionsModule;
  retention: CapabilityModule;
  engage: EngageModule;
  meetings: MeetingsModule;
  reports: ReportsModule;
}

/** The order modules register in (menu items carry their own order). */
const MODULE_ORDER: (keyof Modules)[] = [
  'menu',
  'agenda',
  'shifts',
  'voting',
  'kpi',
  'elections',
  'retention',
  'engage',
  'meetings',
  'reports',
];

/** Signs download links: the configured secret, else one derived from the bot's own secret. */
export function linkSecretOf(config: Config): string {
  return (
    config.LINK_SIGNING_SECRET ??
    createHash('sha256')
      .update(`ddh-links:${config.MICROSOFT_APP_PASSWORD ?? config.MICROSOFT_APP_ID ?? 'local'}`)
      .digest('hex')
  );
}

/** The SMS channel (issue 24): Azure Communication Services, the demo's playground messages, or none. */
function smsChannelOf(core: CoreDeps, config: Config): SmsChannel | null {
  if (config.SMS_PROVIDER === 'off') return null;
  const provider =
    config.SMS_PROVIDER === 'azure'
      ? azureSmsProviderFrom({
          connectionString: config.ACS_CONNECTION_STRING,
          endpoint: config.ACS_ENDPOINT,
          sender: config.SMS_SENDER,
          webhookSecret: config.SMS_WEBHOOK_SECRET,
        })
      : new DemoSmsProvider(core);
  return new SmsChannel({ ...core, log: core.log.child({ cap: 'sms' }), provider });
}

export function createModules(core: CoreDeps, config: Config): Modules {
  const baseUrl = config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`;
  const agenda = createAgendaModule(
    core,
    {
      deadlineDays: config.AGENDA_DEADLINE_DAYS,
      reminderDays: config.AGENDA_REMINDER_DAYS,
      baseUrl,
      linkSecret: linkSecretOf(config),
    },
    {
      startVoteVerb: VOTING_VERBS.startFromItem,
      meetingFacts: agendaMeetingFacts,
      // Meetings is built below (it needs the agenda); by the time anything is published it exists.
      onPublished: (tx, meetingId) => meetings.public.agendaPublished(tx, meetingId),
    },
  );
  const meetings = createMeetingsModule(
    core,
    {
      baseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
      linkSecret: linkSecretOf(config),
      targets: { styregruppe: config.MEETINGS_PER_YEAR, repraesentantskab: config.ASSEMBLY_MEETINGS_PER_YEAR },
      quorumShare: config.VOTE_QUORUM_SHARE,
      followUpReminderDays: config.MEETING_FOLLOW_UP_REMINDER_DAYS,
      organizer: {
        name: 'DDH-sekretariatet',
        email: config.MEETING_ORGANIZER_EMAIL ?? config.MEETINGS_GRAPH_MAILBOX ?? 'noreply@ddh.invalid',
      },
      online: onlineCalendarOf(config),
    },
    {
      agenda: {
        moveItemsToMeeting: async (tx, from, to) =>
          (await agenda.public.moveItemsToMeeting(tx, from, to)).submitters.map((s) => s.personId),
        // The latest publication's items, numbered as published (read-only; agenda-public offers no such read yet).
        publishedItems: async (q, meetingId) =>
          (await latestPublication(q, meetingId))?.items.map((item) => ({
            number: item.number,
            itemId: item.itemId,
            title: item.title,
            markers: item.markers,
          })) ?? null,
        planReminders: () => agenda.reminders.planReminders(),
      },
      decisions: { decisionsOfItems },
    },
  );
  const elections = createElectionsModule(core, { agenda: agenda.public });
  return {
    meetings,
    menu: createMenuModule(core, { local: config.DDH_LOCAL }),
    agenda,
    shifts: createShiftsModule(core, {
      policy: {
        graceMinutes: config.NOSHOW_GRACE_MINUTES,
        secondaryAfterMinutes: config.NOSHOW_SECONDARY_AFTER_MINUTES,
        secretariatAfterMinutes: config.NOSHOW_SECRETARIAT_AFTER_MINUTES,
        channels: {
          primaer_kontakt: config.NOSHOW_PRIMARY_CHANNEL,
          sekundaer_kontakt: config.NOSHOW_SECONDARY_CHANNEL,
          sekretariat: config.NOSHOW_SECRETARIAT_CHANNEL,
        },
        smsAfterMinutes: config.NOSHOW_SMS_AFTER_MINUTES,
      },
      zone: config.TIMEZONE,
      ingestSecret: config.INGEST_HMAC_SECRET,
      baseUrl: config.PUBLIC_BASE_URL ?? `http://127.0.0.1:${config.PORT}`,
      linkSecret: linkSecretOf(config),
      sms: smsChannelOf(core, config),
      smsDailyCapPerMunicipality: config.SMS_DAILY_CAP_PER_MUNICIPALITY,
      leaderRoleFallback: config.NOSHOW_LEADER_ROLE_FALLBACK,
      engageCommunityUrl: config.ENGAGE_SHIFT_COMMUNITY_URL ?? null,
    }),
    voting: createVotingModule(
      core,
      {
        reminderMinutesBefore: config.VOTE_REMINDER_MINUTES_BEFORE,
        rules: { quorumShare: config.VOTE_QUORUM_SHARE, tieRule: config.VOTE_TIE_RULE },
      },
      {
        attendance: attendanceAtMeeting,
        // Elections is built below; a vote can only be decided once the bot runs, when it exists.
        onDecided: (tx, decided) => elections.voteDecided(tx, decided),
      },
    ),
    kpi: createKpiModule(
      core,
      {
        thresholds: {
          resolutionPercent: config.KPI_RESOLUTION_THRESHOLD,
          satisfactionAbove: config.KPI_SATISFACTION_THRESHOLD,
          minCalls: config.KPI_MIN_CALLS,
          minAnswers: config.KPI_MIN_SATISFACTION_ANSWERS,
        },
        warningRoles: config.KPI_WARNING_ROLES,
        averaging: config.KPI_AVERAGING,
      },
      { agenda: agenda.public },
    ),
    elections,
    retention: createRetentionModule(core, { months: config.RETENTION_MONTHS }),
    engage: createEngageModule(core, {
      clientId: config.ENGAGE_CLIENT_ID,
      tenantId: config.ENGAGE_TENANT_ID,
      tokenKey: config.ENGAGE_TOKEN_KEY,
      baseUrl: config.ENGAGE_BASE_URL,
      newsGroupId: config.ENGAGE_NEWS_GROUP_ID,
      shiftGroupId: config.ENGAGE_SHIFT_GROUP_ID,
      postTypes: config.ENGAGE_POST_TYPES,
      pollSeconds: config.ENGAGE_POLL_SECONDS,
    }),
    reports: createReportsModule(core, {
      baseUrl,
      linkSecret: linkSecretOf(config),
      zone: config.TIMEZONE,
      graphEnabled: config.GRAPH_ENABLED,
      demoInbox: config.DEMO_INBOX,
    }),
  };
}

/** What the published agenda reads from meetings: its afbud lines and the open follow-up points. */
const agendaMeetingFacts: AgendaMeetingFacts = {
  absencesOf: async (q, meetingId) => (await meetingAbsences(q, meetingId)).map((a) => a.line),
  openFollowUps: async (q) =>
    (await meetingOpenFollowUps(q)).map((f) => ({
      text: f.text,
      owner: f.ownerName ?? 'DDH-sekretariatet',
      due: f.dueOn ? new Date(`${f.dueOn}T12:00:00Z`) : null,
    })),
};

/** A deputy's ballot counts for the seat when the member reported afbud for the meeting the vote's item is on. */
const attendanceAtMeeting: MemberAttendanceSource = async (q, vote, municipalityCode) => {
  if (vote.agendaItemId === null) return 'unknown';
  const item = await findDecisionItem(q, vote.agendaItemId);
  return item ? memberAttendance(q, item.meetingId, municipalityCode) : 'unknown';
};

/** The meetings' Graph calendar: with GRAPH_ENABLED, a mailbox and the bot's identity; else none. */
function onlineCalendarOf(config: Config) {
  if (!config.GRAPH_ENABLED || !config.MEETINGS_GRAPH_MAILBOX || !config.MICROSOFT_APP_ID) return null;
  return createGraphOnlineCalendar({
    mailbox: config.MEETINGS_GRAPH_MAILBOX,
    clientId: config.MICROSOFT_APP_ID,
    tenantId: config.MICROSOFT_APP_TENANT_ID,
    clientSecret: config.MICROSOFT_APP_PASSWORD,
    managedIdentity: config.BOT_AUTH_TYPE === 'UserAssignedMSI',
  });
}

export function moduleList(modules: Modules): CapabilityModule[] {
  return MODULE_ORDER.map((name) => modules[name]);
}

/** Lines under the menu that tell users what is switched off or needs attention. */
export async function menuNotices(modules: Modules, local: boolean, actor: Actor): Promise<string[]> {
  const notices: string[] = [];
  if (local) notices.push('Lokal demo: data er opdigtede personer; kommunerne er rigtige.');
  for (const m of moduleList(modules)) if (m.menuNotices) notices.push(...(await m.menuNotices(actor)));
  return notices;
}
