import { Module } from '@nestjs/common';
import { CurriculumModule } from '@attune/curriculum';
import { CurriculumPlansController } from './curriculum-plans.controller.js';
import { CurriculumTemplatesController } from './curriculum-templates.controller.js';
import { CurriculumCaseloadController, MeasureOutcomesController } from './outcomes.controller.js';

@Module({ imports: [CurriculumModule], controllers: [CurriculumTemplatesController, CurriculumPlansController, CurriculumCaseloadController, MeasureOutcomesController] })
export class CurriculumApiModule {}
