import { Injectable, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CareModule } from '@attune/care';
import { MeasuresModule } from '@attune/measures';
import { RemindersModule } from '@attune/reminders';
import { CurriculumPlans } from './plans/curriculum-plans.js';
import { CaseloadProgress } from './progress/caseload-progress.js';
import { MeasureSchedules } from './schedules/measure-schedules.js';
import { CurriculumTemplates } from './templates/curriculum-templates.js';
import { MeasureTrends } from './trends/measure-trends.js';

/** On start-up, every organisation without the shipped default template gets it (one idempotent insert). */
@Injectable()
export class DefaultCurriculumLoader implements OnApplicationBootstrap {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly templates: CurriculumTemplates,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.templates.ensureDefault(this.db.manager);
  }
}

/**
 * The year-long curriculum (templates, plans, progress) and the outcome measures' schedule and trends.
 * Lives in the api process: it subscribes to `measure.submitted`, which the api publishes.
 */
@Module({
  imports: [CareModule, MeasuresModule, RemindersModule],
  providers: [CurriculumTemplates, CurriculumPlans, CaseloadProgress, MeasureSchedules, MeasureTrends, DefaultCurriculumLoader],
  exports: [CurriculumTemplates, CurriculumPlans, CaseloadProgress, MeasureSchedules, MeasureTrends],
})
export class CurriculumModule {}
