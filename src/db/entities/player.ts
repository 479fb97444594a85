import { randomUUID } from 'node:crypto';
import { defineEntity, p } from '@mikro-orm/core';
import { Rating } from './rating.ts';

/** A person or a guest. `usernameKey` is the lower-cased name: names are unique ignoring case. */
export const PlayerSchema = defineEntity({
  name: 'Player',
  tableName: 'player',
  properties: {
    id: p.uuid().primary().onCreate(() => randomUUID()),
    username: p.string().length(32),
    usernameKey: p.string().length(32).unique(),
    guest: p.boolean().default(false),
    passwordHash: p.string().length(255).nullable().hidden(),
    /** Base MMR, set by the organiser of a league or a draft; null until someone sets it. */
    mmr: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    ratings: () => p.oneToMany(Rating).mappedBy('player'),
  },
});

export class Player extends PlayerSchema.class {}
PlayerSchema.setClass(Player);
