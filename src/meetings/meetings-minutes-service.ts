/**
 * The minutes (referat): after the meeting has begun the secretariat records each published item's decision (votes
 * fill in automatically from voting's decision register) and follow-up points; sends the minutes to the committee;
 * and after the committee approved them, to the representatives (seed 000: "Dagsordener og referater ... sendes til
 * repræsentantskabet"). The Word document sits behind a signed link per version.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { memberMunicipalityCodes } from '../registry/registry-repository.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { mayManageMeetings } from './meetings-domain.js';
import { decisionText, minutesInputOf, type MinutesInput } from './meetings-minutes-domain.js';
import { buildMinutesNoticeCard } from './meetings-minutes-cards.js';
import type { FollowUpService } from './meetings-follow-up-service.js';
import type { MeetingLinks } from './meetings-links.js';
import type { MeetingAgendaNeighbour, MeetingDecisionsNeighbour } from './meetings-neighbours.js';
import * as repo from './meetings-minutes-repository.js';
import { loadMeetingState, type MeetingState } from './meetings-state.js';
import type { MinutesView } from './meetings-views.js';

export interface MinutesServiceDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  links: MeetingLinks;
  followUps: FollowUpService;
  agenda: MeetingAgendaNeighbour;
  decisions: MeetingDecisionsNeighbour | null;
  uidDomain: string;
}

const MAY_NOT = 'Kun DDH-sekretariatet kan skrive referatet.';
const STALE = 'Referatet er ændret i mellemtiden; her er det, som det er nu.';

export class MinutesService {
  constructor(private readonly deps: MinutesServiceDeps) {}

  /** The minutes of a meeting that has begun, started from the published agenda on first open. */
  async open(actor: Actor, meetingId: number): Promise<MinutesView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT);
    const { db, clock } = this.deps;
    return db.withTransaction(async (tx) => {
      const state = await this.heldMeeting(tx, meetingId);
      let minutes = await repo.findMinutes(tx, meetingId);
      if (!minutes) {
        const items = await this.deps.agenda.publishedItems?.(tx, meetingId);
        if (!items?.length)
          throw new DomainError('CONFLICT', 'Dagsordenen er ikke udgivet, så referatet har ingen punkter endnu.');
        const draft = items.map((item) => ({
          ...item,
          agendaItemId: item.itemId,
          decision: '',
          decisionSource: 'referent' as const,
        }));
        await repo.createMinutes(tx, meetingId, draft, clock.now());
        minutes = (await repo.findMinutes(tx, meetingId))!;
      }
      if (minutes.status !== 'godkendt' && (await this.fillFromVotes(tx, minutes)))
        minutes = (await repo.findMinutes(tx, meetingId))!;
      return this.viewOf(tx, state, minutes, null);
    });
  }

  /** Saves decisions and a new follow-up point; a card showing an older version gets the current minutes. */
  async save(actor: Actor, meetingId: number, version: number, data: Record<string, unknown>): Promise<MinutesView> {
    return this.change(actor, meetingId, version, async (tx, state, minutes) => {
      const changed = await this.record(tx, state, minutes, minutesInputOf(data, minutes, state.invitees), actor);
      return changed ? 'Referatet er gemt.' : 'Der var ingen ændringer at gemme.';
    });
  }

  /** Saves, then sends the minutes to the committee (each member and deputy) for approval at the next meeting. */
  async send(actor: Actor, meetingId: number, version: number, data: Record<string, unknown>): Promise<MinutesView> {
    return this.change(actor, meetingId, version, async (tx, state, minutes) => {
      if (minutes.status !== 'kladde') return 'Referatet er allerede sendt.';
      await this.record(tx, state, minutes, minutesInputOf(data, minutes, state.invitees), actor, 'sendt');
      const sent = (await repo.findMinutes(tx, meetingId))!;
      const card = buildMinutesNoticeCard(state.summary, sent, this.deps.links.minutes(meetingId, sent.version));
      const key = `meetings:minutes:${meetingId}:styregruppe`;
      const committee = state.invitees.filter((i) => i.capacity === 'medlem' || i.capacity === 'suppleant');
      await this.deps.delivery.enqueue(
        committee.map((i) => ({
          key: `${key}:${i.personId}`,
          to: { kind: 'person' as const, personId: i.personId },
          card,
          cardRef: minutesRef(state),
          batch: key,
        })),
        tx,
      );
      return 'Referatet er sendt til styregruppen til godkendelse.';
    });
  }

  /** The committee approved the minutes: they go to every member municipality's representative. */
  async approve(actor: Actor, meetingId: number, version: number): Promise<MinutesView> {
    return this.change(actor, meetingId, version, async (tx, state, minutes) => {
      if (minutes.status !== 'sendt') return 'Referatet skal sendes til styregruppen, før det kan godkendes.';
      const { clock, delivery, links } = this.deps;
      await repo.bumpMinutes(tx, meetingId, minutes.version, { status: 'godkendt', by: actor.id, at: clock.now() });
      const approved = (await repo.findMinutes(tx, meetingId))!;
      const card = buildMinutesNoticeCard(state.summary, approved, links.minutes(meetingId, approved.version));
      await delivery.updateCard(minutesRef(state), card, tx);
      const key = `meetings:minutes:${meetingId}:repraesentantskab`;
      await delivery.enqueue(
        (await memberMunicipalityCodes(tx)).map((code) => ({
          key: `${key}:${code}`,
          to: { kind: 'role' as const, municipalityCode: code, role: 'repraesentant' as const },
          card,
          batch: key,
        })),
        tx,
      );
      return 'Referatet er godkendt og sendt til repræsentantskabet.';
    });
  }

  /** Closes a follow-up point from the minutes card; the answer is the minutes card again. */
  async closeFollowUp(actor: Actor, followUpId: number, version: number): Promise<MinutesView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT);
    const closed = await this.deps.followUps.close(actor, followUpId, version);
    return { ...(await this.open(actor, closed.followUp.meetingId)), notice: closed.notice };
  }

  /** The Word document of a version, behind the card's signed link (checked before any lookup). */
  async signedDocument(meetingId: number, version: number, signature: string): Promise<Buffer> {
    if (!this.deps.links.minutesSigned(meetingId, version, signature)) throw forbidden('Linket er ugyldigt.');
    const { db } = this.deps;
    const minutes = await repo.findMinutes(db, meetingId);
    const state = await loadMeetingState(db, meetingId, this.deps.uidDomain);
    if (!minutes || !state || minutes.version !== version) throw notFound('Referatet');
    const followUps = await repo.followUpsOfMeeting(db, meetingId);
    // docx is loaded the first time minutes are downloaded, not at start-up (docs/performance.md, cold start).
    const { buildMinutesDocx } = await import('./meetings-minutes-document.js');
    return buildMinutesDocx({ state, minutes, followUps });
  }

  private async change(
    actor: Actor,
    meetingId: number,
    version: number,
    act: (tx: Queryable, state: MeetingState, minutes: repo.Minutes) => Promise<string>,
  ): Promise<MinutesView> {
    if (!mayManageMeetings(actor)) throw forbidden(MAY_NOT);
    return this.deps.db.withTransaction(async (tx) => {
      const state = await this.heldMeeting(tx, meetingId);
      await repo.lockMinutes(tx, meetingId);
      const minutes = await repo.findMinutes(tx, meetingId);
      if (!minutes) throw notFound('Referatet');
      if (minutes.version !== version || minutes.status === 'godkendt')
        return this.viewOf(tx, state, minutes, minutes.status === 'godkendt' ? 'Referatet er godkendt.' : STALE);
      const notice = await act(tx, state, minutes);
      const after = (await repo.findMinutes(tx, meetingId))!;
      if (after.status === 'sendt' && after.version !== minutes.version)
        await this.deps.delivery.updateCard(
          minutesRef(state),
          buildMinutesNoticeCard(state.summary, after, this.deps.links.minutes(meetingId, after.version)),
          tx,
        );
      return this.viewOf(tx, state, after, notice);
    });
  }

  /** Writes what changed and takes the next version; false when nothing changed. */
  private async record(
    tx: Queryable,
    state: MeetingState,
    minutes: repo.Minutes,
    input: MinutesInput,
    actor: Actor,
    status?: repo.MinutesStatus,
  ): Promise<boolean> {
    for (const [number, decision] of input.decisions)
      await repo.setDecision(tx, minutes.meetingId, number, decision, 'referent');
    if (input.followUp) await this.deps.followUps.add(tx, { meetingId: state.meeting.id, ...input.followUp }, actor.id);
    const changed = input.decisions.size > 0 || input.followUp !== null || status !== undefined;
    if (changed)
      await repo.bumpMinutes(tx, minutes.meetingId, minutes.version, {
        status,
        by: actor.id,
        at: this.deps.clock.now(),
      });
    return changed;
  }

  /** Items voted on get the vote's result, unless the secretariat wrote the decision itself. */
  private async fillFromVotes(tx: Queryable, minutes: repo.Minutes): Promise<boolean> {
    const open = minutes.items.filter(
      (i) => i.agendaItemId !== null && (i.decision === '' || i.decisionSource === 'afstemning'),
    );
    if (!open.length || !this.deps.decisions) return false;
    const decisions = await this.deps.decisions.decisionsOfItems(
      tx,
      open.map((i) => i.agendaItemId!),
    );
    let changed = false;
    for (const item of open) {
      const decision = decisions.find((d) => d.agendaItemId === item.agendaItemId);
      if (!decision || decisionText(decision) === item.decision) continue;
      await repo.setDecision(tx, minutes.meetingId, item.number, decisionText(decision), 'afstemning');
      changed = true;
    }
    if (changed) await repo.bumpMinutes(tx, minutes.meetingId, minutes.version);
    return changed;
  }

  private async heldMeeting(q: Queryable, meetingId: number): Promise<MeetingState> {
    const state = await loadMeetingState(q, meetingId, this.deps.uidDomain);
    if (!state) throw notFound('Mødet');
    if (state.meeting.status !== 'planlagt') throw new DomainError('CLOSED', 'Mødet er aflyst; der er intet referat.');
    if (state.meeting.startsAt > this.deps.clock.now())
      throw new DomainError('CLOSED', 'Referatet kan skrives, når mødet er begyndt.');
    return state;
  }

  private async viewOf(
    q: Queryable,
    state: MeetingState,
    minutes: repo.Minutes,
    notice: string | null,
  ): Promise<MinutesView> {
    return {
      meeting: state.summary,
      minutes,
      followUps: await repo.followUpsOfMeeting(q, state.meeting.id),
      ownerChoices: state.invitees.map((i) => ({ personId: i.personId, name: i.name })),
      documentUrl: this.deps.links.minutes(state.meeting.id, minutes.version),
      notice,
    };
  }
}

const minutesRef = (state: MeetingState) => `meetings-minutes:${state.calendar.uid}`;
