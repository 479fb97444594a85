import assert from 'node:assert/strict';
import { BackgammonEvent, BackgammonMatchRecord, Game, Rating } from '../../src/db/entities/index.ts';
import { replay } from '../../src/games/backgammon/events.ts';
import { positionId } from '../../src/games/backgammon/gnubg-id.ts';
import { startingPosition } from '../../src/games/backgammon/position.ts';
import { FIBS_INITIAL, fibsRatingChange } from '../../src/ratings/fibs.ts';
import { recordBackgammonMatch } from '../../src/services/backgammon-matches.ts';
import { newFinishedMatch, orm, registeredPlayer } from '../support/backgammon-records.ts';

async function ratingRow(playerId: string) {
  return orm().em.fork().findOne(Rating, { player: playerId, category: 'backgammon' });
}

describe('recording a finished backgammon match', () => {
  it('stores the game row, the match row and every event in order', async () => {
    const match = await newFinishedMatch({ seed: 1, matchLength: 3 });
    await recordBackgammonMatch({ orm: orm(), match });
    const em = orm().em.fork();
    const game = await em.findOneOrFail(Game, { id: match.id });
    assert.equal(game.kind, 'backgammon');
    assert.equal(game.category, 'backgammon');
    assert.equal(game.timeControl, '12s+600s');
    assert.equal(game.result, match.winner === 'white' ? '1-0' : '0-1');
    assert.equal(game.winner, match.winner);
    assert.equal(game.termination, match.termination);
    assert.equal(game.aborted, false);
    assert.equal(game.plies, match.events.filter((event) => event.type === 'play').length);
    assert.equal(game.initialPosition, positionId(startingPosition(), 'white'));
    const final = replay({ matchLength: 3, jacoby: false }, match.events);
    assert.equal(game.finalPosition, positionId(final.position, final.turn || 'white'));
    assert.deepEqual(game.startedAt, match.startedAt);

    const row = await em.findOneOrFail(BackgammonMatchRecord, { game: match.id });
    assert.deepEqual(
      { length: row.matchLength, jacoby: row.jacoby, delay: row.clockDelayMs, reserve: row.clockReserveMs, white: row.scoreWhite, black: row.scoreBlack },
      { length: 3, jacoby: false, delay: 12_000, reserve: 600_000, white: match.score.white, black: match.score.black });
    assert.deepEqual(
      [row.diceDerivation, row.diceCommit, row.diceSeed, row.clientSeedWhite, row.clientSeedBlack],
      [match.dice.derivation, match.dice.commit, match.dice.seed, match.dice.clientSeeds.white, match.dice.clientSeeds.black]);

    const events = await em.find(BackgammonEvent, { game: match.id }, { orderBy: { seq: 'asc' } });
    assert.equal(events.length, match.events.length);
    events.forEach((event, index) => {
      assert.equal(event.seq, index + 1);
      assert.equal(event.type, match.events[index]!.type);
      assert.deepEqual(event.event, match.events[index]);
      assert.equal(event.at.getTime(), match.eventTimes[index]);
    });
  });

  it('rates a rated match with the FIBS formula, new players starting at 1500 with no experience', async () => {
    const match = await newFinishedMatch({ seed: 2, matchLength: 5 });
    const ratings = await recordBackgammonMatch({ orm: orm(), match });
    const winner = match.winner!;
    const loser = winner === 'white' ? 'black' : 'white';
    const expected = fibsRatingChange({ winner: FIBS_INITIAL, loser: FIBS_INITIAL, matchLength: 5 });
    assert.ok(ratings);
    assert.equal(ratings[winner].before, 1500);
    assert.equal(ratings[winner].after, expected.winner.rating);
    assert.equal(ratings[loser].after, expected.loser.rating);
    assert.equal(ratings[winner].diff, Math.round(expected.winner.rating) - 1500);

    const winnerRow = (await ratingRow(match.players[winner].id))!;
    const loserRow = (await ratingRow(match.players[loser].id))!;
    assert.deepEqual([winnerRow.rating, winnerRow.experience, winnerRow.games, winnerRow.rd, winnerRow.volatility], [expected.winner.rating, 5, 1, 0, 0]);
    assert.deepEqual([loserRow.rating, loserRow.experience, loserRow.games], [expected.loser.rating, 5, 1]);

    const game = await orm().em.fork().findOneOrFail(Game, { id: match.id });
    assert.equal(game.whiteRatingBefore, 1500);
    assert.equal(game.whiteRatingAfter, ratings.white.after);
    assert.equal(game.blackRatingAfter, ratings.black.after);
  });

  it('carries ratings and experience from match to match, and rates a money game as one point', async () => {
    const players = { white: await registeredPlayer(), black: await registeredPlayer() };
    const first = await newFinishedMatch({ seed: 3, matchLength: 3, players });
    await recordBackgammonMatch({ orm: orm(), match: first });
    const before = { white: (await ratingRow(players.white.id))!, black: (await ratingRow(players.black.id))! };
    const money = await newFinishedMatch({ seed: 4, matchLength: 0, players });
    assert.equal(money.events.filter((event) => event.type === 'game-end').length, 1, 'a money game is one game');
    const ratings = await recordBackgammonMatch({ orm: orm(), match: money });
    const winner = money.winner!;
    const loser = winner === 'white' ? 'black' : 'white';
    const expected = fibsRatingChange({
      winner: { rating: before[winner].rating, experience: before[winner].experience },
      loser: { rating: before[loser].rating, experience: before[loser].experience },
      matchLength: 0,
    });
    assert.equal(ratings![winner].after, expected.winner.rating);
    assert.equal(ratings![loser].after, expected.loser.rating);
    const after = (await ratingRow(players[winner].id))!;
    assert.deepEqual([after.experience, after.games], [4, 2]);
  });

  it('rates nothing for a casual match or an aborted one', async () => {
    const casual = await newFinishedMatch({ seed: 5, matchLength: 1, rated: false });
    const aborted = await newFinishedMatch({ seed: 6, matchLength: 3, abortAfter: 20 });
    assert.equal(aborted.winner, undefined);
    assert.equal(aborted.termination, 'aborted');
    for (const match of [casual, aborted]) {
      assert.equal(await recordBackgammonMatch({ orm: orm(), match }), undefined);
      assert.equal(await ratingRow(match.players.white.id), null);
      assert.equal(await ratingRow(match.players.black.id), null);
      const game = await orm().em.fork().findOneOrFail(Game, { id: match.id });
      assert.equal(game.whiteRatingAfter, null);
    }
    const game = await orm().em.fork().findOneOrFail(Game, { id: aborted.id });
    assert.deepEqual([game.aborted, game.result, game.winner, game.termination], [true, null, null, 'aborted']);
    assert.equal(await orm().em.fork().count(BackgammonEvent, { game: aborted.id }), aborted.events.length);
  });

  it('stores a match recorded twice once, and rates it once', async () => {
    const match = await newFinishedMatch({ seed: 7, matchLength: 1 });
    const first = await recordBackgammonMatch({ orm: orm(), match });
    const second = await recordBackgammonMatch({ orm: orm(), match });
    assert.ok(first);
    assert.deepEqual(second, first);
    const em = orm().em.fork();
    assert.equal(await em.count(Game, { id: match.id }), 1);
    assert.equal(await em.count(BackgammonEvent, { game: match.id }), match.events.length);
    const white = (await ratingRow(match.players.white.id))!;
    assert.deepEqual([white.games, white.experience, white.rating], [1, 1, first.white.after]);
  });

  it('stores a match recorded several times at once once (rated and casual)', async () => {
    for (const rated of [true, false]) {
      const match = await newFinishedMatch({ seed: 8, matchLength: 1, rated });
      const results = await Promise.all([1, 2, 3].map(() => recordBackgammonMatch({ orm: orm(), match })));
      assert.deepEqual(results[1], results[0]);
      assert.deepEqual(results[2], results[0]);
      const em = orm().em.fork();
      assert.equal(await em.count(Game, { id: match.id }), 1);
      assert.equal(await em.count(BackgammonMatchRecord, { game: match.id }), 1);
      assert.equal(await em.count(BackgammonEvent, { game: match.id }), match.events.length);
      if (rated) assert.equal((await ratingRow(match.players.white.id))!.games, 1);
    }
  });

  it('rates concurrent matches of the same player without losing an update', async () => {
    const shared = await registeredPlayer();
    const first = await newFinishedMatch({ seed: 9, matchLength: 1, players: { white: shared, black: await registeredPlayer() } });
    const second = await newFinishedMatch({ seed: 10, matchLength: 1, players: { white: await registeredPlayer(), black: shared } });
    await Promise.all([recordBackgammonMatch({ orm: orm(), match: first }), recordBackgammonMatch({ orm: orm(), match: second })]);
    const row = (await ratingRow(shared.id))!;
    assert.deepEqual([row.games, row.experience], [2, 2]);
  });
});
