-- Rate budgets shared by every instance (Teams' per-conversation and per-tenant limits, the ingest limit): one row per
-- send or request in a bucket, counted over sliding windows by the database's own clock, pruned after an hour.
CREATE TABLE rate_events (
  bucket text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX rate_events_bucket_at ON rate_events (bucket, at DESC);
