-- A press whose answer was a new message (a menu button opening a form) may be pressed again on the same card later:
-- held back as a repeat only within seconds of the first (double-click, Teams retry), then acted on again.
ALTER TABLE card_presses ADD COLUMN done_at timestamptz;
