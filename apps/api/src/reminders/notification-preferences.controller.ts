import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, type Actor } from '@attune/identity';
import { NotificationPreferences, type NotificationPreferencesView } from '@attune/notifications';
import { ApiProblems } from '../common/problem.schema.js';
import { NotificationPreferencesDto, SetNotificationPreferencesDto } from './reminders.dto.js';

/** Each person's own choices; nobody reads or sets another's. */
@ApiTags('reminders')
@ApiBearerAuth()
@Controller('me/notification-preferences')
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferences) {}

  @Get()
  @ApiOperation({ summary: 'My channels per reminder kind, opt-outs and quiet hours' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(401)
  get(@CurrentActor() actor: Actor): Promise<NotificationPreferencesView> {
    return this.preferences.get(actor.userId);
  }

  @Put()
  @ApiOperation({ summary: 'Change my channels per kind, opt-outs and quiet hours (in my zone). Safety escalations ignore quiet hours.' })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  @ApiProblems(400, 401)
  set(@CurrentActor() actor: Actor, @Body() dto: SetNotificationPreferencesDto): Promise<NotificationPreferencesView> {
    return this.preferences.set(actor.userId, dto);
  }
}
