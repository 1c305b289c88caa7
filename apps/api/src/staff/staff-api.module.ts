import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { StaffController } from './staff.controller.js';

@Module({ imports: [CareModule], controllers: [StaffController] })
export class StaffApiModule {}
