import { Body, Controller, Get, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AccessPolicy, AuditTrail } from '@attune/care';
import { RiskSettings, type RiskRules } from '@attune/checkins';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { RiskRulesDto } from './checkin.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('organization/risk-rules')
export class RiskRulesController {
  constructor(
    private readonly settings: RiskSettings,
    private readonly policy: AccessPolicy,
    private readonly audit: AuditTrail,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organisation's risk rules, escalation delay, outreach days and crisis line (staff)" })
  @ApiOkResponse({ type: RiskRulesDto })
  @ApiProblems(401, 403)
  async get(@CurrentActor() actor: Actor): Promise<RiskRules> {
    await this.policy.requireOrganization(actor, 'caseload:read');
    return this.settings.rules(this.db.manager, actor.organizationId);
  }

  @Put()
  @ApiOperation({ summary: 'Replace the risk rules (admins); alerts already raised keep what they were' })
  @ApiOkResponse({ type: RiskRulesDto })
  @ApiProblems(400, 401, 403)
  async set(@CurrentActor() actor: Actor, @Body() dto: RiskRulesDto): Promise<RiskRules> {
    await this.policy.requireOrganization(actor, 'organization:manage');
    return this.db.transaction(async (tx) => {
      const rules = await this.settings.set(tx, actor.organizationId, { ...dto, crisisLine: dto.crisisLine ? { name: dto.crisisLine.name.trim(), phone: dto.crisisLine.phone } : null });
      await this.audit.record(
        { organizationId: actor.organizationId, actorUserId: actor.userId, actorRole: actor.role, action: 'risk-rules.change', capability: 'organization:manage', outcome: 'allowed', basis: 'admin', subjectId: actor.organizationId },
        tx,
      );
      return rules;
    });
  }
}
