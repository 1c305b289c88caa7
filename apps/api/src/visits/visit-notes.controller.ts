import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { VisitNotes, type VisitNote } from '@attune/scheduling';
import { ApiProblems } from '../common/problem.schema.js';
import { NoteTextDto, VisitNoteDto, WriteVisitNoteDto } from './visit-note.dto.js';

@ApiTags('visit notes')
@ApiBearerAuth()
@Controller('clients/:clientId')
export class VisitNotesController {
  constructor(private readonly notes: VisitNotes) {}

  @Post('visits/:visitId/notes')
  @ApiOperation({ summary: 'Write your note of a visit you attended (visit-notes:write; counselling notes: clinicians)' })
  @ApiCreatedResponse({ type: VisitNoteDto })
  @ApiProblems(400, 401, 403, 404, 409)
  write(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string, @Body() dto: WriteVisitNoteDto): Promise<VisitNote> {
    return this.notes.write(actor, clientId, visitId, dto);
  }

  @Get('visits/:visitId/notes')
  @ApiOperation({ summary: "A visit's notes (clinical:read); counselling notes only for their author and the author's supervisor" })
  @ApiOkResponse({ type: [VisitNoteDto] })
  @ApiProblems(401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('visitId') visitId: string): Promise<VisitNote[]> {
    return this.notes.list(actor, clientId, visitId);
  }

  @Get('visit-notes/:noteId')
  @ApiOperation({ summary: 'One note with its addenda' })
  @ApiOkResponse({ type: VisitNoteDto })
  @ApiProblems(401, 403, 404)
  read(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('noteId') noteId: string): Promise<VisitNote> {
    return this.notes.read(actor, clientId, noteId);
  }

  @Patch('visit-notes/:noteId')
  @ApiOperation({ summary: 'Edit your draft; a signed note is locked (409)' })
  @ApiOkResponse({ type: VisitNoteDto })
  @ApiProblems(400, 401, 403, 404, 409)
  edit(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('noteId') noteId: string, @Body() dto: NoteTextDto): Promise<VisitNote> {
    return this.notes.edit(actor, clientId, noteId, dto.body);
  }

  @Post('visit-notes/:noteId/sign')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign your note: it is locked from then on' })
  @ApiOkResponse({ type: VisitNoteDto })
  @ApiProblems(401, 403, 404, 409)
  sign(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('noteId') noteId: string): Promise<VisitNote> {
    return this.notes.sign(actor, clientId, noteId);
  }

  @Post('visit-notes/:noteId/addenda')
  @ApiOperation({ summary: 'Add a correction to your signed note' })
  @ApiCreatedResponse({ type: VisitNoteDto })
  @ApiProblems(400, 401, 403, 404, 409)
  addendum(@CurrentActor() actor: Actor, @Param('clientId') clientId: string, @Param('noteId') noteId: string, @Body() dto: NoteTextDto): Promise<VisitNote> {
    return this.notes.addAddendum(actor, clientId, noteId, dto.body);
  }
}
