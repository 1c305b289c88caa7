import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { MessageThreads, type ThreadSummary } from '@attune/messaging';
import { ApiProblems } from '../common/problem.schema.js';
import { OpenClientThreadDto, OpenDirectThreadDto, ThreadDto } from './message.dto.js';

@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class MessageThreadsController {
  constructor(private readonly threads: MessageThreads) {}

  @Post('clients/:clientId/message-threads')
  @ApiOperation({ summary: "Open (or find) a thread about the client (messages:send: the client or their care team). The same kind and people always give the same thread." })
  @ApiCreatedResponse({ type: ThreadDto })
  @ApiProblems(400, 401, 403, 404, 422)
  open(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Body() dto: OpenClientThreadDto): Promise<ThreadSummary> {
    return this.threads.openForClient(actor, clientId, dto.kind, dto.memberUserId);
  }

  @Get('clients/:clientId/message-threads')
  @ApiOperation({ summary: "The client's threads you may see, with your unread counts (a client never sees team-only threads)" })
  @ApiOkResponse({ type: [ThreadDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<ThreadSummary[]> {
    return this.threads.listForClient(actor, clientId);
  }

  @Post('message-threads/direct')
  @ApiOperation({ summary: 'Open (or find) a direct thread with another staff member of your organisation' })
  @ApiCreatedResponse({ type: ThreadDto })
  @ApiProblems(400, 401, 403, 422)
  openDirect(@CurrentActor() actor: Actor, @Body() dto: OpenDirectThreadDto): Promise<ThreadSummary> {
    return this.threads.openDirect(actor, dto.staffUserId);
  }

  @Get('message-threads/direct')
  @ApiOperation({ summary: 'Your direct threads with other staff, with unread counts' })
  @ApiOkResponse({ type: [ThreadDto] })
  @ApiProblems(401)
  listDirect(@CurrentActor() actor: Actor): Promise<ThreadSummary[]> {
    return this.threads.listDirect(actor);
  }
}
