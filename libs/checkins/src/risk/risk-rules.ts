import type { RiskSeverity } from '@attune/platform';

export type RiskRule = 'craving_high' | 'use_reported' | 'safety_concern' | 'missed_checkins' | 'phq9_item9';

/** Each rule's severity; a check-in's rules are applied by its store statement (check-in-store.ts). */
export const SEVERITY: Record<RiskRule, RiskSeverity> = {
  safety_concern: 'critical',
  phq9_item9: 'critical',
  craving_high: 'warning',
  use_reported: 'warning',
  missed_checkins: 'warning',
};

export const RULE_ORDER: readonly RiskRule[] = ['safety_concern', 'phq9_item9', 'craving_high', 'use_reported', 'missed_checkins'];
