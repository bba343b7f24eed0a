-- SMS as a channel (issue 24, src/sms): every text message the bot hands to an SMS provider, with its delivery outcome.
-- The delivery report reads this table through src/sms/sms-public.ts (smsDeliveryReport).
CREATE TABLE sms_messages (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Idempotency key of the caller (e.g. 'noshow:42:step:0:person:7:sms'): one message per key, ever.
  key text NOT NULL UNIQUE,
  -- Groups messages for reports and outcome handlers, e.g. 'noshow:42'.
  batch text NOT NULL,
  person_id integer REFERENCES people(id) ON DELETE SET NULL,
  -- E.164 (+4512345678). Blanked, with the text, when the person is forgotten.
  to_number text,
  body text,
  -- What the daily cap counts against, e.g. 'municipality:751'; NULL: no cap.
  cap_scope text,
  -- A short code the recipient may answer with (only where the provider receives replies).
  reply_code text,
  state text NOT NULL CHECK (state IN ('queued', 'sent', 'delivered', 'failed', 'undelivered', 'capped')),
  provider text,
  -- Our id of the message towards the provider (ACS repeatabilityRequestId), so a repeated send is sent once.
  reference text NOT NULL,
  provider_message_id text UNIQUE,
  attempts integer NOT NULL DEFAULT 0,
  reason text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  final_at timestamptz
);
CREATE INDEX sms_messages_by_batch ON sms_messages (batch);
CREATE INDEX sms_messages_by_cap ON sms_messages (cap_scope, created_at) WHERE cap_scope IS NOT NULL;
CREATE INDEX sms_messages_by_reply ON sms_messages (to_number, reply_code) WHERE reply_code IS NOT NULL;

-- Replies received (provider message id makes a redelivered event harmless).
CREATE TABLE sms_replies (
  provider_message_id text PRIMARY KEY,
  sms_id integer REFERENCES sms_messages(id) ON DELETE SET NULL,
  received_at timestamptz NOT NULL
);
