import type { AppError, ErrorCode } from './bindings';

/**
 * Every error code the Rust side can return. Kept here, next to the generated types, as the single
 * list the i18n tests iterate over: each code must have an `error.<code>` message in both catalogues.
 */
export const ERROR_CODES = [
  'internal',
  'io',
  'invalid_input',
  'no_data_dir',
  'vault_absent',
  'vault_locked',
  'vault_exists',
  'vault_too_new',
  'vault_damaged',
  'keychain_unavailable',
  'keychain_missing',
  'keychain_mismatch',
  'wrong_credentials',
  'throttled',
  'account_disabled',
  'recovery_code_mistyped',
  'recovery_code_wrong',
  'weak_password',
  'forbidden',
  'not_found',
  'disk_full',
  'storage',
  'document',
  'consent_missing',
  'backup_damaged',
  'backup_too_new',
] as const satisfies readonly ErrorCode[];

type UnlistedErrorCode = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;

/**
 * Compile-time guard: stops type-checking (svelte-check) when the generated bindings gain an
 * ErrorCode that is missing from ERROR_CODES above.
 */
export const ALL_ERROR_CODES_LISTED: [UnlistedErrorCode] extends [never]
  ? true
  : { missing: UnlistedErrorCode } = true;

/** Thrown by the api wrapper: carries the typed AppError returned by Rust. */
export class AppErrorException extends Error {
  readonly appError: AppError;

  constructor(appError: AppError) {
    super(`app error: ${appError.code}`);
    this.name = 'AppErrorException';
    this.appError = appError;
  }
}

/** True when `value` has the shape of an AppError with a known code. */
export function isAppError(value: unknown): value is AppError {
  if (typeof value !== 'object' || value === null) return false;
  const code: unknown = (value as { code?: unknown }).code;
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Converts anything caught around a command call into an AppError, so the UI always has a
 * translatable error. Unknown failures (e.g. not running inside Tauri) become `internal`.
 */
export function toAppError(caught: unknown): AppError {
  if (caught instanceof AppErrorException) return caught.appError;
  if (isAppError(caught)) return { code: caught.code, params: caught.params ?? {} };
  return { code: 'internal', params: {} };
}

/** Keychain errors: the login screen explains them and offers unlocking with the recovery code. */
export const KEYCHAIN_ERROR_CODES = ['keychain_missing', 'keychain_mismatch', 'keychain_unavailable'] as const;

/** True when `error` means this computer's keychain cannot open the vault. */
export function isKeychainError(error: AppError | null): boolean {
  return error !== null && (KEYCHAIN_ERROR_CODES as readonly string[]).includes(error.code);
}
