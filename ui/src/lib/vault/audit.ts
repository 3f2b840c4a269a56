// Audit log display helpers: action codes, filters, compact details. Display only.
import type { AuditFilter_Deserialize } from '../bindings';
import type { Catalogue, Locale } from '../i18n/catalogue';
import { lookup } from '../i18n/translate';

/** Every action code the Rust side writes; each has a label in both catalogues (`audit.action.*`). */
export const AUDIT_ACTIONS = [
  'vault.created',
  'vault.locked',
  'login.succeeded',
  'login.failed',
  'login.throttled',
  'login.refused',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.password_reset',
  'user.password_changed',
  'user.clients_assigned',
  'settings.changed',
  'audit.verified',
  'audit.chain_cut',
  'keychain.enrolled',
  'recovery.confirmed',
  'recovery.failed_attempts',
  'client.created',
  'client.updated',
  'client.change_requested',
  'client.change_approved',
  'client.change_rejected',
  'client.verified',
  'field.revealed',
  'consent.recorded',
  'consent.withdrawn',
  'agreement.issued',
  'agreement.renewed',
  'agreement.status_changed',
  'agreement.printed',
  'settings.firm_profile_changed',
  'settings.agreement_template_changed',
  'settings.retention_changed',
  'document.added',
  'document.opened',
  'hold.placed',
  'hold.lifted',
  'destruction.drafted',
  'destruction.approved',
  'destruction.supervised',
  'destruction.executed',
  'destruction.confirmed',
  'destruction.certificate_printed',
  'destruction.certificate_verified',
  'backup.created',
  'backup.failed',
  'backup.pruned',
  'backup.verified',
  'backup.settings_changed',
  'backup.restore_tested',
  'backup.restore_started',
  'backup.restored',
  'backup.restore_confirmed',
  'backup.restore_undone',
  'client.shredded',
  'client.destruction_reapplied',
  'register.created',
  'register.updated',
  'register.status_changed',
  'compliance.report_generated',
  'compliance.privacy_notice_printed',
  'compliance.register_exported',
  'settings.privacy_notice_changed',
  'client.engagement_ended',
  'client.deletion_applied',
  'client.storage_only_opened',
  'retention_certificate.issued',
  'agreement.scan_attached',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The action-prefix filter choices; '' means all. */
export const ACTION_PREFIXES = [
  '',
  'login',
  'user',
  'client',
  'field',
  'consent',
  'document',
  'agreement',
  'destruction',
  'vault',
  'settings',
  'register',
  'compliance',
  'audit',
] as const;
export type ActionPrefix = (typeof ACTION_PREFIXES)[number];

/** The label of an action code (`auditAction.<code>` in the catalogue), or the raw code if unknown. */
export function actionLabel(catalogue: Catalogue, code: string): string {
  return lookup(catalogue, `auditAction.${code}`) ?? code;
}

/**
 * The filter for `auditEntries`: `from`/`to` are local calendar dates (YYYY-MM-DD, '' for none);
 * the range covers whole local days, `to` included.
 */
export function auditFilter(prefix: ActionPrefix, from: string, to: string, limit = 1000): AuditFilter_Deserialize {
  return {
    actionPrefix: prefix === '' ? null : prefix,
    from: from === '' ? null : localDayStart(from, 0),
    to: to === '' ? null : localDayStart(to, 1),
    limit,
  };
}

/** Start of the local day `iso` plus `addDays`, as an RFC 3339 UTC instant; null if not a date. */
export function localDayStart(iso: string, addDays: number): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(year, month - 1, day + addDays);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** An RFC 3339 instant in local time, e.g. "2025/01/03 14:05:09". */
export function formatInstant(at: string, locale: Locale): string {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return at;
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(date);
}

/**
 * Compact one-line details: `{"reason":"user"}` → `reason: user`. Accepts the JSON text the
 * bindings declare and the already-parsed value the command actually sends.
 */
export function formatDetails(details: unknown): string {
  if (details === null || details === undefined || details === '') return '';
  if (typeof details !== 'string') return compact(details);
  let value: unknown;
  try {
    value = JSON.parse(details);
  } catch {
    return details;
  }
  return compact(value);
}

function compact(value: unknown): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return `[${value.map(compact).join(', ')}]`;
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, child]) => `${key}: ${compact(child)}`)
      .join(', ');
  }
  return String(value);
}

/** A user id as shown in the log: `#7`; system entries (no actor) show a dash. */
export function formatActor(actor: number | null): string {
  return actor === null ? '—' : `#${actor}`;
}
