-- Timed work: each timer is due at an instant of the injected clock; when due it becomes a pg-boss job.
-- The key makes scheduling idempotent (the same escalation step is scheduled once) and lets work be cancelled.
CREATE TABLE timers (
  key text PRIMARY KEY,
  name text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}'::jsonb,
  due_at timestamptz NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'queued', 'done', 'cancelled', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX timers_due ON timers (due_at) WHERE state = 'pending';
