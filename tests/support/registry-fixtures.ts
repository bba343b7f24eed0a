/** Invented people for tests; the municipalities are real. */
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../src/db/database.js';
import { upsertMeeting } from '../../src/registry/meeting-repository.js';
import type { Meeting, MeetingKind, MunicipalRole, Person } from '../../src/registry/registry-types.js';
import { findPersonById } from '../../src/registry/registry-repository.js';

let counter = 0;

export interface PersonSpec {
  name?: string;
  email?: string;
  /** Entra object id; a random uuid by default. Tests send activities "from" it. */
  objectId?: string;
  mobile?: string;
  roles?: [municipalityCode: number, role: MunicipalRole][];
  secretariat?: boolean;
}

export async function addPerson(db: Queryable, spec: PersonSpec = {}): Promise<Person> {
  counter++;
  const name = spec.name ?? `Testperson ${counter}`;
  const email = spec.email ?? `testperson${counter}.${randomUUID().slice(0, 8)}@eksempel.dk`;
  const r = await db.query<{ id: number }>(
    `INSERT INTO people (email, name, entra_object_id, tenant_id, mobile) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [email, name, spec.objectId ?? randomUUID(), 'tenant-test', spec.mobile ?? null],
  );
  const id = r.rows[0].id;
  for (const [code, role] of spec.roles ?? []) {
    await db.query('INSERT INTO person_roles (person_id, municipality_code, role) VALUES ($1, $2, $3)', [
      id,
      code,
      role,
    ]);
  }
  if (spec.secretariat) await db.query('INSERT INTO secretariat_members (person_id) VALUES ($1)', [id]);
  return (await findPersonById(db, id))!;
}

export interface CommitteeSpec {
  chairId?: number;
  seats: { code: number; memberId?: number; deputyId?: number }[];
  name?: string;
}

/** Replaces the active steering-committee term. */
export async function setCommittee(db: Queryable, spec: CommitteeSpec): Promise<number> {
  await db.query('UPDATE committee_terms SET active = false WHERE active');
  const r = await db.query<{ id: number }>(
    `INSERT INTO committee_terms (name, starts_on, ends_on, chair_person_id, active) VALUES ($1, '2026-01-01', '2027-12-31', $2, true) RETURNING id`,
    [spec.name ?? `Styregruppen ${randomUUID().slice(0, 6)}`, spec.chairId ?? null],
  );
  const termId = r.rows[0].id;
  for (const s of spec.seats) {
    await db.query(
      'INSERT INTO committee_seats (term_id, municipality_code, member_person_id, deputy_person_id) VALUES ($1, $2, $3, $4)',
      [termId, s.code, s.memberId ?? null, s.deputyId ?? null],
    );
  }
  return termId;
}

export async function addMeeting(
  db: Queryable,
  spec: { startsAt: Date | string; kind?: MeetingKind; hours?: number; place?: string; host?: number },
): Promise<Meeting> {
  const startsAt = new Date(spec.startsAt);
  return upsertMeeting(db, {
    kind: spec.kind ?? 'styregruppe',
    startsAt,
    endsAt: new Date(startsAt.getTime() + (spec.hours ?? 2) * 3_600_000),
    place: spec.place ?? 'Rådhuset, mødelokale 2',
    hostMunicipalityCode: spec.host ?? null,
  });
}

/** Marks municipalities as DDH members (the registry's memberships). */
export async function addMembers(db: Queryable, codes: number[]): Promise<void> {
  for (const code of codes) {
    await db.query('INSERT INTO memberships (municipality_code) VALUES ($1) ON CONFLICT DO NOTHING', [code]);
  }
}
