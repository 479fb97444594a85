import { defineEntity, p } from '@mikro-orm/core';

export const SESSION_KINDS = ['chess', 'backgammon', 'draft'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

/**
 * A game in play, opened by the room that runs it (src/db/journal.ts) and ended when it ends:
 * with its journal (`journal_entry`) it is what a process needs to bring the game back after a
 * crash or to hand it to another process. `owner` names the process running it; `endedAt` is
 * null while it is in play. `setup` is the room's own, opaque here. Finished games are recorded
 * separately (`game`, `draft`); this is the durable log of those still being played.
 */
export const GameSessionSchema = defineEntity({
  name: 'GameSession',
  tableName: 'game_session',
  properties: {
    /** The game id. */
    id: p.uuid().primary(),
    kind: p.string().length(16),
    roomId: p.string().length(32),
    /** Player ids, for "my games in play" (`players @> '["id"]'`). */
    players: p.json<string[]>(),
    /** Whatever the room needs to create the game again, before its journal is replayed. */
    setup: p.json<unknown>(),
    /** The process running it. */
    owner: p.string().length(64),
    startedAt: p.datetime(),
    endedAt: p.datetime().nullable(),
  },
  // Games in play are looked up by owner or all of them (a small partial index); a game's log by its room.
  indexes: [
    { name: 'game_session_in_play_index', properties: ['owner'], where: 'ended_at is null' },
    { name: 'game_session_room_id_index', properties: ['roomId'] },
  ],
});

export class GameSession extends GameSessionSchema.class {}
GameSessionSchema.setClass(GameSession);

/**
 * One accepted action of a game in play, stored before it is broadcast: `seq` is 1 for the
 * first, so the game is its setup with entries 1..n applied. `entry` is the room's, opaque here.
 */
export const JournalEntrySchema = defineEntity({
  name: 'JournalEntry',
  tableName: 'journal_entry',
  properties: {
    session: () => p.manyToOne(GameSession).primary().deleteRule('cascade'),
    seq: p.integer().primary(),
    /** When the server accepted it. */
    at: p.datetime(),
    entry: p.json<unknown>(),
  },
});

export class JournalEntry extends JournalEntrySchema.class {}
JournalEntrySchema.setClass(JournalEntry);
