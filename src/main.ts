/**
 * `npm start`: parse the configuration (a bad value stops here with one line), then serve
 * until SIGTERM or SIGINT.
 */
import { ConfigError, parseConfig, type Config } from './config.ts';
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
await serve({ config, log: createLogger(config.logLevel) });
