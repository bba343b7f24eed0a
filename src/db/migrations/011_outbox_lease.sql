-- Short leases with a heartbeat (docs/delivery.md): a dead worker's rows return within seconds. A send that was under
-- way when its worker died may have reached Teams; such sends are counted, and a message is sent at most twice.
ALTER TABLE outbox ADD COLUMN in_doubt boolean NOT NULL DEFAULT false;
ALTER TABLE outbox ADD COLUMN doubtful_sends integer NOT NULL DEFAULT 0;
