import { Module } from '@nestjs/common';
import { CareModule } from '@attune/care';
import { CheckinsModule } from '@attune/checkins';
import { CaseloadAlertsController, ClientAlertsController } from './alerts.controller.js';
import { CheckInsController } from './check-ins.controller.js';
import { ClientOutreachController, MyOutreachController } from './outreach.controller.js';
import { RiskRulesController } from './risk-rules.controller.js';

@Module({
  imports: [CareModule, CheckinsModule],
  controllers: [CheckInsController, ClientAlertsController, CaseloadAlertsController, ClientOutreachController, MyOutreachController, RiskRulesController],
})
export class CheckinsApiModule {}
