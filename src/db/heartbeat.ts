/**
 * The process's heartbeat: every `everyMs` it writes the time (the rooms' clock) under its node
 * name in `node_heartbeat`, so that after a crash the games it ran are suspended at the last
 * moment it was known alive (src/games/suspension.ts), not at their last action: the player who
 * was thinking is charged the time up to the crash, and nobody the time after. One small prepared
 * statement a second; a beat the database does not take is skipped (the next one says as much).
 */
import type { Logger } from '../log.ts';
import type { RunStatement } from './native-statement.ts';

const BEAT = {
  name: 'node_heartbeat',
  text: `insert into node_heartbeat (node, alive_at) values ($1, $2::timestamptz)
  on conflict (node) do update set alive_at = excluded.alive_at`,
};

export class Heartbeat {
  readonly #run: RunStatement;
  readonly #node: string;
  readonly #now: () => number;
  readonly #everyMs: number;
  readonly #log: Logger;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;
  #failing = false;

  constructor({ run, node, now, everyMs = 1_000, log }: { run: RunStatement; node: string; now: () => number; everyMs?: number; log: Logger }) {
    this.#run = run;
    this.#node = node;
    this.#now = now;
    this.#everyMs = everyMs;
    this.#log = log;
  }

  /** Beats now and every `everyMs` until `stop`. */
  start(): void {
    if (this.#timer) return;
    void this.beat();
    this.#timer = setInterval(() => void this.beat(), this.#everyMs);
    this.#timer.unref();
  }

  /** One beat (none while the previous one is still under way); never throws. */
  beat(): Promise<void> {
    this.#beating ??= this.#run(BEAT.name, BEAT.text, [this.#node, new Date(this.#now()).toISOString()]).then(() => {
      if (this.#failing) this.#log.info({ node: this.#node }, 'the heartbeat is written again');
      this.#failing = false;
    }, (error: unknown) => {
      if (!this.#failing) this.#log.warn({ err: error, node: this.#node }, 'the heartbeat could not be written');
      this.#failing = true;
    }).finally(() => { this.#beating = undefined; });
    return this.#beating;
  }

  /** No more beats; resolves once the one under way is done. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#beating;
  }
}
