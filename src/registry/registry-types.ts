/** Roles a person holds in a municipality (seed 002, DOMAIN.md). */
export const MUNICIPAL_ROLES = [
  'repraesentant',
  'primaer_kontakt',
  'sekundaer_kontakt',
  'kvalitetskoordinator',
  'leder',
  'agent',
] as const;
export type MunicipalRole = (typeof MUNICIPAL_ROLES)[number];

export const ROLE_LABELS: Record<MunicipalRole, string> = {
  repraesentant: 'Repræsentant',
  primaer_kontakt: 'Primær kontaktperson',
  sekundaer_kontakt: 'Sekundær kontaktperson',
  kvalitetskoordinator: 'Kvalitetskoordinator',
  leder: 'Leder',
  agent: 'Agent',
};

export interface Person {
  id: number;
  email: string;
  name: string;
  entraObjectId: string | null;
  tenantId: string | null;
  mobile: string | null;
}

export interface RoleGrant {
  municipalityCode: number;
  role: MunicipalRole;
}

export interface SeatGrant {
  municipalityCode: number;
  as: 'member' | 'deputy';
}

/** The person behind an activity, with everything authorization needs; built on the server per turn. */
export interface Actor extends Person {
  roles: RoleGrant[];
  secretariat: boolean;
  chair: boolean;
  seats: SeatGrant[];
}

export type MeetingKind = 'styregruppe' | 'repraesentantskab';

export interface Meeting {
  id: number;
  kind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  place: string;
  hostMunicipalityCode: number | null;
  status: 'planlagt' | 'aflyst';
}

export interface CommitteeSeat {
  municipalityCode: number;
  memberPersonId: number | null;
  deputyPersonId: number | null;
}

export interface CommitteeTerm {
  id: number;
  name: string;
  startsOn: string;
  endsOn: string;
  chairPersonId: number | null;
  seats: CommitteeSeat[];
}
