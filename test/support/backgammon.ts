/**
 * Playing backgammon through the real SDK in tests: two players in a room over real sockets,
 * driven by what each client actually received (its state and its `legal` messages).
 */
import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import type { Side } from '../../src/games/side.ts';
import type { BackgammonRoom } from '../../rooms/BackgammonRoom.ts';
import { createRoomWithSeats } from '../../rooms/shared/server-options.ts';
import type { BackgammonState } from '../../schema/BackgammonState.ts';
import { harness } from './harness.ts';
import { Inbox, person, until, type Person } from './chess.ts';

export type Step = [number, number];

export interface Player extends Person {
  side: Side;
  room: Room<any, BackgammonState>;
  errors: Inbox;
  legal: Inbox;
}

export interface MatchUnderTest {
  white: Player;
  black: Player;
  roomId: string;
  server: BackgammonRoom;
  seat(side: Side): Player;
}

function attach(someone: Person, side: Side, room: Room<any, BackgammonState>): Player {
  room.reconnection.minUptime = 0;
  return { ...someone, side, room, errors: new Inbox(room, 'error'), legal: new Inbox(room, 'legal') };
}

function underTest(white: Player, black: Player, roomId: string): MatchUnderTest {
  return {
    white, black, roomId,
    server: harness().colyseus.getRoomById(roomId) as unknown as BackgammonRoom,
    seat: (side) => (side === 'white' ? white : black),
  };
}

export const untilState = (room: Room<any, BackgammonState>, predicate: (state: BackgammonState) => boolean, what?: string) =>
  until<BackgammonState>(room, predicate, what);

/** A casual match: the first player creates it (white), the second joins (black); both see it begin. */
export async function casualMatch(options: Record<string, unknown> = {}, seeds: { white?: string; black?: string } = {}): Promise<MatchUnderTest> {
  const [a, b] = await Promise.all([person(), person()]);
  const first = await a.client.create<BackgammonState>('backgammon', { ...options, ...(seeds.white ? { clientSeed: seeds.white } : {}) });
  const white = attach(a, 'white', first);
  const second = await b.client.joinById<BackgammonState>(first.roomId, seeds.black ? { clientSeed: seeds.black } : {});
  const black = attach(b, 'black', second);
  await Promise.all([untilState(first, (s) => s.status === 'playing'), untilState(second, (s) => s.status === 'playing')]);
  return underTest(white, black, first.roomId);
}

/** A rated match as the lobby makes them: created server-side with both seats reserved. */
export async function ratedMatch(options: Record<string, unknown>): Promise<MatchUnderTest> {
  const [a, b] = await Promise.all([person('registered'), person('registered')]);
  const { roomId, reservations } = await createRoomWithSeats('backgammon', { ...options, rated: true }, { white: a.player, black: b.player });
  const white = attach(a, 'white', await a.client.consumeSeatReservation<BackgammonState>(reservations.white));
  const black = attach(b, 'black', await b.client.consumeSeatReservation<BackgammonState>(reservations.black));
  await Promise.all([untilState(white.room, (s) => s.status === 'playing'), untilState(black.room, (s) => s.status === 'playing')]);
  return underTest(white, black, roomId);
}

/** Both clients have the state at this version or later. */
export async function synced(match: MatchUnderTest): Promise<void> {
  const version = match.server.state.version;
  await Promise.all([match.white, match.black].map((p) => untilState(p.room, (s) => s.version >= version, `version ${version}`)));
}

/** The player the state says must act (answer a resignation or a double, else the player on roll). */
export function toAct(state: BackgammonState): Side | undefined {
  if (state.status !== 'playing') return undefined;
  if (state.resignation.by) return state.resignation.by === 'white' ? 'black' : 'white';
  if (state.phase === 'cube' && state.cube.offeredBy) return state.cube.offeredBy === 'white' ? 'black' : 'white';
  return (state.turn || undefined) as Side | undefined;
}

/** The plays the player to move was last sent, checked against the version it belongs to. */
export async function legalFor(player: Player): Promise<Step[][]> {
  const version = player.room.state.version;
  for (;;) {
    const message = await player.legal.next();
    if ((message.version as number) >= version) return message.plays as Step[][];
  }
}

/**
 * Plays one action of the match for whoever must act: rolls when a roll is asked for, plays
 * the first legal play when a play is. Returns what was done.
 */
export async function playOne(match: MatchUnderTest): Promise<string> {
  await synced(match);
  const state = match.server.state;
  const side = toAct(state);
  assert.ok(side, `nobody to act (phase ${state.phase}, status ${state.status})`);
  const player = match.seat(side);
  const version = state.version;
  if (state.phase === 'roll') {
    player.room.send('roll');
  } else if (state.phase === 'move') {
    const plays = await legalFor(player);
    player.room.send('move', { steps: plays[0] });
  } else {
    assert.fail(`playOne cannot act in phase ${state.phase}`);
  }
  await untilState(player.room, (s) => s.version > version, `${side}'s ${state.phase}`);
  return `${side} ${state.phase}`;
}

/** Plays on until `predicate` holds for the server's state (or the step budget runs out). */
export async function playUntil(match: MatchUnderTest, predicate: (state: BackgammonState) => boolean, budget = 400): Promise<void> {
  for (let i = 0; i < budget; i++) {
    if (predicate(match.server.state)) return;
    await playOne(match);
  }
  assert.fail('the match did not reach the wanted state in time');
}
