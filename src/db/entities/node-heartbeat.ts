import { defineEntity, p } from '@mikro-orm/core';

/**
 * The last moment each server process (by its NODE_NAME) was known alive, written every second
 * while it runs (src/db/heartbeat.ts). After a crash, its games in play are suspended from then
 * rather than from their last action: the time the server was away is charged to nobody, and the
 * time before it to whoever was thinking.
 */
export const NodeHeartbeatSchema = defineEntity({
  name: 'NodeHeartbeat',
  tableName: 'node_heartbeat',
  properties: {
    node: p.string().length(64).primary(),
    aliveAt: p.datetime(),
  },
});

export class NodeHeartbeat extends NodeHeartbeatSchema.class {}
NodeHeartbeatSchema.setClass(NodeHeartbeat);
