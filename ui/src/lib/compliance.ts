// Presentation of the compliance registers: which fields each register's form shows, in
// which order and with which control; empty entries for "new"; where a signal's record opens.
// Validation, deadlines, levels and workflow rules live in Rust (compliance/register.rs).
import type { EntryBody, RegisterEntryView, RegisterKind, SignalCode } from './api';

export const REGISTER_KINDS = ['request', 'incident', 'dispute', 'risk', 'training', 'assessment'] as const satisfies readonly RegisterKind[];

/** Kinds an accountant may record; the rest are administrators' (Rust enforces it). */
export const ACCOUNTANT_KINDS: readonly RegisterKind[] = ['request', 'incident', 'dispute'];

/** How a field is edited. */
export type FieldControl =
  | { type: 'text' }
  | { type: 'textarea' }
  | { type: 'date' }
  | { type: 'number'; min: number; max: number }
  | { type: 'select'; options: readonly string[] }
  | { type: 'checkbox' }
  | { type: 'client' }
  | { type: 'clients' }
  | { type: 'user' }
  | { type: 'categories' };

/** One field of a register form: the body's key (camelCase), its control, whether it is required. */
export interface RegisterField {
  key: string;
  control: FieldControl;
  required?: boolean;
  /** Shown only when closing needs it (a hint, the core decides). */
  closing?: boolean;
}

const text = { type: 'text' } as const;
const area = { type: 'textarea' } as const;
const date = { type: 'date' } as const;

export const DATA_CATEGORIES = ['basic', 'contact', 'financial_account', 'credit', 'document'] as const;

/** The form of each register. */
export const REGISTER_FIELDS: Record<RegisterKind, readonly RegisterField[]> = {
  request: [
    { key: 'requester', control: text, required: true },
    { key: 'clientId', control: { type: 'client' } },
    { key: 'requestType', control: { type: 'select', options: ['access', 'copy', 'correction', 'deletion', 'withdrawal'] }, required: true },
    { key: 'receivedOn', control: date, required: true },
    { key: 'deadline', control: date },
    { key: 'channel', control: text },
    { key: 'details', control: area },
    { key: 'outcome', control: area, closing: true },
    { key: 'answeredBy', control: text },
  ],
  incident: [
    { key: 'title', control: text, required: true },
    { key: 'discoveredOn', control: date, required: true },
    { key: 'description', control: area, required: true },
    { key: 'dataCategories', control: { type: 'categories' } },
    { key: 'clientIds', control: { type: 'clients' } },
    { key: 'personsAffected', control: { type: 'number', min: 0, max: 1_000_000 } },
    { key: 'cause', control: area },
    { key: 'containment', control: area, closing: true },
    { key: 'authorityNotifiedOn', control: date, closing: true },
    { key: 'individualsNotifiedOn', control: date },
    { key: 'noticeText', control: area },
    { key: 'noNoticeReason', control: area },
    { key: 'lessons', control: area, closing: true },
  ],
  dispute: [
    { key: 'complainant', control: text, required: true },
    { key: 'clientId', control: { type: 'client' } },
    { key: 'subject', control: { type: 'select', options: ['leak', 'wrong_data', 'refusal', 'service', 'other'] }, required: true },
    { key: 'privacyComplaint', control: { type: 'checkbox' } },
    { key: 'receivedOn', control: date, required: true },
    { key: 'deadline', control: date },
    { key: 'description', control: area, required: true },
    { key: 'assessment', control: area, closing: true },
    { key: 'resolution', control: { type: 'select', options: ['pending', 'explanation', 'apology', 'correction', 'compensation', 'rejected'] }, closing: true },
    { key: 'compensation', control: text },
    { key: 'feedback', control: area, closing: true },
  ],
  risk: [
    { key: 'title', control: text, required: true },
    { key: 'description', control: area },
    { key: 'likelihood', control: { type: 'number', min: 1, max: 5 }, required: true },
    { key: 'impact', control: { type: 'number', min: 1, max: 5 }, required: true },
    { key: 'owner', control: text, required: true },
    { key: 'controls', control: area, closing: true },
    { key: 'reviewOn', control: date, required: true },
  ],
  training: [
    { key: 'userId', control: { type: 'user' }, required: true },
    { key: 'course', control: text, required: true },
    { key: 'heldOn', control: date, required: true },
    { key: 'content', control: area },
    { key: 'result', control: { type: 'select', options: ['passed', 'attended', 'failed'] }, required: true },
    { key: 'trainer', control: text },
  ],
  assessment: [
    { key: 'title', control: text, required: true },
    { key: 'subject', control: { type: 'select', options: ['sensitive_data', 'sharing', 'entrusted_processing', 'other'] }, required: true },
    { key: 'purpose', control: area, required: true },
    { key: 'necessity', control: area },
    { key: 'risks', control: area },
    { key: 'safeguards', control: area },
    { key: 'conclusion', control: area, closing: true },
    { key: 'assessedOn', control: date, required: true },
    { key: 'reviewer', control: text, closing: true },
  ],
};

/** Today as YYYY-MM-DD in local time. */
export function today(now: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A blank entry of `kind`, dated today. */
export function emptyBody(kind: RegisterKind, on: string = today()): EntryBody {
  switch (kind) {
    case 'request':
      return { kind, requester: '', clientId: null, requestType: 'access', receivedOn: on, deadline: '', channel: '', details: '', outcome: '', answeredBy: '' };
    case 'incident':
      return {
        kind, title: '', discoveredOn: on, description: '', dataCategories: [], clientIds: [], personsAffected: 0, cause: '', containment: '',
        authorityNotifiedOn: '', individualsNotifiedOn: '', noticeText: '', noNoticeReason: '', lessons: '',
      };
    case 'dispute':
      return {
        kind, complainant: '', clientId: null, subject: 'other', privacyComplaint: false, receivedOn: on, deadline: '', description: '',
        assessment: '', resolution: 'pending', compensation: '', feedback: '',
      };
    case 'risk':
      return { kind, title: '', description: '', likelihood: 3, impact: 3, owner: '', controls: '', reviewOn: '' };
    case 'training':
      return { kind, userId: 0, course: '', heldOn: on, content: '', result: 'passed', trainer: '' };
    case 'assessment':
      return { kind, title: '', subject: 'sensitive_data', purpose: '', necessity: '', risks: '', safeguards: '', conclusion: '', assessedOn: on, reviewer: '' };
  }
}

/** The body of a stored entry, ready to edit (a plain copy: the entry may be a Svelte state
 * proxy, which structuredClone refuses). */
export function bodyOf(entry: RegisterEntryView): EntryBody {
  return JSON.parse(JSON.stringify(entry.body)) as EntryBody;
}

/** Where a signal's record opens: a hash of the app, or null when it has no screen. */
export function targetHash(target: string): string | null {
  const [kind, id] = target.split(':');
  switch (kind) {
    case 'client':
      return id ? `#/clients/id/${id}` : null;
    case 'register':
      return id ? `#/compliance/register/${id}` : null;
    case 'user':
    case 'backup':
      return '#/settings';
    case 'audit':
      return '#/compliance/audit';
    case 'change':
      return '#/overview';
    default:
      return null;
  }
}

/** The register tab a signal opens (the filtered list), if it is about register entries. */
export function signalRegister(code: SignalCode): { kind: RegisterKind; overdue?: boolean; open?: boolean } | null {
  switch (code) {
    case 'overdue_requests':
      return { kind: 'request', overdue: true };
    case 'open_incidents':
      return { kind: 'incident', open: true };
    case 'high_risks':
    case 'risk_reviews_due':
      return { kind: 'risk', open: true };
    default:
      return null;
  }
}

/** The filtered list a signal opens when it is not about register entries, or null. */
export function signalListHash(code: SignalCode): string | null {
  switch (code) {
    case 'missing_consent':
      return '#/clients/missing-consent';
    case 'unverified':
      return '#/clients/unverified';
    case 'retention_due':
      return '#/records';
    case 'training_overdue':
      return '#/compliance/registers/training';
    case 'audit_not_verified':
      return '#/compliance/audit';
    case 'backup_overdue':
    case 'restore_test_overdue':
    case 'dormant_users':
    case 'failed_logins':
      return '#/settings';
    default:
      return null;
  }
}

/** Whether `hash` asks for the client list filtered to clients missing consent. */
export function wantsMissingConsent(hash: string): boolean {
  return hash.replace(/^#\/?/, '').split(/[?]/)[0] === 'clients/missing-consent';
}

/** What a compliance hash asks for: `#/compliance/register/12` (one entry),
 * `#/compliance/registers/request/overdue,open` (a filtered register), `#/compliance/<tab>`. */
export interface ComplianceRoute {
  tab: string;
  entry: number | null;
  kind: RegisterKind | null;
  overdue: boolean;
  open: boolean;
}

export function complianceRoute(hash: string): ComplianceRoute {
  const parts = hash.replace(/^#\/?/, '').split('/');
  const route: ComplianceRoute = { tab: 'registers', entry: null, kind: null, overdue: false, open: false };
  if (parts[0] !== 'compliance') return route;
  if (parts[1] === 'register' && parts[2]) {
    const id = Number(parts[2]);
    return { ...route, entry: Number.isInteger(id) && id > 0 ? id : null };
  }
  if (parts[1] === 'registers') {
    const kind = (REGISTER_KINDS as readonly string[]).includes(parts[2] ?? '') ? (parts[2] as RegisterKind) : null;
    const flags = (parts[3] ?? '').split(',');
    return { ...route, kind, overdue: flags.includes('overdue'), open: flags.includes('open') };
  }
  return { ...route, tab: parts[1] || 'registers' };
}

/** Client id from `#/clients/id/<id>`, else null. */
export function clientFromHash(hash: string): string | null {
  const parts = hash.replace(/^#\/?/, '').split('/');
  return parts[0] === 'clients' && parts[1] === 'id' && parts[2] ? decodeURIComponent(parts[2]) : null;
}
