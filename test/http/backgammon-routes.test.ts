import assert from 'node:assert/strict';
import { Rating } from '../../src/db/entities/index.ts';
import { replay } from '../../src/games/backgammon/events.ts';
import { matchId, positionId } from '../../src/games/backgammon/gnubg-id.ts';
import { recordBackgammonMatch, type FinishedBackgammonMatch } from '../../src/services/backgammon-matches.ts';
import { recordChessGame } from '../../src/services/chess-games.ts';
import { api } from '../support/harness.ts';
import { newFinishedMatch, orm, registeredPlayer, type TestPlayer } from '../support/backgammon-records.ts';

async function chessGame(white: TestPlayer, black: TestPlayer, endedAt: Date): Promise<string> {
  const id = crypto.randomUUID();
  await recordChessGame({ orm: orm(), game: {
    id, roomId: 'chessroom', rated: false, category: 'blitz', timeControl: '180+0',
    players: { white: { id: white.id, rating: undefined }, black: { id: black.id, rating: undefined } },
    outcome: { result: '1/2-1/2', termination: 'agreement', winner: undefined },
    startedAt: new Date(endedAt.getTime() - 60_000), endedAt,
    initialFen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1', finalFen: 'x',
    moves: [{ san: 'e4', uci: 'e2e4', clockMs: null, spentMs: 0 }, { san: 'e5', uci: 'e7e5', clockMs: null, spentMs: 0 }],
  } });
  return id;
}

/** What `replay?at=N` must answer, computed straight from the record with `replay()`. */
function expectedReplay(match: FinishedBackgammonMatch, at: number) {
  const state = replay({ matchLength: match.matchLength, jacoby: match.jacoby }, match.events, at);
  return {
    at,
    event: at === 0 ? null : { n: at, at: new Date(match.eventTimes[at - 1]!).toISOString(), ...match.events[at - 1] },
    position: state.position,
    positionId: positionId(state.position, state.turn || 'white'),
    matchId: matchId(state),
    turn: state.turn, dice: state.dice, diceLeft: state.diceLeft, cube: state.cube, score: state.score,
    crawford: state.crawford, gameNumber: state.gameNumber, phase: state.phase, status: state.status,
  };
}

describe('REST: recorded backgammon matches', () => {
  let match: FinishedBackgammonMatch;
  let chessId: string;

  before(async () => {
    match = await newFinishedMatch({ seed: 101, matchLength: 3 });
    await recordBackgammonMatch({ orm: orm(), match });
    chessId = await chessGame(match.players.white, match.players.black, new Date(match.endedAt.getTime() - 3_600_000));
  });

  it('GET /api/games/:id shows the common fields and a backgammon section with the dice and the log', async () => {
    const response = await api(`/api/games/${match.id}`);
    assert.equal(response.status, 200);
    const view = response.body;
    assert.equal(view.kind, 'backgammon');
    assert.equal(view.category, 'backgammon');
    assert.equal(view.timeControl, '12s+600s');
    assert.equal(view.winner, match.winner);
    assert.equal(view.players.white.username, match.players.white.username);
    assert.equal(typeof view.players.white.ratingDiff, 'number');
    assert.equal(view.moves, undefined, 'chess moves are for chess games');
    const { events, ...rest } = view.backgammon;
    assert.deepEqual(rest, {
      matchLength: 3, jacoby: false, clock: { delayMs: 12_000, reserveMs: 600_000 }, score: match.score,
      dice: match.dice,
    });
    assert.equal(events.length, match.events.length);
    events.forEach((event: { n: number; at: string }, index: number) => {
      assert.deepEqual(event, { n: index + 1, at: new Date(match.eventTimes[index]!).toISOString(), ...match.events[index] });
    });
  });

  it('GET /api/games/:id/replay?at=N answers the state after N events, as replay() computes it', async () => {
    const count = match.events.length;
    const firstPlay = match.events.findIndex((event) => event.type === 'play') + 1;
    for (const at of [0, 1, firstPlay, Math.floor(count / 2), count - 1, count]) {
      const response = await api(`/api/games/${match.id}/replay?at=${at}`);
      assert.equal(response.status, 200, JSON.stringify(response.body));
      assert.deepEqual(response.body, expectedReplay(match, at), `at=${at}`);
    }
    const whole = await api(`/api/games/${match.id}/replay`);
    assert.deepEqual(whole.body, expectedReplay(match, count));
    assert.equal(whole.body.status, 'ended');
    assert.deepEqual(whole.body.score, match.score);
  });

  it('answers 400 for an event number out of range or not a number', async () => {
    for (const query of [`at=${match.events.length + 1}`, 'at=-1', 'at=abc', 'at=1.5', 'at=', 'from=2']) {
      const response = await api(`/api/games/${match.id}/replay?${query}`);
      assert.equal(response.status, 400, query);
      assert.equal(response.body.error.code, 'INVALID_PAYLOAD', query);
    }
  });

  it('answers 404 for replay and .mat of a chess game or an unknown id', async () => {
    for (const id of [chessId, crypto.randomUUID(), 'not-a-uuid']) {
      for (const path of [`/api/games/${id}/replay`, `/api/games/${id}/mat`]) {
        const response = await api(path);
        assert.equal(response.status, 404, path);
        assert.equal(response.body.error.code, 'NOT_FOUND');
      }
    }
    assert.equal((await api(`/api/games/${match.id}/pgn`)).status, 404, 'no PGN for backgammon');
  });

  it('GET /api/games/:id/mat downloads the match in the .mat format, named by usernames', async () => {
    const response = await api(`/api/games/${match.id}/mat`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /^text\/plain/);
    assert.equal(response.headers.get('content-disposition'), `attachment; filename="${match.id}.mat"`);
    const lines = (response.body as string).split('\n');
    const firstBody = lines.findIndex((line) => !line.startsWith('; [') && line !== '');
    assert.ok(lines.slice(0, firstBody).every((line) => line === '' || /^; \[\w+ ".*"\]$/.test(line)), 'tags first');
    assert.ok(lines.some((line) => line === '; [EventDate "2026.11.24"]'));
    assert.equal(lines[firstBody], ' 3 point match');
    assert.equal(lines[firstBody + 2], ' Game 1');
    const { white, black } = match.players;
    assert.match(lines[firstBody + 3]!, new RegExp(`^ ${white.username} : 0 +${black.username} : 0$`));
    assert.match(lines[firstBody + 4]!, /^ {2}1\) (\d\d: [\d/* ]+| {27})/);
    const games = match.events.filter((event) => event.type === 'game-start').length;
    assert.equal(lines.filter((line) => /^ Game \d+$/.test(line)).length, games);
    assert.equal(lines.filter((line) => /Wins \d+ points?$/.test(line)).length, games);
  });

  it('lists a backgammon match beside a chess game in the player history and results', async () => {
    const { username } = match.players.white;
    const response = await api(`/api/players/${username}/games`);
    assert.equal(response.status, 200);
    assert.equal(response.body.total, 2);
    assert.deepEqual(response.body.games.map((game: { id: string; kind: string }) => [game.id, game.kind]), [[match.id, 'backgammon'], [chessId, 'chess']]);
    assert.equal(response.body.games[0].backgammon, undefined, 'lists are summaries');
    const profile = await api(`/api/players/${username}`);
    const won = match.winner === 'white' ? 1 : 0;
    assert.deepEqual(profile.body.results.byGame, {
      backgammon: { games: 1, wins: won, losses: 1 - won, draws: 0 },
      chess: { games: 1, wins: 0, losses: 0, draws: 1 },
    });
    const rating = profile.body.ratings.backgammon;
    const stored = await orm().em.fork().findOneOrFail(Rating, { player: match.players.white.id, category: 'backgammon' });
    assert.deepEqual(rating, { rating: Math.round(stored.rating), rd: 0, provisional: true, games: 1, experience: 3 });
  });

  it('GET /api/leaderboard/backgammon lists experienced players by FIBS rating, newcomers not yet', async () => {
    const em = orm().em.fork();
    const [strong, weaker] = [await registeredPlayer(), await registeredPlayer()];
    // Above every earlier run's players, should the database be a long-lived PostgreSQL one.
    const top = 3000 + (Date.now() % 10_000_000) / 1000 + 0.4;
    for (const [player, rating] of [[strong, top], [weaker, top - 100]] as const) {
      em.create(Rating, { player: player.id, category: 'backgammon', rating, rd: 0, volatility: 0, games: 20, experience: 60, updatedAt: new Date() });
    }
    await em.flush();
    const response = await api('/api/leaderboard/backgammon');
    assert.equal(response.status, 200);
    assert.equal(response.body.category, 'backgammon');
    const names = response.body.players.map((entry: { username: string }) => entry.username);
    assert.ok(names.indexOf(strong.username) >= 0 && names.indexOf(strong.username) < names.indexOf(weaker.username), names.join(', '));
    assert.deepEqual(response.body.players.find((entry: { username: string }) => entry.username === strong.username),
      { username: strong.username, rating: Math.round(top), rd: 0, games: 20, experience: 60 });
    assert.ok(!names.includes(match.players.white.username), 'one 3-point match is not enough experience');
  });
});
