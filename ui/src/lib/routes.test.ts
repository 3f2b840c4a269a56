import { describe, expect, it } from 'vitest';
import { AREAS, UNVERIFIED_CLIENTS_HASH, areaFromHash, hashFor, wantsUnverifiedClients } from './routes';

describe('routes', () => {
  it('round-trips every area', () => {
    for (const area of AREAS) expect(areaFromHash(hashFor(area))).toBe(area);
  });

  it('defaults to overview', () => {
    expect(areaFromHash('')).toBe('overview');
    expect(areaFromHash('#')).toBe('overview');
    expect(areaFromHash('#/')).toBe('overview');
    expect(areaFromHash('#/nope')).toBe('overview');
  });

  it('tolerates variants', () => {
    expect(areaFromHash('#clients')).toBe('clients');
    expect(areaFromHash('#/records/123')).toBe('records');
    expect(areaFromHash('#/settings?x=1')).toBe('settings');
  });

  it('opens the client list filtered to unverified clients', () => {
    expect(areaFromHash(UNVERIFIED_CLIENTS_HASH)).toBe('clients');
    expect(wantsUnverifiedClients(UNVERIFIED_CLIENTS_HASH)).toBe(true);
    expect(wantsUnverifiedClients('#/clients')).toBe(false);
    expect(wantsUnverifiedClients('#/overview')).toBe(false);
  });
});
