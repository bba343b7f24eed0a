/**
 * Applies a parsed registry file in one transaction (the file is the truth for memberships, roles,
 * the secretariat and the committee) and writes the registry back out in the same format.
 */
import { stringify } from 'yaml';
import type { Db, Queryable } from '../db/database.js';
import type { RegistryFile } from './registry-file.js';
import { cancelMeeting, listMeetings, upsertMeeting } from './meeting-repository.js';
import { activeTerm, listPeople } from './registry-repository.js';
import { municipalityByCode } from './municipalities.js';
import { copenhagen } from '../shared/time.js';
import type { Person } from './registry-types.js';

export interface ImportSummary {
  members: number;
  people: number;
  roles: number;
  seats: number;
  meetings: number;
  meetingIds: number[];
  /** The imported people, for relinking the chats they already have with the bot. */
  importedPeople: Person[];
}

async function upsertPeople(tx: Queryable, file: RegistryFile): Promise<Map<string, number>> {
  const ids = new Map<string, number>();
  for (const p of file.people) {
    const r = await tx.query<{ id: number }>(
      `INSERT INTO people (email, name, entra_object_id, tenant_id, mobile) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, entra_object_id = EXCLUDED.entra_object_id,
         tenant_id = EXCLUDED.tenant_id, mobile = EXCLUDED.mobile, forgotten_at = NULL
       RETURNING id`,
      [p.email, p.name, p.entraObjectId, p.tenantId, p.mobile],
    );
    ids.set(p.email, r.rows[0].id);
  }
  return ids;
}

async function replaceRoles(tx: Queryable, file: RegistryFile, ids: Map<string, number>): Promise<number> {
  await tx.query('DELETE FROM person_roles');
  await tx.query('DELETE FROM secretariat_members');
  let n = 0;
  for (const p of file.people) {
    const id = ids.get(p.email)!;
    if (p.secretariat) await tx.query('INSERT INTO secretariat_members (person_id) VALUES ($1)', [id]);
    for (const r of p.roles) {
      await tx.query(
        'INSERT INTO person_roles (person_id, municipality_code, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [id, r.municipalityCode, r.role],
      );
      n++;
    }
  }
  return n;
}

async function replaceCommittee(tx: Queryable, file: RegistryFile, ids: Map<string, number>): Promise<number> {
  const c = file.committee;
  if (!c) return 0;
  await tx.query('UPDATE committee_terms SET active = false WHERE active AND name <> $1', [c.name]);
  const t = await tx.query<{ id: number }>(
    `INSERT INTO committee_terms (name, starts_on, ends_on, chair_person_id, active) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (name) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       chair_person_id = EXCLUDED.chair_person_id, active = true
     RETURNING id`,
    [c.name, c.startsOn, c.endsOn, c.chairEmail ? ids.get(c.chairEmail) : null],
  );
  const termId = t.rows[0].id;
  await tx.query('DELETE FROM committee_seats WHERE term_id = $1', [termId]);
  for (const s of c.seats) {
    await tx.query(
      'INSERT INTO committee_seats (term_id, municipality_code, member_person_id, deputy_person_id) VALUES ($1, $2, $3, $4)',
      [
        termId,
        s.municipalityCode,
        s.memberEmail ? ids.get(s.memberEmail) : null,
        s.deputyEmail ? ids.get(s.deputyEmail) : null,
      ],
    );
  }
  return c.seats.length;
}

export async function importRegistry(db: Db, file: RegistryFile): Promise<ImportSummary> {
  return db.withTransaction(async (tx) => {
    await tx.query('DELETE FROM memberships');
    for (const m of file.members) {
      await tx.query('INSERT INTO memberships (municipality_code, contact_center, chatbot) VALUES ($1, $2, $3)', [
        m.code,
        m.contactCenter,
        m.chatbot,
      ]);
    }
    const ids = await upsertPeople(tx, file);
    const roles = await replaceRoles(tx, file, ids);
    const seats = await replaceCommittee(tx, file, ids);
    const meetingIds: number[] = [];
    for (const m of file.meetings) {
      const saved = await upsertMeeting(tx, m);
      if (m.cancelled) await cancelMeeting(tx, saved.id);
      meetingIds.push(saved.id);
    }
    const importedPeople = (await listPeople(tx)).filter((p) => ids.has(p.email));
    return {
      members: file.members.length,
      people: ids.size,
      roles,
      seats,
      meetings: meetingIds.length,
      meetingIds,
      importedPeople,
    };
  });
}

const local = (d: Date) => copenhagen(d).toFormat('yyyy-MM-dd HH:mm');
const nameOf = (code: number) => municipalityByCode(code)?.name ?? code;

/** The registry in the import format, so export → edit → import is a round trip. */
export async function exportRegistry(q: Queryable): Promise<string> {
  const members = await q.query<{ municipality_code: number; contact_center: boolean; chatbot: boolean }>(
    'SELECT municipality_code, contact_center, chatbot FROM memberships ORDER BY municipality_code',
  );
  const people = await listPeople(q);
  const roles = await q.query<{ person_id: number; municipality_code: number; role: string }>(
    'SELECT person_id, municipality_code, role FROM person_roles ORDER BY municipality_code, role',
  );
  const secretariat = new Set(
    (await q.query<{ person_id: number }>('SELECT person_id FROM secretariat_members')).rows.map((r) => r.person_id),
  );
  const emailOf = new Map(people.map((p) => [p.id, p.email]));
  const term = await activeTerm(q);
  const meetings = await listMeetings(q);
  const doc = {
    medlemmer: members.rows.map((m) => ({
      kommune: nameOf(m.municipality_code),
      kontaktcenter: m.contact_center,
      chatbot: m.chatbot,
    })),
    personer: people.map((p) => ({
      navn: p.name,
      email: p.email,
      ...(p.entraObjectId ? { entra_id: p.entraObjectId } : {}),
      ...(p.tenantId ? { tenant: p.tenantId } : {}),
      ...(p.mobile ? { mobil: p.mobile } : {}),
      sekretariat: secretariat.has(p.id),
      roller: roles.rows
        .filter((r) => r.person_id === p.id)
        .map((r) => ({ kommune: nameOf(r.municipality_code), rolle: r.role })),
    })),
    ...(term
      ? {
          styregruppe: {
            navn: term.name,
            fra: term.startsOn,
            til: term.endsOn,
            ...(term.chairPersonId && emailOf.get(term.chairPersonId)
              ? { formand: emailOf.get(term.chairPersonId) }
              : {}),
            pladser: term.seats.map((s) => ({
              kommune: nameOf(s.municipalityCode),
              ...(s.memberPersonId && emailOf.get(s.memberPersonId) ? { medlem: emailOf.get(s.memberPersonId) } : {}),
              ...(s.deputyPersonId && emailOf.get(s.deputyPersonId)
                ? { suppleant: emailOf.get(s.deputyPersonId) }
                : {}),
            })),
          },
        }
      : {}),
    moeder: meetings.map((m) => ({
      type: m.kind,
      start: local(m.startsAt),
      slut: local(m.endsAt),
      sted: m.place,
      ...(m.hostMunicipalityCode ? { vaert: nameOf(m.hostMunicipalityCode) } : {}),
      ...(m.status === 'aflyst' ? { aflyst: true } : {}),
    })),
  };
  return `# DDH-register, eksporteret ${local(new Date())}\n${stringify(doc)}`;
}

/** Data protection: a person who leaves is anonymised, their roles and chats' links removed; history keeps a placeholder. */
export async function forgetPerson(db: Db, email: string): Promise<boolean> {
  return db.withTransaction(async (tx) => {
    const r = await tx.query<{ id: number }>('SELECT id FROM people WHERE email = $1 AND forgotten_at IS NULL', [
      email.trim().toLowerCase(),
    ]);
    const id = r.rows[0]?.id;
    if (!id) return false;
    await tx.query('DELETE FROM person_roles WHERE person_id = $1', [id]);
    await tx.query('DELETE FROM secretariat_members WHERE person_id = $1', [id]);
    await tx.query('UPDATE conversations SET person_id = NULL, aad_object_id = NULL WHERE person_id = $1', [id]);
    await tx.query(
      `UPDATE people SET name = 'Slettet person', email = 'slettet-' || id || '@invalid', entra_object_id = NULL, mobile = NULL, forgotten_at = now() WHERE id = $1`,
      [id],
    );
    return true;
  });
}
