-- Every press of a card button, once: the same button on the same card instance by the same person is acted on once,
-- however often Teams delivers it (double-click, retry, two devices); a repeat gets the first press's answer.
CREATE TABLE card_presses (
  key text PRIMARY KEY,
  -- The answer the first press gave (a card, a toast or nothing); NULL while it is being worked on.
  result jsonb,
  done boolean NOT NULL DEFAULT false,
  claimed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX card_presses_claimed ON card_presses (claimed_at);
