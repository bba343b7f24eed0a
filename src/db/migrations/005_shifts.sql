-- Shifts and no-shows (issue 5): the Plangy roster, attendance from the contact-center platform,
-- incidents with their escalation, and what agents posted on Viva Engage.

-- One row per version of a Plangy shift: a reassignment (other agent, start or municipality) makes a new row,
-- so the new version gets its own check timer while the old one is cancelled.
CREATE TABLE shifts (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  external_id text NOT NULL,
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  agent_email text,
  agent_id text,
  agent_person_id integer REFERENCES people(id) ON DELETE SET NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'reassigned', 'removed')),
  source text NOT NULL,
  imported_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (ends_at > starts_at),
  CHECK (agent_email IS NOT NULL OR agent_id IS NOT NULL)
);
CREATE UNIQUE INDEX shifts_one_active_version ON shifts (external_id) WHERE status = 'active';
CREATE INDEX shifts_active_by_start ON shifts (starts_at) WHERE status = 'active';
CREATE INDEX shifts_by_agent_email ON shifts (agent_email, starts_at);
CREATE INDEX shifts_by_agent_id ON shifts (agent_id, starts_at);

-- Agent logged in / out. The platform's event id makes a resend harmless.
CREATE TABLE attendance_events (
  event_id text PRIMARY KEY,
  agent_email text,
  agent_id text,
  kind text NOT NULL CHECK (kind IN ('login', 'logout')),
  at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  CHECK (agent_email IS NOT NULL OR agent_id IS NOT NULL)
);
CREATE INDEX attendance_by_email ON attendance_events (agent_email, at);
CREATE INDEX attendance_by_agent_id ON attendance_events (agent_id, at);

-- Per-municipality overrides of the DDH-wide defaults (NOSHOW_* in the configuration); NULL = default.
CREATE TABLE noshow_policies (
  municipality_code integer PRIMARY KEY REFERENCES municipalities(code),
  grace_minutes integer CHECK (grace_minutes >= 0),
  secondary_after_minutes integer CHECK (secondary_after_minutes >= 0),
  secretariat_after_minutes integer CHECK (secretariat_after_minutes >= 0)
);

CREATE TABLE noshow_incidents (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  shift_id integer UNIQUE REFERENCES shifts(id),
  municipality_code integer NOT NULL REFERENCES municipalities(code),
  shift_starts_at timestamptz NOT NULL,
  shift_ends_at timestamptz,
  source text NOT NULL CHECK (source IN ('detected', 'manual')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
  step integer NOT NULL DEFAULT 0,
  opened_at timestamptz NOT NULL,
  reported_by integer REFERENCES people(id) ON DELETE SET NULL,
  report_note text,
  acknowledged_by integer REFERENCES people(id) ON DELETE SET NULL,
  acknowledged_at timestamptz,
  eta timestamptz,
  resolved_at timestamptz,
  resolution text CHECK (resolution IN ('login', 'replacement')),
  resolved_by integer REFERENCES people(id) ON DELETE SET NULL,
  resolution_note text,
  login_at timestamptz
);
CREATE INDEX noshow_incidents_by_month ON noshow_incidents (municipality_code, opened_at);
CREATE INDEX noshow_incidents_unresolved ON noshow_incidents (status) WHERE status <> 'resolved';

-- Every alert handed to the delivery engine, by its idempotency key, with its final outcome.
CREATE TABLE noshow_alerts (
  key text PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES noshow_incidents(id),
  step integer NOT NULL,
  person_id integer REFERENCES people(id) ON DELETE SET NULL,
  target text NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'unreachable', 'failed')),
  updated_at timestamptz NOT NULL
);
CREATE INDEX noshow_alerts_by_incident ON noshow_alerts (incident_id, step);

-- What happened to an incident and who did it (history and audit).
CREATE TABLE noshow_events (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  incident_id integer NOT NULL REFERENCES noshow_incidents(id),
  kind text NOT NULL,
  person_id integer REFERENCES people(id) ON DELETE SET NULL,
  at timestamptz NOT NULL,
  note text
);
CREATE INDEX noshow_events_by_incident ON noshow_events (incident_id, id);

-- Agents' delay posts on Viva Engage, matched to a shift.
CREATE TABLE shift_delay_notices (
  message_id text PRIMARY KEY,
  shift_id integer NOT NULL REFERENCES shifts(id),
  posted_at timestamptz NOT NULL,
  text text NOT NULL
);
CREATE INDEX shift_delay_notices_by_shift ON shift_delay_notices (shift_id, posted_at);

-- Signatures of accepted ingest requests, so a captured request cannot be replayed within its 5 minutes.
CREATE TABLE shifts_ingest_signatures (
  signature text PRIMARY KEY,
  seen_at timestamptz NOT NULL
);
CREATE INDEX shifts_ingest_signatures_by_age ON shifts_ingest_signatures (seen_at);
