import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock, preparedQuery, type CrisisResource } from '@attune/platform';

/** An organisation's risk rules and the timings around them. Absent row → these defaults. */
export interface RiskRules {
  /** A craving at or above this raises `craving_high` (warning). */
  cravingThreshold: number;
  /** Use reported → `use_reported` (warning). */
  useReported: boolean;
  /** A safety concern → `safety_concern` (critical). */
  safetyConcern: boolean;
  /** A PHQ-9 item-9 answer above 0 → `phq9_item9` (critical). */
  phq9Item9: boolean;
  /** This many whole local days without a check-in → `missed_checkins` (warning). */
  missedDaysAlert: number;
  /** This many whole local days without a check-in → an outreach task for the peer coach. */
  outreachAfterDays: number;
  /** Unacknowledged this long → whoever is on call is notified. */
  escalateAfterSeconds: number;
  /** The programme's own crisis line, shown beside 988. */
  crisisLine: { name: string; phone: string } | null;
}

export const DEFAULT_RISK_RULES: RiskRules = {
  cravingThreshold: 8,
  useReported: true,
  safetyConcern: true,
  phq9Item9: true,
  missedDaysAlert: 3,
  outreachAfterDays: 2,
  escalateAfterSeconds: 900,
  crisisLine: null,
};

/** The national line, always first. */
export const LIFELINE_988: CrisisResource = { name: '988 Suicide & Crisis Lifeline', phone: '988', text: '988', url: 'https://988lifeline.org' };

export interface RiskSettingsRow {
  craving_threshold: number | null;
  use_reported: boolean | null;
  safety_concern: boolean | null;
  phq9_item9: boolean | null;
  missed_days_alert: number | null;
  outreach_after_days: number | null;
  escalate_after_seconds: number | null;
  crisis_line_name: string | null;
  crisis_line_phone: string | null;
}

export const RISK_SETTINGS_COLUMNS =
  'craving_threshold, use_reported, safety_concern, phq9_item9, missed_days_alert, outreach_after_days, escalate_after_seconds, crisis_line_name, crisis_line_phone';

/** A row (or a LEFT JOIN's nulls) → the rules, defaults filling what is not set. */
export function toRiskRules(row: RiskSettingsRow | undefined): RiskRules {
  if (!row || row.craving_threshold === null) return DEFAULT_RISK_RULES;
  return {
    cravingThreshold: row.craving_threshold,
    useReported: row.use_reported!,
    safetyConcern: row.safety_concern!,
    phq9Item9: row.phq9_item9!,
    missedDaysAlert: row.missed_days_alert!,
    outreachAfterDays: row.outreach_after_days!,
    escalateAfterSeconds: row.escalate_after_seconds!,
    crisisLine: row.crisis_line_name && row.crisis_line_phone ? { name: row.crisis_line_name, phone: row.crisis_line_phone } : null,
  };
}

/** 988 (call, text, chat) and the programme's own crisis line when it has one. */
export function crisisResources(rules: RiskRules): CrisisResource[] {
  return rules.crisisLine ? [LIFELINE_988, { name: rules.crisisLine.name, phone: rules.crisisLine.phone }] : [LIFELINE_988];
}

@Injectable()
export class RiskSettings {
  constructor(private readonly clock: Clock) {}

  async rules(manager: EntityManager, organizationId: string): Promise<RiskRules> {
    const rows = await preparedQuery<RiskSettingsRow>(manager, 'risk-settings', `SELECT ${RISK_SETTINGS_COLUMNS} FROM risk_settings WHERE organization_id = $1`, [organizationId]);
    return toRiskRules(rows[0]);
  }

  /** Replaces the rules (the admin route validated them); alerts already raised keep what they were. */
  async set(tx: EntityManager, organizationId: string, rules: RiskRules): Promise<RiskRules> {
    await tx.query(
      `INSERT INTO risk_settings (organization_id, ${RISK_SETTINGS_COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (organization_id) DO UPDATE SET craving_threshold = EXCLUDED.craving_threshold, use_reported = EXCLUDED.use_reported,
         safety_concern = EXCLUDED.safety_concern, phq9_item9 = EXCLUDED.phq9_item9, missed_days_alert = EXCLUDED.missed_days_alert,
         outreach_after_days = EXCLUDED.outreach_after_days, escalate_after_seconds = EXCLUDED.escalate_after_seconds,
         crisis_line_name = EXCLUDED.crisis_line_name, crisis_line_phone = EXCLUDED.crisis_line_phone, updated_at = EXCLUDED.updated_at`,
      [
        organizationId, rules.cravingThreshold, rules.useReported, rules.safetyConcern, rules.phq9Item9, rules.missedDaysAlert,
        rules.outreachAfterDays, rules.escalateAfterSeconds, rules.crisisLine?.name ?? null, rules.crisisLine?.phone ?? null, this.clock.now(),
      ],
    );
    return this.rules(tx, organizationId);
  }
}
