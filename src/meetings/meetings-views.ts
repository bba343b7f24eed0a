/**
 * What the meetings' cards show: plain typed views the services return and meetings-cards.ts turns into cards.
 * Times are instants; only the builders format them (Copenhagen time) and choose verbs.
 */
import type { MeetingKind } from '../registry/registry-types.js';
import type { DeputyStatus, InviteeCapacity, MemberStatus, QuorumOutlook, YearCheck } from './meetings-domain.js';
import type { FollowUp, Minutes } from './meetings-minutes-repository.js';

/** A meeting as every card names it. */
export interface MeetingSummary {
  meetingId: number;
  kind: MeetingKind;
  startsAt: Date;
  endsAt: Date;
  place: string;
  hostCode: number | null;
  hostName: string | null;
  /** 'aflyst' also for a meeting moved to another time (then movedToMeetingId is set). */
  status: 'planlagt' | 'aflyst';
  movedToMeetingId: number | null;
  /** The calendar SEQUENCE: a card showing an older one is stale. */
  sequence: number;
  onlineUrl: string | null;
}

export interface MunicipalityChoice {
  code: number;
  name: string;
}

/** The secretariat's annual plan: the year's meetings, the statutes' count checked, the next hosts suggested. */
export interface CalendarView {
  year: number;
  meetings: MeetingSummary[];
  check: YearCheck;
  targets: Record<MeetingKind, number>;
  suggestedHosts: MunicipalityChoice[];
  hostChoices: MunicipalityChoice[];
  notice: string | null;
}

/** One meeting for the secretariat: its details to change, who sent afbud, what is left to do. */
export interface MeetingAdminView {
  meeting: MeetingSummary;
  invited: number;
  invitationsPending: number;
  /** "Navn, Kommune: afbud (suppleant Navn indkaldt)" lines. */
  attendanceLines: string[];
  quorum: QuorumOutlook | null;
  held: boolean;
  minutesStatus: Minutes['status'] | null;
  hostChoices: MunicipalityChoice[];
  notice: string | null;
}

/** The invitation as one invitee sees it, with their seat's attendance when they hold one. */
export interface InvitationView {
  meeting: MeetingSummary;
  placeLine: string;
  personId: number;
  capacity: InviteeCapacity;
  municipalityName: string | null;
  /** The member's own status, or (for a deputy) the member's. */
  memberStatus: MemberStatus | null;
  deputyStatus: DeputyStatus | null;
  /** Who stands in for the member (the member's card), or whose place the deputy takes (the deputy's card). */
  otherName: string | null;
  held: boolean;
  icsUrl: string;
  joinUrl: string | null;
  agendaUrl: string | null;
}

/** A change told to one person: what changed, and for a submitter that their items follow the meeting. */
export interface ChangeNoticeView {
  kind: 'flyttet' | 'aendret' | 'aflyst';
  before: MeetingSummary;
  after: MeetingSummary | null;
  placeLine: string;
  submitter: boolean;
  invitee: boolean;
  /** Where the cancelled meeting's items went. */
  itemsMovedTo: MeetingSummary | null;
}

export interface MinutesView {
  meeting: MeetingSummary;
  minutes: Minutes;
  followUps: FollowUp[];
  ownerChoices: { personId: number; name: string }[];
  documentUrl: string;
  notice: string | null;
}

export interface FollowUpView {
  followUp: FollowUp;
  notice: string | null;
}
