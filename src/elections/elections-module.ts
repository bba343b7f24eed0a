/** Steering-committee elections: the key card, rounds in the regions' chats, confirmation. */
import { z } from 'zod';
import type { BotApp, Turn } from '../platform/bot-app.js';
import type { CapabilityModule, CoreDeps } from '../platform/capability.js';
import { DomainError, invalidInput } from '../shared/errors.js';
import { buildMessageCard } from '../ui/message-card.js';
import { REGIONS, municipalityByCode, type Region } from '../registry/municipalities.js';
import { memberMunicipalityCodes, findPersonById } from '../registry/registry-repository.js';
import type { Actor } from '../registry/registry-types.js';
import { ElectionsService } from './elections-service.js';
import { buildKeyCard, buildRoundCard, ELECTION_VERBS } from './elections-cards.js';
import * as repo from './elections-repository.js';

const actorOf = (turn: Turn): Actor => {
  if (!turn.actor) throw new DomainError('NOT_REGISTERED', 'Du er ikke registreret i DDH.');
  return turn.actor;
};
const regionInput = z.object({ region: z.enum(REGIONS) });

export interface ElectionsModule extends CapabilityModule {
  service: ElectionsService;
}

export function createElectionsModule(deps: CoreDeps): ElectionsModule {
  const service = new ElectionsService(deps.db, deps.clock);
  return { name: 'elections', service, register: (app) => registerElections(app, deps, service) };
}

function registerElections(app: BotApp, deps: CoreDeps, service: ElectionsService): void {
  const roundCard = async (actor: Actor, region: Region) => {
    const e = (await repo.openElection(deps.db))!;
    const r = await service.regionResultOf(deps.db, e.id, region);
    const candidates = await repo.standing(deps.db, e.id, region);
    const members = (await memberMunicipalityCodes(deps.db)).filter(
      (c) => municipalityByCode(c)?.region === region,
    ).length;
    const name = async (id: number) => (await findPersonById(deps.db, id))?.name ?? String(id);
    const result =
      r.status === 'closed'
        ? `Valgt: ${(await Promise.all(r.elected.map((c) => name(c.personId)))).join(', ') || 'ingen'}. Suppleanter: ${(await Promise.all(r.deputies.map(async (c, i) => `${i + 1}. ${await name(c.personId)}`))).join(', ') || 'ingen'}.${r.tie ? ' Stemmelighed: afgøres ved lodtrækning.' : ''}`
        : '';
    const tie = r.tie
      ? await Promise.all(r.tie.map(async (c) => ({ personId: c.personId, name: await name(c.personId) })))
      : [];
    return buildRoundCard({
      region,
      seats: r.seats,
      open: r.status === 'open',
      votes: await repo.votesCast(deps.db, e.id, region),
      members,
      candidates,
      result,
      tie,
      secretariat: actor.secretariat,
    });
  };

  app.addMenuItem({
    title: 'Valg: fordelingsnøgle',
    verb: ELECTION_VERBS.key,
    order: 50,
    visible: (a) => a.secretariat,
  });
  app.addMenuItem({
    title: 'Regionsvalg i denne chat',
    verb: ELECTION_VERBS.openRound,
    order: 51,
    visible: (a, t) => a.secretariat && t.conversation.type !== 'personal',
  });
  app.addMenuItem({
    title: 'Valg: ny styregruppe',
    verb: ELECTION_VERBS.proposal,
    order: 52,
    visible: (a) => a.secretariat,
  });

  app.onAction(ELECTION_VERBS.key, async (turn) => {
    const actor = actorOf(turn);
    if (!actor.secretariat) throw new DomainError('FORBIDDEN', 'Kun DDH-sekretariatet kan se og starte valget.');
    return { card: buildKeyCard(await service.key(), true), mode: 'replace' };
  });
  app.onAction(ELECTION_VERBS.start, async (turn) => {
    const year = deps.clock.now().getUTCFullYear();
    await service.start(
      actorOf(turn),
      'largest-remainder',
      `Styregruppen ${year + 1}-${year + 2}`,
      `${year + 1}-01-01`,
      `${year + 2}-12-31`,
    );
    return { toast: 'Valget er startet. Åbn regionsvalget i hver regions chat.' };
  });
  app.onAction(ELECTION_VERBS.openRound, async (turn) => {
    const { region } = await service.openRound(actorOf(turn), turn.conversation.id);
    return { card: await roundCard(actorOf(turn), region), mode: 'reply' };
  });
  app.onAction(ELECTION_VERBS.nominate, async (turn, data) => {
    const { region } = parse(regionInput, data);
    await service.nominate(actorOf(turn), region);
    return { card: await roundCard(actorOf(turn), region), mode: 'replace' };
  });
  app.onAction(ELECTION_VERBS.vote, async (turn, data) => {
    const v = parse(regionInput.extend({ candidateId: z.coerce.number().int().positive() }), data, 'Vælg en kandidat.');
    await service.vote(actorOf(turn), v.region, v.candidateId);
    return { card: await roundCard(actorOf(turn), v.region), mode: 'replace' };
  });
  app.onAction(ELECTION_VERBS.close, async (turn, data) => {
    const { region } = parse(regionInput, data);
    await service.closeRound(actorOf(turn), region);
    return { card: await roundCard(actorOf(turn), region), mode: 'replace' };
  });
  app.onAction(ELECTION_VERBS.lot, async (turn, data) => {
    const v = parse(regionInput.extend({ personId: z.coerce.number().int().positive() }), data);
    await service.recordLot(actorOf(turn), v.region, v.personId);
    return { card: await roundCard(actorOf(turn), v.region), mode: 'replace' };
  });
  app.onAction(ELECTION_VERBS.proposal, async (turn) => {
    if (!actorOf(turn).secretariat) throw new DomainError('FORBIDDEN', 'Kun DDH-sekretariatet kan se forslaget.');
    const p = await service.proposal();
    const lines = await Promise.all(
      p.seats.map(
        async (s) =>
          `${municipalityByCode(s.municipalityCode)?.name}: ${s.personId ? ((await findPersonById(deps.db, s.personId))?.name ?? '?') : 'ingen repræsentant'} (${s.via})`,
      ),
    );
    return {
      card: buildMessageCard({
        title: 'Forslag til ny styregruppe',
        text: p.blocking.length ? `Mangler: ${p.blocking.join('; ')}.` : 'Alle regioner har valgt.',
        lines,
        tone: p.blocking.length ? 'warning' : 'good',
        actions: p.blocking.length ? [] : [{ title: 'Bekræft ny styregruppe', verb: ELECTION_VERBS.confirm }],
      }),
      mode: 'replace',
    };
  });
  app.onAction(ELECTION_VERBS.confirm, async (turn) => {
    const r = await service.confirm(actorOf(turn));
    return {
      card: buildMessageCard({
        title: 'Ny styregruppe bekræftet',
        text: `${r.termName} med ${r.seats} pladser er nu styregruppen i registret; stemmeretten følger den.`,
        tone: 'good',
      }),
      mode: 'replace',
    };
  });
}

function parse<S extends z.ZodTypeAny>(schema: S, data: unknown, message = 'Kortet mangler oplysninger.'): z.infer<S> {
  const r = schema.safeParse(data);
  if (!r.success) throw invalidInput(message);
  return r.data;
}
