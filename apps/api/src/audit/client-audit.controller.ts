import { Controller, Get, Param, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { ClientAuditLog } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { auditCsv } from './audit-csv.js';
import { AuditEventPageDto, AuditEventQueryDto } from './audit-event.dto.js';

const DEFAULT_LIMIT = 50;

/** A client's audit trail, for admins and supervisors (`audit:read`). Reading it is itself audited. */
@ApiTags('audit')
@ApiBearerAuth()
@ApiParam({ name: 'clientId', format: 'uuid' })
@Controller('clients/:clientId')
export class ClientAuditController {
  constructor(private readonly auditLog: ClientAuditLog) {}

  @Get('audit-events')
  @ApiOperation({ summary: "A client's audit events, newest first (keyset pages)" })
  @ApiOkResponse({ type: AuditEventPageDto })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.auditLog.page(actor, clientId, query.limit ?? DEFAULT_LIMIT, query.cursor);
  }

  @Get('audit-events.csv')
  @ApiOperation({ summary: "A client's whole audit trail as a CSV download, newest first" })
  @ApiOkResponse({
    description: 'CSV with a header row: id, at, actor_user_id, actor_role, action, capability, outcome, basis, request_id, reason',
    content: { 'text/csv': { schema: { type: 'string' } } },
  })
  @ApiProblems(401, 403, 404)
  async csv(@CurrentActor() actor: Actor, @Param('clientId') clientId: string): Promise<StreamableFile> {
    const events = await this.auditLog.export(actor, clientId);
    return new StreamableFile(auditCsv(events), {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="audit-events-${clientId}.csv"`,
    });
  }
}
