/**
 * Per-municipality overrides of the DDH-wide no-show policy (noshow_policies): grace and escalation minutes, and the
 * channel of each step with the minutes before Teams is followed by an SMS. NULL keeps the DDH-wide value.
 */
import type { Queryable } from '../db/database.js';
import type { AlertChannel, PolicyOverride } from './shifts-domain.js';

interface PolicyRow {
  municipality_code: number;
  grace_minutes: number | null;
  secondary_after_minutes: number | null;
  secretariat_after_minutes: number | null;
  primary_channel: AlertChannel | null;
  secondary_channel: AlertChannel | null;
  secretariat_channel: AlertChannel | null;
  sms_after_minutes: number | null;
}

const POLICY_COLUMNS =
  'municipality_code, grace_minutes, secondary_after_minutes, secretariat_after_minutes, primary_channel, secondary_channel, secretariat_channel, sms_after_minutes';

function toOverride(row: PolicyRow): PolicyOverride {
  return {
    graceMinutes: row.grace_minutes ?? undefined,
    secondaryAfterMinutes: row.secondary_after_minutes ?? undefined,
    secretariatAfterMinutes: row.secretariat_after_minutes ?? undefined,
    smsAfterMinutes: row.sms_after_minutes ?? undefined,
    channels: {
      primaer_kontakt: row.primary_channel ?? undefined,
      sekundaer_kontakt: row.secondary_channel ?? undefined,
      sekretariat: row.secretariat_channel ?? undefined,
    },
  };
}

export async function policyOverride(db: Queryable, municipalityCode: number): Promise<PolicyOverride | null> {
  const result = await db.query<PolicyRow>(
    `SELECT ${POLICY_COLUMNS} FROM noshow_policies WHERE municipality_code = $1`,
    [municipalityCode],
  );
  return result.rows[0] ? toOverride(result.rows[0]) : null;
}

export async function allPolicyOverrides(db: Queryable): Promise<Map<number, PolicyOverride>> {
  const result = await db.query<PolicyRow>(`SELECT ${POLICY_COLUMNS} FROM noshow_policies`);
  return new Map(result.rows.map((row) => [row.municipality_code, toOverride(row)]));
}

/** A municipality's channels (the demo data and the CLI set them; NULL keeps the DDH-wide value). */
export async function setPolicyChannels(
  db: Queryable,
  municipalityCode: number,
  channels: { primary?: AlertChannel; secondary?: AlertChannel; secretariat?: AlertChannel; smsAfterMinutes?: number },
): Promise<void> {
  await db.query(
    `INSERT INTO noshow_policies (municipality_code, primary_channel, secondary_channel, secretariat_channel, sms_after_minutes)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (municipality_code) DO UPDATE SET primary_channel = EXCLUDED.primary_channel,
       secondary_channel = EXCLUDED.secondary_channel, secretariat_channel = EXCLUDED.secretariat_channel,
       sms_after_minutes = EXCLUDED.sms_after_minutes`,
    [
      municipalityCode,
      channels.primary ?? null,
      channels.secondary ?? null,
      channels.secretariat ?? null,
      channels.smsAfterMinutes ?? null,
    ],
  );
}
