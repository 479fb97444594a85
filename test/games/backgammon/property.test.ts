/**
 * Random matches with seeded dice and seeded random decisions (doubles, takes, drops,
 * resignations accepted or declined, every legal play chosen at random): every generated
 * play must be legal step by step (checked by the naive enumerator's single moves), every
 * position possible, and the event log, sent through JSON, must replay to the live state.
 */
import assert from 'node:assert/strict';
import { replay, type MatchEvent, type MatchOptions, type MatchState } from '../../../src/games/backgammon/events.ts';
import { BackgammonMatch } from '../../../src/games/backgammon/match.ts';
import { toMat } from '../../../src/games/backgammon/mat.ts';
import { checkPlay, diceToPlay, type LegalPlay } from '../../../src/games/backgammon/plays.ts';
import { CHECKERS, positionProblem, type Position } from '../../../src/games/backgammon/position.ts';
import type { Side } from '../../../src/games/side.ts';
import { prng, randomDice } from './helpers.ts';
import { naiveKey, naiveStep } from './naive-plays.ts';

function assertPossible(position: Position): void {
  assert.equal(positionProblem(position), undefined);
  for (const side of ['white', 'black'] as const) assert.ok(position.off[side] <= CHECKERS);
}

/** Each step of `play` is a legal single move of a die not yet used, and they end where the play says. */
function assertLegalStepByStep(position: Position, side: Side, dice: [number, number], play: LegalPlay): void {
  let at: Position = position;
  const left = diceToPlay(dice);
  for (const [from, to] of play.steps) {
    const die = left.find((d) => naiveStep(at, side, from, to, d));
    assert.ok(die !== undefined, `${from}/${to} with ${left.join(',')}`);
    at = naiveStep(at, side, from, to, die)!;
    left.splice(left.indexOf(die), 1);
  }
  assert.equal(naiveKey(at), naiveKey(play.position));
}

interface Played { options: MatchOptions; match: BackgammonMatch; snapshots: Array<{ at: number; state: MatchState }> }

function playRandomMatch(seed: number, matchLength: number): Played {
  const rand = prng(seed);
  const options: MatchOptions = { matchLength, jacoby: seed % 2 === 0 };
  const match = new BackgammonMatch(options, randomDice(seed * 7919));
  const snapshots: Played['snapshots'] = [];
  match.start();
  for (let guard = 0; match.status === 'playing'; guard++) {
    assert.ok(guard < 20_000, 'the match ends');
    const s = match.state;
    if (s.resignation) {
      if (rand() < 0.5) match.acceptResignation(match.toAct!);
      else match.declineResignation(match.toAct!);
    } else if (s.phase === 'between-games') {
      match.startNextGame();
    } else if (s.phase !== 'opening' && rand() < 0.003) {
      match.resign(rand() < 0.5 ? 'white' : 'black', (1 + Math.floor(rand() * 3)) as 1 | 2 | 3);
    } else if (match.mustRollAutomatically) {
      match.roll(s.turn || 'white');
    } else if (s.phase === 'roll') {
      if (rand() < 0.06) match.double(s.turn as Side);
      else match.roll(s.turn as Side);
    } else if (s.phase === 'cube') {
      if (rand() < 0.75) match.take(match.toAct!);
      else match.drop(match.toAct!);
    } else if (s.phase === 'move') {
      const side = s.turn as Side;
      const dice: [number, number] = [s.dice[0]!, s.dice[1]!];
      const plays = match.legalPlays();
      assert.ok(plays.length > 0, 'a roll without a play passes by itself');
      for (const play of plays) assertLegalStepByStep(s.position, side, dice, play);
      const play = plays[Math.floor(rand() * plays.length)]!;
      const steps = rand() < 0.3 ? [...play.steps].reverse() : play.steps;
      const check = checkPlay(s.position, side, dice, steps, plays);
      assert.ok(check.ok, 'the same play in another order is accepted');
      match.move(side, steps);
      assert.deepEqual(match.position, play.position);
    }
    assertPossible(match.position);
    if (rand() < 0.05) snapshots.push({ at: match.events.length, state: structuredClone(match.state) });
  }
  snapshots.push({ at: match.events.length, state: structuredClone(match.state) });
  return { options, match, snapshots };
}

describe('backgammon random matches (property)', () => {
  const lengths = [0, 1, 3, 5, 7, 11];
  const played: Played[] = [];
  before(function () {
    this.timeout(20_000); // about a second on a quiet machine
    for (let seed = 1; seed <= 24; seed++) played.push(playRandomMatch(seed, lengths[seed % lengths.length]!));
  });

  it('covered many games and plays', () => {
    const games = played.reduce((n, p) => n + p.match.state.gameNumber, 0);
    const plays = played.reduce((n, p) => n + p.match.events.filter((e) => e.type === 'play').length, 0);
    assert.ok(games >= 30, `${games} games`);
    assert.ok(plays >= 2000, `${plays} plays`);
  });

  it('end with a winner who reached the match length, or after one money game', () => {
    for (const { options, match } of played) {
      const { score, winner } = match.state;
      assert.ok(winner === 'white' || winner === 'black');
      if (options.matchLength > 0 && match.state.termination !== 'timeout') assert.ok(score[winner] >= options.matchLength);
      if (options.matchLength === 0) assert.equal(match.state.gameNumber, 1);
      const loser = winner === 'white' ? 'black' : 'white';
      if (options.matchLength > 0) assert.ok(score[loser] < options.matchLength);
    }
  });

  it('replay the JSON event log to the live state at every sampled event', () => {
    let sampled = 0;
    for (const { options, match, snapshots } of played) {
      const events = JSON.parse(JSON.stringify(match.events)) as MatchEvent[];
      for (const { at, state } of snapshots) {
        assert.deepEqual(replay(options, events, at), state);
        sampled++;
      }
      assert.deepEqual(replay(options, events), match.state);
      assert.deepEqual(BackgammonMatch.fromEvents(options, () => [1, 1], events).state, match.state);
    }
    assert.ok(sampled > 50);
  });

  it('keep the Crawford game unique and without doubles', () => {
    for (const { match } of played) {
      let crawfordGames = 0;
      let inCrawford = false;
      for (const event of match.events) {
        if (event.type === 'game-start') { inCrawford = event.crawford; if (inCrawford) crawfordGames++; }
        if (event.type === 'double') assert.equal(inCrawford, false);
      }
      assert.ok(crawfordGames <= 1);
    }
  });

  it('write a .mat with one block per game', () => {
    for (const { options, match } of played) {
      const text = toMat(options, match.events, { players: { white: 'w', black: 'b' } });
      assert.equal(text.match(/^ Game \d+$/gm)?.length, match.state.gameNumber);
      assert.equal(text.match(/Wins \d+ points?/g)?.length, match.events.filter((e) => e.type === 'game-end').length);
    }
  });
});
