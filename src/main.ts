/**
 * `npm start`: parse the configuration (a bad value stops here with one line), restart with the
 * garbage collector the process's cores call for (cpu-budget.ts), then serve until SIGTERM or
 * SIGINT.
 */
import { ConfigError, parseConfig, type Config } from './config.ts';
import { restartForCpuBudget } from './cpu-budget.ts';
import { serve } from './lifecycle.ts';
import { createLogger } from './log.ts';

function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
restartForCpuBudget(config.singleThreadedGc);
await serve({ config, log: createLogger(config.logLevel) });
