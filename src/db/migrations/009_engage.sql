-- Viva Engage posts asked for by capabilities: one row per idempotency key, with what became of it.
CREATE TABLE engage_posts (
  key text PRIMARY KEY,
  kind text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  link text,
  state text NOT NULL CHECK (state IN ('posting', 'posted', 'skipped', 'failed')),
  reason text,
  message_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- The delegated login's token cache (MSAL), encrypted with ENGAGE_TOKEN_KEY; one row.
CREATE TABLE engage_token_cache (
  id integer PRIMARY KEY CHECK (id = 1),
  ciphertext text NOT NULL,
  status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'expired')),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- How far the shift community has been read, so each post is handed on once.
CREATE TABLE engage_cursor (
  group_id text PRIMARY KEY,
  last_message_id text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
