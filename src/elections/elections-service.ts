/**
 * Election use cases: the key, a round per region in that region's chat (nominate, one vote per member
 * municipality, close), lots for ties, and the new committee term once the secretariat confirms. Who may act is
 * decided from the actor before any election, round or person named by the card is looked up. A round's card is one
 * shared card per region chat, updated in place on every change; a press on a stale copy or a second press answers
 * with the round as it stands. Methods return views (what a card shows); elections-cards.ts turns them into cards.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { municipalityByCode, REGIONS, AARHUS_CODE, type Region } from '../registry/municipalities.js';
import { memberMunicipalityCodes, peopleWithRole } from '../registry/registry-repository.js';
import { namedPurposesOf } from '../registry/conversation-repository.js';
import { DomainError, forbidden, invalidInput } from '../shared/errors.js';
import {
  apportion,
  electableSeats,
  fillSurplus,
  nextSeatOrder,
  regionResultWithLots,
  type Method,
} from './elections-domain.js';
import * as repo from './elections-repository.js';
import type {
  ConfirmedView,
  KeyReport,
  KeyView,
  NamedCandidate,
  ProposalView,
  ProposedSeat,
  RoundNotice,
  RoundView,
} from './elections-views.js';
import { buildRoundCard } from './elections-cards.js';
import type { ConstitutionService } from './elections-constitution-service.js';
import type { TermStart } from './elections-term-start.js';

export interface ElectionsDeps {
  db: Db;
  clock: Clock;
  delivery: Delivery;
  /** The new term's constitution, written in the confirming transaction. */
  constitution: ConstitutionService;
  /** The new term takes office on its start date (a durable job), not at confirmation. */
  termStart: TermStart;
}

/** Seats no election gives: Aarhus's, whoever else stands (statutes, seed 000). */
const FIXED_SEATS = [AARHUS_CODE];
const NO_ELECTION = 'Der er ikke noget styregruppevalg i gang.';

const regionOf = (code: number) => municipalityByCode(code)?.region ?? null;
const secretariatOnly = (what: string) => forbidden(`Kun DDH-sekretariatet kan ${what}.`);
const roundCardRef = (electionId: number, region: Region) => `election:${electionId}:round:${region}`;

export class ElectionsService {
  constructor(private readonly deps: ElectionsDeps) {}

  /** The key from the newest odd-year 1 July population on file (also the CLI's table). */
  async key(method: Method = 'largest-remainder'): Promise<KeyReport> {
    const input = await repo.keyInput(this.deps.db);
    const apportionment = apportion(method, input.population);
    const electable = electableSeats(apportionment);
    return {
      quarter: input.quarter,
      isDemo: input.isDemo,
      missing: input.missing,
      method,
      rows: REGIONS.map((region) => ({
        region,
        population: input.population[region],
        seats: apportionment.seats[region],
        electable: electable[region],
      })),
      order: nextSeatOrder(method, input.population),
      tie: apportionment.tie,
    };
  }

  async keyView(actor: Actor, method: Method = 'largest-remainder'): Promise<KeyView> {
    if (!actor.secretariat) throw secretariatOnly('se og starte valget');
    return this.keyViewOf(method, null);
  }

  /** Starts the election of the committee for the next two calendar years; once, also when pressed twice. */
  async start(actor: Actor, method: Method = 'largest-remainder'): Promise<KeyView> {
    if (!actor.secretariat) throw secretariatOnly('starte et styregruppevalg');
    const { db, clock } = this.deps;
    const key = await this.key(method);
    if (!key.quarter)
      throw new DomainError(
        'CONFLICT',
        'Der mangler befolkningstal pr. 1. juli i et ulige år (npm run registry -- population).',
      );
    if (key.tie)
      throw new DomainError(
        'CONFLICT',
        `Fordelingsnøglen har stemmelighed mellem ${key.tie.regions.join(' og ')}; afgør ved lodtrækning før valget.`,
      );
    const seats = Object.fromEntries(key.rows.map((r) => [r.region, r.seats])) as Record<Region, number>;
    const electable = Object.fromEntries(key.rows.map((r) => [r.region, r.electable])) as Record<Region, number>;
    const year = clock.now().getUTCFullYear();
    const started = await repo.insertElection(db, {
      termName: `Styregruppen ${year + 1}-${year + 2}`,
      startsOn: `${year + 1}-01-01`,
      endsOn: `${year + 2}-12-31`,
      method,
      key: { seats, electable, order: key.order },
      quarter: key.quarter,
      at: clock.now(),
    });
    return this.keyViewOf(method, started ? 'started' : 'already-started', key);
  }

  /** The round of the region whose election room this chat is (set with "Brug denne chat til …"), posted there. */
  async openRound(
    actor: Actor,
    conversationId: string,
    shownIn?: { conversationId: string; activityId: string },
  ): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('åbne et regionsvalg');
    const { db, delivery } = this.deps;
    const election = await this.current();
    const purpose = (await namedPurposesOf(db, conversationId)).find((p) => p.startsWith('region:'));
    const region = purpose?.slice('region:'.length) as Region | undefined;
    if (!region || !REGIONS.includes(region))
      throw invalidInput(
        'Denne chat er ikke sat op som et regionsrum. Sekretariatet vælger "Brug denne chat til …" i menuen.',
      );
    return db.withTransaction(async (tx) => {
      await repo.setRoundChat(tx, election.id, region, conversationId);
      const view = await this.roundView(tx, election.id, region);
      await delivery.enqueue(
        [
          {
            key: `${roundCardRef(election.id, region)}:card:${shownIn?.activityId ?? 'chat'}`,
            to: { kind: 'conversation', conversationId },
            card: buildRoundCard(view),
            cardRef: roundCardRef(election.id, region),
            batch: roundCardRef(election.id, region),
            shownIn,
          },
        ],
        tx,
      );
      return view;
    });
  }

  async nominate(actor: Actor, electionId: number | null, region: Region): Promise<RoundView> {
    const code = await this.representedMunicipality(actor, region);
    return this.changeRound(electionId, region, async (tx, round) => {
      if (!round.open) return 'closed';
      const added = await repo.addCandidate(tx, round.electionId, region, actor.id, code);
      return added ? true : 'already-standing';
    });
  }

  /** The actor's municipality's vote; a new vote replaces the old. */
  async vote(actor: Actor, electionId: number | null, region: Region, candidateId: number): Promise<RoundView> {
    const code = await this.representedMunicipality(actor, region);
    return this.changeRound(electionId, region, async (tx, round) => {
      if (!round.open) return 'closed';
      if (!round.candidates.some((c) => c.personId === candidateId))
        throw invalidInput('Vælg en af de opstillede kandidater i regionen.');
      return repo.castVote(tx, round.electionId, code, candidateId, actor.id, this.deps.clock.now());
    });
  }

  async closeRound(actor: Actor, electionId: number | null, region: Region): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('lukke et regionsvalg');
    return this.changeRound(electionId, region, async (tx, round) =>
      round.open ? repo.closeRound(tx, round.electionId, region) : 'already-closed',
    );
  }

  async recordLot(actor: Actor, electionId: number | null, region: Region, personId: number): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('registrere en lodtrækning');
    return this.changeRound(electionId, region, async (tx, round) => {
      // A second press (another copy, another person) finds the draw recorded or the tie already settled.
      if (round.lotWinners.includes(personId) || (round.result && !round.result.tie)) return 'lot-recorded';
      if (!round.result?.tie?.some((c) => c.personId === personId))
        throw invalidInput('Personen indgår ikke i en stemmelighed i regionen.');
      await repo.recordLotWinner(tx, round.electionId, region, personId);
      return true;
    });
  }

  /** The proposed committee, for the secretariat. */
  async proposal(actor: Actor): Promise<ProposalView> {
    if (!actor.secretariat) throw secretariatOnly('se forslaget');
    return this.proposalOf(this.deps.db, await this.current());
  }

  /**
   * The secretariat's explicit confirmation: the new term is written with its seats, and takes office (becomes the
   * registry's active term, so voting rights follow) on its start date by a job scheduled in the same transaction, or
   * at once when that date has come. Once: a second press (another copy, another person) answers with the committee
   * as confirmed.
   */
  async confirm(actor: Actor, electionId: number | null): Promise<ConfirmedView> {
    if (!actor.secretariat) throw secretariatOnly('bekræfte den nye styregruppe');
    return this.deps.db.withTransaction(async (tx) => {
      const election = electionId ? await repo.findElection(tx, electionId, true) : await repo.openElection(tx);
      if (!election) throw new DomainError('NOT_FOUND', NO_ELECTION);
      // Confirmed already, or by another press at the same moment (without an id the row is not locked first).
      if (election.status === 'confirmed' || !(await repo.confirmElection(tx, election.id))) {
        const constitution = await this.deps.constitution.viewOfElection(tx, election.id);
        if (!constitution) throw new DomainError('NOT_FOUND', NO_ELECTION);
        return {
          termName: election.termName,
          seats: await repo.termSeatCount(tx, election.termName),
          alreadyConfirmed: true,
          constitution,
        };
      }
      const proposal = await this.proposalOf(tx, election);
      if (proposal.blocking.length)
        throw new DomainError('CONFLICT', `Valget kan ikke bekræftes endnu: ${proposal.blocking.join('; ')}.`);
      const codes = proposal.seats.map((s) => s.municipalityCode);
      if (new Set(codes).size !== codes.length)
        throw new DomainError('CONFLICT', 'Forslaget giver en kommune to pladser; kontakt udviklerne.');
      const { termStart } = this.deps;
      const activeNow = termStart.hasStarted(election.startsOn);
      const constitution = await this.deps.constitution.constitute(tx, election.id, proposal, async (seats) => {
        const term = { name: election.termName, startsOn: election.startsOn, endsOn: election.endsOn };
        const termId = await repo.installCommitteeTerm(tx, term, seats, activeNow);
        if (!activeNow) await termStart.schedule(tx, termId, election.startsOn);
        return termId;
      });
      return { termName: election.termName, seats: proposal.seats.length, alreadyConfirmed: false, constitution };
    });
  }

  /**
   * One change to a round under its lock: `change` returns true when it changed something (the shared card is
   * updated), false when it did not, or a notice for the presser when the round no longer allowed it.
   */
  private async changeRound(
    electionId: number | null,
    region: Region,
    change: (tx: Queryable, round: RoundView & { lotWinners: number[] }) => Promise<boolean | RoundNotice>,
  ): Promise<RoundView> {
    return this.deps.db.withTransaction(async (tx) => {
      const lockedId = await repo.lockRound(tx, electionId, region);
      if (!lockedId) throw new DomainError('NOT_FOUND', NO_ELECTION);
      const round = await this.roundState(tx, lockedId, region);
      const outcome = await change(tx, round);
      if (outcome !== true) return { ...this.viewOf(round), notice: outcome === false ? null : outcome };
      const view = await this.roundView(tx, round.electionId, region);
      await this.deps.delivery.updateCard(roundCardRef(round.electionId, region), buildRoundCard(view), tx);
      return view;
    });
  }

  private async roundView(q: Queryable, electionId: number, region: Region): Promise<RoundView> {
    return this.viewOf(await this.roundState(q, electionId, region));
  }

  private viewOf(round: RoundView & { lotWinners: number[] }): RoundView {
    const { lotWinners: _lotWinners, ...view } = round;
    return view;
  }

  /** A region's round with its result, in one read. */
  private async roundState(q: Queryable, electionId: number, region: Region) {
    const round = await repo.roundOverview(q, electionId, region);
    if (!round) throw new DomainError('NOT_FOUND', NO_ELECTION);
    const closed = round.status === 'closed';
    return {
      electionId: round.electionId,
      region,
      seats: round.seats,
      open: !closed && round.electionStatus === 'open',
      votes: round.votesCast,
      members: round.members,
      candidates: round.candidates,
      result: closed ? regionResultWithLots(round.candidates, round.lotWinners, round.seats, FIXED_SEATS) : null,
      notice: null,
      lotWinners: round.lotWinners,
    };
  }

  /** Aarhus, each region's elected, and unfilled seats from other regions' deputies in key order. */
  private async proposalOf(q: Queryable, election: repo.Election): Promise<ProposalView> {
    const rounds = [];
    for (const region of REGIONS) rounds.push(await this.roundState(q, election.id, region));
    const blocking = rounds.filter((r) => !r.result).map((r) => `Region ${r.region} er ikke lukket`);
    const standingForAarhus = rounds.flatMap((r) => r.result?.fixedSeat ?? []);
    const aarhusReps = await peopleWithRole(q, 'repraesentant', AARHUS_CODE);
    // Aarhus's fixed seat: its representative; the one who stood, if Aarhus has more than one.
    const aarhus = aarhusReps.find((p) => standingForAarhus.some((c) => c.personId === p.id)) ?? aarhusReps[0];
    const seats: ProposedSeat[] = [
      { municipalityCode: AARHUS_CODE, personId: aarhus?.id ?? null, name: aarhus?.name ?? null, via: 'fast plads' },
    ];
    const seatOf = (c: NamedCandidate, via: string): ProposedSeat => ({
      municipalityCode: c.municipalityCode,
      personId: c.personId,
      name: c.name,
      via,
    });
    const deputies = {} as Record<Region, NamedCandidate[]>;
    let unfilled = 0;
    for (const round of rounds) {
      if (!round.result) continue;
      if (round.result.tie) blocking.push(`Stemmelighed i Region ${round.region}: afgør ved lodtrækning`);
      for (const c of round.result.elected) seats.push(seatOf(c, `valgt i Region ${round.region}`));
      unfilled += Math.max(0, round.seats - round.result.elected.length - (round.result.tie?.length ?? 0));
      deputies[round.region] = round.result.deputies;
    }
    for (const fill of fillSurplus(unfilled, deputies, election.key.order))
      seats.push(seatOf(fill.candidate, `suppleant fra Region ${fill.region}`));
    const notes = standingForAarhus.map(
      (c) =>
        `${c.name} stillede op i Region ${regionOf(c.municipalityCode)}, men Aarhus har sin faste plads; regionens pladser går til de næste kandidater.`,
    );
    const rankedLists = REGIONS.filter((r) => deputies[r]).map((region) => ({ region, deputies: deputies[region] }));
    return { electionId: election.id, seats, blocking, notes, rankedLists };
  }

  private async keyViewOf(method: Method, notice: KeyView['notice'], known?: KeyReport): Promise<KeyView> {
    const key = known ?? (await this.key(method));
    const running = Boolean(await repo.openElection(this.deps.db));
    return { ...key, canStart: Boolean(key.quarter) && !key.tie && !running, running, notice };
  }

  private async current(q: Queryable = this.deps.db): Promise<repo.Election> {
    const election = await repo.openElection(q);
    if (!election) throw new DomainError('NOT_FOUND', NO_ELECTION);
    return election;
  }

  /** A representative of a member municipality in the region; their municipality casts the vote. */
  private async representedMunicipality(actor: Actor, region: Region): Promise<number> {
    const members = new Set(await memberMunicipalityCodes(this.deps.db));
    const grant = actor.roles.find(
      (r) => r.role === 'repraesentant' && members.has(r.municipalityCode) && regionOf(r.municipalityCode) === region,
    );
    if (!grant)
      throw forbidden(`Kun repræsentanter for medlemskommuner i Region ${region} kan stille op og stemme her.`);
    return grant.municipalityCode;
  }
}
