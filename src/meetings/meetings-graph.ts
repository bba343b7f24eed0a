/**
 * The meeting in people's Outlook/Teams calendars through Microsoft Graph: one event in the secretariat's mailbox
 * with a Teams meeting, the invitees as attendees (Exchange sends the invitations and the updates, across tenants
 * by mail), moved and cancelled with the meeting. Behind `OnlineCalendar` so the service never sees HTTP; tests use
 * a Graph stand-in on 127.0.0.1. Permission: Calendars.ReadWrite (application), limited by an application access
 * policy to the one mailbox (docs/meetings.md).
 */
import { Client, type AuthenticationProvider } from '@microsoft/microsoft-graph-client';
import { ClientSecretCredential, ManagedIdentityCredential, type TokenCredential } from '@azure/identity';

export interface OnlineEventInput {
  /** Stable per meeting: Graph uses it to make a retried creation a no-op (transactionId). */
  key: string;
  subject: string;
  startsAt: Date;
  endsAt: Date;
  location: string;
  /** Plain text (never HTML: place and links are typed by people). */
  body: string;
  attendees: { name: string; email: string; required: boolean }[];
}

export interface OnlineCalendar {
  /** Creates the event with a Teams meeting; its id and the link to join. */
  create(event: OnlineEventInput): Promise<{ eventId: string; joinUrl: string | null }>;
  update(eventId: string, event: OnlineEventInput): Promise<{ joinUrl: string | null }>;
  cancel(eventId: string, comment: string): Promise<void>;
}

const utc = (instant: Date) => ({ dateTime: instant.toISOString().replace('Z', ''), timeZone: 'UTC' });

function eventBody(event: OnlineEventInput) {
  return {
    subject: event.subject,
    body: { contentType: 'text', content: event.body },
    start: utc(event.startsAt),
    end: utc(event.endsAt),
    location: { displayName: event.location },
    attendees: event.attendees.map((a) => ({
      emailAddress: { address: a.email, name: a.name },
      type: a.required ? 'required' : 'optional',
    })),
    allowNewTimeProposals: false,
  };
}

export class GraphOnlineCalendar implements OnlineCalendar {
  private readonly client: Client;
  private readonly events: string;

  constructor(options: { mailbox: string; authProvider: AuthenticationProvider; baseUrl?: string }) {
    // The client sends its token only to hosts it knows; a configured base URL (tests, sovereign clouds) is added.
    const custom = options.baseUrl ? new URL(options.baseUrl) : null;
    const customHosts = custom ? new Set([custom.hostname, custom.host]) : undefined;
    this.client = Client.initWithMiddleware({
      authProvider: options.authProvider,
      baseUrl: options.baseUrl,
      defaultVersion: 'v1.0',
      customHosts,
    });
    this.events = `/users/${encodeURIComponent(options.mailbox)}/events`;
  }

  async create(event: OnlineEventInput): Promise<{ eventId: string; joinUrl: string | null }> {
    const made = await this.client.api(this.events).post({
      ...eventBody(event),
      transactionId: event.key,
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    return { eventId: String(made.id), joinUrl: made.onlineMeeting?.joinUrl ?? null };
  }

  async update(eventId: string, event: OnlineEventInput): Promise<{ joinUrl: string | null }> {
    const changed = await this.client.api(`${this.events}/${encodeURIComponent(eventId)}`).patch(eventBody(event));
    return { joinUrl: changed?.onlineMeeting?.joinUrl ?? null };
  }

  async cancel(eventId: string, comment: string): Promise<void> {
    await this.client.api(`${this.events}/${encodeURIComponent(eventId)}/cancel`).post({ comment });
  }
}

export interface GraphCalendarSettings {
  /** The organiser's mailbox (UPN or id), e.g. the secretariat's shared mailbox. */
  mailbox: string;
  clientId: string;
  tenantId?: string;
  clientSecret?: string;
  managedIdentity: boolean;
}

/** The Graph calendar for the configured identity; null when there is no way to get a token. */
export function createGraphOnlineCalendar(settings: GraphCalendarSettings): OnlineCalendar | null {
  const credential: TokenCredential | null = settings.managedIdentity
    ? new ManagedIdentityCredential({ clientId: settings.clientId })
    : settings.clientSecret && settings.tenantId
      ? new ClientSecretCredential(settings.tenantId, settings.clientId, settings.clientSecret)
      : null;
  if (!credential) return null;
  return new GraphOnlineCalendar({
    mailbox: settings.mailbox,
    authProvider: {
      async getAccessToken() {
        const token = await credential.getToken('https://graph.microsoft.com/.default');
        if (!token) throw new Error('no Graph token');
        return token.token;
      },
    },
  });
}
