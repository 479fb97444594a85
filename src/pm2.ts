/**
 * @colyseus/core loads @pm2/io when it starts, and @pm2/io, on loading, installs its own
 * uncaught-exception handler, wraps every HTTP request for metrics, samples the event loop and
 * opens an inspector session. Outside pm2 none of that has a reader, so it is shut down; under
 * pm2 it is kept, without the HTTP wrapping (this server has its own /metrics).
 */
import io from '@pm2/io';

export function quietPm2(): void {
  if (process.env.pm_id === undefined) {
    io.destroy();
    return;
  }
  io.init({ catchExceptions: false, profiling: false, metrics: { v8: true, eventLoop: true, runtime: true, network: false, http: false } });
}
