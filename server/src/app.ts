import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger, type LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response, json, urlencoded } from 'express';
import { DataSource } from 'typeorm';
import { LIMITS } from '@peel/shared';
import { AppModule } from './app.module';
import { installSessions } from './auth/http-session';
import { type PeelConfig } from './common/config/config';
import { type DatabaseInfo } from './common/db/database.tokens';
import { guardPoolErrors } from './common/db/pool-errors';
import { type GracefulShutdown } from './common/http/graceful-shutdown';
import { securityHeaders } from './common/http/security-headers';
import { JsonLogger } from './common/logging/json-logger';
import { requestLogging } from './common/logging/request-logging';
import { Metrics } from './common/metrics/metrics';
import { IMAGE_ROUTE } from './dataset/images/image-urls';

/** The built client (`npm run build`), served on the same port as the API. */
export function clientDist(): string | undefined {
  try {
    return path.join(path.dirname(require.resolve('@peel/client/package.json')), 'dist');
  } catch {
    return undefined;
  }
}

export interface CreateAppOptions {
  /**
   * Nest's logger and the request log: a JsonLogger is used for both; false silences both (tests);
   * unset, a JSON logger at LOG_LEVEL.
   */
  logger?: LoggerService | false;
  /** Installed first when given (main.ts): draining on SIGTERM. */
  shutdown?: GracefulShutdown;
  /** The built client to serve (default: `clientDist()`); tests point it at a folder of theirs. */
  clientDir?: string;
}

/** The configured Nest application, not yet listening: shared by `main.ts` and the API tests. */
export async function createApp(
  config: PeelConfig,
  database: DatabaseInfo,
  options: CreateAppOptions = {},
): Promise<NestExpressApplication> {
  const jsonLogger =
    options.logger instanceof JsonLogger
      ? options.logger
      : new JsonLogger(options.logger === false ? 'silent' : config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.register(config, database),
    {
      bodyParser: false,
      logger: options.logger === false ? false : (options.logger ?? jsonLogger),
    },
  );
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // API answers are live data that no client revalidates: no hash of every JSON body for an ETag
  // (static files keep theirs, from serve-static).
  app.set('etag', false);
  app.use(requestLogging(jsonLogger, app.get(Metrics)));
  if (options.shutdown) app.use(options.shutdown.middleware);
  app.use(securityHeaders(config));
  app.use(
    json({ limit: LIMITS.jsonBodyMaxBytes }),
    urlencoded({ extended: false, limit: LIMITS.formBodyMaxBytes }),
  );
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  guardPoolErrors(app.get(DataSource), new Logger('Database'));
  await installSessions(app, app.get(DataSource), config);
  if (config.imageDir) {
    app.useStaticAssets(config.imageDir, {
      prefix: IMAGE_ROUTE,
      maxAge: '7d',
      immutable: true,
      index: false,
    });
  }
  serveClient(app, options.clientDir ?? clientDist());
  setupOpenApi(app);
  return app;
}

function setupOpenApi(app: NestExpressApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Peel API')
      .setDescription('Human preference annotation for text-guided image-editing datasets')
      .setVersion('0.1.0')
      .addCookieAuth('peel.sid')
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Static client files, and index.html for any other GET that is not the API or an image. */
function serveClient(app: NestExpressApplication, dist: string | undefined): void {
  const index = dist && path.join(dist, 'index.html');
  if (!dist || !index || !fs.existsSync(index)) return;
  app.useStaticAssets(dist, { index: false, maxAge: '1h' });
  app.use((request: Request, response: Response, next: NextFunction) => {
    const apiOrImage =
      request.path.startsWith('/api/') ||
      request.path === '/api' ||
      request.path === '/metrics' ||
      request.path.startsWith(`${IMAGE_ROUTE}/`);
    if (request.method !== 'GET' || apiOrImage) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.sendFile(index);
  });
}
