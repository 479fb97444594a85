import assert from 'node:assert/strict';
import { Game, Player, Rating } from '../../src/db/entities/index.ts';
import { api, eventually, harness } from '../support/harness.ts';
import { attach, ended, person, play, ratedGame, refused, until, type Person } from '../support/chess.ts';
import type { ChessState } from '../../schema/ChessState.ts';

const orm = () => harness().app.runtime.db.orm;

async function recorded(gameId: string): Promise<Game> {
  return eventually(async () => (await orm().em.fork().findOne(Game, { id: gameId })) ?? undefined, `game ${gameId} to be recorded`);
}

/** Gives a player a settled (non-provisional) rating in a category, as if after many games. */
async function settle(someone: Person, category: string, rating: number): Promise<void> {
  const em = orm().em.fork();
  await em.upsert(Rating, {
    player: em.getReference(Player, someone.player.id), category, rating, rd: 60, volatility: 0.06, games: 40, updatedAt: new Date(harness().scheduler.now()),
  }, { onConflictFields: ['player', 'category'] });
}

describe('ChessRoom: rated games', () => {
  it('come from the server with both seats reserved, and show the players\' ratings', async () => {
    const game = await ratedGame({ initial: 180, increment: 0 });
    const state = game.white.room.state;
    assert.equal(state.rated, true);
    assert.equal(state.category, 'blitz');
    await until(game.white.room, (s) => s.players.get('white')!.rating === 1500 && s.players.get('black')!.rating === 1500);
    assert.equal(state.players.get('white')!.provisional, true);
  });

  it('change both ratings once, in the state and in the database, when the game ends', async () => {
    const game = await ratedGame({ initial: 180, increment: 2 });
    await play(game, 'e4', 'e5', 'Bc4', 'Nc6', 'Qh5', 'Nf6', 'Qxf7#');
    await ended(game);
    const state = await until(game.black.room, (s) => s.ratingDiff.white !== 0, 'the rating change');
    assert.ok(state.ratingDiff.white > 0 && state.ratingDiff.black < 0, JSON.stringify(state.ratingDiff.toJSON()));
    assert.equal(state.ratingDiff.white, -state.ratingDiff.black, 'equal players move by the same amount');

    const record = await recorded(state.gameId);
    assert.equal(record.rated, true);
    assert.equal(record.whiteRatingBefore, 1500);
    assert.equal(Math.round(record.whiteRatingAfter!) - 1500, state.ratingDiff.white);

    const rows = await orm().em.fork().find(Rating, { player: { $in: [game.white.player.id, game.black.player.id] }, category: 'blitz' });
    assert.equal(rows.length, 2);
    for (const row of rows) assert.equal(row.games, 1);
    const white = rows.find((row) => row.player.id === game.white.player.id)!;
    assert.equal(white.rating, record.whiteRatingAfter);
    assert.ok(white.rd < 500, 'the game made the rating surer');

    const profile = await api(`/api/players/${game.white.player.username}`);
    assert.equal(profile.status, 200);
    assert.deepEqual(profile.body.ratings.blitz, { rating: Math.round(white.rating), rd: Math.round(white.rd), provisional: true, games: 1 });
    assert.deepEqual(profile.body.results, { games: 1, wins: 1, losses: 0, draws: 0, byGame: { chess: { games: 1, wins: 1, losses: 0, draws: 0 } } });
    const loser = await api(`/api/players/${game.black.player.username.toUpperCase()}`);
    assert.equal(loser.body.results.losses, 1);

    const games = await api(`/api/players/${game.white.player.username}/games`);
    assert.equal(games.body.total, 1);
    assert.equal(games.body.games[0].id, state.gameId);
    assert.equal(games.body.games[0].players.white.ratingDiff, state.ratingDiff.white);
    assert.equal(games.body.games[0].moves, undefined, 'lists are summaries');

    const me = await api('/api/me', { token: game.white.token });
    assert.equal(me.body.ratings.blitz.games, 1);
  });

  it('are not rated when aborted', async () => {
    const game = await ratedGame({ initial: 60, increment: 0 });
    await play(game, 'e4');
    game.black.room.send('abort');
    const state = await ended(game);
    const record = await recorded(state.gameId);
    assert.equal(record.whiteRatingAfter, null);
    assert.equal(state.ratingDiff.white, 0);
    assert.equal(await orm().em.fork().count(Rating, { player: game.white.player.id }), 0);
  });

  it('keep their seats for their players: anyone else may only watch', async () => {
    const game = await ratedGame({ initial: 60, increment: 0 });
    const intruder = await person('registered');
    await assert.rejects(intruder.client.joinById(game.roomId), /seats of this game are reserved/);
    const watching = await intruder.client.joinById<ChessState>(game.roomId, { spectate: true });
    await until(watching, (s) => s.rated === true);
  });

  it('are rematched as rated games', async () => {
    const game = await ratedGame({ initial: 60, increment: 0 });
    await play(game, 'f3', 'e5', 'g4', 'Qh4#');
    await ended(game);
    game.black.room.send('rematch:offer');
    await until(game.white.room, (s) => s.rematchOffer === 'black');
    const next = game.black.rematch.next();
    game.white.room.send('rematch:accept');
    const { reservation } = await next;
    const room = attach(game.black, 'white', await game.black.client.consumeSeatReservation<ChessState>(reservation as never));
    await until(room.room, (s) => s.rated && s.timeControl === '1+0' && s.players.get('white')?.id === game.black.player.id,
      'the old black seated as white in a rated 1+0 rematch');
  });

  it('list the best non-provisional ratings of a category, best first', async () => {
    const [strong, middle, unsure] = await Promise.all([person('registered'), person('registered'), person('registered')]);
    await settle(strong, 'rapid', 2400);
    await settle(middle, 'rapid', 2100);
    await settle(unsure, 'rapid', 2600);
    const em = orm().em.fork();
    await em.nativeUpdate(Rating, { player: unsure.player.id, category: 'rapid' }, { rd: 150 });
    const board = await api('/api/leaderboard/rapid');
    assert.equal(board.status, 200);
    const names = board.body.players.map((p: { username: string }) => p.username);
    assert.ok(names.indexOf(strong.player.username) >= 0 && names.indexOf(strong.player.username) < names.indexOf(middle.player.username));
    assert.ok(!names.includes(unsure.player.username), 'a provisional rating is not listed');
    assert.equal((await api('/api/leaderboard/untimed')).status, 404);
  });

  it('show among the live games, best rated first', async () => {
    const [a, b, c, d] = await Promise.all([person('registered'), person('registered'), person('registered'), person('registered')]);
    for (const [someone, rating] of [[a, 1600], [b, 1600], [c, 2200], [d, 2200]] as const) await settle(someone, 'blitz', rating);
    const low = await ratedGame({ initial: 180, increment: 0 }, [a, b]);
    const high = await ratedGame({ initial: 180, increment: 0 }, [c, d]);
    await until(high.white.room, (s) => s.players.get('white')!.rating === 2200);
    await until(low.white.room, (s) => s.players.get('white')!.rating === 1600);
    const live = await api('/api/live?game=chess');
    assert.equal(live.status, 200);
    const ids = live.body.games.map((g: { roomId: string }) => g.roomId);
    assert.deepEqual(ids.filter((id: string) => id === low.roomId || id === high.roomId), [high.roomId, low.roomId]);
    const shown = live.body.games.find((g: { roomId: string }) => g.roomId === high.roomId);
    assert.equal(shown.rated, true);
    assert.equal(shown.timeControl, '3+0');
    assert.equal(shown.players.length, 2);
    assert.equal((await api('/api/live?game=go')).status, 400);
    assert.equal((await refused(high.white, 'draw:accept')).code, 'NO_OFFER');
  });
});
