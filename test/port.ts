/**
 * Loaded by mocha before anything else: the test server's port. `TEST_PORT` chooses one (the run
 * fails at once, naming it, if it is taken); without it a free port is picked, so a run never
 * collides with a server or another run on the same machine.
 */
import { freePort } from './support/processes.ts';

process.env.TEST_PORT ??= String(await freePort());
