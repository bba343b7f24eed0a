/**
 * Voting use cases. Everything is decided here, from the registry and the vote's own seat snapshot: who may start,
 * who holds which seat, whose ballot stands, whether the vote is open. A press on a stale card or by a second person
 * is answered with the vote's current card; only a person without rights gets a refusal, the same one whether the
 * vote exists or not. Methods return views (what a card shows); voting-cards.ts turns them into cards.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { DomainError, forbidden, invalidInput, notFound } from '../shared/errors.js';
import { countNoun } from '../shared/danish.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { formatDateTime } from '../shared/time.js';
import { findDecisionItem } from '../agenda/agenda-public.js';
import type { DecisionListener } from './voting-public.js';
import {
  decideBallot,
  mayRunVotes,
  outcome,
  seatOf,
  type BallotDecision,
  type Choice,
  type DecisionRules,
  type MemberAttendance,
  type Result,
} from './voting-domain.js';
import * as repo from './voting-repository.js';
import { voterViewOf, voteViewOf, type OpenVotesView, type VoteFormView, type VoterView } from './voting-views.js';
import { buildVoteCard, buildVoteReminderCard } from './voting-cards.js';

export const CLOSE_JOB = 'voting.close';
export const REMIND_JOB = 'voting.remind';

const MAY_START = 'Kun formanden og DDH-sekretariatet kan starte en afstemning.';
const MAY_CLOSE = 'Kun formanden og DDH-sekretariatet kan lukke en afstemning.';
const MAY_SEE_QUEUE = 'Kun formanden og DDH-sekretariatet kan se de åbne afstemninger.';
const NO_SEAT = 'Du har ikke en plads i styregruppen i denne afstemning (hverken som medlem eller suppleant).';

/**
 * Where a member's attendance comes from: a meeting's roll of afbud (issue 20) for a vote held at a meeting. Not wired
 * yet: without it every member's attendance is 'unknown', so a deputy's ballot counts while the member has not voted.
 * Asked only for a deputy's ballot (a member's own always counts), so members' ballots spend no statement on it.
 */
export type MemberAttendanceSource = (
  q: Queryable,
  vote: repo.Vote,
  municipalityCode: number,
) => Promise<MemberAttendance>;

export interface VotingDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  reminderMinutesBefore: number;
  rules: DecisionRules;
  attendance?: MemberAttendanceSource;
  /** Told in the closing transaction when a vote is decided (e.g. elections sets the chair). */
  onDecided?: DecisionListener;
}

export interface StartInput {
  question: string;
  recommendation: string;
  closesAt: Date | null;
  anonymous: boolean;
  showDuring: boolean;
  /** A published (B) item: its title and recommendation are taken from the agenda, not from the card. */
  itemId: number | null;
}

export class VotingService {
  constructor(private readonly deps: VotingDeps) {}

  /** The empty form for a new vote, optionally on a published (B) item. */
  async newVoteForm(actor: Actor, itemId: number | null): Promise<VoteFormView> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_START);
    return { question: '', recommendation: '', itemId };
  }

  /**
   * Starts the vote and posts its shared card. An agenda item has one open vote at a time: pressed again (another
   * copy, another person, the same moment), the vote already open is the answer (`alreadyOpen`).
   */
  async start(
    actor: Actor,
    conversation: { id: string; type: string },
    input: StartInput,
  ): Promise<repo.Vote & { alreadyOpen: boolean }> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_START);
    if (conversation.type === 'personal')
      throw invalidInput('Start afstemningen i styregruppens chat, så alle kan se den.');
    if (!input.itemId && input.question.length < 3) throw invalidInput('Skriv spørgsmålet, der skal stemmes om.');
    const now = this.deps.clock.now();
    if (input.closesAt && input.closesAt <= now) throw invalidInput('Lukketidspunktet ligger i fortiden.');
    let { question, recommendation } = input;
    if (input.itemId) {
      const item = await findDecisionItem(this.deps.db, input.itemId);
      if (!item) throw new DomainError('NOT_FOUND', 'Punktet findes ikke som godkendt beslutningspunkt (B).');
      question = item.title;
      recommendation = item.recommendation;
    }
    return this.deps.db.withTransaction(async (tx) => {
      const voteId = await repo.insertVoteWithSeats(tx, {
        question,
        recommendation,
        agendaItemId: input.itemId,
        conversationId: conversation.id,
        startedBy: actor.id,
        anonymous: input.anonymous,
        showDuring: input.showDuring,
        closesAt: input.closesAt,
        startedAt: now,
      });
      if (!voteId) {
        const open = input.itemId ? await repo.openVoteOnItem(tx, input.itemId) : null;
        if (open) return { ...(await repo.readVote(tx, open))!.vote, alreadyOpen: true };
        throw new DomainError('CONFLICT', 'Der er ingen aktiv styregruppe i registret.');
      }
      const record = (await repo.readVote(tx, voteId))!;
      await this.deps.delivery.enqueue(
        [
          {
            key: `vote:${voteId}:card`,
            to: { kind: 'conversation', conversationId: conversation.id },
            card: buildVoteCard(voteViewOf(record)),
            cardRef: `vote:${voteId}`,
            batch: `vote:${voteId}`,
          },
        ],
        tx,
      );
      if (input.closesAt) await this.scheduleClosing(tx, voteId, input.closesAt, now);
      return { ...record.vote, alreadyOpen: false };
    });
  }

  /**
   * A ballot for the actor's seat, decided by ballot precedence; every attempt is audited. Two statements of its own:
   * the vote read with everything its cards show, and the attempt written (audit and ballot) only if the vote has not
   * changed since (else it is decided again on the new state); then the shared card is updated in place when the
   * count changed, in the order the ballots were written. A refused ballot answers with the current card and why.
   */
  async cast(actor: Actor, voteId: number, choice: Choice): Promise<VoterView> {
    const { db, clock, delivery } = this.deps;
    return db.withTransaction(async (tx) => {
      for (;;) {
        const record = await repo.readVote(tx, voteId);
        // The seat snapshot decides first: without a seat the answer is the same whether or not the vote exists.
        const seat = record && seatOf(actor, record.seats);
        if (!record || !seat) throw forbidden(NO_SEAT);
        const now = clock.now();
        const standing = record.ballots.find((b) => b.municipalityCode === seat.municipalityCode);
        const decision = decideBallot({
          asDeputy: seat.asDeputy,
          choice,
          standing: standing ? { asDeputy: Boolean(standing.asDeputy), choice: standing.choice } : null,
          anonymous: record.vote.anonymous,
          open: record.vote.status === 'open' && !(record.vote.closesAt && record.vote.closesAt <= now),
          memberAttendance: await this.attendanceOf(tx, record.vote, seat),
        });
        const written = await repo.recordBallotAttempt(
          tx,
          {
            voteId,
            municipalityCode: seat.municipalityCode,
            personId: actor.id,
            asDeputy: seat.asDeputy,
            choice,
            anonymous: record.vote.anonymous,
            outcome: decision.kind === 'count' ? 'counted' : decision.kind,
            reason: decision.kind === 'refused' ? decision.reason : reasonOfCount(decision),
            at: now,
          },
          record.version,
        );
        if (!written) continue; // another ballot or the closing came first: decide again on what is there now
        if (decision.kind === 'refused')
          return voterViewOf(actor, record, { kind: 'refused', reason: decision.reason });
        if (decision.kind === 'unchanged') return voterViewOf(actor, record);
        const after = withBallot(record, seat.municipalityCode, actor.id, seat.asDeputy, choice);
        await delivery.updateCard(`vote:${voteId}`, buildVoteCard(voteViewOf(after)), tx);
        return voterViewOf(actor, after, decision.replacesDeputy ? { kind: 'replaces-deputy' } : null);
      }
    });
  }

  /** The actor's own view (Teams' per-user refresh): for seat holders, the chair and the secretariat only. */
  async voterView(actor: Actor, voteId: number): Promise<VoterView> {
    const record = await repo.readVote(this.deps.db, voteId);
    const allowed = mayRunVotes(actor) || (record && seatOf(actor, record.seats));
    if (!allowed) throw forbidden(NO_SEAT);
    if (!record) throw notFound('Afstemningen');
    return voterViewOf(actor, record);
  }

  /** Closed by the chair or the secretariat before its time; a vote already closed answers as it stands. */
  async close(actor: Actor, voteId: number): Promise<VoterView> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_CLOSE);
    return voterViewOf(actor, await this.closeOnce(voteId));
  }

  /** The work queue: every open vote with its count, for the chair and the secretariat. */
  async openVotes(actor: Actor): Promise<OpenVotesView> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_SEE_QUEUE);
    return { votes: (await repo.readOpenVotes(this.deps.db)).map(voteViewOf), justClosed: null };
  }

  /** "Luk afstemningen" pressed in the queue: the queue again, with the closed vote's outcome on top. */
  async closeFromQueue(actor: Actor, voteId: number): Promise<OpenVotesView> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_CLOSE);
    const closed = await this.closeOnce(voteId);
    return { votes: (await repo.readOpenVotes(this.deps.db)).map(voteViewOf), justClosed: voteViewOf(closed) };
  }

  /** The closing job at the set time; a vote closed by hand already stays as it is. */
  async closeAtDeadline(voteId: number): Promise<void> {
    await this.closeOnce(voteId);
  }

  /** Tells the holders of seats that have not voted that the vote closes soon. */
  async remind(voteId: number): Promise<void> {
    const record = await repo.readVote(this.deps.db, voteId);
    if (!record || record.vote.status !== 'open') return;
    const voted = new Set(record.ballots.map((ballot) => ballot.municipalityCode));
    const people = record.seats
      .filter((seat) => !voted.has(seat.municipalityCode))
      .flatMap((seat) => [seat.memberPersonId, seat.deputyPersonId])
      .filter((personId): personId is number => personId !== null);
    const card = buildVoteReminderCard(record.vote);
    await this.deps.delivery.enqueue(
      [...new Set(people)].map((personId) => ({
        key: `vote:${voteId}:remind:${personId}`,
        to: { kind: 'person' as const, personId },
        card,
        batch: `vote:${voteId}:remind`,
      })),
    );
  }

  /** The one place a ballot asks whether the member attends (see MemberAttendanceSource). */
  private async attendanceOf(
    q: Queryable,
    vote: repo.Vote,
    seat: { municipalityCode: number; asDeputy: boolean },
  ): Promise<MemberAttendance> {
    if (!seat.asDeputy || !this.deps.attendance) return 'unknown';
    return this.deps.attendance(q, vote, seat.municipalityCode);
  }

  private async scheduleClosing(tx: Queryable, voteId: number, closesAt: Date, now: Date): Promise<void> {
    const { scheduler, reminderMinutesBefore } = this.deps;
    await scheduler.schedule(CLOSE_JOB, { voteId }, { key: `vote:${voteId}:close`, runAt: closesAt, tx });
    const remindAt = new Date(closesAt.getTime() - reminderMinutesBefore * 60_000);
    if (remindAt > now)
      await scheduler.schedule(REMIND_JOB, { voteId }, { key: `vote:${voteId}:remind`, runAt: remindAt, tx });
  }

  /**
   * Closes once (the job, the chair and the secretariat may all try at the same moment: the vote is locked); the
   * decision goes to the register, the shared card and Viva Engage. Returns the vote as it stands afterwards.
   */
  private async closeOnce(voteId: number): Promise<repo.VoteRecord> {
    const { db, clock, scheduler, delivery, rules } = this.deps;
    return db.withTransaction(async (tx) => {
      await repo.lockVote(tx, voteId);
      const record = await repo.readVote(tx, voteId);
      if (!record) throw notFound('Afstemningen');
      if (record.vote.status !== 'open') return record;
      const counted = voteViewOf(record).tally;
      const chairBallot = record.vote.anonymous
        ? undefined
        : record.ballots.find((b) => b.castBy === record.vote.chairPersonId && !b.asDeputy);
      const result = outcome(counted, rules, chairBallot?.choice ?? null);
      const now = clock.now();
      await repo.closeVote(tx, voteId, result, now);
      await repo.insertDecision(tx, {
        voteId,
        question: record.vote.question,
        recommendation: record.vote.recommendation,
        result,
        for: counted.for,
        against: counted.imod,
        abstain: counted.undlader,
        seats: counted.seats,
        at: now,
      });
      await scheduler.cancel(`vote:${voteId}:`, tx);
      await this.deps.onDecided?.(tx, { voteId, result });
      const closed = closedRecord(record, result, now);
      await delivery.updateCard(`vote:${voteId}`, buildVoteCard(voteViewOf(closed)), tx);
      await requestEngagePost(
        scheduler,
        `decision:${voteId}`,
        {
          kind: 'decision',
          title: `Styregruppens beslutning: ${record.vote.question}`,
          body: `Resultat: ${result} (for ${counted.for}, imod ${counted.imod}, undlader ${counted.undlader}; ${counted.voted} af ${countNoun(counted.seats, 'plads', 'pladser')} stemte). Besluttet ${formatDateTime(now)}.`,
        },
        tx,
      );
      return closed;
    });
  }
}

const reasonOfCount = (decision: BallotDecision) =>
  decision.kind === 'count' && decision.replacesDeputy ? 'replaces-deputy' : null;

/** The record with the seat's ballot written as the repository wrote it (no second read for the cards). */
function withBallot(
  record: repo.VoteRecord,
  municipalityCode: number,
  personId: number,
  asDeputy: boolean,
  choice: Choice,
): repo.VoteRecord {
  const others = record.ballots.filter((b) => b.municipalityCode !== municipalityCode);
  const byCode = (a: repo.Ballot, b: repo.Ballot) => a.municipalityCode - b.municipalityCode;
  if (!record.vote.anonymous)
    return { ...record, ballots: [...others, { municipalityCode, choice, castBy: personId, asDeputy }].sort(byCode) };
  // Secret: nobody's choice on the ballot. A member's choice joins the totals and drops a deputy's held one;
  // a deputy's is held apart until the member votes or the vote closes.
  const ballots = [...others, { municipalityCode, choice: null, castBy: null, asDeputy }].sort(byCode);
  const held = record.held.filter((h) => h.municipalityCode !== municipalityCode);
  if (asDeputy) return { ...record, ballots, held: [...held, { municipalityCode, choice }] };
  const secretTotals = { ...record.secretTotals, [choice]: record.secretTotals[choice] + 1 };
  return { ...record, ballots, held, secretTotals };
}

/** The record as closing leaves it: closed with its result, deputies' held secret choices in the totals. */
function closedRecord(record: repo.VoteRecord, result: Result, at: Date): repo.VoteRecord {
  const secretTotals = { ...record.secretTotals };
  for (const held of record.held) secretTotals[held.choice] += 1;
  const vote = { ...record.vote, status: 'closed' as const, result, closedAt: at };
  return { ...record, vote, version: record.version + 1, held: [], secretTotals };
}
