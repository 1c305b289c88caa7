import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Alerts, type AlertView } from '@attune/checkins';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { AlertDto, CaseloadAlertsQueryDto, ResolveAlertDto } from './checkin.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('clients/:clientId/alerts')
export class ClientAlertsController {
  constructor(private readonly alerts: Alerts) {}

  @Get()
  @ApiOperation({ summary: "The client's risk alerts, open first (alerts:read: the care team, a supervisor, break-glass; never the client)" })
  @ApiOkResponse({ type: [AlertDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<AlertView[]> {
    return this.alerts.listForClient(actor, clientId);
  }

  @Post(':alertId/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Someone has it: stops the escalation to whoever is on call (alerts:acknowledge)' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(401, 403, 404)
  acknowledge(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('alertId') alertId: string): Promise<AlertView> {
    return this.alerts.acknowledge(actor, clientId, alertId);
  }

  @Post(':alertId/resolve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Close the alert with a note saying what was done (alerts:resolve: the care team, a supervisor)' })
  @ApiOkResponse({ type: AlertDto })
  @ApiProblems(400, 401, 403, 404, 422)
  resolve(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('alertId') alertId: string, @Body() dto: ResolveAlertDto): Promise<AlertView> {
    return this.alerts.resolve(actor, clientId, alertId, dto.note);
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class CaseloadAlertsController {
  constructor(private readonly alerts: Alerts) {}

  @Get()
  @ApiOperation({ summary: "The alerts of the clients on the signed-in staff member's teams, open first (unresolved unless includeResolved)" })
  @ApiOkResponse({ type: [AlertDto] })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: CaseloadAlertsQueryDto): Promise<AlertView[]> {
    return this.alerts.listForCaseload(actor, query.includeResolved === 'true');
  }
}
