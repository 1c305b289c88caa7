import { Body, Controller, Get, Put } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { AccessPolicy } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ReminderSettings } from '@attune/reminders';
import { ApiProblems } from '../common/problem.schema.js';
import { ReminderSettingsDto, SetReminderSettingsDto } from './reminders.dto.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('organization/reminder-settings')
export class ReminderSettingsController {
  constructor(
    private readonly settings: ReminderSettings,
    private readonly policy: AccessPolicy,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  @Get()
  @ApiOperation({ summary: "The organisation's visit reminder offsets (staff)" })
  @ApiOkResponse({ type: ReminderSettingsDto })
  @ApiProblems(401, 403)
  async get(@CurrentActor() actor: Actor): Promise<ReminderSettingsDto> {
    await this.policy.requireOrganization(actor, 'caseload:read');
    return { visitOffsetsSeconds: await this.settings.visitOffsets(this.db.manager, actor.organizationId) };
  }

  @Put()
  @ApiOperation({ summary: 'Set the visit reminder offsets (admins); visits planned or moved from now on use them' })
  @ApiOkResponse({ type: ReminderSettingsDto })
  @ApiProblems(400, 401, 403)
  async set(@CurrentActor() actor: Actor, @Body() dto: SetReminderSettingsDto): Promise<ReminderSettingsDto> {
    await this.policy.requireOrganization(actor, 'organization:manage');
    const offsets = await this.db.transaction((tx) => this.settings.setVisitOffsets(tx, actor.organizationId, dto.visitOffsetsSeconds));
    return { visitOffsetsSeconds: offsets };
  }
}
