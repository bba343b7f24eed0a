/**
 * Login and logout events from the contact-center platform (POST /api/ingest/attendance). They are stored for
 * the no-show check; a login that comes late resolves the agent's open incident.
 */
import type { Db } from '../db/database.js';
import type { Clock } from '../shared/clock.js';
import { loginCoversShift, normalizeAgentId, normalizeEmail, type AttendanceEvent } from './shifts-domain.js';
import { unresolvedIncidentsOfAgent } from './shifts-incident-repository.js';
import { agentKeysFor, insertAttendanceEvents } from './shifts-repository.js';
import type { NoShowService } from './noshow-service.js';

export interface AttendanceServiceDeps {
  db: Db;
  clock: Clock;
  noShows: NoShowService;
}

export interface AttendanceSummary {
  accepted: number;
  duplicates: number;
  resolved: number;
}

export class AttendanceService {
  constructor(private readonly deps: AttendanceServiceDeps) {}

  /** Stores login/logout events (a resent event id is ignored); a late login resolves the agent's incident. */
  async ingestAttendance(events: AttendanceEvent[]): Promise<AttendanceSummary> {
    return this.deps.db.withTransaction(async (tx) => {
      const now = this.deps.clock.now();
      const normalized = events.map((event) => ({
        ...event,
        agentEmail: normalizeEmail(event.agentEmail),
        agentId: normalizeAgentId(event.agentId),
      }));
      const fresh = await insertAttendanceEvents(tx, normalized, now);
      const logins = fresh.filter((event) => event.kind === 'login').sort((a, b) => a.at.getTime() - b.at.getTime());
      let resolved = 0;
      for (const login of logins) {
        const keys = await agentKeysFor(tx, { email: login.agentEmail, agentId: login.agentId });
        for (const incident of await unresolvedIncidentsOfAgent(tx, keys)) {
          if (!loginCoversShift(login.at, { startsAt: incident.shiftStartsAt, endsAt: incident.shiftEndsAt })) continue;
          if (await this.deps.noShows.resolveByLogin(tx, incident.id, login.at)) resolved++;
        }
      }
      return { accepted: fresh.length, duplicates: events.length - fresh.length, resolved };
    });
  }
}
