import { municipalityByCode } from './municipalities.js';
import { ROLE_LABELS, type Actor, type MunicipalRole } from './registry-types.js';

/** Pure authorization rules over an Actor; every card action asks these on the server. */
export function hasRole(actor: Actor, role: MunicipalRole, municipalityCode?: number): boolean {
  return actor.roles.some(
    (grant) => grant.role === role && (municipalityCode === undefined || grant.municipalityCode === municipalityCode),
  );
}

export function municipalitiesWithRole(actor: Actor, role: MunicipalRole): number[] {
  return [...new Set(actor.roles.filter((grant) => grant.role === role).map((grant) => grant.municipalityCode))];
}

export function isSecretariat(actor: Actor): boolean {
  return actor.secretariat;
}

/** Chair or secretariat: who may run meetings, votes and accept late items. */
export function isChairOrSecretariat(actor: Actor): boolean {
  return actor.secretariat || actor.chair;
}

export function isCommitteeVoter(actor: Actor): boolean {
  return actor.seats.length > 0;
}

const municipalityNameOf = (code: number) => municipalityByCode(code)?.name ?? String(code);

/** A short Danish description of what the person is, for menus and the role switcher. */
export function describeActor(actor: Actor, municipalityName: (code: number) => string = municipalityNameOf): string {
  const parts: string[] = [];
  if (actor.secretariat) parts.push('DDH-sekretariatet');
  if (actor.chair) parts.push('Formand');
  for (const seat of actor.seats)
    parts.push(
      `${seat.as === 'member' ? 'Styregruppemedlem' : 'Suppleant'}, ${municipalityName(seat.municipalityCode)}`,
    );
  for (const grant of actor.roles)
    parts.push(`${ROLE_LABELS[grant.role]}, ${municipalityName(grant.municipalityCode)}`);
  return parts.join(' · ') || 'Ingen roller';
}
