// The app's status and session, polled from Rust. Drives which screen is shown:
// setup (no vault), login (locked) or the app frame (unlocked).
import { getStatus, heartbeat, lock, toAppError, type AppError, type StatusReport } from './api';
import { throttled } from './vault/heartbeat';

/** How often the status is polled (the Rust side checks for idle time every 5 s too). */
export const POLL_INTERVAL_MS = 5_000;

interface SessionState {
  /** Last status report; null until the first answer. */
  status: StatusReport | null;
  /** Why the last status poll failed, if it did. */
  error: AppError | null;
  /** Set when the vault locked without the user asking (auto-lock after idle time). */
  lockedByInactivity: boolean;
  /** Between `setupVault` and a confirmed recovery code: the wizard stays on screen. */
  setupPending: boolean;
}

/** Reactive session state. Read only; change it through the functions below. */
export const session: SessionState = $state({
  status: null,
  error: null,
  lockedByInactivity: false,
  setupPending: false,
});

let lockRequested = false;
let issued = 0;
let applied = 0;

/** Reads the status now and notices an automatic lock. Answers older than one applied are dropped. */
export async function refreshStatus(): Promise<void> {
  const mine = ++issued;
  let next: StatusReport;
  try {
    next = await getStatus();
  } catch (caught) {
    if (mine > applied) session.error = toAppError(caught);
    return;
  }
  if (mine < applied) return;
  applied = mine;
  const was = session.status?.app.vault;
  const now = next.app.vault;
  if (was === 'unlocked' && now !== 'unlocked') {
    session.lockedByInactivity = !lockRequested;
    session.setupPending = false;
  }
  if (now === 'unlocked') session.lockedByInactivity = false;
  session.status = next;
  session.error = null;
}

/** Polls the status every POLL_INTERVAL_MS. Returns a function that stops polling. */
export function startPolling(): () => void {
  void refreshStatus();
  const timer = setInterval(() => void refreshStatus(), POLL_INTERVAL_MS);
  return () => clearInterval(timer);
}

/** Locks the vault at the user's request (no inactivity note). */
export async function lockNow(): Promise<void> {
  lockRequested = true;
  try {
    await lock();
  } finally {
    await refreshStatus();
    lockRequested = false;
  }
}

/** Marks the setup wizard as in progress (the vault is already unlocked) or finished. */
export function setSetupPending(pending: boolean): void {
  session.setupPending = pending;
}

/** Call on every user input while unlocked: sends a heartbeat at most every 30 s. */
export const noteActivity: () => void = throttled(() => {
  heartbeat().catch(() => void refreshStatus());
});
