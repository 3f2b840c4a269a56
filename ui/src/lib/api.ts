// The only module components use to talk to Rust. Components never import bindings or tauri directly.
import { commands, type AppStatus, type AppError } from './bindings';
import { AppErrorException, toAppError } from './errors';

/** The Result shape tauri-specta commands resolve to (declared here: not every generator version exports it). */
export type Result<T, E> = { status: 'ok'; data: T } | { status: 'error'; error: E };

export type { AppStatus, AppError, VaultState, ErrorCode } from './bindings';
export { AppErrorException, toAppError } from './errors';

/** Returns the data of an ok Result, or throws an AppErrorException carrying the AppError. */
export function unwrap<T>(result: Result<T, AppError>): T {
  if (result.status === 'ok') return result.data;
  throw new AppErrorException(result.error);
}

/**
 * Runs a command and unwraps its Result. Every failure (a Rust AppError, or an invoke failure
 * such as running outside the Tauri webview) is rethrown as an AppErrorException.
 */
async function call<T>(run: () => Promise<Result<T, AppError>>): Promise<T> {
  let result: Result<T, AppError>;
  try {
    result = await run();
  } catch (caught) {
    throw new AppErrorException(toAppError(caught));
  }
  return unwrap(result);
}

/** App version, data folder, vault state and platform, as reported by Rust. */
export function getAppStatus(): Promise<AppStatus> {
  return call(() => commands.appStatus());
}
