import type { RiskSeverity } from '@attune/platform';
import type { CheckInInput } from '../check-ins/check-in-input.js';
import type { RiskRules } from './risk-settings.js';

export type RiskRule = 'craving_high' | 'use_reported' | 'safety_concern' | 'missed_checkins' | 'phq9_item9';

export interface RiskHit {
  rule: RiskRule;
  severity: RiskSeverity;
}

export const SEVERITY: Record<RiskRule, RiskSeverity> = {
  safety_concern: 'critical',
  phq9_item9: 'critical',
  craving_high: 'warning',
  use_reported: 'warning',
  missed_checkins: 'warning',
};

export const RULE_ORDER: readonly RiskRule[] = ['safety_concern', 'phq9_item9', 'craving_high', 'use_reported', 'missed_checkins'];

/** The rules a check-in trips, most severe first. Pure: the organisation's rules come in. */
export function evaluateCheckIn(checkIn: Pick<CheckInInput, 'craving' | 'used' | 'safetyConcern'>, rules: RiskRules): RiskHit[] {
  const hits: RiskRule[] = [];
  if (rules.safetyConcern && checkIn.safetyConcern) hits.push('safety_concern');
  if (checkIn.craving >= rules.cravingThreshold) hits.push('craving_high');
  if (rules.useReported && checkIn.used) hits.push('use_reported');
  return hits.map((rule) => ({ rule, severity: SEVERITY[rule] }));
}
