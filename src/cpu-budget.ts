/**
 * How many cores this process may use, and the garbage collector that suits it. V8 collects with
 * helper threads (parallel scavenges, concurrent marking): on a process limited to one core
 * (pinned with taskset, or a container with a one-CPU quota, the way one process per core is
 * deployed) those threads only take turns with the main thread, and a move waits behind them:
 * p99 at 1,000 games went from 23 ms to 484 ms (docs/performance.md). Node refuses
 * `--single-threaded-gc` in NODE_OPTIONS, so `npm start` restarts itself with the flag, in the
 * same process (`process.execve`), when the budget is under two cores.
 *
 * SINGLE_THREADED_GC: `auto` (the default), `on` or `off`.
 */
import { availableParallelism } from 'node:os';
import { readFileSync } from 'node:fs';

const FLAG = '--single-threaded-gc';

export type GcSetting = 'auto' | 'on' | 'off';

/** The cgroup's CPU quota in cores (v2 `cpu.max`, else v1 `cpu.cfs_quota_us`), or Infinity without one. */
export function cgroupCores(read: (path: string) => string | undefined = readText): number {
  const v2 = read('/sys/fs/cgroup/cpu.max')?.trim().split(/\s+/);
  if (v2 && v2[0] !== 'max') {
    const [quota, period] = v2.map(Number);
    if (quota! > 0 && period! > 0) return quota! / period!;
  }
  const quota = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_quota_us'));
  const period = Number(read('/sys/fs/cgroup/cpu/cpu.cfs_period_us'));
  return quota > 0 && period > 0 ? quota / period : Infinity;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Cores this process may run on at once: its CPU affinity, capped by its cgroup's quota. */
export function cpuBudget(): number {
  return Math.min(availableParallelism(), cgroupCores());
}

/**
 * The Node arguments to restart with for the garbage collector the budget calls for, or
 * undefined to go on as started (already single-threaded, two cores or more, or told `off`).
 */
export function gcRestartArgs({ setting, execArgv, budget }: { setting: GcSetting; execArgv: readonly string[]; budget: () => number }): string[] | undefined {
  if (execArgv.includes(FLAG) || setting === 'off') return undefined;
  if (setting === 'auto' && budget() >= 2) return undefined;
  return [FLAG, ...execArgv];
}

/** Restarts this process in place with the collector its CPU budget calls for, if it should; else returns. */
export function restartForCpuBudget(setting: GcSetting): void {
  const args = gcRestartArgs({ setting, execArgv: process.execArgv, budget: cpuBudget });
  // process.execve: Node 22.15 and later, not on Windows; without it the process goes on as started.
  // An IPC channel from a parent (fork) does not survive it: such a parent passes the flag itself.
  if (!args || typeof process.execve !== 'function' || process.channel) return;
  process.execve(process.execPath, [process.execPath, ...args, ...process.argv.slice(1)], process.env);
}
