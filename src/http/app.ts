/** The REST API on the game server's own port: middleware, routes, errors. */
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
    customLogLevel: (_req, res, error) => error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'debug',
    autoLogging: { ignore: (req) => req.url === '/health' || req.url === '/metrics' },
  }));
  app.use(express.json({ limit: rt.config.bodyLimitBytes }));
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
