import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { BreakGlassController } from './break-glass.controller.js';

@Module({ imports: [CareModule], controllers: [BreakGlassController] })
export class BreakGlassApiModule {}
