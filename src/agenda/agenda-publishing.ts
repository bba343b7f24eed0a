/**
 * Publishing an agenda (standard items around the accepted ones, the Word document, the committee's
 * card, the representatives' copy, Viva Engage) and the deadline reminders.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Card } from '../platform/bot-app.js';
import type { Actor, Meeting } from '../registry/registry-types.js';
import { findMeeting, upcomingMeetings } from '../registry/meeting-repository.js';
import { activeTerm, findPersonById, memberMunicipalityCodes } from '../registry/registry-repository.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { formatDate } from '../shared/time.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { buildMessageCard } from '../ui/message-card.js';
import { deadlineFor, isOnTime, mayReview, STANDARD_CLOSING, STANDARD_OPENING } from './agenda-domain.js';
import * as repo from './agenda-repository.js';
import type { PublishedItem, Publication } from './agenda-repository.js';
import { buildAgendaDocx, buildAgendaMarkdown, type AgendaDocumentInput } from './agenda-document.js';
import { AGENDA_VERBS, buildPublishedAgendaCard } from './agenda-cards.js';

export const REMINDER_JOB = 'agenda.reminder';

export interface PublishingDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  deadlineDays: number;
  reminderDays: number[];
  baseUrl: string;
  linkSecret: string;
}

const nameOf = (code: number | null) => (code ? (municipalityByCode(code)?.name ?? String(code)) : '');

export class AgendaPublishing {
  constructor(private readonly d: PublishingDeps) {}

  /** The numbered agenda: opening items, the accepted items in their order, "Evt." last. */
  async draftAgenda(meetingId: number): Promise<PublishedItem[]> {
    const accepted = await repo.itemsOfMeeting(this.d.db, meetingId, ['godkendt']);
    const standard = (title: string): Omit<PublishedItem, 'number'> => ({
      itemId: null,
      title,
      markers: title.startsWith('Godkendelse') ? ['B'] : [],
      presenter: 'Mødeleder',
      attachments: [],
      introduction: '',
      recommendation: title.startsWith('Godkendelse') ? 'Det indstilles, at punktet godkendes.' : '',
      subItems: [],
    });
    const body = accepted.map((i) => ({
      itemId: i.id,
      title: i.title,
      markers: i.markers,
      presenter: i.presenter,
      attachments: i.attachments,
      introduction: i.introduction,
      recommendation: i.recommendation,
      subItems: i.subItems.map((s, n) => ({ letter: String.fromCharCode(97 + n), title: s.title, markers: s.markers })),
    }));
    return [...STANDARD_OPENING.map(standard), ...body, ...STANDARD_CLOSING.map(standard)].map((it, n) => ({
      ...it,
      number: String(n + 1),
    }));
  }

  async publish(actor: Actor, meetingId: number): Promise<{ card: Card; publication: Publication }> {
    if (!mayReview(actor)) throw forbidden('Kun formanden og DDH-sekretariatet kan udgive dagsordenen.');
    const meeting = await findMeeting(this.d.db, meetingId);
    if (!meeting || meeting.kind !== 'styregruppe') throw notFound('Mødet');
    if (meeting.status !== 'planlagt' || meeting.startsAt <= this.d.clock.now())
      throw new DomainError('CLOSED', 'Mødet er aflyst eller afholdt.');
    const pending = await repo.itemsOfMeeting(this.d.db, meetingId, ['indsendt']);
    if (pending.length)
      throw new DomainError(
        'CONFLICT',
        `${pending.length} punkt(er) venter stadig på behandling. Godkend, afvis eller flyt dem først.`,
      );
    const items = await this.draftAgenda(meetingId);
    const input = await this.documentInput(meeting, items, this.d.clock.now());
    const publication = await this.d.db.withTransaction(async (tx) => {
      const pub = await repo.insertPublication(
        tx,
        { meetingId, publishedAt: this.d.clock.now(), items, markdown: buildAgendaMarkdown(input) },
        actor.id,
      );
      const card = buildPublishedAgendaCard({
        meeting,
        place: input.placeLine,
        items,
        documentUrl: this.documentUrl(meetingId, pub.version),
      });
      const key = `agenda:published:${meetingId}:v${pub.version}`;
      await this.d.delivery.enqueue(
        [{ key: `${key}:styregruppe`, to: { kind: 'named', purpose: 'styregruppe' }, card, batch: key }],
        tx,
      );
      const members = await memberMunicipalityCodes(tx);
      await this.d.delivery.enqueue(
        members.map((code) => ({
          key: `${key}:repr:${code}`,
          to: { kind: 'role' as const, municipalityCode: code, role: 'repraesentant' as const },
          card,
          batch: key,
        })),
        tx,
      );
      await requestEngagePost(
        this.d.scheduler,
        `agenda:${meetingId}:v${pub.version}`,
        { kind: 'agenda', title: `Dagsorden for styregruppemødet ${formatDate(meeting.startsAt)}`, body: pub.markdown },
        tx,
      );
      return pub;
    });
    const card = buildPublishedAgendaCard({
      meeting,
      place: input.placeLine,
      items,
      documentUrl: this.documentUrl(meetingId, publication.version),
    });
    return { card, publication };
  }

  async document(meetingId: number, version: number): Promise<Buffer> {
    const meeting = await findMeeting(this.d.db, meetingId);
    const pub = await repo.latestPublication(this.d.db, meetingId);
    if (!meeting || !pub || pub.version !== version) throw notFound('Dagsordenen');
    return buildAgendaDocx(await this.documentInput(meeting, pub.items, pub.publishedAt));
  }

  documentUrl(meetingId: number, version: number): string {
    return `${this.d.baseUrl}/api/agenda/${meetingId}/dagsorden.docx?v=${version}&sig=${this.sign(meetingId, version)}`;
  }

  verifyLink(meetingId: number, version: number, sig: string): boolean {
    const expected = Buffer.from(this.sign(meetingId, version));
    const given = Buffer.from(sig);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Schedules the reminders of every open meeting; keys hold the meeting's start, so a moved meeting gets new ones. */
  async planReminders(): Promise<number> {
    const now = this.d.clock.now();
    let planned = 0;
    for (const m of await upcomingMeetings(this.d.db, now, 'styregruppe')) {
      if (m.status !== 'planlagt') continue;
      const deadline = deadlineFor(m.startsAt, this.d.deadlineDays);
      for (const days of this.d.reminderDays) {
        const at = new Date(deadline.getTime() - days * 86_400_000);
        if (at <= now) continue;
        if (
          await this.d.scheduler.schedule(
            REMINDER_JOB,
            { meetingId: m.id, startsAt: m.startsAt.toISOString(), days },
            { key: `agenda:reminder:${m.id}:${m.startsAt.toISOString()}:${days}`, runAt: at },
          )
        )
          planned++;
      }
    }
    return planned;
  }

  async sendReminder(payload: { meetingId: number; startsAt: string; days: number }): Promise<void> {
    const m = await findMeeting(this.d.db, payload.meetingId);
    // Moved or cancelled since it was planned: that meeting's own reminders carry the new time.
    if (
      !m ||
      m.status !== 'planlagt' ||
      m.startsAt.toISOString() !== payload.startsAt ||
      !isOnTime(m.startsAt, this.d.deadlineDays, this.d.clock.now())
    )
      return;
    const deadline = deadlineFor(m.startsAt, this.d.deadlineDays);
    const card = buildMessageCard({
      title: `Påmindelse: frist for dagsordenspunkter ${formatDate(deadline)}`,
      text: `Styregruppen mødes ${formatDate(m.startsAt)}. Punkter skal være sekretariatet i hænde senest ${formatDate(deadline)} kl. 23:59.`,
      actions: [{ title: 'Nyt dagsordenspunkt', verb: AGENDA_VERBS.open }],
    });
    const codes = await memberMunicipalityCodes(this.d.db);
    const key = `agenda:reminder:${m.id}:${payload.startsAt}:${payload.days}`;
    await this.d.delivery.enqueue(
      codes.map((code) => ({
        key: `${key}:${code}`,
        to: { kind: 'role' as const, municipalityCode: code, role: 'repraesentant' as const },
        card,
        batch: key,
      })),
    );
  }

  private sign(meetingId: number, version: number): string {
    return createHmac('sha256', this.d.linkSecret).update(`agenda:${meetingId}:${version}`).digest('base64url');
  }

  private async documentInput(
    meeting: Meeting,
    items: PublishedItem[],
    publishedAt: Date,
  ): Promise<AgendaDocumentInput> {
    const term = await activeTerm(this.d.db);
    const invitees: string[] = [];
    for (const s of term?.seats ?? []) {
      const p = s.memberPersonId ? await findPersonById(this.d.db, s.memberPersonId) : null;
      if (p) invitees.push(`${p.name}, ${nameOf(s.municipalityCode)}`);
    }
    const coming = (await upcomingMeetings(this.d.db, meeting.endsAt, 'styregruppe'))
      .filter((m) => m.status === 'planlagt')
      .slice(0, 8);
    return {
      meeting,
      placeLine: [meeting.hostMunicipalityCode ? `${nameOf(meeting.hostMunicipalityCode)} Kommune` : '', meeting.place]
        .filter(Boolean)
        .join(', '),
      invitees,
      items,
      comingMeetings: coming.map((m) => ({
        date: formatDate(m.startsAt),
        host: nameOf(m.hostMunicipalityCode) || m.place,
      })),
      publishedAt,
    };
  }
}
