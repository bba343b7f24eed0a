/**
 * The demo's shifts (issue 24): today's roster for four demo municipalities, each with its agent and its "Lederposten"
 * (the leader on duty), every agent logged in, so nothing is raised by itself. As the secretariat, "Meld udeblivelse"
 * on one of these shifts shows the whole flow: the primary contact and the leader on duty are alerted (the demo people
 * have no chat, so their SMS appear in the playground as "SMS til …"), the agent gets the nudge, and the link in an
 * SMS acknowledges. The municipalities use Teams then SMS after 2 minutes.
 */
import { DateTime } from 'luxon';
import type { Db } from '../db/database.js';
import { municipalityByName } from '../registry/municipalities.js';
import type { Clock } from '../shared/clock.js';
import { ZONE } from '../shared/time.js';
import type { ShiftsModule } from '../shifts/shifts-module.js';
import { setPolicyChannels } from '../shifts/noshow-policy-repository.js';

const DEMO_SHIFTS = [
  { municipality: 'Aarhus', agent: 'lars.hviid', leader: 'emil.noergaard' },
  { municipality: 'Viborg', agent: 'katrine.frost', leader: 'birgitte.ladefoged' },
  { municipality: 'Odense', agent: 'rasmus.skov', leader: null },
  { municipality: 'Randers', agent: 'camilla.vestergaard', leader: null },
];
const email = (name: string) => `${name}@demo.ddh.invalid`;

export async function loadDemoRoster(
  deps: { db: Db; clock: Clock },
  shifts: Pick<ShiftsModule, 'roster' | 'attendance'>,
): Promise<number> {
  const now = DateTime.fromJSDate(deps.clock.now(), { zone: ZONE });
  const start = now.startOf('hour').minus({ hours: 1 });
  for (const shift of DEMO_SHIFTS)
    await setPolicyChannels(deps.db, municipalityByName(shift.municipality)!.code, {
      primary: 'teams_then_sms',
      secondary: 'teams_then_sms',
      smsAfterMinutes: 2,
    });
  // Logged in before the roster arrives: the check right after the import finds everyone present.
  await shifts.attendance.ingestAttendance(
    DEMO_SHIFTS.map((shift) => ({
      eventId: `demo-login-${shift.agent}-${start.toISODate()}`,
      agentEmail: email(shift.agent),
      agentId: null,
      kind: 'login' as const,
      at: start.minus({ minutes: 3 }).toJSDate(),
    })),
  );
  const summary = await shifts.roster.importRoster({
    source: 'demo',
    coveredDates: [],
    shifts: DEMO_SHIFTS.map((shift) => ({
      externalId: `DEMO-${shift.municipality}-${start.toFormat('yyyyMMdd')}`,
      municipalityCode: municipalityByName(shift.municipality)!.code,
      agentEmail: email(shift.agent),
      agentId: null,
      startsAt: start.toJSDate(),
      endsAt: start.plus({ hours: 4 }).toJSDate(),
      leaderEmail: shift.leader ? email(shift.leader) : null,
    })),
  });
  return summary.created;
}
