/**
 * The REST API on the game server's own port: middleware, routes, errors.
 *
 * Request bodies are JSON, uncompressed (a `Content-Encoding` other than identity is 415: game
 * bodies are small, and inflating one is work and a decompression-bomb surface for nothing),
 * at most `BODY_LIMIT`, and plain data.
 *
 * Request logs: a genuine server fault (500) is an error, logged with its stack where it
 * happened (errors.ts); everything a client or the circumstances cause (4xx, a 503 from
 * `/ready` or from an unreachable database) is at most a warning, with no stack.
 */
import express, { type Application } from 'express';
import { pinoHttp } from 'pino-http';
import type { Runtime } from '../runtime.ts';
import { authRoutes } from './auth-routes.ts';
import { draftRoutes } from './draft-routes.ts';
import { errorHandler, notFound } from './errors.ts';
import { gameRoutes } from './game-routes.ts';
import { healthRoutes } from './health-routes.ts';
import { leagueRoutes } from './league-routes.ts';
import { metricsRoutes, type Metrics } from './metrics.ts';
import { plainBody } from './plain-body.ts';
import { playerRoutes } from './player-routes.ts';

export function mountHttp(app: Application, rt: Runtime, metrics: Metrics): void {
  app.disable('x-powered-by');
  app.set('trust proxy', rt.config.trustProxy);
  app.use(pinoHttp({
    logger: rt.log.child({ component: 'http' }),
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => {
      if (error || (res.statusCode >= 500 && res.statusCode !== 503)) return 'error';
      return res.statusCode >= 400 ? 'warn' : 'debug';
    },
    // pino-http makes up an Error (with a stack) for any status >= 500 it logs; the real error,
    // if there was one, is logged where it was caught, so the made-up one is left out.
    customErrorObject: (_req, res, error, value) => {
      if (error.message !== `failed with status code ${res.statusCode}`) return value;
      const { err: _synthetic, ...rest } = value as Record<string, unknown>;
      return rest;
    },
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  }));
  app.use(express.json({ limit: rt.config.bodyLimitBytes, inflate: false }));
  app.use(plainBody);
  app.use(healthRoutes(rt));
  app.use(metricsRoutes(metrics));
  app.use(authRoutes(rt));
  app.use(gameRoutes(rt));
  app.use(playerRoutes(rt));
  app.use(leagueRoutes(rt));
  app.use(draftRoutes(rt));
  app.use(notFound);
  app.use(errorHandler(rt.log));
}
