// Throttles activity reports for auto-lock: at most one heartbeat per interval.

/** At most one heartbeat per 30 s. */
export const HEARTBEAT_INTERVAL_MS = 30_000;

/** The user input that counts as activity. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Returns a function to call on every user input; it calls `send` on the first input and then
 * at most once per `intervalMs`. `now` is injectable for tests.
 */
export function throttled(
  send: () => void,
  intervalMs: number = HEARTBEAT_INTERVAL_MS,
  now: () => number = () => Date.now(),
): () => void {
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    const at = now();
    if (at - last < intervalMs) return;
    last = at;
    send();
  };
}
