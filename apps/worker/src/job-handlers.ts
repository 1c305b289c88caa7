import { DeliverMessageHandler } from './messages/deliver-message.handler.js';
import { DeliverReminderHandler } from './reminders/deliver-reminder.handler.js';
import { EscalateAlertHandler } from './reminders/escalate-alert.handler.js';

/** Every @HandlesJob provider of the worker. JobRunner refuses to boot unless each job has exactly one. */
export const JOB_HANDLERS = [DeliverMessageHandler, DeliverReminderHandler, EscalateAlertHandler];
