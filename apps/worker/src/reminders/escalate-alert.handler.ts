import { Injectable } from '@nestjs/common';
import { Escalations } from '@attune/reminders';
import { HandlesJob, type JobData, type JobHandler } from '@attune/platform';

/** Checks, when it fires, whether the alert was acknowledged; if not, notifies whoever is on call. */
@Injectable()
@HandlesJob('escalateAlert')
export class EscalateAlertHandler implements JobHandler<'escalateAlert'> {
  constructor(private readonly escalations: Escalations) {}

  async handle(data: JobData<'escalateAlert'>): Promise<void> {
    await this.escalations.fire(data.escalationId, data.version);
  }
}
