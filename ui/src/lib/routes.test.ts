import { describe, expect, it } from 'vitest';
import { AREAS, areaFromHash, hashFor } from './routes';

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
});
