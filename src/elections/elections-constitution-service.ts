/**
 * The constitution after an election (issue 20 point 6). Confirming the election installs the new term with a deputy
 * per seat, keeps the regions' ranked lists and proposes the "Konstituering" item for the term's first meeting; the
 * term has no chair. The secretariat then starts "Valg af formand": an ordinary For/Imod/Undlader vote (voting's
 * engine) in the committee's chat on one seat member; only when that vote is adopted does the term get its chair.
 * Who may act is decided from the actor before any term or person named by the card is looked up.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import type { AgendaPublic } from '../agenda/agenda-public.js';
import { startProposalVote, type VoteDecided } from '../voting/voting-public.js';
import { namedConversation } from '../registry/conversation-repository.js';
import { municipalityByCode } from '../registry/municipalities.js';
import { copenhagenToUtc } from '../shared/time.js';
import { DomainError, forbidden, invalidInput } from '../shared/errors.js';
import { buildMessageCard } from '../ui/message-card.js';
import { longDate, remainingReserves, seatDeputies } from './elections-constitution-domain.js';
import * as repo from './elections-constitution-repository.js';
import type { ConstitutionNotice, ConstitutionView, ProposalView } from './elections-views.js';

export interface ConstitutionDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  /** The agenda's public face, for the Konstituering item; without it no item is proposed. */
  agenda?: AgendaPublic;
}

export const GENERATED_MARK = '(genereret af DDH-botten)';
const SECRETARIAT_ONLY = 'Kun DDH-sekretariatet kan stå for styregruppens konstituering.';
const NO_TERM = 'Der er ingen styregruppe fra et bekræftet valg i registret.';
const nameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

export class ConstitutionService {
  constructor(private readonly deps: ConstitutionDeps) {}

  /**
   * In the confirming transaction: the new term's seats get deputies, the ranked lists are kept and the Konstituering
   * item is proposed. `install` writes the term with the seats it is given and returns its id.
   */
  async constitute(
    tx: Queryable,
    electionId: number,
    proposal: ProposalView,
    install: (
      seats: { municipalityCode: number; personId: number | null; deputyPersonId: number | null }[],
    ) => Promise<number>,
  ): Promise<ConstitutionView> {
    const seated = new Set(proposal.seats.map((s) => s.personId).filter((id): id is number => id !== null));
    const reserves = remainingReserves(proposal.rankedLists, seated);
    const deputies = seatDeputies(
      proposal.seats,
      reserves.map((r) => r.candidate),
      await repo.representatives(tx),
    );
    const termId = await install(
      proposal.seats.map((seat, i) => ({ ...seat, deputyPersonId: deputies[i].deputyPersonId })),
    );
    await repo.insertConstitution(tx, termId, electionId);
    await repo.insertReserves(
      tx,
      termId,
      reserves.map((r) => ({
        region: r.region,
        rank: r.rank,
        personId: r.candidate.personId,
        municipalityCode: r.candidate.municipalityCode,
      })),
    );
    const placed = await this.proposeItem(tx, termId);
    return this.viewOf(tx, termId, placed ? 'confirmed' : 'no-meeting');
  }

  /**
   * The constitution of the newest election's term (or of `termId`), for the secretariat: the active term, or the
   * confirmed one still waiting for its start date.
   */
  async view(actor: Actor, termId: number | null = null, notice: ConstitutionNotice | null = null) {
    if (!actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    const id = termId ?? (await repo.currentConstitutionTerm(this.deps.db));
    if (!id) throw new DomainError('NOT_FOUND', NO_TERM);
    return this.viewOf(this.deps.db, id, notice);
  }

  /** The view of the term an already confirmed election created (a second "Bekræft"). */
  async viewOfElection(q: Queryable, electionId: number): Promise<ConstitutionView | null> {
    const termId = await repo.termOfElection(q, electionId);
    return termId ? this.viewOf(q, termId, 'already-confirmed') : null;
  }

  /** "Sæt Konstituering på dagsordenen": when no meeting was planned at confirmation; once. */
  async proposeItemAgain(actor: Actor, termId: number): Promise<ConstitutionView> {
    if (!actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    return this.deps.db.withTransaction(async (tx) => {
      if (!(await repo.lockTerm(tx, termId))) throw new DomainError('NOT_FOUND', NO_TERM);
      const current = await repo.readConstitution(tx, termId);
      if (!current) throw new DomainError('NOT_FOUND', NO_TERM);
      if (current.itemId) return this.viewOf(tx, termId, 'item-exists');
      return this.viewOf(tx, termId, (await this.proposeItem(tx, termId)) ? 'item-proposed' : 'no-meeting');
    });
  }

  /**
   * "Valg af formand": a vote in the committee's chat on `personId`, who must hold a seat in the term. Once: while a
   * chair vote is open, or once the term has a chair, the answer is the constitution as it stands.
   */
  async startChairVote(actor: Actor, termId: number, personId: number): Promise<ConstitutionView> {
    if (!actor.secretariat) throw forbidden(SECRETARIAT_ONLY);
    const { db, clock, delivery } = this.deps;
    return db.withTransaction(async (tx) => {
      const term = await repo.lockTerm(tx, termId);
      const current = term && (await repo.readConstitution(tx, termId));
      if (!term || !current) throw new DomainError('NOT_FOUND', NO_TERM);
      if (term.chairPersonId) return this.viewOf(tx, termId, 'chair-elected');
      if (await repo.openChairVote(tx, termId)) return this.viewOf(tx, termId, 'vote-open');
      // Voting takes its seats from the active committee: before the start date that is still the sitting one.
      if (current.waiting)
        throw new DomainError(
          'CONFLICT',
          `Den nye styregruppe træder til ${longDate(current.startsOn)}; formanden vælges, når den er trådt til.`,
        );
      if (!current.active)
        throw new DomainError('CONFLICT', `${current.termName} er ikke længere den aktive styregruppe.`);
      const seat = current.seats.find((s) => s.member?.personId === personId);
      if (!seat?.member) throw invalidInput('Formanden vælges blandt medlemmerne af den nye styregruppe.');
      const chat = await namedConversation(tx, 'styregruppe');
      if (!chat)
        throw invalidInput('Styregruppens chat er ikke sat op: vælg "Brug denne chat til …" i styregruppens chat.');
      const who = `${seat.member.name}, ${nameOf(seat.municipalityCode)}`;
      const started = await startProposalVote(tx, delivery, {
        question: `Valg af formand: Forslag: ${who} som formand for styregruppen`,
        recommendation: `Det indstilles, at ${who} vælges som formand for ${current.termName}.`,
        agendaItemId: current.itemId,
        conversationId: chat.id,
        startedBy: actor.id,
        at: clock.now(),
      });
      if (!started)
        throw new DomainError(
          'CONFLICT',
          'Der er allerede en åben afstemning på punktet Konstituering. Luk den, før formanden vælges.',
        );
      await repo.insertChairVote(tx, {
        voteId: started.voteId,
        termId,
        personId,
        startedBy: actor.id,
        at: clock.now(),
      });
      return this.viewOf(tx, termId, 'vote-started');
    });
  }

  /**
   * Voting's listener, in the closing transaction: a decided chair vote is recorded, and when adopted the person
   * becomes the term's chair; the committee's chat is told. Other votes pass through untouched.
   */
  async voteDecided(tx: Queryable, decided: VoteDecided): Promise<void> {
    const chairVote = await repo.decideChairVote(tx, decided.voteId, decided.result);
    if (!chairVote) return;
    const elected = decided.result === 'vedtaget' && (await repo.setChair(tx, chairVote.termId, chairVote.personId));
    const view = await this.viewOf(tx, chairVote.termId, null);
    const candidate = view.chairVote?.candidateName ?? '';
    await this.deps.delivery.enqueue(
      [
        {
          key: `chair-vote:${decided.voteId}:decided`,
          to: { kind: 'named', purpose: 'styregruppe' },
          card: buildMessageCard({
            title: elected ? 'Styregruppen har valgt formand' : 'Forslaget til formand blev ikke vedtaget',
            text: elected
              ? `${candidate} er valgt som formand for ${view.termName}.`
              : `Forslaget om ${candidate} som formand blev ${decided.result}. Styregruppen har ikke en formand endnu; sekretariatet kan foreslå en anden.`,
            tone: elected ? 'good' : 'warning',
          }),
          batch: `chair-vote:${decided.voteId}`,
        },
      ],
      tx,
    );
  }

  /** Proposes the Konstituering item: the term's first meeting, else the next planned one. False without a meeting. */
  private async proposeItem(tx: Queryable, termId: number): Promise<boolean> {
    const { agenda } = this.deps;
    const current = await repo.readConstitution(tx, termId);
    if (!agenda || !current) return false;
    const proposal = {
      title: `Konstituering af ny DDH-styregruppe (${current.termName}) ${GENERATED_MARK}`,
      markers: ['B' as const],
      presenter: 'DDH-sekretariatet',
      introduction: [
        'Styregruppen konstituerer sig selv, herunder med en formand, på det første styregruppemøde i perioden (vedtægterne).',
        'Formanden vælges ved afstemning i styregruppens chat: sekretariatet starter "Valg af formand" med et forslag, og hver plads har én stemme.',
      ].join('\n'),
      recommendation: 'Det indstilles, at styregruppen konstituerer sig og vælger en formand for perioden.',
    };
    const placed =
      (await agenda.proposeGeneratedItem(tx, { ...proposal, notBefore: copenhagenToUtc(current.startsOn) })) ??
      (await agenda.proposeGeneratedItem(tx, proposal));
    if (!placed) return false;
    await repo.setConstitutionItem(tx, termId, placed.itemId);
    return true;
  }

  private async viewOf(q: Queryable, termId: number, notice: ConstitutionNotice | null): Promise<ConstitutionView> {
    const c = await repo.readConstitution(q, termId);
    if (!c) throw new DomainError('NOT_FOUND', NO_TERM);
    const open = c.chairVote?.status === 'open';
    return {
      termId: c.termId,
      termName: c.termName,
      startsOn: c.startsOn,
      waiting: c.waiting,
      chairName: c.chair?.name ?? null,
      seats: c.seats.map((s) => ({
        municipalityCode: s.municipalityCode,
        member: s.member?.name ?? null,
        deputy: s.deputy?.name ?? null,
      })),
      reserves: c.reserves,
      item: c.itemMeetingStartsAt
        ? { meetingStartsAt: c.itemMeetingStartsAt, inTerm: c.itemMeetingStartsAt >= copenhagenToUtc(c.startsOn) }
        : null,
      chairVote: c.chairVote ? { candidateName: c.chairVote.candidate.name, status: c.chairVote.status } : null,
      candidates:
        c.chair || open || c.waiting
          ? []
          : c.seats.flatMap((s) =>
              s.member
                ? [{ personId: s.member.personId, name: s.member.name, municipalityCode: s.municipalityCode }]
                : [],
            ),
      notice,
    };
  }
}
