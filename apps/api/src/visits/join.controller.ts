import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '@attune/identity';
import { Problem } from '@attune/platform';
import { JoinDesk } from '@attune/scheduling';
import { ApiProblems } from '../common/problem.schema.js';
import { joinPage } from './join-page.html.js';

/** /j/<token>: the SMS-friendly join link. GET only shows; POST (the Join button) records attendance. */
@ApiTags('visits')
@Public()
@Controller('j')
export class JoinController {
  constructor(private readonly desk: JoinDesk) {}

  @Get(':token')
  @ApiOperation({ summary: 'The join page: when to come back, a Join button, or that the session ended or was cancelled. Records nothing.' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A small HTML page', schema: { type: 'string' } })
  @ApiProblems(404)
  async page(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return html(reply, accept, async () => joinPage(await this.desk.look(token)));
  }

  @Post(':token')
  @HttpCode(200)
  @ApiOperation({ summary: 'Join: records attendance (who, when) and redirects to the meeting; outside the window shows the page again' })
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'Checked in (no video room), or the page when the window is not open', schema: { type: 'string' } })
  @ApiResponse({ status: 303, description: 'To the meeting room' })
  @ApiProblems(404)
  async join(@Param('token') token: string, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    return html(reply, accept, async () => {
      const { view, meetingUrl } = await this.desk.join(token);
      if (meetingUrl) {
        void reply.code(303).header('location', meetingUrl);
        return '';
      }
      if (view.state !== 'open') void reply.code(409);
      return joinPage(view, { checkedIn: view.state === 'open' });
    });
  }
}

/** Pages for browsers; an unknown link is a 404 page, or problem details for a client that asks for JSON. */
async function html(reply: FastifyReply, accept: string | undefined, render: () => Promise<string>): Promise<string> {
  try {
    const page = await render();
    void reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8');
    return page;
  } catch (error) {
    if (!(error instanceof Problem) || error.getStatus() !== 404 || !accept?.includes('text/html')) throw error;
    void reply.code(404).header('cache-control', 'no-store').type('text/html; charset=utf-8');
    return joinPage(null);
  }
}
