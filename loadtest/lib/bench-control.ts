/**
 * Preloaded (`--import`) into a server the benchmark starts itself, with `--expose-gc` and an IPC
 * channel. The benchmark sends it:
 * - `{ do: 'gc' }`: a full collection, so the next /metrics reports exactly what is alive
 *   (`nodejs_heap_live_bytes`) instead of what was alive at the last collection V8 chose to run;
 * - `{ do: 'profile-start', intervalUs }` and `{ do: 'profile-stop', path }`: a CPU profile of the
 *   measured window only (not of the server's start and the games' opening), written as a
 *   `.cpuprofile` that Chrome's DevTools and `node --cpu-prof` readers open;
 * - `{ do: 'heap-profile-start' }` and `{ do: 'heap-profile-stop', path }`: a sampling profile of
 *   the window's allocations, by the stack that made them, whether they are still alive or not:
 *   where the garbage that sets the pace of collections comes from. Written as a `.heapprofile`
 *   (Chrome's DevTools).
 * Each is answered with `{ done: <what> }` once finished.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

type Command =
  | { do: 'gc' }
  | { do: 'profile-start'; intervalUs: number }
  | { do: 'profile-stop'; path: string }
  | { do: 'heap-profile-start' }
  | { do: 'heap-profile-stop'; path: string };

let session: Session | undefined;

/** One inspector session for both profilers, opened at the first profile and kept. */
function inspector(): Session {
  if (!session) {
    session = new Session();
    session.connect();
  }
  return session;
}

async function run(command: Command): Promise<void> {
  switch (command.do) {
    case 'gc':
      (globalThis as { gc?: () => void }).gc?.();
      // The metrics' GC observer hears of the collection on a later turn of the loop.
      await new Promise((resolve) => setTimeout(resolve, 100));
      return;
    case 'profile-start':
      await inspector().post('Profiler.enable');
      await inspector().post('Profiler.setSamplingInterval', { interval: command.intervalUs });
      await inspector().post('Profiler.start');
      return;
    case 'profile-stop':
      writeFileSync(command.path, JSON.stringify((await inspector().post('Profiler.stop')).profile));
      return;
    case 'heap-profile-start':
      await inspector().post('HeapProfiler.startSampling', {
        samplingInterval: 32768,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      return;
    case 'heap-profile-stop':
      writeFileSync(command.path, JSON.stringify((await inspector().post('HeapProfiler.stopSampling')).profile));
  }
}

process.on('message', (command: Command) => {
  run(command).then(
    () => process.send?.({ done: command.do }),
    (error: unknown) => process.send?.({ done: command.do, error: String(error) }),
  );
});
process.channel?.unref();
