import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents, type AfterCommit, type MeasureSubmittedEvent } from '@attune/platform';
import { SEVERITY } from '../risk/risk-rules.js';
import { RiskSettings } from '../risk/risk-settings.js';
import { Alerts } from './alerts.js';

/**
 * The risk rules' side of the outcome measures: a PHQ-9 item-9 answer above 0 raises a critical alert in
 * the measure's own transaction (measures publish `measure.submitted` with flags, never answers).
 */
@Injectable()
export class MeasureAlerts implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly alerts: Alerts,
    private readonly settings: RiskSettings,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('measure.submitted', (event, tx) => this.onMeasure(event, tx));
  }

  private async onMeasure(event: MeasureSubmittedEvent, tx: EntityManager): Promise<AfterCommit | void> {
    if (!event.flags.includes('phq9_item9')) return;
    const rules = await this.settings.rules(tx, event.organizationId);
    if (!rules.phq9Item9) return;
    const { afterCommit } = await this.alerts.raise(
      tx,
      [{ organizationId: event.organizationId, clientId: event.clientId, rule: 'phq9_item9', severity: SEVERITY.phq9_item9, sourceKey: `measure:${event.responseId}`, measureResponseId: event.responseId }],
      rules.escalateAfterSeconds,
    );
    return async () => {
      for (const work of afterCommit) await work();
    };
  }
}
