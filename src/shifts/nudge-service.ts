/**
 * The late agent's nudge (issue 24, seed 003): when an incident opens for a shift whose agent is in the registry with a
 * Teams identity, the agent gets one message asking them to log in and to post on Viva Engage when delayed, with a
 * button to the community (when configured) and "Jeg er på vej". Sent once per incident (its own key); the card
 * follows the incident (refresh) and ends without buttons when the incident is over.
 */
import type { Queryable } from '../db/database.js';
import type { Delivery } from '../delivery/delivery.js';
import { findPersonById } from '../registry/registry-repository.js';
import type { Clock } from '../shared/clock.js';
import { municipalityNameOf } from './alert-service.js';
import { buildNudgeCard } from './shifts-cards.js';
import { nudgeCardRef, nudgeKey, type Incident } from './shifts-domain.js';
import { addIncidentEvent } from './shifts-incident-repository.js';
import { findShift } from './shifts-repository.js';

export interface NudgeServiceDeps {
  delivery: Delivery;
  clock: Clock;
  /** The Viva Engage community agents post delays in; null: the message has no button to it. */
  communityUrl: string | null;
}

export class NudgeService {
  constructor(private readonly deps: NudgeServiceDeps) {}

  /** Sends the nudge when the agent can get one; returns whether it went out now. */
  async nudge(tx: Queryable, incident: Incident): Promise<boolean> {
    const shift = incident.shiftId ? await findShift(tx, incident.shiftId) : null;
    const agent = shift?.agentPersonId ? await findPersonById(tx, shift.agentPersonId) : null;
    if (!agent?.entraObjectId) return false;
    const card = buildNudgeCard({
      incident,
      municipalityName: municipalityNameOf(incident),
      communityUrl: this.deps.communityUrl,
    });
    const result = await this.deps.delivery.enqueue(
      [
        {
          key: nudgeKey(incident.id),
          to: { kind: 'person', personId: agent.id },
          card,
          batch: nudgeKey(incident.id),
          cardRef: nudgeCardRef(incident.id),
        },
      ],
      tx,
    );
    if (result.unreachable.length) return false;
    await addIncidentEvent(tx, { incidentId: incident.id, kind: 'nudged', personId: null, at: this.deps.clock.now() });
    return true;
  }
}
