import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurriculumTemplates, type TemplateDocument, type TemplateVersionDetail, type TemplateVersionView } from '@attune/curriculum';
import { CurrentActor, type Actor } from '@attune/identity';
import { ApiProblems } from '../common/problem.schema.js';
import { ARRAY, OBJECT, TemplateVersionQueryDto } from './curriculum.dto.js';

const DOCUMENT_BODY = {
  description: 'A curriculum document: { name, description, phases: [{ key, title, fromWeek, toWeek, summary }], modules: [{ week, title, goals: [..], activities: [{ key, kind: reading|reflection|practice|meeting, title, instructions }], teamGuide: { leadRole: clinician|peer_coach|case_manager, notes } }] }. 422 names the path of each bad field (modules[3].activities[0].kind).',
  schema: OBJECT,
};

@ApiTags('curriculum')
@ApiBearerAuth()
@Controller('curriculum/templates')
export class CurriculumTemplatesController {
  constructor(private readonly templates: CurriculumTemplates) {}

  @Get()
  @ApiOperation({ summary: "The organisation's curriculum templates, latest version of each (staff). The shipped default is loaded on first use." })
  @ApiOkResponse({ schema: ARRAY })
  @ApiProblems(401, 403)
  list(@CurrentActor() actor: Actor): Promise<TemplateVersionView[]> {
    return this.templates.list(actor);
  }

  @Post()
  @ApiOperation({ summary: 'Import a template from its JSON document (admin): version 1 of a new template' })
  @ApiBody(DOCUMENT_BODY)
  @ApiCreatedResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 422)
  import(@CurrentActor() actor: Actor, @Body() body: Record<string, unknown>): Promise<TemplateVersionDetail> {
    return this.templates.import(actor, body);
  }

  @Get(':templateId')
  @ApiOperation({ summary: 'One template version with its document (latest unless ?version=)' })
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 404)
  get(@CurrentActor() actor: Actor, @Param('templateId') templateId: string, @Query() query: TemplateVersionQueryDto): Promise<TemplateVersionDetail> {
    return this.templates.get(actor, templateId, query.version);
  }

  @Put(':templateId')
  @ApiOperation({ summary: 'Edit a template (admin): writes the next version; clients enrolled on earlier versions keep theirs' })
  @ApiBody(DOCUMENT_BODY)
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 404, 422)
  edit(@CurrentActor() actor: Actor, @Param('templateId') templateId: string, @Body() body: Record<string, unknown>): Promise<TemplateVersionDetail> {
    return this.templates.edit(actor, templateId, body);
  }

  @Get(':templateId/export')
  @ApiOperation({ summary: "Export a version's JSON document (imports back to the same document)" })
  @ApiOkResponse({ schema: OBJECT })
  @ApiProblems(400, 401, 403, 404)
  async export(@CurrentActor() actor: Actor, @Param('templateId') templateId: string, @Query() query: TemplateVersionQueryDto): Promise<TemplateDocument> {
    return (await this.templates.get(actor, templateId, query.version)).document;
  }
}
