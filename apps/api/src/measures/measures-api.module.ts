import { Module } from '@nestjs/common';
import { CheckinsModule } from '@attune/checkins';
import { MeasuresModule } from '@attune/measures';
import { InstrumentsController, MeasuresController } from './measures.controller.js';

@Module({ imports: [MeasuresModule, CheckinsModule], controllers: [InstrumentsController, MeasuresController] })
export class MeasuresApiModule {}
