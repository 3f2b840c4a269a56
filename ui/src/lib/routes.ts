// The six areas of the app and the pure hash <-> area mapping used by the router.

/** Navigation areas, in navigation order. */
export const AREAS = ['overview', 'clients', 'reconciliation', 'records', 'compliance', 'settings'] as const;
export type Area = (typeof AREAS)[number];

/** The area shown when the hash is empty or unknown. */
export const DEFAULT_AREA: Area = 'overview';

/** Parses `#/clients` (also `#clients`, `#/clients/…`) into an area; unknown → overview. */
export function areaFromHash(hash: string): Area {
  const first = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (AREAS as readonly string[]).includes(first) ? (first as Area) : DEFAULT_AREA;
}

/** The hash for an area, e.g. `#/clients`. */
export function hashFor(area: Area): string {
  return `#/${area}`;
}

/** The client list with the "not verified for 12 months" filter ticked (from the Overview). */
export const UNVERIFIED_CLIENTS_HASH = '#/clients/unverified';

/** Whether `hash` asks for the client list filtered to clients not verified for 12 months. */
export function wantsUnverifiedClients(hash: string): boolean {
  return hash.replace(/^#\/?/, '').split(/[?]/)[0] === 'clients/unverified';
}
