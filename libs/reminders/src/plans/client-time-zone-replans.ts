import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainEvents, type AfterCommit, type ClientTimeZoneChangedEvent } from '@attune/platform';
import { CheckInPrompts } from './check-in-prompts.js';
import { MedicationPlans } from './medication-plans.js';

/**
 * What is planned at a client's local time follows their zone: when it changes, the pending check-in
 * prompts and medication reminders move to the same local times in the new zone, inside the transaction that
 * changes it (new due instants, new versions; sent rows are history), with the jobs replaced after commit.
 * Visit reminders keep the visit's own zone and instant.
 */
@Injectable()
export class ClientTimeZoneReplans implements OnModuleInit {
  constructor(
    private readonly events: DomainEvents,
    private readonly prompts: CheckInPrompts,
    private readonly medications: MedicationPlans,
  ) {}

  onModuleInit(): void {
    this.events.subscribe('client.time_zone_changed', (event, tx) => this.replan(event, tx));
  }

  async replan(event: ClientTimeZoneChangedEvent, tx: EntityManager): Promise<AfterCommit | undefined> {
    const work = [
      await this.prompts.replanClient(tx, event.organizationId, event.clientId),
      await this.medications.replanClient(tx, event.organizationId, event.clientId),
    ].filter((w) => w !== undefined);
    if (work.length === 0) return undefined;
    return async () => {
      for (const step of work) await step();
    };
  }
}
