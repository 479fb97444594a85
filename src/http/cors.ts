/**
 * CORS for every route, the matchmaker's included. Colyseus answers preflights and sets the
 * headers on every request itself (from `matchMaker.controller`); its defaults allow any origin
 * with credentials, so they are replaced by the configured origins. Tokens travel in the
 * Authorization header, never in cookies, so credentials are not allowed.
 */
import { matchMaker } from '@colyseus/core';
import type { Config } from '../config.ts';

export function configureCors(origins: Config['corsOrigins']): void {
  const controller = matchMaker.controller;
  const defaults: Record<string, string> = controller.DEFAULT_CORS_HEADERS;
  for (const header of Object.keys(defaults)) delete defaults[header];
  Object.assign(defaults, {
    'Access-Control-Allow-Headers': 'Origin, X-Requested-With, Content-Type, Accept, Authorization',
    'Access-Control-Allow-Methods': 'GET,HEAD,PUT,PATCH,POST,DELETE',
    'Access-Control-Max-Age': '86400',
    'Vary': 'Origin',
  });
  const allowed = origins === '*' ? undefined : new Set(origins);
  controller.getCorsHeaders = (headers: Headers): Record<string, string> => {
    if (!allowed) return { 'Access-Control-Allow-Origin': '*' };
    const origin = headers.get('origin');
    return origin !== null && allowed.has(origin) ? { 'Access-Control-Allow-Origin': origin } : {};
  };
}
