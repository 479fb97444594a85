/**
 * The collector `npm start` chooses (src/cpu-budget.ts): the flag for under two cores, read from
 * the CPU affinity and the cgroup's quota. The restart itself is tested on a real process, pinned
 * and not (test/lifecycle.test.ts).
 */
import assert from 'node:assert/strict';
import { cgroupCores, gcRestartArgs } from '../src/cpu-budget.ts';

describe('the garbage collector for the CPU budget', () => {
  const files = (contents: Record<string, string>) => (path: string) => contents[path];

  it('reads a cgroup v2 quota, a v1 quota, and none', () => {
    assert.equal(cgroupCores(files({ '/sys/fs/cgroup/cpu.max': '150000 100000\n' })), 1.5);
    assert.equal(cgroupCores(files({ '/sys/fs/cgroup/cpu.max': 'max 100000\n' })), Infinity);
    assert.equal(cgroupCores(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '50000\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })), 0.5);
    assert.equal(cgroupCores(files({ '/sys/fs/cgroup/cpu/cpu.cfs_quota_us': '-1\n', '/sys/fs/cgroup/cpu/cpu.cfs_period_us': '100000\n' })), Infinity);
    assert.equal(cgroupCores(files({})), Infinity);
  });

  it('restarts single-threaded under two cores, keeping the Node arguments, and only once', () => {
    const execArgv = ['--env-file-if-exists=.env'];
    assert.deepEqual(gcRestartArgs({ setting: 'auto', execArgv, budget: () => 1 }), ['--single-threaded-gc', '--env-file-if-exists=.env']);
    assert.deepEqual(gcRestartArgs({ setting: 'auto', execArgv, budget: () => 1.5 }), ['--single-threaded-gc', '--env-file-if-exists=.env']);
    assert.equal(gcRestartArgs({ setting: 'auto', execArgv, budget: () => 2 }), undefined);
    assert.equal(gcRestartArgs({ setting: 'auto', execArgv: ['--single-threaded-gc'], budget: () => 1 }), undefined);
  });

  it('does as told by SINGLE_THREADED_GC on or off, whatever the cores', () => {
    assert.deepEqual(gcRestartArgs({ setting: 'on', execArgv: [], budget: () => 8 }), ['--single-threaded-gc']);
    assert.equal(gcRestartArgs({ setting: 'off', execArgv: [], budget: () => 1 }), undefined);
  });
});
