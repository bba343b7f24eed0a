/**
 * Drafts: what a person typed into the submission form, kept before anything can refuse it, or the note that it
 * was submitted as an item (written with the item, in agenda-repository's insertSubmittedItem).
 */
import type { Queryable } from '../db/database.js';

/** A person's draft: the fields they typed, or the note that it was submitted as an item. */
export type StoredDraft = { kind: 'fields'; fields: Record<string, string> } | { kind: 'submitted'; itemId: number };

export async function saveDraft(q: Queryable, personId: number, fields: Record<string, string>): Promise<void> {
  await q.query(
    `INSERT INTO agenda_drafts (person_id, data) VALUES ($1, $2) ON CONFLICT (person_id) DO UPDATE SET data = EXCLUDED.data, updated_at = now()`,
    [personId, JSON.stringify(fields)],
  );
}

export async function loadDraft(q: Queryable, personId: number): Promise<StoredDraft | null> {
  const result = await q.query<{ data: Record<string, unknown> }>(
    'SELECT data FROM agenda_drafts WHERE person_id = $1',
    [personId],
  );
  const data = result.rows[0]?.data;
  if (!data) return null;
  if (typeof data.submittedItemId === 'number') return { kind: 'submitted', itemId: data.submittedItemId };
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(data)) if (typeof value === 'string') fields[name] = value;
  return { kind: 'fields', fields };
}
