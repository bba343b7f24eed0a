-- A card update in one round trip (issue 22: statements per action). The function runs the steps updateCard used to
-- send one by one, each with a fresh snapshot (a VOLATILE SQL function in READ COMMITTED), so it keeps their
-- guarantee: the card's row is locked first, and only then are the copies read and older pending updates superseded.
-- A copy recorded by a worker that held the lock before us is seen (the worker then saw the old version); a worker
-- that comes after us sees the new version and follows it (outbox-worker.ts, newerCard). One CTE statement could not:
-- it would read the copies as they stood before it waited for the lock.
CREATE FUNCTION delivery_update_card(p_card_ref text, p_card jsonb, p_stamp text, p_due timestamptz)
RETURNS bigint LANGUAGE sql VOLATILE AS $body$
  INSERT INTO card_refs (card_ref, card) VALUES (p_card_ref, p_card)
  ON CONFLICT (card_ref) DO UPDATE SET card = EXCLUDED.card, version = card_refs.version + 1, updated_at = now();

  WITH copies AS (
    SELECT conversation_id, activity_id FROM sent_cards WHERE card_ref = p_card_ref
  ), superseded AS (
    UPDATE outbox o SET state = 'superseded', updated_at = now()
    FROM copies c
    WHERE o.kind = 'update' AND o.card_ref = p_card_ref AND o.conversation_id = c.conversation_id
      AND o.state = 'pending'
  ), queued AS (
    INSERT INTO outbox (key, kind, batch, recipient, conversation_id, card, card_ref, target_activity_id, next_attempt_at)
    SELECT 'update:' || p_card_ref || ':' || c.conversation_id || ':' || p_stamp, 'update', 'update:' || p_card_ref,
           jsonb_build_object('kind', 'conversation', 'conversationId', c.conversation_id), c.conversation_id, p_card,
           p_card_ref, c.activity_id, p_due
    FROM copies c
    ON CONFLICT (key) DO NOTHING
    RETURNING 1
  )
  SELECT count(*) FROM queued;
$body$;
