import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CareModule } from '@attune/care';
import { MeasureResponse } from './responses/measure-response.entity.js';
import { MeasureResponses } from './responses/measure-responses.js';

export const MEASURE_ENTITIES = [MeasureResponse];

/** The outcome measures: instruments, exact scoring and the client's stored responses. */
@Module({
  imports: [TypeOrmModule.forFeature(MEASURE_ENTITIES), CareModule],
  providers: [MeasureResponses],
  exports: [MeasureResponses],
})
export class MeasuresModule {}
