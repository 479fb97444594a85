import assert from 'node:assert/strict';
import { parseConfig, ConfigError, CONFIG_VARIABLES } from '../src/config.ts';
import { readFileSync } from 'node:fs';
import { startServer } from './support/processes.ts';

describe('config', () => {
  it('runs on a laptop with nothing set: port 2567, embedded PGlite under ./data, local presence', () => {
    const config = parseConfig({});
    assert.equal(config.port, 2567);
    assert.equal(config.database.kind, 'pglite');
    assert.match(config.database.kind === 'pglite' ? config.database.dataDir : '', /data\/pglite$/);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.jwtSecret, undefined);
    assert.equal(config.logLevel, 'info');
    assert.equal(config.corsOrigins, '*');
    assert.equal(config.accountLimit, 10);
    assert.equal(config.joinLimit, 30);
  });

  it('reads every setting from the environment', () => {
    const config = parseConfig({
      PORT: '3000', HOST: '127.0.0.1', DATABASE_URL: 'postgres://game@db:5432/game',
      REDIS_URL: 'redis://cache:6379', PUBLIC_ADDRESS: 'eu1.example.com/2568',
      JWT_SECRET: 'x'.repeat(40), JWT_TTL: '12h', LOG_LEVEL: 'debug',
      ADMIN_USERNAMES: 'Alice, bob', CORS_ORIGINS: 'https://play.example.com,http://localhost:5173',
      TRUST_PROXY: '1', BODY_LIMIT: '32kb', ACCOUNT_LIMIT: '25', JOIN_LIMIT: '40', SHUTDOWN_TIMEOUT: '45s', MAX_SPECTATORS: '12',
      JOURNAL: 'off', JOURNAL_DELAY: '5ms', NODE_NAME: 'game-1.eu:2567', LEASE_TTL: '1m',
    });
    assert.equal(config.port, 3000);
    assert.equal(config.host, '127.0.0.1');
    assert.deepEqual(config.database, { kind: 'postgres', url: 'postgres://game@db:5432/game' });
    assert.equal(config.redisUrl, 'redis://cache:6379');
    assert.equal(config.publicAddress, 'eu1.example.com/2568');
    assert.equal(config.jwtTtlSeconds, 12 * 3600);
    assert.deepEqual([...config.adminUsernames], ['alice', 'bob']);
    assert.deepEqual(config.corsOrigins, ['https://play.example.com', 'http://localhost:5173']);
    assert.equal(config.trustProxy, 1);
    assert.equal(config.bodyLimitBytes, 32 * 1024);
    assert.equal(config.accountLimit, 25);
    assert.equal(config.joinLimit, 40);
    assert.equal(config.shutdownTimeoutMs, 45_000);
    assert.equal(config.maxSpectators, 12);
    assert.deepEqual([config.journal, config.journalDelayMs, config.nodeName, config.leaseTtlMs], [false, 5, 'game-1.eu:2567', 60_000]);
  });

  it('takes memory:// as a throwaway in-memory database', () => {
    assert.deepEqual(parseConfig({ DATABASE_URL: 'memory://' }).database, { kind: 'pglite-memory' });
  });

  it('treats an empty value as unset', () => {
    assert.equal(parseConfig({ REDIS_URL: '', PORT: ' ' }).redisUrl, undefined);
  });

  const refusals: Array<[string, Record<string, string>, RegExp]> = [
    ['a port that is not a number', { PORT: 'eighty' }, /^invalid configuration: PORT must be an integer \(got "eighty"\)$/],
    ['a port out of range', { PORT: '70000' }, /PORT must be between 0 and 65535/],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent \(got "loud"\)/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://root@db/game' }, /DATABASE_URL must be postgres:/],
    ['a Redis URL without scheme', { REDIS_URL: 'cache:6379' }, /REDIS_URL must be redis:\/\/host:port/],
    ['a short JWT secret', { JWT_SECRET: 'short' }, /JWT_SECRET must be at least 32 characters/],
    ['no JWT secret in production', { NODE_ENV: 'production' }, /JWT_SECRET is required when NODE_ENV=production/],
    ['an origin with a path', { CORS_ORIGINS: 'https://a.example.com/app' }, /CORS_ORIGINS each origin must be scheme/],
    ['a public address with a scheme', { PUBLIC_ADDRESS: 'https://game.example.com' }, /PUBLIC_ADDRESS must be host/],
    ['a duration without meaning', { SHUTDOWN_TIMEOUT: 'soon' }, /SHUTDOWN_TIMEOUT must be a positive duration/],
    ['an account limit of 0', { ACCOUNT_LIMIT: '0' }, /ACCOUNT_LIMIT must be at least 1/],
    ['an account limit that is not a number', { ACCOUNT_LIMIT: 'lots' }, /ACCOUNT_LIMIT must be a whole number \(got "lots"\)/],
    ['a join limit of 0', { JOIN_LIMIT: '0' }, /JOIN_LIMIT must be at least 1/],
    ['a journal neither on nor off', { JOURNAL: 'maybe' }, /JOURNAL must be one of on, off \(got "maybe"\)/],
    ['a journal delay of 0', { JOURNAL_DELAY: '0' }, /JOURNAL_DELAY must be a positive duration/],
    ['a node name with a slash', { NODE_NAME: '../etc' }, /NODE_NAME must be 1 to 64 letters, digits or _ \. : -/],
    ['a lease without meaning', { LEASE_TTL: 'forever' }, /LEASE_TTL must be a positive duration/],
  ];
  for (const [what, env, message] of refusals) {
    it(`refuses ${what}, naming the variable`, () => {
      assert.throws(() => parseConfig(env), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, message);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      });
    });
  }

  it('never echoes a secret back in an error', () => {
    assert.throws(() => parseConfig({ DATABASE_URL: 'mysql://root:hunter2@db/game' }),
      (error: Error) => !error.message.includes('hunter2'));
  });

  it('lists every variable it reads in .env.example', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const name of CONFIG_VARIABLES) assert.match(example, new RegExp(`^#? ?${name}=`, 'm'), name);
  });

  it('stops the real process with one line on stderr and exit code 1', async () => {
    const server = startServer({ PORT: 'eighty', LOG_LEVEL: 'bogus' });
    const exit = await server.exited;
    assert.equal(exit.code, 1);
    assert.equal(exit.stdout, '');
    assert.equal(exit.stderr.trimEnd().split('\n').length, 1);
    assert.match(exit.stderr, /PORT must be an integer .*; LOG_LEVEL must be one of/);
  });
});
