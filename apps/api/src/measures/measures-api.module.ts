import { Module } from '@nestjs/common';
import { MeasuresModule } from '@attune/measures';
import { InstrumentsController, MeasuresController } from './measures.controller.js';

@Module({ imports: [MeasuresModule], controllers: [InstrumentsController, MeasuresController] })
export class MeasuresApiModule {}
