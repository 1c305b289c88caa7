import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, HealthIndicatorService } from '@nestjs/terminus';
import { Public } from '@attune/identity';
import { RedisConnection } from '@attune/platform';

class LivenessSchema {
  @ApiProperty({ example: 'ok' }) status: string;
}

/** Liveness says the process answers; readiness says PostgreSQL and Redis answer too. */
@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisConnection,
  ) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness' })
  @ApiOkResponse({ type: LivenessSchema })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer' })
  @ApiOkResponse({ description: 'PostgreSQL and Redis answer (terminus health-check result)' })
  @ApiServiceUnavailableResponse({ description: 'PostgreSQL or Redis does not answer' })
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        // Commands wait for a reconnect by design (jobs must not fail on a blip): readiness must not.
        return (await answersWithin(this.redis.client.ping(), 1000)) ? indicator.up() : indicator.down();
      },
    ]);
  }
}

async function answersWithin(command: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const answered = command.then(() => true, () => false);
  const result = await Promise.race([answered, timeout]);
  clearTimeout(timer);
  return result;
}
