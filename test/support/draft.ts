/**
 * Drafts through the real SDK in tests: the organiser (the admin of the test config) creates the
 * draft over REST, captains and spectators join over real sockets.
 */
import assert from 'node:assert/strict';
import type { Room } from '@colyseus/sdk';
import type { DraftRoom } from '../../rooms/DraftRoom.ts';
import type { DraftState } from '../../schema/DraftState.ts';
import { api, eventually, harness } from './harness.ts';
import { Inbox, person, until, type Person } from './chess.ts';
import { adminToken } from './leagues.ts';
import { freeHero } from './hero-pool.ts';

/** Creates a draft as the organiser does (POST /api/drafts) and returns its room id. */
export async function createDraft(options: Record<string, unknown>): Promise<{ roomId: string; server: DraftRoom }> {
  const response = await api('/api/drafts', { method: 'POST', token: await adminToken(), body: options });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  const roomId = response.body.roomId as string;
  return { roomId, server: harness().colyseus.getRoomById(roomId) as unknown as DraftRoom };
}

export interface InDraft extends Person {
  room: Room<any, DraftState>;
  errors: Inbox;
}

/** Joins a draft (as a captain when the player is one, else as a spectator). */
export async function joinDraft(someone: Person, roomId: string, options: Record<string, unknown> = {}): Promise<InDraft> {
  const room = await someone.client.joinById<DraftState>(roomId, options);
  room.reconnection.minUptime = 0;
  return { ...someone, room, errors: new Inbox(room, 'error') };
}

export const untilDraft = (room: Room<any, DraftState>, predicate: (state: DraftState) => boolean, what?: string) =>
  until<DraftState>(room, predicate, what);

/** Registered players (drafts name players of this server), `n` at once. */
export function people(n: number): Promise<Person[]> {
  return Promise.all(Array.from({ length: n }, () => person('registered')));
}

/** Sends an action and waits until every given client has seen the draft's version move on. */
export async function acted(actor: InDraft, watchers: InDraft[], type: string, payload: unknown): Promise<void> {
  const version = actor.room.state.version;
  actor.room.send(type, payload);
  await Promise.all([actor, ...watchers].map((someone) =>
    untilDraft(someone.room, (s) => s.version > version, `${type} ${JSON.stringify(payload)} to arrive`)));
}

/** The draft as GET /api/drafts/:roomId serves it, once the room has recorded it. */
export async function storedDraft(roomId: string): Promise<any> {
  return eventually(async () => {
    const response = await api(`/api/drafts/${roomId}`);
    return response.status === 200 ? response.body : undefined;
  }, `draft ${roomId} to be stored`);
}

/** In a hero draft, the captain on turn makes the step the order calls for, with the first free hero. */
export async function captainSteps(captains: InDraft[], watcher: InDraft): Promise<void> {
  const state = watcher.room.state;
  const actor = captains[state.activeTeam]!;
  await acted(actor, [...captains.filter((c) => c !== actor), watcher], state.action, { heroId: freeHero(state) });
}
