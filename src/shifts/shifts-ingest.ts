/**
 * POST /api/ingest/shifts (a Plangy export, CSV or JSON) and POST /api/ingest/attendance (login/logout events),
 * both signed (see ingest-signature.ts and docs/shifts.md).
 */
import { z } from 'zod';
import type { Db } from '../db/database.js';
import type { HttpRequest, HttpResponse } from '../platform/bot-app.js';
import type { Clock } from '../shared/clock.js';
import { isDomainError } from '../shared/errors.js';
import type { Logger } from '../shared/logger.js';
import { parseRosterCsv, parseRosterJson, RosterValidationError } from './roster-source.js';
import { REMEMBER_SIGNATURES_MINUTES, SIGNATURE_MESSAGES, verifyIngestSignature } from './ingest-signature.js';
import { claimSignature, releaseSignature } from './shifts-repository.js';
import type { AttendanceService } from './attendance-service.js';
import type { RosterService } from './roster-service.js';

export const INGEST_PATHS = { shifts: '/api/ingest/shifts', attendance: '/api/ingest/attendance' } as const;
export const MAX_ATTENDANCE_EVENTS = 5_000;

export interface IngestDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  secret: string | undefined;
  zone: string;
  roster: RosterService;
  attendance: AttendanceService;
}

const attendanceSchema = z.object({
  events: z
    .array(
      z
        .object({
          id: z.string().min(1).max(200),
          agent_email: z.string().email().max(320).nullish(),
          agent_id: z.string().min(1).max(200).nullish(),
          type: z.enum(['login', 'logout']),
          at: z.string().datetime({ offset: true }),
        })
        .refine((e) => e.agent_email || e.agent_id, {
          message: 'agent_email eller agent_id skal udfyldes',
          path: ['agent_email'],
        }),
    )
    .min(1)
    .max(MAX_ATTENDANCE_EVENTS),
});

function rawBodyOf(req: HttpRequest): string {
  // restify keeps the raw text for JSON and CSV bodies; for text/plain the body itself is the text.
  return req.rawBody || (typeof req.body === 'string' ? req.body : '');
}

function contentType(req: HttpRequest): string {
  const value = req.headers['content-type'];
  return (Array.isArray(value) ? value[0] : (value ?? '')).split(';')[0].trim().toLowerCase();
}

/** Authenticates, refuses replays, runs `work`; a request that changed nothing may be sent again. */
async function signed(
  deps: IngestDeps,
  req: HttpRequest,
  work: (raw: string) => Promise<HttpResponse>,
): Promise<HttpResponse> {
  if (!deps.secret) return { status: 503, body: { error: SIGNATURE_MESSAGES['not-configured'] } };
  const raw = rawBodyOf(req);
  const now = deps.clock.now();
  const check = verifyIngestSignature(deps.secret, req.headers, raw, now);
  if (!check.ok) {
    deps.log.warn({ reason: check.reason, remote: req.remoteAddress }, 'ingest request refused');
    return { status: 401, body: { error: SIGNATURE_MESSAGES[check.reason] } };
  }
  if (!(await claimSignature(deps.db, check.signature, now, REMEMBER_SIGNATURES_MINUTES))) {
    deps.log.warn({ remote: req.remoteAddress }, 'ingest replay refused');
    return { status: 409, body: { error: SIGNATURE_MESSAGES.replayed } };
  }
  try {
    const res = await work(raw);
    if (res.status >= 400) await releaseSignature(deps.db, check.signature);
    return res;
  } catch (e) {
    await releaseSignature(deps.db, check.signature);
    throw e;
  }
}

export function ingestShiftsHandler(deps: IngestDeps) {
  return (req: HttpRequest) =>
    signed(deps, req, async (raw) => {
      try {
        const type = contentType(req);
        const isJson = type === 'application/json' || (type !== 'text/csv' && /^\uFEFF?\s*[[{]/.test(raw));
        const batch = isJson ? parseRosterJson(raw, 'ingest', deps.zone) : parseRosterCsv(raw, 'ingest', deps.zone);
        const summary = await deps.roster.importRoster(batch);
        return { status: 200, body: summary };
      } catch (e) {
        if (e instanceof RosterValidationError)
          return { status: 422, body: { error: e.userMessage.split('\n')[0], errors: e.errors } };
        if (isDomainError(e)) return { status: 422, body: { error: e.userMessage } };
        throw e;
      }
    });
}

export function ingestAttendanceHandler(deps: IngestDeps) {
  return (req: HttpRequest) =>
    signed(deps, req, async (raw) => {
      let json: unknown;
      try {
        json = JSON.parse(raw);
      } catch {
        return { status: 400, body: { error: 'Kroppen skal være JSON. / Body must be JSON.' } };
      }
      const parsed = attendanceSchema.safeParse(json);
      if (!parsed.success) {
        const errors = parsed.error.issues.slice(0, 50).map((i) => ({ path: i.path.join('.'), message: i.message }));
        return { status: 400, body: { error: 'Ugyldige hændelser. / Invalid events.', errors } };
      }
      const summary = await deps.attendance.ingestAttendance(
        parsed.data.events.map((e) => ({
          eventId: e.id,
          agentEmail: e.agent_email ?? null,
          agentId: e.agent_id ?? null,
          kind: e.type,
          at: new Date(e.at),
        })),
      );
      return { status: 200, body: summary };
    });
}
