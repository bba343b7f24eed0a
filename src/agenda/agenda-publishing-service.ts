/**
 * Publishing an agenda: the overview of coming meetings, the numbered agenda (standard items around the accepted
 * ones), the Word document behind a signed link, and the published card to the committee's chat and to every
 * member municipality's representative, plus the Viva Engage post.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { findMeeting, previousMeeting, upcomingMeetings } from '../registry/meeting-repository.js';
import { memberMunicipalityCodes } from '../registry/registry-repository.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { countNoun } from '../shared/danish.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { formatDate } from '../shared/time.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { inviteeLines, mayReview, minutesItemTitle, STANDARD_ITEMS, subItemLetter } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { AgendaItem } from './agenda-repository.js';
import * as publications from './agenda-publication-repository.js';
import type { PublishedItem } from './agenda-publication-repository.js';
import { buildAgendaMarkdown, type AgendaDocumentInput } from './agenda-markdown.js';
import { buildPublishedAgendaCard } from './agenda-meeting-cards.js';
import type { AgendaCalendar } from './agenda-calendar.js';
import type { AgendaMeetingFacts, FollowUpPoint } from './agenda-public.js';
import type { AgendaOverviewView, PublishedAgendaView } from './agenda-views.js';

export interface PublishingServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  calendar: AgendaCalendar;
  /** The bot's public address (no trailing slash), for the signed document links. */
  baseUrl: string;
  linkSecret: string;
  /** The verb that starts a vote on a decision item (the voting capability's); null: no such buttons. */
  startVoteVerb: string | null;
  /** Absences and open follow-up points (the meetings capability); null: both lists are empty. */
  meetingFacts: AgendaMeetingFacts | null;
  /** Told in the publishing transaction (the meetings capability links the agenda from invitations). */
  onPublished: ((tx: Queryable, meetingId: number) => Promise<void>) | null;
}

const MAY_NOT_PUBLISH = 'Kun formanden og DDH-sekretariatet kan udgive dagsordenen.';
const nameOf = (code: number | null) => (code ? (municipalityByCode(code)?.name ?? String(code)) : '');

export class PublishingService {
  constructor(private readonly deps: PublishingServiceDeps) {}

  /** The next four meetings with how many items are accepted and how many still wait for review. */
  async overview(actor: Actor): Promise<AgendaOverviewView> {
    if (!mayReview(actor)) throw forbidden(MAY_NOT_PUBLISH);
    const meetings = (await this.deps.calendar.upcoming()).slice(0, 4);
    const counts = await repo.reviewCountsOfMeetings(
      this.deps.db,
      meetings.map((m) => m.id),
    );
    return {
      meetings: meetings.map((m) => ({
        meetingId: m.id,
        startsAt: m.startsAt,
        ...(counts.get(m.id) ?? { accepted: 0, waiting: 0 }),
      })),
    };
  }

  /** Publishes a new version when no item waits for review; the committee and the representatives get the card. */
  async publish(actor: Actor, meetingId: number): Promise<PublishedAgendaView> {
    if (!mayReview(actor)) throw forbidden(MAY_NOT_PUBLISH);
    const { db, clock, delivery, scheduler } = this.deps;
    const meeting = await findMeeting(db, meetingId);
    if (!meeting || meeting.kind !== 'styregruppe') throw notFound('Mødet');
    if (meeting.status !== 'planlagt' || meeting.startsAt <= clock.now())
      throw new DomainError('CLOSED', 'Mødet er aflyst eller afholdt.');
    const pending = await repo.itemsOfMeeting(db, meetingId, ['indsendt']);
    if (pending.length)
      throw new DomainError(
        'CONFLICT',
        `${countNoun(pending.length, 'punkt venter', 'punkter venter')} stadig på behandling. Godkend, afvis eller flyt ${pending.length === 1 ? 'det' : 'dem'} først.`,
      );
    const items = numberedAgenda(
      await repo.itemsOfMeeting(db, meetingId, ['godkendt']),
      await this.standardFacts(meeting),
    );
    const input = await this.documentInput(meeting, items, clock.now());
    const publication = await db.withTransaction(async (tx) => {
      const published = await publications.insertPublication(
        tx,
        { meetingId, publishedAt: clock.now(), items, markdown: buildAgendaMarkdown(input) },
        actor.id,
      );
      const view = this.viewOf(meeting, input.placeLine, items, published.version);
      const card = buildPublishedAgendaCard(view, { startVoteVerb: this.deps.startVoteVerb });
      const key = `agenda:published:${meetingId}:v${published.version}`;
      await delivery.enqueue(
        [{ key: `${key}:styregruppe`, to: { kind: 'named', purpose: 'styregruppe' }, card, batch: key }],
        tx,
      );
      const members = await memberMunicipalityCodes(tx);
      await delivery.enqueue(
        members.map((code) => ({
          key: `${key}:repr:${code}`,
          to: { kind: 'role' as const, municipalityCode: code, role: 'repraesentant' as const },
          card,
          batch: key,
        })),
        tx,
      );
      await requestEngagePost(
        scheduler,
        `agenda:${meetingId}:v${published.version}`,
        {
          kind: 'agenda',
          title: `Dagsorden for styregruppemødet ${formatDate(meeting.startsAt)}`,
          body: published.markdown,
        },
        tx,
      );
      await this.deps.onPublished?.(tx, meetingId);
      return published;
    });
    return this.viewOf(meeting, input.placeLine, items, publication.version);
  }

  /** The Word document of a published version (the CLI's `report agenda` uses it too). */
  async document(meetingId: number, version: number): Promise<Buffer> {
    const { db } = this.deps;
    const meeting = await findMeeting(db, meetingId);
    const publication = await publications.latestPublication(db, meetingId);
    if (!meeting || !publication || publication.version !== version) throw notFound('Dagsordenen');
    const input = await this.documentInput(meeting, publication.items, publication.publishedAt);
    // docx is loaded the first time a document is asked for, not at start-up (docs/performance.md, cold start).
    const { buildAgendaDocx } = await import('./agenda-document.js');
    return buildAgendaDocx(input);
  }

  /** The document behind a card's link: the signature is checked before anything is looked up. */
  async signedDocument(meetingId: number, version: number, signature: string): Promise<Buffer> {
    const expected = Buffer.from(this.sign(meetingId, version));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw forbidden('Linket er ugyldigt eller udløbet.');
    return this.document(meetingId, version);
  }

  private viewOf(meeting: Meeting, placeLine: string, items: PublishedItem[], version: number): PublishedAgendaView {
    const documentUrl = `${this.deps.baseUrl}/api/agenda/${meeting.id}/dagsorden.docx?v=${version}&sig=${this.sign(meeting.id, version)}`;
    return { meeting, placeLine, items, documentUrl };
  }

  private sign(meetingId: number, version: number): string {
    return createHmac('sha256', this.deps.linkSecret).update(`agenda:${meetingId}:${version}`).digest('base64url');
  }

  /** What the standard items say besides their titles: the last meeting's date, absences, open follow-ups. */
  private async standardFacts(meeting: Meeting): Promise<StandardFacts> {
    const { db, meetingFacts } = this.deps;
    const last = await previousMeeting(db, meeting.startsAt, 'styregruppe');
    return {
      lastMeetingDate: last ? formatDate(last.startsAt) : null,
      absences: meetingFacts ? await meetingFacts.absencesOf(db, meeting.id) : [],
      followUps: meetingFacts ? await meetingFacts.openFollowUps(db) : [],
    };
  }

  private async documentInput(
    meeting: Meeting,
    items: PublishedItem[],
    publishedAt: Date,
  ): Promise<AgendaDocumentInput> {
    const { db } = this.deps;
    const invitees = (await publications.committeeInvitees(db)).map((invitee) => ({
      name: invitee.name,
      municipality: invitee.municipalityCode ? nameOf(invitee.municipalityCode) : null,
      role: invitee.role,
      chair: invitee.chair,
    }));
    // The coming meetings of both kinds (seed 003: "Næste styregruppemøder (inkl. repræsentantskabsmøder)").
    const coming = (await upcomingMeetings(db, meeting.endsAt)).slice(0, 10);
    return {
      meeting,
      placeLine: [meeting.hostMunicipalityCode ? `${nameOf(meeting.hostMunicipalityCode)} Kommune` : '', meeting.place]
        .filter(Boolean)
        .join(', '),
      invitees: inviteeLines(invitees),
      items,
      comingMeetings: coming.map((m) => {
        const host = nameOf(m.hostMunicipalityCode) || m.place;
        return {
          date: formatDate(m.startsAt),
          host: m.kind === 'repraesentantskab' ? `Repræsentantskabsmøde ${host}` : host,
        };
      }),
      publishedAt,
    };
  }
}

interface StandardFacts {
  lastMeetingDate: string | null;
  absences: string[];
  followUps: FollowUpPoint[];
}

/**
 * The numbered agenda (seed 003): Velkomst with the absences, the agenda's approval, the minutes' approval naming
 * the last meeting and listing the open follow-up points, the accepted items in their order, "Evt." last.
 */
function numberedAgenda(accepted: AgendaItem[], facts: StandardFacts): PublishedItem[] {
  const standard = (title: string, fields: Partial<PublishedItem> = {}): Omit<PublishedItem, 'number'> => ({
    itemId: null,
    title,
    markers: [],
    presenter: 'Mødeleder',
    attachments: [],
    introduction: '',
    recommendation: '',
    subItems: [],
    ...fields,
  });
  const date = facts.lastMeetingDate;
  const opening = [
    standard(STANDARD_ITEMS.welcome, {
      notes: [
        { heading: 'Der er afbud/ændringer fra:', lines: facts.absences.length ? facts.absences : ['Ingen meldt'] },
      ],
    }),
    standard(STANDARD_ITEMS.agenda, { markers: ['B'], recommendation: 'Det indstilles, at dagsordenen godkendes.' }),
    standard(minutesItemTitle(date), {
      markers: ['B'],
      recommendation: date
        ? `Det indstilles, at referatet fra styregruppemødet den ${date} godkendes.`
        : 'Det indstilles, at referatet godkendes.',
      notes: [
        {
          heading: 'Opfølgningspunkter:',
          lines: facts.followUps.length
            ? facts.followUps.map(
                (point) =>
                  `${point.text} (${[point.owner, point.due ? `frist ${formatDate(point.due)}` : ''].filter(Boolean).join(', ')})`,
              )
            : ['Ingen åbne opfølgningspunkter'],
        },
      ],
    }),
  ];
  const body = accepted.map((item) => ({
    itemId: item.id,
    title: item.title,
    markers: item.markers,
    presenter: item.presenter,
    attachments: item.attachments,
    introduction: item.introduction,
    recommendation: item.recommendation,
    subItems: item.subItems.map((sub, n) => ({
      letter: subItemLetter(n),
      title: sub.title,
      markers: sub.markers,
      text: sub.text,
    })),
  }));
  const closing = standard(STANDARD_ITEMS.closing, { presenter: 'alle' });
  return [...opening, ...body, closing].map((item, n) => ({
    ...item,
    number: String(n + 1),
  }));
}
