/**
 * Process leases in Redis (src/node-lease.ts): a peer adopts the games of a member of the
 * cluster whose lease lapsed, never those of a live one, and never those of a process that never
 * held a lease (one on the same database without Redis). Needs REDIS_URL (skipped without).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { createLogger } from '../src/log.ts';
import { NodeLease } from '../src/node-lease.ts';

describe('process leases (Redis)', () => {
  const leases: NodeLease[] = [];
  const lease = (node: string) => {
    const made = new NodeLease({ redis: new Redis(process.env.REDIS_URL!), node, ttlMs: 300, log: createLogger('silent') });
    leases.push(made);
    return made;
  };
  before(function () { if (!process.env.REDIS_URL) this.skip(); });
  after(async () => { for (const made of leases) { made.stop(); await made.quit(); } });

  it('adopts from a member whose lease lapsed, not from a live one nor from a process that never held one', async () => {
    const [a, b] = [lease(`a-${randomUUID()}`), lease(`b-${randomUUID()}`)];
    await a.hold();
    await b.hold();
    let adopted = 0;
    const adopt = async () => { adopted += 1; };
    assert.equal(await b.adoptIfGone(a.node, adopt), false, 'a is alive');
    assert.equal(await b.adoptIfGone(`no-redis-${randomUUID()}`, adopt), false, 'never a member');
    a.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await b.alive(a.node), false);
    assert.equal(await b.adoptIfGone(a.node, adopt), true);
    assert.equal(adopted, 1);
  });
});
