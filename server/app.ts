// HTTP and Apollo wiring: express 5, /healthz, /readyz, and /graphql.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import cookieParser from 'cookie-parser';
import { pinoHttp } from 'pino-http';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { databaseReady } from './db.ts';
import { buildSchema } from '../graphql/schema.ts';
import { buildContext, type GraphQLContext } from '../graphql/context.ts';
import { makeFormatError, unavailableStatusPlugin } from '../graphql/errors.ts';
import { costLimitPlugin, limitErrorBody, QueryLimitError, queryLimitRules, requestLimits } from '../graphql/query-limits.ts';
import { clientGoneSignal } from '../graphql/request-abort.ts';
import { agreementDocumentRoute } from './http/agreement-document.ts';
import { calendarFeedRoute } from './http/calendar-feed.ts';
import { practitionerImportRouter } from './http/practitioner-import.ts';
import { rechargesRoute } from './http/recharges.ts';
import { exportsRouter } from './http/exports.ts';
import { createWebRouter } from './web/index.ts';
import { clientAddress, loginLimits } from './auth/login-limits.ts';

export interface Service {
  httpServer: http.Server;
  /** Resolves with the bound URL once listening. */
  listen(): Promise<string>;
  /** Stop accepting, finish in-flight requests, then resolve. */
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

export async function createService(config: Config, logger: Logger): Promise<Service> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.TRUST_PROXY);
  const httpServer = http.createServer(app);

  app.use(
    pinoHttp({
      logger,
      // Honour a caller's request id when it is sane, so logs join up across services.
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      // Keep request logs short: no headers (they may carry tokens).
      serializers: {
        // A calendar feed's URL is its secret: never log it.
        req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/^\/calendar\/[^/?#]+/, '/calendar/[secret]') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    }),
  );

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const ready = await databaseReady();
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'database unavailable' });
  });

  // cookie-parser: a signed-in browser may open the document with its session cookie.
  app.get('/agreements/:id/:file', cookieParser(), agreementDocumentRoute(config));
  app.get('/pools/:poolId/:file', cookieParser(), rechargesRoute(config));
  app.get('/calendar/:file', calendarFeedRoute());
  app.use(practitionerImportRouter(config));
  app.use(exportsRouter(config));

  const production = config.NODE_ENV === 'production';
  // One count of sign-in attempts for the API and the pages.
  const limits = loginLimits(config);
  const apollo = new ApolloServer<GraphQLContext>({
    schema: buildSchema(),
    introspection: config.GRAPHQL_INTROSPECTION,
    // Like introspection, "Did you mean ...?" suggestions describe the schema: off in production
    // (Apollo's own plugin for validation errors, formatError for every other message).
    hideSchemaDetailsFromClientErrors: production,
    formatError: makeFormatError(logger, { hideSuggestions: production }),
    includeStacktraceInErrorResponses: false,
    // Depth and alias limits run with graphql-js's validation, the cost limit once the
    // operation is known; the batch length is checked before (requestLimits below).
    validationRules: queryLimitRules(config),
    allowBatchedHttpRequests: true,
    // Shutdown is ours (server/main.ts): Apollo re-raising the signal would kill the
    // process before the database and embedded FerretDB are closed.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: config.SHUTDOWN_TIMEOUT_MS }), costLimitPlugin(config), unavailableStatusPlugin()],
  });
  await apollo.start();

  app.use(
    '/graphql',
    express.json({ limit: config.GRAPHQL_MAX_BODY_BYTES }),
    requestLimits(config),
    expressMiddleware(apollo, {
      context: async ({ req, res }) =>
        buildContext(String(req.id), req.log, config, req.headers.authorization, clientGoneSignal(req, res, req.log), { address: clientAddress(req), loginLimits: limits }),
    }),
  );

  // The web pages (server/web), at every path not served above.
  app.use('/', createWebRouter(apollo, config, limits));

  // Errors outside GraphQL execution (e.g. a body that is not JSON): a short
  // JSON answer in the GraphQL error shape, never express's HTML stack page.
  app.use((err: { status?: number; type?: string; message?: string }, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (err.type === 'entity.too.large') {
      const limit = config.GRAPHQL_MAX_BODY_BYTES;
      req.log.info({ code: 'PAYLOAD_TOO_LARGE', limit }, 'request refused by a query limit');
      res.status(413).json(limitErrorBody(new QueryLimitError('PAYLOAD_TOO_LARGE', limit, `The request body is larger than ${limit} bytes, the limit (GRAPHQL_MAX_BODY_BYTES)`, 413)));
      return;
    }
    const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
    if (status === 500) req.log.error({ err }, 'unhandled HTTP error');
    const message = err.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : status === 500 ? 'Internal server error' : (err.message ?? 'Bad request');
    res.status(status).json({ errors: [{ message, extensions: { code: status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST' } }] });
  });

  return {
    httpServer,
    listen: () =>
      new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(config.PORT, config.HOST, () => {
          const addr = httpServer.address();
          const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
          const host = config.HOST === '0.0.0.0' || config.HOST === '127.0.0.1' ? 'localhost' : config.HOST;
          resolve(`http://${host}:${port}`);
        });
      }),
    stop: () => apollo.stop(),
  };
}
