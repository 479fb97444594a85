import assert from 'node:assert/strict';
import { Draws, SEED_RANGE } from '../../../src/games/draft/draws.ts';
import type { HeroDraft } from '../../../src/games/draft/hero-draft.ts';
import { parseDraftOptions } from '../../../src/games/draft/options.ts';
import type { PlayerDraft } from '../../../src/games/draft/player-draft.ts';
import {
  ABSENT_LIMIT_MS, applyDraft, DraftSession, replayDraft, RESUME_GRACE_MS, WAITING_LIMIT_MS,
  type DraftSeat, type DraftSessionAction, type DraftSessionEvent,
} from '../../../src/games/draft/session.ts';
import { Refusal } from '../../../src/games/refusal.ts';
import { prng } from '../../support/prng.ts';
import { T0 } from './fakes.ts';
import { HEROES } from '../../support/hero-pool.ts';

const rejects = (code: string) => (e: unknown) => e instanceof Refusal && e.code === code;

const heroSettings = (options: Record<string, unknown> = {}) => parseDraftOptions({
  kind: 'heroes', heroes: HEROES, graceSeconds: 30, reserveSeconds: 10,
  teams: [{ name: 'Ravens', captainId: 'a' }, { name: 'Owls', captainId: 'b' }], ...options,
});

/** Four teams of equal MMR and a pool of equal MMR: shuffle rolls off at almost every pick. */
const shuffleSettings = () => parseDraftOptions({
  kind: 'players', style: 'shuffle', pickSeconds: 30,
  teams: ['c1', 'c2', 'c3', 'c4'].map((captainId) => ({ name: `Team ${captainId}`, captainId, captainMmr: 2000 })),
  pool: Array.from({ length: 12 }, (_, i) => ({ playerId: `p${i + 1}`, name: `Player ${i + 1}`, mmr: 2000 })),
});

const playerSettings = () => parseDraftOptions({
  kind: 'players', style: 'snake', pickSeconds: 30,
  teams: [{ name: 'A', captainId: 'c1', captainMmr: 1 }, { name: 'B', captainId: 'c2', captainMmr: 1 }],
  pool: [1, 2, 3, 4].map((mmr) => ({ playerId: `p${mmr}`, name: `P${mmr}`, mmr })),
});

/** A draft session driven as the room drives it: each action with a fresh seed, each kept event recorded. */
class Driven {
  readonly session: DraftSession;
  readonly kept: Array<{ seat: DraftSeat; event: DraftSessionEvent; at: number }> = [];
  readonly #seeds: () => number;

  constructor(settings: ReturnType<typeof parseDraftOptions>, seed = 1) {
    this.session = new DraftSession(settings, T0);
    const next = prng(seed);
    this.#seeds = () => Math.floor(next() * SEED_RANGE);
  }

  take(seat: DraftSeat, action: DraftSessionAction, at: number): DraftSessionEvent | undefined {
    const event = applyDraft(this.session, seat, { ...action, seed: this.#seeds() }, at);
    if (event) this.kept.push({ seat, event, at });
    return event;
  }

  /** A new session from the same settings, with every kept event replayed at its time. */
  replayed(settings: ReturnType<typeof parseDraftOptions>): DraftSession {
    const copy = new DraftSession(settings, T0);
    for (const { seat, event, at } of this.kept) replayDraft(copy, seat, JSON.parse(JSON.stringify(event)), at);
    return copy;
  }
}

/** Everything observable of a session: the draft (its log too), what is left, presence, suspension. */
const observed = (session: DraftSession) => JSON.stringify({ session, available: session.draft.available() });

const heroes = (session: DraftSession) => session.draft as HeroDraft;
const players = (session: DraftSession) => session.draft as PlayerDraft;

/** The captain on turn makes the step (the first free hero), at `at`. */
function heroStep(driven: Driven, at: number): void {
  const draft = heroes(driven.session);
  driven.take(draft.activeTeam!, { type: draft.action!, choice: draft.available()[0]! }, at);
}

describe('draft session (apply, replay, suspension)', () => {
  describe('draws', () => {
    it('draws the same values from the same seed, in range, and refuses to draw without one', () => {
      const draws = new Draws();
      const values = (seed: number) => {
        draws.load(seed);
        return Array.from({ length: 50 }, () => [draws.die(), draws.coin(), draws.randomIndex(7)]);
      };
      assert.deepEqual(values(42), values(42));
      assert.notDeepEqual(values(42), values(43));
      for (const [die, coin, index] of values(7)) {
        assert.ok(die! >= 1 && die! <= 6 && (coin === 0 || coin === 1) && index! >= 0 && index! < 7);
      }
      assert.equal(draws.used, true);
      draws.load(undefined);
      assert.equal(draws.used, false);
      assert.throws(() => draws.coin(), /no seed/);
      assert.throws(() => draws.load(SEED_RANGE), RangeError);
    });
  });

  describe('apply and replay', () => {
    it('replays a shuffle draft exactly: its roll-offs, its timeouts and their auto-picks', () => {
      const settings = shuffleSettings();
      const driven = new Driven(settings, 11);
      const draft = () => players(driven.session);
      driven.take(null, { type: 'presence', present: [true, true, false, false] }, T0 + 100);
      driven.take(null, { type: 'presence', present: [true, true, true, true] }, T0 + 200);
      assert.equal(draft().status, 'drafting');
      let now = T0 + 200;
      while (draft().status === 'drafting') {
        const turn = draft().turn!;
        if (draft().step % 3 === 2) {
          now = turn.deadline;
          driven.take(null, { type: 'expire' }, now); // the turn times out: an auto-pick, then the next roll-off
        } else {
          now += 1500;
          driven.take(turn.team, { type: 'pick', choice: draft().available().at(-1)!.playerId }, now);
        }
      }
      assert.equal(draft().status, 'completed');
      assert.ok(draft().picks.filter((pick) => pick.wasTie).length >= 4, 'roll-offs happened');
      assert.ok(draft().picks.some((pick) => pick.auto));
      // A seed is kept exactly when something was drawn from it.
      const withSeed = driven.kept.filter(({ event }) => event.seed !== undefined);
      assert.ok(withSeed.length > 0 && withSeed.length < driven.kept.length);

      const replayed = driven.replayed(settings);
      assert.equal(observed(replayed), observed(driven.session));
    });

    it('replays a hero draft exactly: the coin flip, a pause, timeouts and their random heroes', () => {
      const settings = heroSettings();
      const driven = new Driven(settings, 5);
      const draft = () => heroes(driven.session);
      driven.take(null, { type: 'presence', present: [true, false] }, T0 + 10);
      const flip = driven.take(null, { type: 'presence', present: [true, true] }, T0 + 20)!;
      assert.equal(draft().status, 'choosing');
      assert.equal(typeof flip.seed, 'number', 'the coin flip keeps its seed');
      const winner = draft().coinWinner!;
      driven.take(winner, { type: 'choose', choice: 'first-pick' }, T0 + 30);
      driven.take(1 - winner, { type: 'choose', choice: 'radiant' }, T0 + 40);
      heroStep(driven, T0 + 1000);
      driven.take(null, { type: 'presence', present: [false, true] }, T0 + 5000);
      assert.equal(draft().status, 'paused');
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 9000);
      let now = T0 + 9000;
      while (draft().status !== 'completed') {
        if (draft().step % 4 === 3) {
          now = draft().nextDeadline(now)!;
          driven.take(null, { type: 'expire' }, now);
          now = draft().nextDeadline(now) ?? now;
          driven.take(null, { type: 'expire' }, now);
        } else {
          now += 4000;
          heroStep(driven, now);
        }
      }
      assert.ok(draft().history.some((step) => step.auto), 'a pick timed out into a random hero');
      assert.equal(observed(driven.replayed(settings)), observed(driven.session));
    });

    it('gives a different coin flip from another seed, and the same from the same', () => {
      const winners = new Set<number>();
      for (let seed = 1; seed <= 20; seed++) {
        const driven = new Driven(heroSettings(), seed);
        driven.take(null, { type: 'presence', present: [true, true] }, T0);
        winners.add(heroes(driven.session).coinWinner!);
        assert.equal(heroes(driven.replayed(heroSettings())).coinWinner, heroes(driven.session).coinWinner);
      }
      assert.deepEqual([...winners].sort(), [0, 1]);
    });

    it('refuses what a seat may not do, keeps nothing for it, and returns no event when nothing changed', () => {
      const driven = new Driven(playerSettings());
      assert.throws(() => driven.take(0, { type: 'expire' }, T0), rejects('NOT_ALLOWED'));
      assert.throws(() => driven.take(null, { type: 'pick', choice: 'p1' }, T0), rejects('NOT_ALLOWED'));
      assert.throws(() => driven.take(5, { type: 'pick', choice: 'p1' }, T0), rejects('NOT_YOUR_PICK'));
      assert.throws(() => driven.take(0, { type: 'ban', choice: 'p1' }, T0), rejects('WRONG_PHASE'));
      assert.equal(driven.take(null, { type: 'presence', present: [false, false] }, T0), undefined);
      assert.equal(driven.take(null, { type: 'expire' }, T0 + 1000), undefined);
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 2000);
      const before = observed(driven.session);
      assert.throws(() => driven.take(1, { type: 'pick', choice: 'p1' }, T0 + 3000), rejects('NOT_YOUR_PICK'));
      assert.throws(() => driven.take(0, { type: 'pick', choice: 'nobody' }, T0 + 3000), rejects('UNAVAILABLE'));
      assert.equal(observed(driven.session), before);
      assert.deepEqual(driven.kept.map(({ event }) => event.type), ['presence']);
      assert.deepEqual(driven.kept[0]!.event, { type: 'presence', present: [true, true] }, 'a snake draft draws nothing');
    });
  });

  describe('abandonment', () => {
    it('abandons a draft whose captains have not all come within the hour', () => {
      const driven = new Driven(heroSettings());
      driven.take(null, { type: 'presence', present: [true, false] }, T0 + 1000);
      assert.equal(driven.session.nextDeadline(T0 + 1000), T0 + WAITING_LIMIT_MS);
      assert.equal(driven.take(null, { type: 'expire' }, T0 + WAITING_LIMIT_MS - 1), undefined);
      assert.ok(driven.take(null, { type: 'expire' }, T0 + WAITING_LIMIT_MS));
      assert.equal(driven.session.status, 'abandoned');
      assert.equal(driven.session.nextDeadline(T0 + WAITING_LIMIT_MS), undefined);
    });

    it('abandons a hero draft with a captain gone ten minutes, never a player draft under way', () => {
      const hero = new Driven(heroSettings());
      hero.take(null, { type: 'presence', present: [true, true] }, T0);
      hero.take(null, { type: 'presence', present: [true, false] }, T0 + 5000);
      assert.equal(hero.session.nextDeadline(T0 + 5000), T0 + 5000 + ABSENT_LIMIT_MS, 'choosing: no clock, the absence only');
      hero.take(null, { type: 'expire' }, T0 + 5000 + ABSENT_LIMIT_MS);
      assert.equal(hero.session.status, 'abandoned');

      const player = new Driven(playerSettings());
      player.take(null, { type: 'presence', present: [true, true] }, T0);
      player.take(null, { type: 'presence', present: [false, false] }, T0 + 1);
      assert.equal(player.session.nextDeadline(T0 + 1), T0 + 30_000, 'the turn only');
      for (let at = T0 + 30_000; player.session.status === 'drafting'; at += 30_000) player.take(null, { type: 'expire' }, at);
      assert.equal(player.session.status, 'completed', 'every turn timed out into an auto-pick');
      assert.equal(players(player.session).picks.filter((pick) => pick.auto).length, 4);
    });
  });

  describe('suspension across a restart', () => {
    it('charges a player draft turn up to the suspension and gives it the rest when the captain to act is back', () => {
      const driven = new Driven(playerSettings());
      const draft = () => players(driven.session);
      driven.take(null, { type: 'presence', present: [true, true] }, T0);
      assert.equal(draft().activeTeam, 0);
      assert.ok(driven.take(null, { type: 'suspend' }, T0 + 10_000));
      assert.equal(driven.take(null, { type: 'suspend' }, T0 + 11_000), undefined, 'once');
      assert.equal(driven.session.nextDeadline(T0 + 10_000), undefined, 'nothing runs, not even the grace, before the restart');
      assert.equal(driven.session.running, false);
      assert.equal(draft().turnMsLeft(T0 + 400_000), 20_000);
      assert.equal(driven.take(null, { type: 'expire' }, T0 + 400_000), undefined);
      // The restart: nobody is in yet; the captain on turn has the grace to come back.
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 500_000);
      driven.take(null, { type: 'restored' }, T0 + 500_000);
      assert.equal(driven.session.nextDeadline(T0 + 500_000), T0 + 500_000 + RESUME_GRACE_MS);
      driven.take(null, { type: 'presence', present: [false, true] }, T0 + 505_000);
      assert.equal(driven.session.suspended, true, 'not for the captain who is not on turn');
      assert.throws(() => driven.take(1, { type: 'pick', choice: 'p1' }, T0 + 506_000), rejects('WRONG_PHASE'));
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 510_000);
      assert.equal(driven.session.suspended, false);
      assert.equal(driven.session.nextDeadline(T0 + 510_000), T0 + 510_000 + 20_000, 'the 20 s the turn had left');
      assert.equal(draft().turnMsLeft(T0 + 515_000), 15_000);
      assert.deepEqual(draft().events.filter((e) => e.type === 'paused' || e.type === 'resumed'),
        [{ type: 'paused', at: T0 + 10_000 }, { type: 'resumed', at: T0 + 510_000, resumesAt: T0 + 510_000 }]);
      assert.equal(observed(driven.replayed(playerSettings())), observed(driven.session));
    });

    it('goes on after the grace when the captain to act stays away, and refuses picks until then', () => {
      const driven = new Driven(playerSettings());
      driven.take(null, { type: 'presence', present: [true, true] }, T0);
      driven.take(null, { type: 'suspend' }, T0 + 25_000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 90_000);
      driven.take(null, { type: 'restored' }, T0 + 90_000);
      assert.throws(() => driven.take(0, { type: 'pick', choice: 'p1' }, T0 + 95_000), rejects('WRONG_PHASE'));
      assert.equal(driven.take(null, { type: 'expire' }, T0 + 90_000 + RESUME_GRACE_MS - 1), undefined);
      assert.ok(driven.take(null, { type: 'expire' }, T0 + 90_000 + RESUME_GRACE_MS));
      assert.equal(driven.session.nextDeadline(T0 + 120_000), T0 + 120_000 + 5000);
      assert.equal(players(driven.session).step, 0);
    });

    it('pauses a running hero turn at the suspension; both captains back count down with the time it had', () => {
      const driven = new Driven(heroSettings());
      const draft = () => heroes(driven.session);
      driven.take(null, { type: 'presence', present: [true, true] }, T0);
      const winner = draft().coinWinner!;
      driven.take(winner, { type: 'choose', choice: 'first-pick' }, T0);
      driven.take(1 - winner, { type: 'choose', choice: 'dire' }, T0);
      heroStep(driven, T0 + 1000);
      // 12 s into step 2: the server stops.
      driven.take(null, { type: 'suspend' }, T0 + 13_000);
      assert.equal(draft().status, 'paused');
      assert.equal(driven.session.nextDeadline(T0 + 13_000), undefined);
      const frozen = draft().tick(T0 + 200_000);
      assert.deepEqual([frozen.graceMs, frozen.reserveMs], [18_000, [10_000, 10_000]]);
      // It comes back 10 min later; both captains return within the grace.
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 600_000);
      driven.take(null, { type: 'restored' }, T0 + 600_000);
      assert.equal(driven.session.nextDeadline(T0 + 600_000), T0 + 600_000 + RESUME_GRACE_MS, 'no abandonment while suspended');
      const acting = draft().activeTeam!;
      driven.take(null, { type: 'presence', present: acting === 0 ? [true, false] : [false, true] }, T0 + 605_000);
      assert.equal(driven.session.suspended, false, 'the captain to act is back');
      assert.equal(draft().status, 'paused', 'the other captain is not: the hero draft stays paused');
      assert.equal(driven.session.nextDeadline(T0 + 605_000), T0 + 605_000 + ABSENT_LIMIT_MS, 'their absence counts from the end of the suspension');
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 607_000);
      const back = draft().tick(T0 + 607_000);
      assert.deepEqual([back.status, back.countdownMs, back.graceMs, back.reserveMs], ['drafting', 3000, 18_000, [10_000, 10_000]]);
      assert.equal(driven.session.nextDeadline(T0 + 607_000), T0 + 610_000 + 18_000);
      assert.equal(observed(driven.replayed(heroSettings())), observed(driven.session));
    });

    it('charges nobody for the time away in a hero draft already paused: the absence counts on from where it was', () => {
      const driven = new Driven(heroSettings());
      driven.take(null, { type: 'presence', present: [true, true] }, T0);
      const winner = heroes(driven.session).coinWinner!;
      driven.take(winner, { type: 'choose', choice: 'first-pick' }, T0);
      driven.take(1 - winner, { type: 'choose', choice: 'dire' }, T0);
      const acting = heroes(driven.session).activeTeam!;
      const other = 1 - acting;
      // The other captain left 100 s before the server stopped.
      driven.take(null, { type: 'presence', present: other === 0 ? [false, true] : [true, false] }, T0 + 50_000);
      driven.take(null, { type: 'suspend' }, T0 + 150_000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 400_000);
      driven.take(null, { type: 'restored' }, T0 + 400_000);
      // Nobody comes back: at the end of the grace the draft goes on, paused, and the absence
      // of the other captain has 500 s of its 600 left.
      driven.take(null, { type: 'expire' }, T0 + 400_000 + RESUME_GRACE_MS);
      const resumedAt = T0 + 400_000 + RESUME_GRACE_MS;
      assert.equal(driven.session.suspended, false);
      assert.equal(heroes(driven.session).status, 'paused');
      assert.equal(driven.session.nextDeadline(resumedAt), resumedAt + ABSENT_LIMIT_MS - 100_000);
      driven.take(null, { type: 'expire' }, resumedAt + ABSENT_LIMIT_MS - 100_000);
      assert.equal(driven.session.status, 'abandoned');
      assert.equal(observed(driven.replayed(heroSettings())), observed(driven.session));
    });

    it('suspends a draft once, and never one that is over', () => {
      const driven = new Driven(heroSettings());
      assert.ok(driven.take(null, { type: 'suspend' }, T0 + 1000));
      assert.equal(driven.take(null, { type: 'suspend' }, T0 + 2000), undefined, 'once');
      assert.ok(driven.take(null, { type: 'abandon' }, T0 + 3000));
      assert.deepEqual([driven.session.status, driven.session.suspended, driven.session.nextDeadline(T0 + 3000)], ['abandoned', false, undefined]);
      assert.equal(driven.take(null, { type: 'suspend' }, T0 + 4000), undefined);
      assert.equal(driven.take(null, { type: 'restored' }, T0 + 4000), undefined);
    });

    it('holds a choice while suspended, until the captain to choose is back', () => {
      const driven = new Driven(heroSettings());
      driven.take(null, { type: 'presence', present: [true, true] }, T0);
      const chooser = heroes(driven.session).chooser!;
      driven.take(null, { type: 'suspend' }, T0 + 1000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 9000);
      driven.take(null, { type: 'restored' }, T0 + 9000);
      driven.take(null, { type: 'presence', present: chooser === 0 ? [false, true] : [true, false] }, T0 + 9500);
      assert.throws(() => driven.take(1 - chooser, { type: 'choose', choice: 'radiant' }, T0 + 9600), rejects('WRONG_PHASE'));
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 10_000);
      assert.equal(driven.session.suspended, false);
      driven.take(chooser, { type: 'choose', choice: 'radiant' }, T0 + 11_000);
      assert.equal(heroes(driven.session).chooser, 1 - chooser);
    });
  });

  describe('a draft still waiting for its captains, across a restart', () => {
    const MINUTE = 60_000;

    it('charges the wait up to the stop, nothing while the server is away nor in the grace, and the rest after', () => {
      const driven = new Driven(heroSettings());
      driven.take(null, { type: 'presence', present: [true, false] }, T0 + MINUTE);
      // 40 minutes into the wait the server stops; it is back three hours later, nobody in yet.
      assert.ok(driven.take(null, { type: 'suspend' }, T0 + 40 * MINUTE));
      assert.deepEqual([driven.session.status, driven.session.suspended], ['waiting', true]);
      assert.equal(driven.session.nextDeadline(T0 + 40 * MINUTE), undefined, 'no waiting limit while suspended');
      const back = T0 + 220 * MINUTE;
      assert.equal(driven.take(null, { type: 'expire' }, back), undefined, 'not abandoned, hours past the hour');
      driven.take(null, { type: 'presence', present: [false, false] }, back);
      assert.ok(driven.take(null, { type: 'restored' }, back));
      assert.equal(driven.session.nextDeadline(back), back + RESUME_GRACE_MS);
      // One captain back is not every captain: the grace runs on.
      driven.take(null, { type: 'presence', present: [true, false] }, back + 1000);
      assert.equal(driven.session.suspended, true);
      assert.equal(driven.take(null, { type: 'expire' }, back + RESUME_GRACE_MS - 1), undefined);
      assert.ok(driven.take(null, { type: 'expire' }, back + RESUME_GRACE_MS));
      const resumed = back + RESUME_GRACE_MS;
      assert.deepEqual([driven.session.status, driven.session.suspended], ['waiting', false]);
      // 40 of its 60 minutes were used before the stop: 20 are left from the end of the suspension.
      assert.equal(driven.session.waitingSince, resumed - 40 * MINUTE, 'as if it had waited 40 minutes when it resumed');
      assert.equal(driven.session.nextDeadline(resumed), resumed + 20 * MINUTE);
      assert.equal(driven.take(null, { type: 'expire' }, resumed + 20 * MINUTE - 1), undefined);
      assert.ok(driven.take(null, { type: 'expire' }, resumed + 20 * MINUTE));
      assert.equal(driven.session.status, 'abandoned');
      assert.deepEqual(heroes(driven.session).events.map((e) => e.type), ['connected', 'disconnected', 'connected', 'abandoned'],
        'the draft\'s own log is not touched by the suspension of a draft not started');
      assert.equal(observed(driven.replayed(heroSettings())), observed(driven.session));
    });

    it('charges nothing past the last moment the journal knew of, after a crash', () => {
      const driven = new Driven(playerSettings());
      driven.take(null, { type: 'presence', present: [false, true] }, T0 + 10 * MINUTE);
      // The process is killed at T0 + 50 min; the journal's last moment is the presence at 10 min.
      const back = T0 + 70 * MINUTE;
      driven.take(null, { type: 'suspend' }, T0 + 10 * MINUTE);
      driven.take(null, { type: 'presence', present: [false, false] }, back);
      driven.take(null, { type: 'restored' }, back);
      driven.take(null, { type: 'expire' }, back + RESUME_GRACE_MS);
      assert.equal(driven.session.nextDeadline(back + RESUME_GRACE_MS), back + RESUME_GRACE_MS + 50 * MINUTE);
      assert.equal(observed(driven.replayed(playerSettings())), observed(driven.session));
    });

    it('ends the suspension once every captain is in, which starts a player draft with its full first turn', () => {
      const driven = new Driven(playerSettings());
      const draft = () => players(driven.session);
      driven.take(null, { type: 'suspend' }, T0 + 5000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 100_000);
      driven.take(null, { type: 'restored' }, T0 + 100_000);
      driven.take(null, { type: 'presence', present: [false, true] }, T0 + 101_000);
      assert.deepEqual([draft().status, driven.session.suspended], ['waiting', true]);
      assert.throws(() => driven.take(1, { type: 'pick', choice: 'p1' }, T0 + 101_500), rejects('WRONG_PHASE'));
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 102_000);
      assert.deepEqual([draft().status, driven.session.suspended, driven.session.running], ['drafting', false, true]);
      assert.equal(driven.session.nextDeadline(T0 + 102_000), T0 + 102_000 + 30_000);
      driven.take(0, { type: 'pick', choice: 'p4' }, T0 + 103_000);
      assert.equal(draft().step, 1);
      assert.equal(observed(driven.replayed(playerSettings())), observed(driven.session));
    });

    it('flips a hero draft\'s coin once both captains are in, and runs as any other from there', () => {
      const driven = new Driven(heroSettings(), 3);
      driven.take(null, { type: 'presence', present: [true, false] }, T0 + 1000);
      driven.take(null, { type: 'suspend' }, T0 + 2000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 9000);
      driven.take(null, { type: 'restored' }, T0 + 9000);
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 10_000);
      const draft = heroes(driven.session);
      assert.deepEqual([draft.status, driven.session.suspended], ['choosing', false]);
      driven.take(draft.chooser!, { type: 'choose', choice: 'first-pick' }, T0 + 11_000);
      assert.equal(draft.chooser, 1 - draft.coinWinner!);
      // A second restart, now under way: the draft's own suspension, as for any draft started.
      driven.take(null, { type: 'suspend' }, T0 + 12_000);
      assert.deepEqual([driven.session.waitingSuspended, draft.suspended], [undefined, { at: T0 + 12_000 }]);
      assert.equal(observed(driven.replayed(heroSettings())), observed(driven.session));
    });

    it('replays what earlier code journaled (no suspension while waiting) as it was', () => {
      // A journal written by earlier code, opened at the start: the presence before it, then a restart under way.
      const driven = new Driven(playerSettings());
      driven.take(null, { type: 'presence', present: [true, false] }, T0 + 1000);
      driven.take(null, { type: 'presence', present: [true, true] }, T0 + 2000);
      driven.take(null, { type: 'suspend' }, T0 + 12_000);
      driven.take(null, { type: 'presence', present: [false, false] }, T0 + 60_000);
      driven.take(null, { type: 'restored' }, T0 + 60_000);
      assert.deepEqual(driven.kept.map(({ event }) => event.type), ['presence', 'presence', 'suspend', 'presence', 'restored']);
      const replayed = driven.replayed(playerSettings());
      assert.equal(observed(replayed), observed(driven.session));
      assert.equal(replayed.waitingSuspended, undefined);
      assert.equal(players(replayed).turnMsLeft(T0 + 60_000), 20_000);
    });
  });
});
