/**
 * The registry as the secretariat keeps it: one YAML file (members, people and roles, the committee,
 * the meeting calendar). Parsing is all-or-nothing; every error names the file, line and field.
 */
import { isMap, LineCounter, parseDocument, type Scalar } from 'yaml';
import { z } from 'zod';
import { MUNICIPAL_ROLES, type MunicipalRole, type MeetingKind } from './registry-types.js';
import { AARHUS_CODE, municipalityByCode, municipalityByName } from './municipalities.js';
import { copenhagenToUtc } from '../shared/time.js';
import { MOBILE_FORMAT_MESSAGE, normalizeDanishMobile } from './mobile-number.js';

const municipalityRef = z.union([z.number().int(), z.string().min(1).max(100)]).transform((value, ctx) => {
  const municipality =
    typeof value === 'number'
      ? municipalityByCode(value)
      : (municipalityByName(value) ?? municipalityByCode(Number(value)));
  if (!municipality) {
    ctx.addIssue({ code: 'custom', message: `ukendt kommune "${value}"` });
    return z.NEVER;
  }
  return municipality.code;
});
const email = z.string().trim().toLowerCase().email('ikke en gyldig e-mailadresse').max(320);
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, 'skal være "ÅÅÅÅ-MM-DD TT:MM" (dansk tid)');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'skal være ÅÅÅÅ-MM-DD');

const personSchema = z
  .object({
    navn: z.string().trim().min(1).max(200),
    email,
    // Entra object ids are GUIDs; the Agents Playground's demo user has a slightly longer one, so check the shape only.
    entra_id: z
      .string()
      .regex(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i,
        'skal være et Entra-objekt-id (GUID)',
      )
      .optional(),
    tenant: z.string().max(100).optional(),
    // YAML reads an unspaced +4512345678 as a number; both forms are the same number.
    mobil: z
      .union([z.string().max(30), z.number().int()])
      .transform((value, ctx) => {
        const mobile = normalizeDanishMobile(typeof value === 'number' ? `+${value}` : value);
        if (!mobile) ctx.addIssue({ code: 'custom', message: MOBILE_FORMAT_MESSAGE });
        return mobile ?? z.NEVER;
      })
      .optional(),
    sekretariat: z.boolean().default(false),
    roller: z.array(z.object({ kommune: municipalityRef, rolle: z.enum(MUNICIPAL_ROLES) }).strict()).default([]),
  })
  .strict();

const fileSchema = z
  .object({
    medlemmer: z
      .array(
        z.union([
          municipalityRef,
          z
            .object({
              kommune: municipalityRef,
              kontaktcenter: z.boolean().default(true),
              chatbot: z.boolean().default(false),
            })
            .strict(),
        ]),
      )
      .default([]),
    personer: z.array(personSchema).default([]),
    styregruppe: z
      .object({
        navn: z.string().trim().min(1).max(200),
        fra: date,
        til: date,
        formand: email.optional(),
        pladser: z
          .array(z.object({ kommune: municipalityRef, medlem: email.optional(), suppleant: email.optional() }).strict())
          .max(13, 'højst 13 pladser (vedtægterne)'),
      })
      .strict()
      .optional(),
    moeder: z
      .array(
        z
          .object({
            type: z.enum(['styregruppe', 'repraesentantskab']),
            start: localDateTime,
            slut: localDateTime,
            sted: z.string().trim().min(1).max(300),
            vaert: municipalityRef.optional(),
            aflyst: z.boolean().default(false),
          })
          .strict(),
      )
      .default([]),
  })
  .strict();

export interface RegistryFile {
  members: { code: number; contactCenter: boolean; chatbot: boolean }[];
  people: {
    name: string;
    email: string;
    entraObjectId: string | null;
    tenantId: string | null;
    mobile: string | null;
    secretariat: boolean;
    roles: { municipalityCode: number; role: MunicipalRole }[];
  }[];
  committee: {
    name: string;
    startsOn: string;
    endsOn: string;
    chairEmail: string | null;
    seats: { municipalityCode: number; memberEmail: string | null; deputyEmail: string | null }[];
  } | null;
  meetings: {
    kind: MeetingKind;
    startsAt: Date;
    endsAt: Date;
    place: string;
    hostMunicipalityCode: number | null;
    cancelled: boolean;
  }[];
}

const TOP_KEYS = new Set(['medlemmer', 'personer', 'styregruppe', 'moeder']);

/** The YAML parser's error codes a person may meet, in Danish. */
const YAML_ERRORS: Record<string, string> = {
  BAD_INDENT: 'forkert indrykning',
  MISSING_CHAR: 'et tegn mangler',
  UNEXPECTED_TOKEN: 'uventet tegn',
  BLOCK_AS_IMPLICIT_KEY: 'en nøgle mangler kolon',
  MULTILINE_IMPLICIT_KEY: 'en nøgle strækker sig over flere linjer',
  DUPLICATE_KEY: 'samme nøgle står to gange',
  TAB_AS_INDENT: 'tabulator brugt som indrykning; brug mellemrum',
  BAD_SCALAR_START: 'en værdi begynder med et tegn, der kræver anførselstegn',
  UNEXPECTED_FLOW_END: 'en liste eller et objekt er lukket for tidligt',
};

export class RegistryFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Registret blev ikke indlæst (intet er ændret):\n  ${problems.join('\n  ')}`);
    this.name = 'RegistryFileError';
  }
}

/** Parses and checks a registry file; throws RegistryFileError listing every problem with its line. */
export function parseRegistryFile(text: string, fileName: string): RegistryFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const where = (path: (string | number)[]) => {
    for (let prefix = path; prefix.length >= 0; prefix = prefix.slice(0, -1)) {
      const node = doc.getIn(prefix, true) as { range?: [number, number] } | undefined;
      if (node?.range) {
        const { line, col } = lineCounter.linePos(node.range[0]);
        return `${fileName}:${line}:${col}`;
      }
      if (prefix.length === 0) break;
    }
    return fileName;
  };
  if (doc.errors.length) {
    throw new RegistryFileError(
      doc.errors.map((error) => {
        const at = error.linePos?.[0];
        return `${fileName}:${at ? `${at.line}:${at.col}` : '?'}: ugyldig YAML (${YAML_ERRORS[error.code] ?? error.code})`;
      }),
    );
  }
  // A file of another kind (a CSV, a spreadsheet, a Word file) is said to be one, not taken apart field by field.
  if (!isMap(doc.contents) || !doc.contents.items.some((pair) => TOP_KEYS.has(String((pair.key as Scalar)?.value)))) {
    throw new RegistryFileError([
      `${fileName}:1:1: er ikke en registerfil: forventede YAML med medlemmer, personer, styregruppe og moeder (se docs/registry.md)`,
    ]);
  }
  const parsed = fileSchema.safeParse(doc.toJS() ?? {});
  if (!parsed.success) {
    throw new RegistryFileError(
      parsed.error.issues.map((issue) => `${where(issue.path)}: ${issue.path.join('.') || '(fil)'}: ${issue.message}`),
    );
  }
  const file = parsed.data;
  const problems: string[] = [];
  const emails = new Set<string>();
  file.personer.forEach((person, i) => {
    if (emails.has(person.email))
      problems.push(`${where(['personer', i, 'email'])}: personer.${i}.email: ${person.email} står der to gange`);
    emails.add(person.email);
  });
  const members = file.medlemmer.map((member) =>
    typeof member === 'number'
      ? { code: member, contactCenter: true, chatbot: false }
      : { code: member.kommune, contactCenter: member.kontaktcenter, chatbot: member.chatbot },
  );
  const memberCodes = new Set(members.map((member) => member.code));
  const committee = file.styregruppe;
  if (committee) {
    if (committee.til <= committee.fra)
      problems.push(`${where(['styregruppe', 'til'])}: styregruppe.til: skal ligge efter fra`);
    if (committee.formand && !emails.has(committee.formand))
      problems.push(
        `${where(['styregruppe', 'formand'])}: styregruppe.formand: ${committee.formand} findes ikke under personer`,
      );
    if (!committee.pladser.some((seat) => seat.kommune === AARHUS_CODE))
      problems.push(
        `${where(['styregruppe', 'pladser'])}: styregruppe.pladser: Aarhus har en fast plads (vedtægterne)`,
      );
    const seen = new Set<number>();
    committee.pladser.forEach((seat, i) => {
      if (seen.has(seat.kommune))
        problems.push(
          `${where(['styregruppe', 'pladser', i])}: styregruppe.pladser.${i}: kommunen har allerede en plads`,
        );
      seen.add(seat.kommune);
      if (memberCodes.size && !memberCodes.has(seat.kommune))
        problems.push(
          `${where(['styregruppe', 'pladser', i, 'kommune'])}: styregruppe.pladser.${i}.kommune: er ikke medlem af DDH`,
        );
      for (const key of ['medlem', 'suppleant'] as const) {
        const seatEmail = seat[key];
        if (seatEmail && !emails.has(seatEmail))
          problems.push(
            `${where(['styregruppe', 'pladser', i, key])}: styregruppe.pladser.${i}.${key}: ${seatEmail} findes ikke under personer`,
          );
      }
    });
  }
  const instant = (value: string, path: (string | number)[]) => {
    try {
      return copenhagenToUtc(...(value.split(' ') as [string, string]));
    } catch {
      problems.push(`${where(path)}: ${path.join('.')}: "${value}" er ikke en gyldig dato og tid`);
      return new Date(NaN);
    }
  };
  const meetings = file.moeder.map((meeting, i) => {
    const startsAt = instant(meeting.start, ['moeder', i, 'start']);
    const endsAt = instant(meeting.slut, ['moeder', i, 'slut']);
    if (endsAt <= startsAt) problems.push(`${where(['moeder', i, 'slut'])}: moeder.${i}.slut: skal ligge efter start`);
    return {
      kind: meeting.type,
      startsAt,
      endsAt,
      place: meeting.sted,
      hostMunicipalityCode: meeting.vaert ?? null,
      cancelled: meeting.aflyst,
    };
  });
  if (problems.length) throw new RegistryFileError(problems);
  return {
    members,
    people: file.personer.map((person) => ({
      name: person.navn,
      email: person.email,
      entraObjectId: person.entra_id ?? null,
      tenantId: person.tenant ?? null,
      mobile: person.mobil ?? null,
      secretariat: person.sekretariat,
      roles: person.roller.map((grant) => ({ municipalityCode: grant.kommune, role: grant.rolle })),
    })),
    committee: committee
      ? {
          name: committee.navn,
          startsOn: committee.fra,
          endsOn: committee.til,
          chairEmail: committee.formand ?? null,
          seats: committee.pladser.map((seat) => ({
            municipalityCode: seat.kommune,
            memberEmail: seat.medlem ?? null,
            deputyEmail: seat.suppleant ?? null,
          })),
        }
      : null,
    meetings,
  };
}
