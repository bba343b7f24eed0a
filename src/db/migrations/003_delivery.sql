-- The outbox: every proactive message and card update, written in the caller's transaction before it is sent.
CREATE TABLE outbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  key text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('send', 'update')),
  batch text NOT NULL,
  recipient jsonb NOT NULL,
  conversation_id text,
  card jsonb,
  text text,
  card_ref text,
  target_activity_id text,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'sent', 'unreachable', 'failed', 'superseded', 'expanded')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  locked_until timestamptz,
  activity_id text,
  reason text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
CREATE INDEX outbox_sending ON outbox (locked_until) WHERE state = 'sending';
CREATE INDEX outbox_batch ON outbox (batch);
CREATE INDEX outbox_card_ref ON outbox (card_ref, conversation_id) WHERE card_ref IS NOT NULL;

-- The newest version of each named card, so a message sent after an update carries the update.
CREATE TABLE card_refs (
  card_ref text PRIMARY KEY,
  card jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Where each named card was posted, for updating it in place.
CREATE TABLE sent_cards (
  card_ref text NOT NULL,
  conversation_id text NOT NULL,
  activity_id text NOT NULL,
  sent_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (card_ref, conversation_id)
);
