/**
 * The processes alive now: the matchmaker's live processes, and this one. Seeks, pool entries and
 * lobby sizes are stored with the process that made them, so those of a process that died without
 * saying goodbye are ignored or withdrawn.
 */
import { matchMaker } from '@colyseus/core';

export async function liveNodes(): Promise<Set<string>> {
  const live = new Set((await matchMaker.stats.fetchAll()).map((process) => process.processId));
  return live.add(matchMaker.processId);
}
