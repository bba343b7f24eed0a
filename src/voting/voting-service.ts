/**
 * Voting use cases. Everything is decided here, from the registry and the vote's own seat snapshot:
 * who may start, who holds which seat, whether the vote is open. A repeated press changes nothing.
 * Methods return views (what a card shows); voting-cards.ts turns them into cards, also for what is sent here.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { activeTerm } from '../registry/registry-repository.js';
import { DomainError, forbidden, invalidInput, notFound } from '../shared/errors.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { formatDateTime } from '../shared/time.js';
import { findDecisionItem } from '../agenda/agenda-public.js';
import { mayRunVotes, outcome, seatOf, tally, type Choice, type SeatHolders } from './voting-domain.js';
import * as repo from './voting-repository.js';
import type { VoteFormView, VoterView, VoteView } from './voting-views.js';
import { buildVoteCard, buildVoteReminderCard } from './voting-cards.js';

export const CLOSE_JOB = 'voting.close';
export const REMIND_JOB = 'voting.remind';

const MAY_START = 'Kun formanden og DDH-sekretariatet kan starte en afstemning.';
const MAY_CLOSE = 'Kun formanden og DDH-sekretariatet kan lukke en afstemning.';
const NO_SEAT = 'Du har ikke en plads i styregruppen i denne afstemning (hverken som medlem eller suppleant).';

export interface VotingDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  scheduler: JobScheduler;
  reminderMinutesBefore: number;
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

  async start(actor: Actor, conversation: { id: string; type: string }, input: StartInput): Promise<repo.Vote> {
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
    const term = await activeTerm(this.deps.db);
    if (!term?.seats.length) throw new DomainError('CONFLICT', 'Der er ingen aktiv styregruppe i registret.');
    return this.deps.db.withTransaction(async (tx) => {
      const vote = await repo.insertVote(
        tx,
        {
          question,
          recommendation,
          agendaItemId: input.itemId,
          conversationId: conversation.id,
          startedBy: actor.id,
          anonymous: input.anonymous,
          showDuring: input.showDuring,
          closesAt: input.closesAt,
          startedAt: now,
        },
        term.seats,
      );
      await this.deps.delivery.enqueue(
        [
          {
            key: `vote:${vote.id}:card`,
            to: { kind: 'conversation', conversationId: conversation.id },
            card: buildVoteCard(await this.view(tx, vote.id)),
            cardRef: `vote:${vote.id}`,
            batch: `vote:${vote.id}`,
          },
        ],
        tx,
      );
      if (input.closesAt) await this.scheduleClosing(tx, vote.id, input.closesAt, now);
      return vote;
    });
  }

  /** A ballot for the actor's seat; the shared card is updated when it changed anything. */
  async cast(actor: Actor, voteId: number, choice: Choice): Promise<VoterView> {
    // One read of the vote after a changed ballot serves both the shared card and the voter's own.
    const view = await this.deps.db.withTransaction(async (tx) => {
      // The seat snapshot first: a person without a seat gets the same answer whether or not the vote exists.
      const seats = await repo.seatsOf(tx, voteId);
      const seat = seatOf(actor, seats);
      if (!seat) throw forbidden(NO_SEAT);
      const vote = await repo.findVote(tx, voteId, true);
      if (!vote) throw notFound('Afstemningen');
      const now = this.deps.clock.now();
      if (vote.status !== 'open' || (vote.closesAt && vote.closesAt <= now))
        throw new DomainError('CLOSED', 'Afstemningen er lukket.');
      const changed = vote.anonymous
        ? await repo.castAnonymousBallot(tx, voteId, seat.municipalityCode, choice, now)
        : await repo.castOpenBallot(tx, voteId, seat.municipalityCode, choice, actor.id, seat.asDeputy, now);
      if (!changed && vote.anonymous)
        throw new DomainError('CONFLICT', 'Din kommune har allerede stemt. En hemmelig stemme kan ikke ændres.');
      if (!changed) return null;
      // The shared card is built under the vote's lock, so concurrent ballots update it in commit order.
      const shared = await this.view(tx, voteId, { vote, seats });
      await this.deps.delivery.updateCard(`vote:${voteId}`, buildVoteCard(shared), tx);
      return shared;
    });
    // A repeated ballot (a double click, a Teams retry) changed nothing: its answer is read after the lock is released.
    return this.voterViewOf(actor, view ?? (await this.view(this.deps.db, voteId)));
  }

  /** The actor's own view of a vote (Teams' per-user refresh of the shared card). */
  async voterView(actor: Actor, voteId: number): Promise<VoterView> {
    return this.voterViewOf(actor, await this.view(this.deps.db, voteId));
  }

  /** Closed by the chair or the secretariat before its time. */
  async close(actor: Actor, voteId: number): Promise<VoterView> {
    if (!mayRunVotes(actor)) throw forbidden(MAY_CLOSE);
    await this.closeOnce(voteId);
    return this.voterView(actor, voteId);
  }

  /** The closing job at the set time; a vote closed by hand already stays as it is. */
  async closeAtDeadline(voteId: number): Promise<void> {
    await this.closeOnce(voteId);
  }

  /** Tells the holders of seats that have not voted that the vote closes soon. */
  async remind(voteId: number): Promise<void> {
    const { db, delivery } = this.deps;
    const vote = await repo.findVote(db, voteId);
    if (!vote || vote.status !== 'open') return;
    const voted = new Set((await repo.ballotsOf(db, voteId)).map((ballot) => ballot.municipalityCode));
    const people = (await repo.seatsOf(db, voteId))
      .filter((seat) => !voted.has(seat.municipalityCode))
      .flatMap((seat) => [seat.memberPersonId, seat.deputyPersonId])
      .filter((personId): personId is number => personId !== null);
    const card = buildVoteReminderCard(vote);
    await delivery.enqueue(
      [...new Set(people)].map((personId) => ({
        key: `vote:${voteId}:remind:${personId}`,
        to: { kind: 'person' as const, personId },
        card,
        batch: `vote:${voteId}:remind`,
      })),
    );
  }

  private async scheduleClosing(tx: Queryable, voteId: number, closesAt: Date, now: Date): Promise<void> {
    const { scheduler, reminderMinutesBefore } = this.deps;
    await scheduler.schedule(CLOSE_JOB, { voteId }, { key: `vote:${voteId}:close`, runAt: closesAt, tx });
    const remindAt = new Date(closesAt.getTime() - reminderMinutesBefore * 60_000);
    if (remindAt > now)
      await scheduler.schedule(REMIND_JOB, { voteId }, { key: `vote:${voteId}:remind`, runAt: remindAt, tx });
  }

  /** Closes once (the job and a person may both try); the decision goes to the register and Viva Engage. */
  private async closeOnce(voteId: number): Promise<void> {
    const { db, clock, scheduler, delivery } = this.deps;
    await db.withTransaction(async (tx) => {
      const vote = await repo.findVote(tx, voteId, true);
      if (!vote) throw notFound('Afstemningen');
      if (vote.status !== 'open') return;
      const counted = await this.tallyOf(tx, vote);
      const result = outcome(counted);
      const now = clock.now();
      await repo.closeVote(tx, voteId, result, now);
      await repo.insertDecision(tx, {
        voteId,
        question: vote.question,
        recommendation: vote.recommendation,
        result,
        for: counted.for,
        against: counted.imod,
        abstain: counted.undlader,
        seats: counted.seats,
        at: now,
      });
      await scheduler.cancel(`vote:${voteId}:`, tx);
      await delivery.updateCard(`vote:${voteId}`, buildVoteCard(await this.view(tx, voteId)), tx);
      await requestEngagePost(
        scheduler,
        `decision:${voteId}`,
        {
          kind: 'decision',
          title: `Styregruppens beslutning: ${vote.question}`,
          body: `Resultat: ${result} (for ${counted.for}, imod ${counted.imod}, undlader ${counted.undlader}; ${counted.voted} af ${counted.seats} pladser stemte). Besluttet ${formatDateTime(now)}.`,
        },
        tx,
      );
    });
  }

  private voterViewOf(actor: Actor, view: VoteView & { seats?: SeatHolders[] }): VoterView {
    const { seats, ...shared } = view;
    const seat = seatOf(actor, seats ?? []);
    const ballot = seat ? view.ballots.find((b) => b.municipalityCode === seat.municipalityCode) : undefined;
    return {
      ...shared,
      voter: {
        seat: seat ? { ...seat, choice: ballot?.choice ?? null, voted: Boolean(ballot) } : null,
        canClose: mayRunVotes(actor),
      },
    };
  }

  private async tallyOf(q: Queryable, vote: repo.Vote, loaded?: { ballots: repo.Ballot[]; seats: number }) {
    const ballots = loaded?.ballots ?? (await repo.ballotsOf(q, vote.id));
    const seats = loaded?.seats ?? (await repo.seatsOf(q, vote.id)).length;
    return tally(
      ballots.map((ballot) => ballot.choice),
      seats,
      vote.anonymous ? await repo.anonymousTotals(q, vote.id) : undefined,
    );
  }

  /** The shared view, with the seat snapshot it was built from (for a voter's own view). */
  private async view(
    q: Queryable,
    voteId: number,
    loaded?: { vote: repo.Vote; seats: SeatHolders[] },
  ): Promise<VoteView & { seats: SeatHolders[] }> {
    const vote = loaded?.vote ?? (await repo.findVote(q, voteId));
    if (!vote) throw notFound('Afstemningen');
    const seats = loaded?.seats ?? (await repo.seatsOf(q, voteId));
    const ballots = await repo.ballotsOf(q, voteId);
    const holders = seats
      .flatMap((s) => [s.memberPersonId, s.deputyPersonId])
      .filter((id): id is number => id !== null);
    return {
      vote,
      seats,
      tally: await this.tallyOf(q, vote, { ballots, seats: seats.length }),
      ballots,
      seatCodes: seats.map((s) => s.municipalityCode),
      userIds: await repo.personalChatUserIds(q, holders),
    };
  }
}
