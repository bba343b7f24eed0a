/**
 * Voting use cases. Everything is decided here, from the registry and the vote's own seat snapshot:
 * who may start, who holds which seat, whether the vote is open. A repeated press changes nothing.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { JobScheduler } from '../delivery/scheduler.js';
import type { Clock } from '../shared/clock.js';
import type { Card } from '../platform/bot-app.js';
import type { Actor } from '../registry/registry-types.js';
import { activeTerm } from '../registry/registry-repository.js';
import { DomainError, forbidden, notFound } from '../shared/errors.js';
import { requestEngagePost } from '../engage/engage-public.js';
import { formatDateTime } from '../shared/time.js';
import { buildMessageCard } from '../ui/message-card.js';
import { findDecisionItem } from '../agenda/agenda-public.js';
import { CHOICE_LABELS, mayRunVotes, outcome, seatOf, tally, type Choice, type SeatHolders } from './voting-domain.js';
import * as repo from './voting-repository.js';
import { buildVoteCard } from './voting-cards.js';

export const CLOSE_JOB = 'voting.close';
export const REMIND_JOB = 'voting.remind';

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
  itemId: number | null;
}

export class VotingService {
  constructor(private readonly d: VotingDeps) {}

  async start(actor: Actor, conversation: { id: string; type: string }, input: StartInput): Promise<repo.Vote> {
    if (!mayRunVotes(actor)) throw forbidden('Kun formanden og DDH-sekretariatet kan starte en afstemning.');
    if (conversation.type === 'personal')
      throw new DomainError('INVALID_INPUT', 'Start afstemningen i styregruppens chat, så alle kan se den.');
    const now = this.d.clock.now();
    if (input.closesAt && input.closesAt <= now)
      throw new DomainError('INVALID_INPUT', 'Lukketidspunktet ligger i fortiden.');
    let { question, recommendation } = input;
    if (input.itemId) {
      const item = await findDecisionItem(this.d.db, input.itemId);
      if (!item) throw new DomainError('NOT_FOUND', 'Punktet findes ikke som godkendt beslutningspunkt (B).');
      question = item.title;
      recommendation = item.recommendation;
    }
    const term = await activeTerm(this.d.db);
    if (!term?.seats.length) throw new DomainError('CONFLICT', 'Der er ingen aktiv styregruppe i registret.');
    return this.d.db.withTransaction(async (tx) => {
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
      await this.d.delivery.enqueue(
        [
          {
            key: `vote:${vote.id}:card`,
            to: { kind: 'conversation', conversationId: conversation.id },
            card: await this.sharedCard(tx, vote.id),
            cardRef: `vote:${vote.id}`,
            batch: `vote:${vote.id}`,
          },
        ],
        tx,
      );
      if (input.closesAt) {
        await this.d.scheduler.schedule(
          CLOSE_JOB,
          { voteId: vote.id },
          { key: `vote:${vote.id}:close`, runAt: input.closesAt, tx },
        );
        const remindAt = new Date(input.closesAt.getTime() - this.d.reminderMinutesBefore * 60_000);
        if (remindAt > now)
          await this.d.scheduler.schedule(
            REMIND_JOB,
            { voteId: vote.id },
            { key: `vote:${vote.id}:remind`, runAt: remindAt, tx },
          );
      }
      return vote;
    });
  }

  async cast(actor: Actor, voteId: number, choice: Choice): Promise<Card> {
    // One read of the vote after a changed ballot serves both the shared card and the voter's own.
    const view = await this.d.db.withTransaction(async (tx) => {
      const vote = await repo.findVote(tx, voteId, true);
      if (!vote) throw notFound('Afstemningen');
      if (vote.status !== 'open' || (vote.closesAt && vote.closesAt <= this.d.clock.now()))
        throw new DomainError('CLOSED', 'Afstemningen er lukket.');
      const seats = await repo.seatsOf(tx, voteId);
      const seat = seatOf(actor, seats);
      if (!seat)
        throw forbidden('Du har ikke en plads i styregruppen i denne afstemning (hverken som medlem eller suppleant).');
      const changed = vote.anonymous
        ? await repo.castAnonymousBallot(tx, voteId, seat.municipalityCode, choice, this.d.clock.now())
        : await repo.castOpenBallot(
            tx,
            voteId,
            seat.municipalityCode,
            choice,
            actor.id,
            seat.asDeputy,
            this.d.clock.now(),
          );
      if (!changed && vote.anonymous)
        throw new DomainError('CONFLICT', 'Din kommune har allerede stemt. En hemmelig stemme kan ikke ændres.');
      if (!changed) return null;
      // The shared card is built under the vote's lock, so concurrent ballots update it in commit order.
      const v = await this.view(tx, voteId, { vote, seats });
      await this.d.delivery.updateCard(`vote:${voteId}`, buildVoteCard(v), tx);
      return v;
    });
    // A repeated ballot (a double click, a Teams retry) changed nothing: its answer is read after the lock is released.
    return this.viewerCardOf(actor, view ?? (await this.view(this.d.db, voteId)));
  }

  /** Closes once (the job and a person may both try); the decision goes to the register and Viva Engage. */
  async close(actor: Actor | null, voteId: number): Promise<Card> {
    if (actor && !mayRunVotes(actor)) throw forbidden('Kun formanden og DDH-sekretariatet kan lukke en afstemning.');
    await this.d.db.withTransaction(async (tx) => {
      const vote = await repo.findVote(tx, voteId, true);
      if (!vote) throw notFound('Afstemningen');
      if (vote.status !== 'open') return;
      const t = await this.tallyOf(tx, vote);
      const result = outcome(t);
      const now = this.d.clock.now();
      await repo.closeVote(tx, voteId, result, now);
      await repo.insertDecision(tx, {
        voteId,
        question: vote.question,
        recommendation: vote.recommendation,
        result,
        for: t.for,
        against: t.imod,
        abstain: t.undlader,
        seats: t.seats,
        at: now,
      });
      await this.d.scheduler.cancel(`vote:${voteId}:`, tx);
      await this.d.delivery.updateCard(`vote:${voteId}`, await this.sharedCard(tx, voteId), tx);
      await requestEngagePost(
        this.d.scheduler,
        `decision:${voteId}`,
        {
          kind: 'decision',
          title: `Styregruppens beslutning: ${vote.question}`,
          body: `Resultat: ${result} (for ${t.for}, imod ${t.imod}, undlader ${t.undlader}; ${t.voted} af ${t.seats} pladser stemte). Besluttet ${formatDateTime(now)}.`,
        },
        tx,
      );
    });
    return actor ? this.viewerCard(actor, voteId) : this.sharedCard(this.d.db, voteId);
  }

  async remind(voteId: number): Promise<void> {
    const vote = await repo.findVote(this.d.db, voteId);
    if (!vote || vote.status !== 'open') return;
    const voted = new Set((await repo.ballotsOf(this.d.db, voteId)).map((b) => b.municipalityCode));
    const people = (await repo.seatsOf(this.d.db, voteId))
      .filter((s) => !voted.has(s.municipalityCode))
      .flatMap((s) => [s.memberPersonId, s.deputyPersonId])
      .filter((p): p is number => p !== null);
    const card = buildMessageCard({
      title: 'Påmindelse: afstemning lukker snart',
      text: `"${vote.question}" lukker ${vote.closesAt ? formatDateTime(vote.closesAt) : 'snart'}, og din kommune har ikke stemt. Stem på kortet i styregruppens chat.`,
      tone: 'warning',
    });
    await this.d.delivery.enqueue(
      [...new Set(people)].map((p) => ({
        key: `vote:${voteId}:remind:${p}`,
        to: { kind: 'person' as const, personId: p },
        card,
        batch: `vote:${voteId}:remind`,
      })),
    );
  }

  async viewerCard(actor: Actor, voteId: number): Promise<Card> {
    return this.viewerCardOf(actor, await this.view(this.d.db, voteId));
  }

  private viewerCardOf(actor: Actor, view: VoteView): Card {
    const seat = seatOf(actor, view.seats);
    const ballot = seat ? view.ballots.find((b) => b.municipalityCode === seat.municipalityCode) : undefined;
    return buildVoteCard({
      ...view,
      personal: true,
      canClose: mayRunVotes(actor),
      viewer: seat ? { ...seat, choice: ballot?.choice ?? null, voted: Boolean(ballot) } : undefined,
    });
  }

  private async sharedCard(q: Queryable, voteId: number): Promise<Card> {
    return buildVoteCard(await this.view(q, voteId));
  }

  private async tallyOf(q: Queryable, vote: repo.Vote, loaded?: { ballots: repo.Ballot[]; seats: number }) {
    const ballots = loaded?.ballots ?? (await repo.ballotsOf(q, vote.id));
    const seats = loaded?.seats ?? (await repo.seatsOf(q, vote.id)).length;
    return tally(
      ballots.map((b) => b.choice),
      seats,
      vote.anonymous ? await repo.anonymousTotals(q, vote.id) : undefined,
    );
  }

  private async view(q: Queryable, voteId: number, loaded?: { vote: repo.Vote; seats: SeatHolders[] }) {
    const vote = loaded?.vote ?? (await repo.findVote(q, voteId));
    if (!vote) throw notFound('Afstemningen');
    const seats = loaded?.seats ?? (await repo.seatsOf(q, voteId));
    const ballots = await repo.ballotsOf(q, voteId);
    const ids = seats.flatMap((s) => [s.memberPersonId, s.deputyPersonId]).filter((p): p is number => p !== null);
    // Teams refreshes the card per user for these (MRIs from their 1:1 chats with the bot), at most 60.
    const mris = await q.query<{ id: string }>(
      `SELECT DISTINCT reference->'user'->>'id' AS id FROM conversations WHERE person_id = ANY($1::int[]) AND type = 'personal' AND reference->'user'->>'id' IS NOT NULL`,
      [ids],
    );
    return {
      vote,
      seats,
      tally: await this.tallyOf(q, vote, { ballots, seats: seats.length }),
      ballots,
      seatCodes: seats.map((s) => s.municipalityCode),
      userIds: mris.rows.map((r) => r.id),
    };
  }
}

type VoteView = Awaited<ReturnType<VotingService['view']>>;

export const choiceLabel = (c: Choice) => CHOICE_LABELS[c];
