import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OutreachTasks, type OutreachTaskView } from '@attune/checkins';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { OutreachTaskDto } from './checkin.dto.js';

@ApiTags('outreach')
@ApiBearerAuth()
@Controller('clients/:clientId/outreach-tasks')
export class ClientOutreachController {
  constructor(private readonly tasks: OutreachTasks) {}

  @Get()
  @ApiOperation({ summary: "Reach-out tasks for a quiet client, open first (outreach:read: the care team, a supervisor)" })
  @ApiOkResponse({ type: [OutreachTaskDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<OutreachTaskView[]> {
    return this.tasks.list(actor, clientId);
  }

  @Post(':taskId/contact-made')
  @HttpCode(200)
  @ApiOperation({ summary: 'Contact was made with the client: the task is done (outreach:update: the care team)' })
  @ApiOkResponse({ type: OutreachTaskDto })
  @ApiProblems(401, 403, 404)
  contactMade(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('taskId') taskId: string): Promise<OutreachTaskView> {
    return this.tasks.contactMade(actor, clientId, taskId);
  }
}

@ApiTags('outreach')
@ApiBearerAuth()
@Controller('outreach-tasks')
export class MyOutreachController {
  constructor(private readonly tasks: OutreachTasks) {}

  @Get()
  @ApiOperation({ summary: 'The open reach-out tasks assigned to the signed-in staff member' })
  @ApiOkResponse({ type: [OutreachTaskDto] })
  @ApiProblems(401, 403)
  mine(@CurrentActor() actor: Actor): Promise<OutreachTaskView[]> {
    return this.tasks.mine(actor);
  }
}
