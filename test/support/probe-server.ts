/** The real server lifecycle plus the probe room, for tests that run a server process. */
import { defineRoom } from '@colyseus/core';
import { parseConfig } from '../../src/config.ts';
import { serve } from '../../src/lifecycle.ts';
import { createLogger } from '../../src/log.ts';
import { ProbeRoom } from './probe-room.ts';

const config = parseConfig(process.env);
await serve({ config, log: createLogger(config.logLevel), extraRooms: { probe: defineRoom(ProbeRoom) } });
