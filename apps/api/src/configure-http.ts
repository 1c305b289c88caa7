import helmet from '@fastify/helmet';
import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { randomUUID } from 'node:crypto';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppConfig, ProblemFilter, RequestContext, attuneValidationPipe, logRequestWhenClosed } from '@attune/platform';
import { lazySchemaCompilers } from './common/lazy-schema-compilers.js';
import { AttuneIoAdapter } from './realtime/attune-io-adapter.js';
import { mountQueueDashboard } from './reminders/queue-dashboard.js';

export const API_PREFIX = 'api/v1';
const ONE_MEGABYTE = 1024 * 1024;

/** Creates the HTTP application around a root module: Fastify, security headers, errors, OpenAPI. */
export async function createHttpApplication(rootModule: DynamicModule, config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: ONE_MEGABYTE,
    genReqId: () => randomUUID(),
    trustProxy: config.trustProxy,
    schemaController: { compilersFactory: lazySchemaCompilers },
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  await app.register(helmet, { contentSecurityPolicy: false }); // the Swagger UI needs inline scripts
  if (config.corsOrigins.length > 0) app.enableCors({ origin: config.corsOrigins });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, _reply, done) => {
    RequestContext.run({ requestId: String(request.id) }, done);
  });
  // The request log, one line per request (no pino-http middleware: see loggerParams).
  const requestLog = PinoLogger.root;
  fastify.addHook('onRequest', (request, reply, done) => {
    logRequestWhenClosed(requestLog, request, reply);
    done();
  });
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'ready', method: RequestMethod.GET },
      // Join links go out by SMS: the shortest path, outside the API.
      { path: 'j/:token', method: RequestMethod.GET },
      { path: 'j/:token', method: RequestMethod.POST },
      { path: 'calendar/:file', method: RequestMethod.GET },
    ],
  });
  app.useWebSocketAdapter(new AttuneIoAdapter(app, config));
  app.useGlobalPipes(attuneValidationPipe());
  app.useGlobalFilters(new ProblemFilter());
  // Built on the first request for the docs, not at boot: most nodes never serve them, and the document
  // (every route and schema) would otherwise sit in each node's heap.
  const document = () =>
    SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle('Attune API')
        .setDescription('Care teams, clients and their year of recovery. Errors are RFC 9457 problem details.')
        .setVersion('1')
        .addBearerAuth()
        .build(),
    );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', swaggerUiEnabled: config.apiDocsUi });
  if (config.queueDashboard) await mountQueueDashboard(app);
  return app;
}
