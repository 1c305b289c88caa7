import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Caseload, type CaseloadPage } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { CaseloadPageDto, CaseloadQueryDto } from './caseload.dto.js';

@ApiTags('caseload')
@ApiBearerAuth()
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly caseload: Caseload) {}

  @Get()
  @ApiOperation({
    summary: "The caller's clients: their own teams' (clinician, peer coach, case manager) or every client (supervisor, admin)",
    description: 'Each client returned is recorded on the audit trail.',
  })
  @ApiOkResponse({ type: CaseloadPageDto })
  @ApiProblems(400, 401, 403, 422)
  list(@CurrentActor() actor: Actor, @Query() query: CaseloadQueryDto): Promise<CaseloadPage> {
    return this.caseload.list(actor, query);
  }
}
