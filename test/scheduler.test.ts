import assert from 'node:assert/strict';
import { DeadlineQueue, type TimerHost } from '../src/scheduler.ts';

/** A timer host whose time and single timer the test drives. */
function fakeHost() {
  let now = 1000;
  let pending: { at: number; task: () => void; handle: number } | undefined;
  let handles = 0;
  let armed = 0;
  const host: TimerHost = {
    now: () => now,
    setTimer: (task, delay) => { armed += 1; pending = { at: now + delay, task, handle: ++handles }; return pending.handle; },
    clearTimer: (handle) => { if (pending?.handle === handle) pending = undefined; },
  };
  return {
    host,
    get armed() { return armed; },
    get pendingAt() { return pending?.at; },
    advanceTo(time: number) {
      while (pending && pending.at <= time) {
        now = pending.at;
        const { task } = pending;
        pending = undefined;
        task();
      }
      now = time;
    },
  };
}

describe('the deadline queue (one timer for every room)', () => {
  it('runs each deadline once, in time order, at its time', () => {
    const fake = fakeHost();
    const queue = new DeadlineQueue(fake.host);
    const ran: string[] = [];
    queue.at(1300, () => ran.push(`c@${fake.host.now()}`));
    queue.at(1100, () => ran.push(`a@${fake.host.now()}`));
    queue.at(1200, () => ran.push(`b@${fake.host.now()}`));
    queue.at(1100, () => ran.push(`a2@${fake.host.now()}`));
    fake.advanceTo(1250);
    assert.deepEqual(ran, ['a@1100', 'a2@1100', 'b@1200']);
    fake.advanceTo(2000);
    assert.deepEqual(ran, ['a@1100', 'a2@1100', 'b@1200', 'c@1300']);
    assert.equal(queue.size, 0);
  });

  it('never runs a cancelled deadline, and forgets it at once', () => {
    const fake = fakeHost();
    const queue = new DeadlineQueue(fake.host);
    const ran: number[] = [];
    const timers = Array.from({ length: 100 }, (_, i) => queue.at(1001 + i, () => ran.push(i)));
    for (let i = 0; i < 100; i += 2) timers[i]!.cancel();
    timers[1]!.cancel();
    timers[1]!.cancel();
    assert.equal(queue.size, 49);
    fake.advanceTo(5000);
    assert.deepEqual(ran, Array.from({ length: 100 }, (_, i) => i).filter((i) => i % 2 === 1 && i !== 1));
  });

  it('keeps one timer, armed for the earliest deadline, and re-arms only for an earlier one', () => {
    const fake = fakeHost();
    const queue = new DeadlineQueue(fake.host);
    queue.at(5000, () => undefined);
    assert.equal(fake.pendingAt, 5000);
    queue.at(9000, () => undefined);
    queue.at(7000, () => undefined);
    assert.equal(fake.armed, 1, 'later deadlines do not touch the timer');
    queue.at(2000, () => undefined);
    assert.equal(fake.pendingAt, 2000);
    assert.equal(fake.armed, 2);
  });

  it('serves a game re-arming its flag on every move without growing', () => {
    const fake = fakeHost();
    const queue = new DeadlineQueue(fake.host);
    let flag = queue.at(61_000, () => assert.fail('the flag of a game still moving'));
    for (let move = 1; move <= 1000; move++) {
      fake.advanceTo(1000 + move * 50);
      flag.cancel();
      flag = queue.at(fake.host.now() + 60_000, () => undefined);
    }
    assert.equal(queue.size, 1);
  });

  it('lets a task schedule another, and survives a task that throws', () => {
    const fake = fakeHost();
    const queue = new DeadlineQueue(fake.host);
    const ran: string[] = [];
    queue.at(1100, () => { throw new Error('a room bug'); });
    queue.at(1100, () => { ran.push('first'); queue.at(1150, () => ran.push('chained')); });
    fake.advanceTo(2000);
    assert.deepEqual(ran, ['first', 'chained']);
  });

  it('is the scheduler the server runs on (real timers, real time)', async () => {
    const queue = new DeadlineQueue();
    const started = Date.now();
    const at = await new Promise<number>((resolve) => queue.at(started + 30, () => resolve(Date.now())));
    assert.ok(at >= started + 30, 'not early');
  });
});
