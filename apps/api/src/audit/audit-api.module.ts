import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { ClientAuditController } from './client-audit.controller.js';

/** HTTP access to the audit trail. */
@Module({
  imports: [CareModule],
  controllers: [ClientAuditController],
})
export class AuditApiModule {}
