// A tiny hash router: `#/clients` etc. No library.
import { type Area, areaFromHash, hashFor } from './routes';

function currentHash(): string {
  return typeof location === 'undefined' ? '' : location.hash;
}

/** Reactive current area. Read `route.area`. */
export const route: { area: Area } = $state({ area: areaFromHash(currentHash()) });

/** Navigates to an area by setting the hash (adds a history entry). */
export function navigate(area: Area): void {
  if (currentHash() === hashFor(area)) return;
  location.hash = hashFor(area);
}

/** Starts following `hashchange`. Returns a function that stops it. */
export function startRouter(): () => void {
  const sync = () => {
    route.area = areaFromHash(currentHash());
  };
  sync();
  window.addEventListener('hashchange', sync);
  return () => window.removeEventListener('hashchange', sync);
}
