/**
 * Running a server process: start it (a failure to start exits 1 with the reason), then shut it
 * down gracefully on SIGTERM or SIGINT, bounded by SHUTDOWN_TIMEOUT: exit 0 when every room has
 * finished and every connection is closed, exit 1 when the time runs out first.
 */
import { DirLockedError } from './db/dir-lock.ts';
import { createApp, type App, type AppOptions } from './server.ts';

export async function serve(options: AppOptions): Promise<App> {
  const { config, log } = options;
  let app: App;
  try {
    app = await createApp(options);
    await app.listen();
  } catch (error) {
    if (error instanceof DirLockedError) process.stderr.write(`cannot start: ${error.message}\n`);
    else log.fatal({ err: error }, 'cannot start');
    process.exit(1);
  }

  log.info({
    port: config.port,
    host: config.host ?? 'all interfaces',
    database: app.runtime.db.description,
    presence: config.redisUrl ? 'redis' : 'local',
    publicAddress: config.publicAddress,
  }, 'listening');

  let stopping = false;
  const stop = (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason, timeoutMs: config.shutdownTimeoutMs }, 'stopping');
    setTimeout(() => {
      log.error({ timeoutMs: config.shutdownTimeoutMs }, 'shutdown timed out: exiting with rooms still open');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    app.shutdown().then(
      () => process.exit(exitCode),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };

  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception: shutting down');
    stop('uncaught exception', 1);
  });
  process.on('unhandledRejection', (reason) => {
    // One failed promise is one failed operation: log it, keep every other game running.
    log.error({ err: reason }, 'unhandled promise rejection');
  });
  return app;
}
