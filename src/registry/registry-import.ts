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
import { formatDanishMobile } from './mobile-number.js';
import { forgetSmsRecipient } from '../sms/sms-public.js';

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
  for (const person of file.people) {
    const result = await tx.query<{ id: number }>(
      `INSERT INTO people (email, name, entra_object_id, tenant_id, mobile) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name, entra_object_id = EXCLUDED.entra_object_id,
         tenant_id = EXCLUDED.tenant_id, mobile = EXCLUDED.mobile, forgotten_at = NULL
       RETURNING id`,
      [person.email, person.name, person.entraObjectId, person.tenantId, person.mobile],
    );
    ids.set(person.email, result.rows[0].id);
  }
  return ids;
}

async function replaceRoles(tx: Queryable, file: RegistryFile, ids: Map<string, number>): Promise<number> {
  await tx.query('DELETE FROM person_roles');
  await tx.query('DELETE FROM secretariat_members');
  let count = 0;
  for (const person of file.people) {
    const id = ids.get(person.email)!;
    if (person.secretariat) await tx.query('INSERT INTO secretariat_members (person_id) VALUES ($1)', [id]);
    for (const grant of person.roles) {
      await tx.query(
        'INSERT INTO person_roles (person_id, municipality_code, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [id, grant.municipalityCode, grant.role],
      );
      count++;
    }
  }
  return count;
}

async function replaceCommittee(tx: Queryable, file: RegistryFile, ids: Map<string, number>): Promise<number> {
  const committee = file.committee;
  if (!committee) return 0;
  await tx.query('UPDATE committee_terms SET active = false WHERE active AND name <> $1', [committee.name]);
  const term = await tx.query<{ id: number }>(
    `INSERT INTO committee_terms (name, starts_on, ends_on, chair_person_id, active) VALUES ($1, $2, $3, $4, true)
     ON CONFLICT (name) DO UPDATE SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on,
       chair_person_id = EXCLUDED.chair_person_id, active = true
     RETURNING id`,
    [committee.name, committee.startsOn, committee.endsOn, committee.chairEmail ? ids.get(committee.chairEmail) : null],
  );
  const termId = term.rows[0].id;
  await tx.query('DELETE FROM committee_seats WHERE term_id = $1', [termId]);
  for (const seat of committee.seats) {
    await tx.query(
      'INSERT INTO committee_seats (term_id, municipality_code, member_person_id, deputy_person_id) VALUES ($1, $2, $3, $4)',
      [
        termId,
        seat.municipalityCode,
        seat.memberEmail ? ids.get(seat.memberEmail) : null,
        seat.deputyEmail ? ids.get(seat.deputyEmail) : null,
      ],
    );
  }
  return committee.seats.length;
}

export async function importRegistry(db: Db, file: RegistryFile): Promise<ImportSummary> {
  return db.withTransaction(async (tx) => {
    await tx.query('DELETE FROM memberships');
    for (const member of file.members) {
      await tx.query('INSERT INTO memberships (municipality_code, contact_center, chatbot) VALUES ($1, $2, $3)', [
        member.code,
        member.contactCenter,
        member.chatbot,
      ]);
    }
    const ids = await upsertPeople(tx, file);
    const roles = await replaceRoles(tx, file, ids);
    const seats = await replaceCommittee(tx, file, ids);
    const meetingIds: number[] = [];
    for (const meeting of file.meetings) {
      const saved = await upsertMeeting(tx, meeting);
      if (meeting.cancelled) await cancelMeeting(tx, saved.id);
      meetingIds.push(saved.id);
    }
    const importedPeople = (await listPeople(tx)).filter((person) => ids.has(person.email));
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

const localDateTime = (instant: Date) => copenhagen(instant).toFormat('yyyy-MM-dd HH:mm');
const nameOf = (code: number) => municipalityByCode(code)?.name ?? code;

/** The registry in the import format, so export → edit → import is a round trip. */
export async function exportRegistry(q: Queryable, exportedAt: Date): Promise<string> {
  const members = await q.query<{ municipality_code: number; contact_center: boolean; chatbot: boolean }>(
    'SELECT municipality_code, contact_center, chatbot FROM memberships ORDER BY municipality_code',
  );
  const people = await listPeople(q);
  const roles = await q.query<{ person_id: number; municipality_code: number; role: string }>(
    'SELECT person_id, municipality_code, role FROM person_roles ORDER BY municipality_code, role',
  );
  const secretariat = new Set(
    (await q.query<{ person_id: number }>('SELECT person_id FROM secretariat_members')).rows.map(
      (row) => row.person_id,
    ),
  );
  const emailOf = new Map(people.map((person) => [person.id, person.email]));
  const term = await activeTerm(q);
  const meetings = await listMeetings(q);
  const doc = {
    medlemmer: members.rows.map((member) => ({
      kommune: nameOf(member.municipality_code),
      kontaktcenter: member.contact_center,
      chatbot: member.chatbot,
    })),
    personer: people.map((person) => ({
      navn: person.name,
      email: person.email,
      ...(person.entraObjectId ? { entra_id: person.entraObjectId } : {}),
      ...(person.tenantId ? { tenant: person.tenantId } : {}),
      ...(person.mobile ? { mobil: formatDanishMobile(person.mobile) } : {}),
      sekretariat: secretariat.has(person.id),
      roller: roles.rows
        .filter((grant) => grant.person_id === person.id)
        .map((grant) => ({ kommune: nameOf(grant.municipality_code), rolle: grant.role })),
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
            pladser: term.seats.map((seat) => ({
              kommune: nameOf(seat.municipalityCode),
              ...(seat.memberPersonId && emailOf.get(seat.memberPersonId)
                ? { medlem: emailOf.get(seat.memberPersonId) }
                : {}),
              ...(seat.deputyPersonId && emailOf.get(seat.deputyPersonId)
                ? { suppleant: emailOf.get(seat.deputyPersonId) }
                : {}),
            })),
          },
        }
      : {}),
    moeder: meetings.map((meeting) => ({
      type: meeting.kind,
      start: localDateTime(meeting.startsAt),
      slut: localDateTime(meeting.endsAt),
      sted: meeting.place,
      ...(meeting.hostMunicipalityCode ? { vaert: nameOf(meeting.hostMunicipalityCode) } : {}),
      ...(meeting.status === 'aflyst' ? { aflyst: true } : {}),
    })),
  };
  return `# DDH-register, eksporteret ${localDateTime(exportedAt)}\n${stringify(doc)}`;
}

/** Data protection: a person who leaves is anonymised, their roles and chats' links removed; history keeps a placeholder. */
export async function forgetPerson(db: Db, email: string): Promise<boolean> {
  return db.withTransaction(async (tx) => {
    const found = await tx.query<{ id: number }>('SELECT id FROM people WHERE email = $1 AND forgotten_at IS NULL', [
      email.trim().toLowerCase(),
    ]);
    const id = found.rows[0]?.id;
    if (!id) return false;
    await tx.query('DELETE FROM person_roles WHERE person_id = $1', [id]);
    await tx.query('DELETE FROM secretariat_members WHERE person_id = $1', [id]);
    await tx.query('UPDATE conversations SET person_id = NULL, aad_object_id = NULL WHERE person_id = $1', [id]);
    // Numbers the bot texted them at go with the person (issue 24).
    await forgetSmsRecipient(tx, id);
    await tx.query(
      `UPDATE people SET name = 'Slettet person', email = 'slettet-' || id || '@invalid', entra_object_id = NULL, mobile = NULL, forgotten_at = now() WHERE id = $1`,
      [id],
    );
    return true;
  });
}
