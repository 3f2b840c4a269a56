// The four roles, in the order the UI lists them.
import type { Role } from '../bindings';

export const ROLES = ['administrator', 'accountant', 'assistant', 'auditor'] as const satisfies readonly Role[];

type UnlistedRole = Exclude<Role, (typeof ROLES)[number]>;

/** Compile-time guard: the bindings gained a role missing above. */
export const ALL_ROLES_LISTED: [UnlistedRole] extends [never] ? true : { missing: UnlistedRole } = true;

/** Roles that may read and verify the audit log (Rust enforces it; this only hides the screen). */
export function canViewAudit(role: Role): boolean {
  return role === 'administrator' || role === 'auditor';
}

/** Roles that manage users and settings (Rust enforces it; this only picks the form). */
export function isAdministrator(role: Role): boolean {
  return role === 'administrator';
}
