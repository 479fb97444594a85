/**
 * Finished games and drafts the database could not take when they ended: kept in the spool
 * (db/spool.ts) and written here, by the same idempotent service that would have written them,
 * at the next start and every half minute after while any is left. A record written twice is
 * stored once, so it does not matter which process, or how many times, writes it.
 */
import type { Logger } from '../log.ts';
import type { Orm } from '../db/orm.ts';
import type { Spool } from '../db/spool.ts';
import { recordBackgammonMatch, type FinishedBackgammonMatch } from './backgammon-matches.ts';
import { recordChessGame, type FinishedChessGame } from './chess-games.ts';
import { recordDraft, type FinishedDraft } from './drafts.ts';

const WRITERS = {
  chess: (orm: Orm, record: unknown) => recordChessGame({ orm, game: record as FinishedChessGame }),
  backgammon: (orm: Orm, record: unknown) => recordBackgammonMatch({ orm, match: record as FinishedBackgammonMatch }),
  draft: (orm: Orm, record: unknown) => recordDraft({ orm, draft: record as FinishedDraft }),
} as const;

export type RecordKind = keyof typeof WRITERS;

/** Writes every spooled record the database takes now; returns how many were written and how many are left. */
export async function writeSpooledRecords({ orm, spool, log }: { orm: Orm; spool: Spool; log: Logger }): Promise<{ written: number; left: number }> {
  let written = 0;
  let left = 0;
  for (const entry of await spool.entries()) {
    if ('error' in entry) {
      log.error({ err: entry.error, file: entry.file, dir: spool.dir }, 'a spooled record cannot be read; it is left in place');
      left += 1;
      continue;
    }
    const write = Object.hasOwn(WRITERS, entry.kind) ? WRITERS[entry.kind as RecordKind] : undefined;
    if (!write) {
      log.error({ kind: entry.kind, id: entry.id, dir: spool.dir }, 'a spooled record of an unknown kind; it is left in place');
      left += 1;
      continue;
    }
    try {
      await write(orm, entry.record);
      await spool.remove(entry.kind, entry.id);
      written += 1;
      log.info({ kind: entry.kind, id: entry.id }, 'spooled record written');
    } catch (error) {
      left += 1;
      log.warn({ err: error, kind: entry.kind, id: entry.id }, 'a spooled record could not be written yet');
    }
  }
  return { written, left };
}

/**
 * Writes the spool now and then every `retryMs` while records are left, until `stop()`. Runs
 * beside the server: nothing waits for it.
 */
export function drainSpool({ orm, spool, log, retryMs = 30_000 }: { orm: Orm; spool: Spool; log: Logger; retryMs?: number }): { stop(): void; idle(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = () => {
    running = writeSpooledRecords({ orm, spool, log }).then(({ left }) => {
      if (left > 0 && !stopped) timer = setTimeout(round, retryMs).unref();
    }, (error: unknown) => {
      log.error({ err: error, dir: spool.dir }, 'the spool could not be read');
    });
  };
  round();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    idle: () => running,
  };
}
