import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { CLIENT_THREAD_KINDS, THREAD_KINDS, type ClientThreadKind, type FeedMessage, type ThreadKind, type ThreadMessage, type ThreadSummary } from '@attune/messaging';

const CURSOR = /^\d{1,18}$/;
const CURSOR_MESSAGE = 'must be a cursor (digits) from an earlier answer';

export class OpenClientThreadDto {
  @ApiProperty({ enum: CLIENT_THREAD_KINDS, description: 'client_team: the client and their whole team; client_member: the client and one member; team_only: the team about the client' })
  @IsIn(CLIENT_THREAD_KINDS) kind: ClientThreadKind;

  @ApiPropertyOptional({ format: 'uuid', description: 'client_member opened by the client: the team member. Staff open it with themselves.' })
  @IsOptional() @IsUUID() memberUserId?: string;
}

export class OpenDirectThreadDto {
  @ApiProperty({ format: 'uuid', description: 'Another active staff member of your organisation' })
  @IsUUID() staffUserId: string;
}

export class SendMessageDto {
  @ApiProperty({ example: 'c3f1-0001', description: 'Your own id for this message (unique per sender): a retry with it returns the stored message' })
  @IsString() @MinLength(1) @MaxLength(100) @Matches(/^[A-Za-z0-9._:-]+$/, { message: 'clientMessageId: letters, digits and . _ : - only' }) clientMessageId: string;

  @ApiProperty({ example: 'See you Thursday at 10.', maxLength: 4000 })
  @IsString() @MinLength(1) @MaxLength(4000) body: string;
}

export class MarkReadDto {
  @ApiProperty({ example: '42', description: 'Your feed cursor of the last message read: it and everything before it in the thread is marked read' })
  @IsString() @Matches(CURSOR, { message: `cursor ${CURSOR_MESSAGE}` }) cursor: string;
}

export class CursorQueryDto {
  @ApiPropertyOptional({ example: '0', description: 'Only what comes after this cursor (default: from the start)' })
  @IsOptional() @IsString() @Matches(CURSOR, { message: `after ${CURSOR_MESSAGE}` }) after?: string;

  @ApiPropertyOptional({ example: '100', description: '1–500 (default 100)' })
  @IsOptional() @IsString() @Matches(/^([1-9]\d{0,1}|[1-4]\d\d|500)$/, { message: 'limit must be a whole number from 1 to 500' }) limit?: string;
}

// Socket payloads: the HTTP bodies above plus the thread they are about.
export class SendMessageEventDto extends SendMessageDto {
  @IsUUID() threadId: string;
}

export class MarkReadEventDto extends MarkReadDto {
  @IsUUID() threadId: string;
}

export class SyncMessagesEventDto {
  @IsOptional() @IsString() @Matches(CURSOR, { message: `after ${CURSOR_MESSAGE}` }) after?: string;
  @IsOptional() @IsInt() @Min(1) @Max(500) limit?: number;
}

export class ClientPresenceEventDto {
  @IsUUID() clientId: string;
}

// Response schemas.
export class ThreadDto implements ThreadSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) organizationId: string;
  @ApiProperty({ enum: THREAD_KINDS }) kind: ThreadKind;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) clientId: string | null;
  @ApiProperty({ type: [String] }) memberUserIds: string[];
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ example: 2 }) unread: number;
}

export class FeedMessageDto implements FeedMessage {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty({ format: 'uuid' }) senderUserId: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty({ example: '42', description: "The recipient's replay cursor" }) cursor: string;
}

export class FeedPageDto {
  @ApiProperty({ type: [FeedMessageDto] }) messages: FeedMessageDto[];
  @ApiProperty({ example: '42', description: 'Ask again with after=this' }) cursor: string;
}

export class ReceiptDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) readAt: string | null;
}

export class ThreadMessageDto implements ThreadMessage {
  @ApiProperty({ format: 'uuid' }) threadId: string;
  @ApiProperty({ format: 'uuid' }) messageId: string;
  @ApiProperty() clientMessageId: string;
  @ApiProperty({ format: 'uuid' }) senderUserId: string;
  @ApiProperty() body: string;
  @ApiProperty({ format: 'date-time' }) sentAt: string;
  @ApiProperty({ example: '7', description: 'Position in the thread (page with after=)' }) seq: string;
  @ApiProperty({ type: [ReceiptDto] }) receipts: ReceiptDto[];
}

export class MarkedReadDto {
  @ApiProperty({ example: 3 }) read: number;
}

export class PresenceDto {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty() online: boolean;
}
