import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { MessageFeed, Messages, type FeedMessage, type FeedPage, type ThreadMessage } from '@attune/messaging';
import { ApiProblems } from '../common/problem.schema.js';
import { CursorQueryDto, FeedMessageDto, FeedPageDto, MarkedReadDto, MarkReadDto, SendMessageDto, ThreadMessageDto } from './message.dto.js';

const page = (query: CursorQueryDto) => ({ after: query.after ?? '0', limit: Number(query.limit ?? 100) });

@ApiTags('messaging')
@ApiBearerAuth()
@Controller()
export class MessagesController {
  constructor(
    private readonly messages: Messages,
    private readonly feed: MessageFeed,
  ) {}

  @Post('message-threads/:threadId/messages')
  @ApiOperation({ summary: 'Post a message (stored, then sent to every recipient\'s sockets). Idempotent by clientMessageId.' })
  @ApiCreatedResponse({ type: FeedMessageDto })
  @ApiProblems(400, 401, 403, 404, 409, 422)
  send(@CurrentActor() actor: Actor, @Param('threadId') threadId: string, @Body() dto: SendMessageDto): Promise<FeedMessage> {
    return this.messages.send(actor, threadId, dto);
  }

  @Get('message-threads/:threadId/messages')
  @ApiOperation({ summary: "The thread's messages, oldest first, with each recipient's delivered and read receipts" })
  @ApiOkResponse({ type: [ThreadMessageDto] })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('threadId') threadId: string, @Query() query: CursorQueryDto): Promise<ThreadMessage[]> {
    const { after, limit } = page(query);
    return this.messages.list(actor, threadId, after, limit);
  }

  @Post('message-threads/:threadId/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark your messages in the thread read up to a feed cursor; their senders get read receipts' })
  @ApiOkResponse({ type: MarkedReadDto })
  @ApiProblems(400, 401, 403, 404)
  markRead(@CurrentActor() actor: Actor, @Param('threadId') threadId: string, @Body() dto: MarkReadDto): Promise<{ read: number }> {
    return this.messages.markRead(actor, threadId, dto.cursor);
  }

  @Get('messages/feed')
  @ApiOperation({ summary: 'Everything addressed to you after a cursor, once and in order: call after every reconnection' })
  @ApiOkResponse({ type: FeedPageDto })
  @ApiProblems(400, 401)
  feedAfter(@CurrentActor() actor: Actor, @Query() query: CursorQueryDto): Promise<FeedPage> {
    const { after, limit } = page(query);
    return this.feed.after(actor, after, limit);
  }
}
