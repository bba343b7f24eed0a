/**
 * Election use cases: the key, a round per region in that region's chat (nominate, one vote per member
 * municipality, close), lots for ties, and the new committee term once the secretariat confirms.
 * Methods return views (what a card shows); elections-cards.ts turns them into cards.
 */
import type { Db, Queryable } from '../db/database.js';
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
import type { KeyReport, KeyView, NamedCandidate, ProposalView, ProposedSeat, RoundView } from './elections-views.js';

export interface ElectionsDeps {
  db: Db;
  clock: Clock;
}

const regionOf = (code: number) => municipalityByCode(code)?.region ?? null;
const secretariatOnly = (what: string) => forbidden(`Kun DDH-sekretariatet kan ${what}.`);

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
    const key = await this.key(method);
    return { ...key, canStart: Boolean(key.quarter) && !key.tie };
  }

  /** Starts the election of the committee for the next two calendar years. */
  async start(actor: Actor, method: Method = 'largest-remainder'): Promise<number> {
    if (!actor.secretariat) throw secretariatOnly('starte et styregruppevalg');
    const { db, clock } = this.deps;
    if (await repo.openElection(db)) throw new DomainError('CONFLICT', 'Der er allerede et valg i gang.');
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
    return repo.insertElection(db, {
      termName: `Styregruppen ${year + 1}-${year + 2}`,
      startsOn: `${year + 1}-01-01`,
      endsOn: `${year + 2}-12-31`,
      method,
      key: { seats, electable, order: key.order },
      quarter: key.quarter,
      at: clock.now(),
    });
  }

  /** The round of the region whose election room this chat is (set with "Brug denne chat til …"). */
  async openRound(actor: Actor, conversationId: string): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('åbne et regionsvalg');
    const election = await this.current();
    const purpose = (await namedPurposesOf(this.deps.db, conversationId)).find((p) => p.startsWith('region:'));
    const region = purpose?.slice('region:'.length) as Region | undefined;
    if (!region || !REGIONS.includes(region))
      throw invalidInput(
        'Denne chat er ikke sat op som et regionsrum. Sekretariatet vælger "Brug denne chat til …" i menuen.',
      );
    await repo.setRoundChat(this.deps.db, election.id, region, conversationId);
    return this.roundView(actor, region);
  }

  async nominate(actor: Actor, region: Region): Promise<RoundView> {
    const code = await this.representedMunicipality(actor, region);
    const election = await this.current();
    await this.requireOpenRound(election.id, region);
    if (!(await repo.addCandidate(this.deps.db, election.id, region, actor.id, code)))
      throw new DomainError('CONFLICT', 'Du er allerede opstillet.');
    return this.roundView(actor, region);
  }

  /** The actor's municipality's vote; a new vote replaces the old. */
  async vote(actor: Actor, region: Region, candidateId: number): Promise<RoundView> {
    const code = await this.representedMunicipality(actor, region);
    const election = await this.current();
    await this.requireOpenRound(election.id, region);
    const candidates = await repo.standing(this.deps.db, election.id, region);
    if (!candidates.some((c) => c.personId === candidateId))
      throw invalidInput('Vælg en af de opstillede kandidater i regionen.');
    await repo.castVote(this.deps.db, election.id, code, candidateId, actor.id, this.deps.clock.now());
    return this.roundView(actor, region);
  }

  async closeRound(actor: Actor, region: Region): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('lukke et regionsvalg');
    const election = await this.current();
    if (!(await repo.closeRound(this.deps.db, election.id, region)))
      throw new DomainError('CLOSED', 'Regionsvalget er allerede lukket.');
    return this.roundView(actor, region);
  }

  async recordLot(actor: Actor, region: Region, personId: number): Promise<RoundView> {
    if (!actor.secretariat) throw secretariatOnly('registrere en lodtrækning');
    const election = await this.current();
    const result = await this.regionResultOf(this.deps.db, election.id, region);
    if (!result.tie?.some((c) => c.personId === personId))
      throw invalidInput('Personen indgår ikke i en stemmelighed i regionen.');
    await repo.recordLotWinner(this.deps.db, election.id, region, personId);
    return this.roundView(actor, region);
  }

  /** A region's round as the actor sees it: two queries (the round with its counts, and the candidates). */
  async roundView(actor: Actor, region: Region): Promise<RoundView> {
    const round = await repo.openRoundOverview(this.deps.db, region);
    if (!round) throw new DomainError('NOT_FOUND', 'Der er ikke noget styregruppevalg i gang.');
    const candidates = await repo.standing(this.deps.db, round.electionId, region);
    const closed = round.status === 'closed';
    return {
      region,
      seats: round.seats,
      open: !closed,
      votes: round.votesCast,
      members: round.members,
      candidates,
      result: closed ? regionResultWithLots(candidates, round.lotWinners, round.seats) : null,
      canManage: actor.secretariat,
    };
  }

  /** The proposed committee, for the secretariat. */
  async proposal(actor: Actor): Promise<ProposalView> {
    if (!actor.secretariat) throw secretariatOnly('se forslaget');
    return this.proposalOf(this.deps.db);
  }

  /** The secretariat's explicit confirmation: the new term becomes the registry's, so voting rights follow. */
  async confirm(actor: Actor): Promise<{ termName: string; seats: number }> {
    if (!actor.secretariat) throw secretariatOnly('bekræfte den nye styregruppe');
    return this.deps.db.withTransaction(async (tx) => {
      const proposal = await this.proposalOf(tx);
      if (proposal.blocking.length)
        throw new DomainError('CONFLICT', `Valget kan ikke bekræftes endnu: ${proposal.blocking.join('; ')}.`);
      const election = await this.current(tx);
      if (!(await repo.confirmElection(tx, election.id)))
        throw new DomainError('STALE', 'Valget er allerede bekræftet.');
      const seats = [...new Map(proposal.seats.map((s) => [s.municipalityCode, s])).values()];
      await repo.installCommitteeTerm(
        tx,
        { name: election.termName, startsOn: election.startsOn, endsOn: election.endsOn },
        seats,
      );
      return { termName: election.termName, seats: seats.length };
    });
  }

  /** Aarhus, each region's elected, and unfilled seats from other regions' deputies in key order. */
  private async proposalOf(q: Queryable): Promise<ProposalView> {
    const election = await this.current(q);
    const statuses = await repo.roundStatuses(q, election.id);
    const blocking = REGIONS.filter((r) => statuses[r] !== 'closed').map((r) => `Region ${r} er ikke lukket`);
    const aarhus = (await peopleWithRole(q, 'repraesentant', AARHUS_CODE))[0];
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
    for (const region of REGIONS) {
      const result = await this.regionResultOf(q, election.id, region);
      if (result.tie) blocking.push(`Stemmelighed i Region ${region}: afgør ved lodtrækning`);
      for (const c of result.elected) seats.push(seatOf(c, `valgt i Region ${region}`));
      unfilled += Math.max(0, result.seats - result.elected.length - (result.tie?.length ?? 0));
      deputies[region] = result.deputies;
    }
    for (const fill of fillSurplus(unfilled, deputies, election.key.order))
      seats.push(seatOf(fill.candidate, `suppleant fra Region ${fill.region}`));
    return { electionId: election.id, seats, blocking };
  }

  private async regionResultOf(q: Queryable, electionId: number, region: Region) {
    const round = (await repo.regionRound(q, electionId, region))!;
    const candidates = await repo.standing(q, electionId, region);
    return { ...regionResultWithLots(candidates, round.lotWinners, round.seats), seats: round.seats };
  }

  private async current(q: Queryable = this.deps.db): Promise<repo.Election> {
    const election = await repo.openElection(q);
    if (!election) throw new DomainError('NOT_FOUND', 'Der er ikke noget styregruppevalg i gang.');
    return election;
  }

  private async requireOpenRound(electionId: number, region: Region): Promise<void> {
    const round = await repo.regionRound(this.deps.db, electionId, region);
    if (!round || round.status !== 'open') throw new DomainError('CLOSED', 'Regionsvalget er lukket.');
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
