import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { StaffDirectory, type StaffListing } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { InviteStaffDto, StaffMemberDto, StaffQueryDto } from './staff.dto.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly directory: StaffDirectory) {}

  @Post()
  @ApiOperation({ summary: 'Invite a staff member (admin): account, staff record and invitation email' })
  @ApiCreatedResponse({ type: StaffMemberDto })
  @ApiProblems(400, 401, 403, 409, 422)
  invite(@CurrentActor() actor: Actor, @Body() dto: InviteStaffDto): Promise<StaffListing> {
    return this.directory.invite(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: "The organisation's staff (admin, supervisor)" })
  @ApiOkResponse({ type: [StaffMemberDto] })
  @ApiProblems(400, 401, 403)
  list(@CurrentActor() actor: Actor, @Query() query: StaffQueryDto): Promise<StaffListing[]> {
    return this.directory.list(actor, query);
  }
}
