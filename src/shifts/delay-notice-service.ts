/**
 * Agents' Viva Engage posts about being late, handed over by the Engage integration (the job
 * `shifts.delay-notice`). A post is shown on the alert of the shift it belongs to; it never resolves anything.
 */
import type { Db } from '../db/database.js';
import type { DelayNotice } from '../engage/engage-public.js';
import type { Logger } from '../shared/logger.js';
import type { AlertService } from './alert-service.js';
import {
  addMinutes,
  DELAY_NOTICE_BEFORE_START_MINUTES,
  normalizeAgentId,
  normalizeEmail,
  shiftForDelayNotice,
  trimNotice,
} from './shifts-domain.js';
import { addIncidentEvent, incidentOfShift } from './shifts-incident-repository.js';
import { agentKeysFor, insertDelayNotice, shiftsOfAgent } from './shifts-repository.js';

export interface DelayNoticeServiceDeps {
  db: Db;
  log: Logger;
  alerts: AlertService;
}

/** What became of a post: on an open alert, stored for a shift without one, no shift found, or seen before. */
export type DelayNoticeOutcome = 'attached' | 'stored' | 'unmatched' | 'duplicate';

export class DelayNoticeService {
  constructor(private readonly deps: DelayNoticeServiceDeps) {}

  async handleDelayNotice(notice: DelayNotice): Promise<DelayNoticeOutcome> {
    return this.deps.db.withTransaction(async (tx) => {
      const postedAt = new Date(notice.postedAt);
      if (Number.isNaN(postedAt.getTime())) return 'unmatched';
      const keys = await agentKeysFor(tx, {
        email: normalizeEmail(notice.senderEmail),
        agentId: normalizeAgentId(notice.senderObjectId),
      });
      if (!keys.emails.length && !keys.ids.length && !keys.personIds.length) return 'unmatched';
      const candidates = await shiftsOfAgent(
        tx,
        keys,
        addMinutes(postedAt, -24 * 60),
        addMinutes(postedAt, DELAY_NOTICE_BEFORE_START_MINUTES + 1),
      );
      const shift = shiftForDelayNotice(candidates, postedAt);
      if (!shift) {
        this.deps.log.info({ messageId: notice.messageId }, 'delay notice matched no shift');
        return 'unmatched';
      }
      const text = trimNotice(notice.text);
      if (!(await insertDelayNotice(tx, { messageId: notice.messageId, shiftId: shift.id, postedAt, text })))
        return 'duplicate';
      const incident = await incidentOfShift(tx, shift.id);
      if (!incident) return 'stored';
      await addIncidentEvent(tx, { incidentId: incident.id, kind: 'engage', personId: null, at: postedAt });
      await this.deps.alerts.refresh(tx, incident.id);
      return 'attached';
    });
  }
}
