/**
 * Whom each escalation step alerts, as people (so each gets an alert key of their own and an unreachable one is
 * known at once): step 0 the primary contacts and the leader on duty ("Lederposten" from the roster, else the
 * municipality's 'leder' role when that fallback is on), step 1 the secondary contacts, step 2 the duty chat, with
 * the members of the secretariat as the people its SMS go to.
 */
import type { Queryable } from '../db/database.js';
import { findPersonById, peopleWithRole, secretariatPeople } from '../registry/registry-repository.js';
import type { Person } from '../registry/registry-types.js';
import type { StepPerson } from './sms-alerts.js';
import { targetOfStep, type Incident } from './shifts-domain.js';
import { findShift } from './shifts-repository.js';

/** Who each step alerts, as the card, the history and the secretariat's notices say it. */
export const STEP_LABELS = ['primær kontaktperson', 'sekundær kontaktperson', 'DDH-sekretariatets vagtkanal'];
export const LEADER_LABEL = 'leder på vagt';

/** Someone (or a kind of recipient) a step could not reach, and how it was tried. */
export interface UnreachableEntry {
  roleLabel: string;
  /** null: nobody of this kind is registered. */
  name: string | null;
  /** "i Teams", "på sms", "i Teams eller på sms", ... */
  via: string;
}

export interface StepTargets {
  /** People alerted one by one (in Teams at steps 0 and 1; by SMS at every step). */
  people: StepPerson[];
  /** Step 2: the Teams alert goes to the duty chat (or each member of the secretariat), not to `people`. */
  dutyChat: boolean;
  /** Kinds of recipient that have nobody, for the history and the secretariat. */
  missing: UnreachableEntry[];
}

const stepPerson = (person: Person, roleLabel: string): StepPerson => ({
  personId: person.id,
  name: person.name,
  mobile: person.mobile,
  roleLabel,
});

export async function stepTargetsOf(
  tx: Queryable,
  incident: Incident,
  step: number,
  leaderRoleFallback: boolean,
): Promise<StepTargets> {
  const target = targetOfStep(step);
  if (target === 'sekretariat') {
    const members = await secretariatPeople(tx);
    return { people: members.map((p) => stepPerson(p, 'DDH-sekretariatet')), dutyChat: true, missing: [] };
  }
  const label = STEP_LABELS[step];
  const contacts = (await peopleWithRole(tx, target, incident.municipalityCode)).map((p) => stepPerson(p, label));
  const missing: UnreachableEntry[] = contacts.length ? [] : [{ roleLabel: label, name: null, via: '' }];
  if (step !== 0) return { people: contacts, dutyChat: false, missing };
  const leaders = await leadersOnDuty(tx, incident, leaderRoleFallback);
  const known = new Set(contacts.map((c) => c.personId));
  const people = [...contacts, ...leaders.people.filter((leader) => !known.has(leader.personId))];
  return { people, dutyChat: false, missing: [...missing, ...leaders.missing] };
}

/** The roster's Lederposten for the shift when it is in the registry, else the municipality's leaders (when on). */
async function leadersOnDuty(
  tx: Queryable,
  incident: Incident,
  roleFallback: boolean,
): Promise<{ people: StepPerson[]; missing: UnreachableEntry[] }> {
  const shift = incident.shiftId ? await findShift(tx, incident.shiftId) : null;
  const named = shift?.leaderPersonId ? await findPersonById(tx, shift.leaderPersonId) : null;
  if (named) return { people: [stepPerson(named, LEADER_LABEL)], missing: [] };
  const missing: UnreachableEntry[] = shift?.leaderEmail
    ? [{ roleLabel: LEADER_LABEL, name: 'Lederposten fra vagtplanen', via: 'fordi personen ikke er i registret' }]
    : [];
  if (!roleFallback) return { people: [], missing };
  const leaders = await peopleWithRole(tx, 'leder', incident.municipalityCode);
  return { people: leaders.map((p) => stepPerson(p, LEADER_LABEL)), missing };
}
