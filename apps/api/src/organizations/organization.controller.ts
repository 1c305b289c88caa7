import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { OrganizationSettings, type OrganizationView } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ChangeOrganizationDto, OrganizationDto } from './organization.dto.js';

@ApiTags('organization')
@ApiBearerAuth()
@Controller('organization')
export class OrganizationController {
  constructor(private readonly settings: OrganizationSettings) {}

  @Get()
  @ApiOperation({ summary: "The signed-in staff member's organisation" })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(401, 403)
  view(@CurrentActor() actor: Actor): Promise<OrganizationView> {
    return this.settings.view(actor);
  }

  @Patch()
  @ApiOperation({ summary: 'Change the organisation (admin): name, require MFA for staff' })
  @ApiOkResponse({ type: OrganizationDto })
  @ApiProblems(400, 401, 403, 422)
  change(@CurrentActor() actor: Actor, @Body() dto: ChangeOrganizationDto): Promise<OrganizationView> {
    return this.settings.change(actor, dto);
  }
}
