import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessPolicy } from '@attune/care';
import { CurrentActor, type Actor } from '@attune/identity';
import { AppConfig } from '@attune/platform';
import { ApiProblems } from '../common/problem.schema.js';
import { QUEUE_DASHBOARD_COOKIE, QUEUE_DASHBOARD_PATH } from './queue-dashboard.js';

@ApiTags('reminders')
@ApiBearerAuth()
@Controller('admin/queue-dashboard')
export class QueueDashboardController {
  constructor(
    private readonly policy: AccessPolicy,
    private readonly config: AppConfig,
  ) {}

  @Post('session')
  @HttpCode(204)
  @ApiOperation({
    summary: `Open the queue dashboard (admins): sets an HttpOnly cookie for ${QUEUE_DASHBOARD_PATH} holding this access token, then open that page`,
  })
  @ApiNoContentResponse({ description: 'Cookie set; it lasts as long as the access token' })
  @ApiProblems(401, 403)
  async open(@CurrentActor() actor: Actor, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.policy.requireOrganization(actor, 'organization:manage');
    // The guard verified this very header; its token is the admin's, with its own expiry.
    const token = (request.headers.authorization ?? '').split(' ')[1];
    const secure = this.config.publicUrl.startsWith('https:') ? '; Secure' : '';
    void reply.header(
      'set-cookie',
      `${QUEUE_DASHBOARD_COOKIE}=${token}; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict; Max-Age=${this.config.durations.accessTokenTtl}${secure}`,
    );
  }
}
