/**
 * Election use cases: the key, a round per region in that region's chat (nominate, one vote per member
 * municipality, close), lots for ties, and the new committee term once the secretariat confirms.
 */
import type { Db, Queryable } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import type { Actor } from '../registry/registry-types.js';
import { municipalityByCode, REGIONS, AARHUS_CODE, type Region } from '../registry/municipalities.js';
import { memberMunicipalityCodes, peopleWithRole } from '../registry/registry-repository.js';
import { namedPurposesOf } from '../registry/conversation-repository.js';
import { DomainError, forbidden } from '../shared/errors.js';
import {
  apportion,
  electableSeats,
  fillSurplus,
  nextSeatOrder,
  regionResult,
  type Method,
  type RankedCandidate,
} from './elections-domain.js';
import * as repo from './elections-repository.js';

export interface KeyReport {
  quarter: string | null;
  isDemo: boolean;
  missing: number;
  method: Method;
  rows: { region: Region; population: number; seats: number; electable: number }[];
  order: Region[];
  tie: { regions: Region[]; seats: number } | null;
}

const regionOf = (code: number) => municipalityByCode(code)?.region ?? null;

export class ElectionsService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  async key(method: Method = 'largest-remainder'): Promise<KeyReport> {
    const input = await repo.keyInput(this.db);
    const a = apportion(method, input.population);
    const electable = electableSeats(a);
    return {
      quarter: input.quarter,
      isDemo: input.isDemo,
      missing: input.missing,
      method,
      rows: REGIONS.map((region) => ({
        region,
        population: input.population[region],
        seats: a.seats[region],
        electable: electable[region],
      })),
      order: nextSeatOrder(method, input.population),
      tie: a.tie,
    };
  }

  async start(actor: Actor, method: Method, termName: string, startsOn: string, endsOn: string): Promise<number> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan starte et styregruppevalg.');
    if (await repo.openElection(this.db)) throw new DomainError('CONFLICT', 'Der er allerede et valg i gang.');
    const k = await this.key(method);
    if (!k.quarter)
      throw new DomainError(
        'CONFLICT',
        'Der mangler befolkningstal pr. 1. juli i et ulige år (npm run registry -- population).',
      );
    if (k.tie)
      throw new DomainError(
        'CONFLICT',
        `Fordelingsnøglen har stemmelighed mellem ${k.tie.regions.join(' og ')}; afgør ved lodtrækning før valget.`,
      );
    const seats = Object.fromEntries(k.rows.map((r) => [r.region, r.seats])) as Record<Region, number>;
    const electable = Object.fromEntries(k.rows.map((r) => [r.region, r.electable])) as Record<Region, number>;
    return repo.insertElection(this.db, {
      termName,
      startsOn,
      endsOn,
      method,
      key: { seats, electable, order: k.order },
      quarter: k.quarter,
      at: this.clock.now(),
    });
  }

  /** The region a chat is the election room of (set by the secretariat with "Brug denne chat til …"). */
  async regionOfChat(conversationId: string): Promise<Region> {
    const purpose = (await namedPurposesOf(this.db, conversationId)).find((p) => p.startsWith('region:'));
    const region = purpose?.slice('region:'.length) as Region | undefined;
    if (!region || !REGIONS.includes(region))
      throw new DomainError(
        'INVALID_INPUT',
        'Denne chat er ikke sat op som et regionsrum. Sekretariatet vælger "Brug denne chat til …" i menuen.',
      );
    return region;
  }

  async openRound(actor: Actor, conversationId: string): Promise<{ electionId: number; region: Region }> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan åbne et regionsvalg.');
    const e = await this.current();
    const region = await this.regionOfChat(conversationId);
    await repo.setRoundChat(this.db, e.id, region, conversationId);
    return { electionId: e.id, region };
  }

  async nominate(actor: Actor, region: Region): Promise<void> {
    const e = await this.current();
    const code = await this.representedMunicipality(actor, region);
    await this.openRoundOf(e.id, region);
    if (!(await repo.addCandidate(this.db, e.id, region, actor.id, code)))
      throw new DomainError('CONFLICT', 'Du er allerede opstillet.');
  }

  async vote(actor: Actor, region: Region, candidateId: number): Promise<void> {
    const e = await this.current();
    const code = await this.representedMunicipality(actor, region);
    await this.openRoundOf(e.id, region);
    const candidates = await repo.standing(this.db, e.id, region);
    if (!candidates.some((c) => c.personId === candidateId))
      throw new DomainError('INVALID_INPUT', 'Vælg en af de opstillede kandidater i regionen.');
    await repo.castVote(this.db, e.id, code, candidateId, actor.id, this.clock.now());
  }

  async closeRound(actor: Actor, region: Region): Promise<void> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan lukke et regionsvalg.');
    const e = await this.current();
    if (!(await repo.closeRound(this.db, e.id, region)))
      throw new DomainError('CLOSED', 'Regionsvalget er allerede lukket.');
  }

  async recordLot(actor: Actor, region: Region, personId: number): Promise<void> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan registrere en lodtrækning.');
    const e = await this.current();
    const result = await this.regionResultOf(this.db, e.id, region);
    if (!result.tie?.some((c) => c.personId === personId))
      throw new DomainError('INVALID_INPUT', 'Personen indgår ikke i en stemmelighed i regionen.');
    await repo.recordLotWinner(this.db, e.id, region, personId);
  }

  /** Elected, deputies and ties of a region; lot winners rank ahead of the others they tied with, in drawing order. */
  async regionResultOf(q: Queryable, electionId: number, region: Region) {
    const round = (await repo.regionRound(q, electionId, region))!;
    const lots = await repo.lotWinners(q, electionId, region);
    const list: RankedCandidate[] = (await repo.standing(q, electionId, region)).map((c) => ({
      personId: c.personId,
      municipalityCode: c.municipalityCode,
      votes: c.votes + (lots.includes(c.personId) ? 0.5 - lots.indexOf(c.personId) * 0.01 : 0),
    }));
    return { ...regionResult(list, round.seats), seats: round.seats, status: round.status };
  }

  /** The proposed committee: Aarhus, each region's elected, and unfilled seats from other regions' deputies. */
  async proposal(q: Queryable = this.db): Promise<{
    electionId: number;
    seats: { municipalityCode: number; personId: number | null; via: string }[];
    blocking: string[];
  }> {
    const e = await this.current(q);
    const statuses = await repo.roundStatuses(q, e.id);
    const blocking: string[] = REGIONS.filter((r) => statuses[r] !== 'closed').map((r) => `Region ${r} er ikke lukket`);
    const seats: { municipalityCode: number; personId: number | null; via: string }[] = [];
    const aarhus = (await peopleWithRole(q, 'repraesentant', AARHUS_CODE))[0];
    seats.push({ municipalityCode: AARHUS_CODE, personId: aarhus?.id ?? null, via: 'fast plads' });
    const deputies = {} as Record<Region, RankedCandidate[]>;
    let unfilled = 0;
    for (const region of REGIONS) {
      const r = await this.regionResultOf(q, e.id, region);
      if (r.tie) blocking.push(`Stemmelighed i Region ${region}: afgør ved lodtrækning`);
      for (const c of r.elected)
        seats.push({ municipalityCode: c.municipalityCode, personId: c.personId, via: `valgt i Region ${region}` });
      unfilled += Math.max(0, r.seats - r.elected.length - (r.tie?.length ?? 0));
      deputies[region] = r.deputies;
    }
    for (const f of fillSurplus(unfilled, deputies, e.key.order))
      seats.push({
        municipalityCode: f.candidate.municipalityCode,
        personId: f.candidate.personId,
        via: `suppleant fra Region ${f.region}`,
      });
    return { electionId: e.id, seats, blocking };
  }

  /** The secretariat's explicit confirmation: the new term becomes the registry's, so voting rights follow. */
  async confirm(actor: Actor): Promise<{ termName: string; seats: number }> {
    if (!actor.secretariat) throw forbidden('Kun DDH-sekretariatet kan bekræfte den nye styregruppe.');
    return this.db.withTransaction(async (tx) => {
      const p = await this.proposal(tx);
      if (p.blocking.length)
        throw new DomainError('CONFLICT', `Valget kan ikke bekræftes endnu: ${p.blocking.join('; ')}.`);
      const e = await this.current(tx);
      if (!(await repo.confirmElection(tx, e.id))) throw new DomainError('STALE', 'Valget er allerede bekræftet.');
      await tx.query('UPDATE committee_terms SET active = false WHERE active');
      const t = await tx.query<{ id: number }>(
        `INSERT INTO committee_terms (name, starts_on, ends_on, active) VALUES ($1, $2, $3, true) RETURNING id`,
        [e.termName, e.startsOn, e.endsOn],
      );
      const unique = new Map(p.seats.map((s) => [s.municipalityCode, s]));
      for (const s of unique.values()) {
        await tx.query(
          'INSERT INTO committee_seats (term_id, municipality_code, member_person_id) VALUES ($1, $2, $3)',
          [t.rows[0].id, s.municipalityCode, s.personId],
        );
      }
      return { termName: e.termName, seats: unique.size };
    });
  }

  private async current(q: Queryable = this.db): Promise<repo.Election> {
    const e = await repo.openElection(q);
    if (!e) throw new DomainError('NOT_FOUND', 'Der er ikke noget styregruppevalg i gang.');
    return e;
  }

  private async openRoundOf(electionId: number, region: Region): Promise<void> {
    const round = await repo.regionRound(this.db, electionId, region);
    if (!round || round.status !== 'open') throw new DomainError('CLOSED', 'Regionsvalget er lukket.');
  }

  /** A representative of a member municipality in the region; their municipality casts the vote. */
  private async representedMunicipality(actor: Actor, region: Region): Promise<number> {
    const members = new Set(await memberMunicipalityCodes(this.db));
    const grant = actor.roles.find(
      (r) => r.role === 'repraesentant' && members.has(r.municipalityCode) && regionOf(r.municipalityCode) === region,
    );
    if (!grant)
      throw forbidden(`Kun repræsentanter for medlemskommuner i Region ${region} kan stille op og stemme her.`);
    return grant.municipalityCode;
  }
}
