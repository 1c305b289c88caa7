import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { CaseloadController } from './caseload.controller.js';

@Module({ imports: [CareModule], controllers: [CaseloadController] })
export class CaseloadApiModule {}
