// Client form and list helpers. Display and form plumbing only: Rust validates everything.
import type { BankAccountKind, ClientDetail, ClientInput, ClientStatus, Field } from './api';

/** Every client status, in the order the filter lists them. */
export const CLIENT_STATUSES = ['active', 'engagement_ended', 'storage_only', 'destroyed'] as const satisfies readonly ClientStatus[];

/** Every client field (snake_case, as Rust sends it); each has a label in both catalogues. */
export const CLIENT_FIELDS = [
  'name',
  'client_type',
  'credit_code',
  'id_number',
  'legal_representative',
  'registered_address',
  'industry',
  'taxpayer_status',
  'engagement_start',
  'engagement_end',
  'contact_name',
  'contact_phone',
  'contact_email',
  'contact_id_number',
  'bank_name',
  'bank_account',
  'credit_rating',
  'credit_basis',
  'credit_notes',
  'document_kind',
  'document_title',
  'document_file',
  'document_expires_on',
] as const satisfies readonly Field[];

type UnlistedField = Exclude<Field, (typeof CLIENT_FIELDS)[number]>;

/** Compile-time guard: the bindings gained a field missing above. */
export const ALL_FIELDS_LISTED: [UnlistedField] extends [never] ? true : { missing: UnlistedField } = true;

/** The `reason` codes of client `invalid_input` errors; each has a message in both catalogues. */
export const FIELD_REASONS = [
  'required',
  'length',
  'characters',
  'format',
  'check_digit',
  'luhn',
  'birth_date',
  'region',
  'stale',
  'taken',
] as const;
export type FieldReason = (typeof FIELD_REASONS)[number];

/** True when `value` is a known field reason. */
export function isFieldReason(value: string | undefined): value is FieldReason {
  return value !== undefined && (FIELD_REASONS as readonly string[]).includes(value);
}

/** True when `value` is a known client field. */
export function isClientField(value: string): value is Field {
  return (CLIENT_FIELDS as readonly string[]).includes(value);
}

/**
 * Splits an error path such as `bank_accounts.0.bank_account` into the field (`bank_account`)
 * and keeps the whole path as the key the form puts next to the input. Null if not a field path.
 */
export function parseFieldPath(path: string | undefined): { path: string; field: Field } | null {
  if (!path) return null;
  const last = path.split('.').pop() ?? '';
  return isClientField(last) ? { path, field: last } : null;
}

/** Form path of a top-level field (`client.<field>`) or of a row field (`contacts.0.contact_phone`). */
export function fieldPath(field: Field, group?: 'contacts' | 'bank_accounts', index?: number): string {
  return group === undefined ? `client.${field}` : `${group}.${index ?? 0}.${field}`;
}

/** A contact row in the form. */
export interface ContactRow {
  name: string;
  role: string;
  phone: string;
  email: string;
  /** Kept as loaded (no input for it in this form). */
  idNumber: string;
}

/** A bank account row in the form. */
export interface BankRow {
  bankName: string;
  account: string;
  kind: BankAccountKind;
}

/** What the client form edits: ClientInput with tags as one comma-separated string. */
export interface ClientForm {
  kind: ClientInput['kind'];
  name: string;
  creditCode: string;
  idNumber: string;
  legalRepresentative: string;
  registeredAddress: string;
  industry: string;
  taxpayerStatus: 'general' | 'small' | '';
  engagementStart: string;
  engagementEnd: string;
  tags: string;
  contacts: ContactRow[];
  bankAccounts: BankRow[];
  /** The credit assessment, carried along unchanged (edited on the detail page; notes masked). */
  credit: ClientInput['credit'];
}

export function emptyContact(): ContactRow {
  return { name: '', role: '', phone: '', email: '', idNumber: '' };
}

export function emptyBank(): BankRow {
  return { bankName: '', account: '', kind: 'corporate' };
}

export function emptyForm(): ClientForm {
  return {
    kind: 'company',
    name: '',
    creditCode: '',
    idNumber: '',
    legalRepresentative: '',
    registeredAddress: '',
    industry: '',
    taxpayerStatus: '',
    engagementStart: '',
    engagementEnd: '',
    tags: '',
    contacts: [emptyContact()],
    bankAccounts: [emptyBank()],
    credit: null,
  };
}

/** Splits "a, b，c" into trimmed, non-empty tags (ASCII and full-width commas, 、). */
export function parseTags(text: string): string[] {
  return text
    .split(/[,，、]/)
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

function blankRow(values: string[]): boolean {
  return values.every((value) => value.trim() === '');
}

/** The ClientInput sent to Rust. Completely blank contact and bank rows are left out. */
export function toInput(form: ClientForm): ClientInput {
  const company = form.kind === 'company';
  return {
    kind: form.kind,
    name: form.name,
    creditCode: company ? form.creditCode : '',
    idNumber: company ? '' : form.idNumber,
    legalRepresentative: form.legalRepresentative,
    registeredAddress: form.registeredAddress,
    industry: form.industry,
    taxpayerStatus: form.taxpayerStatus === '' ? null : form.taxpayerStatus,
    engagementStart: form.engagementStart,
    engagementEnd: form.engagementEnd,
    tags: parseTags(form.tags),
    contacts: form.contacts
      .filter((c) => !blankRow([c.name, c.role, c.phone, c.email, c.idNumber]))
      .map((c) => ({ name: c.name, role: c.role, phone: c.phone, email: c.email, idNumber: c.idNumber })),
    bankAccounts: form.bankAccounts
      .filter((a) => !blankRow([a.bankName, a.account]))
      .map((a) => ({ bankName: a.bankName, account: a.account, kind: a.kind })),
    credit: form.credit,
  };
}

/** Values of a client's sensitive fields for the edit form (as shown: masked). */
export interface ClearValues {
  idNumber: string;
  registeredAddress: string;
  contacts: { phone: string; email: string; idNumber: string }[];
  accounts: string[];
}

/**
 * The edit form for a client, from its detail. Sensitive values stay masked: Rust keeps the
 * stored value for any masked value sent back unchanged.
 */
export function formFromDetail(detail: ClientDetail, clear: ClearValues): ClientForm {
  return {
    kind: detail.kind,
    name: detail.name,
    creditCode: detail.creditCode,
    idNumber: clear.idNumber,
    legalRepresentative: detail.legalRepresentative,
    registeredAddress: clear.registeredAddress,
    industry: detail.industry,
    taxpayerStatus: detail.taxpayerStatus ?? '',
    engagementStart: detail.engagementStart,
    engagementEnd: detail.engagementEnd,
    tags: detail.tags.join(', '),
    contacts: detail.contacts.map((c, i) => ({
      name: c.name,
      role: c.role,
      phone: clear.contacts[i]?.phone ?? '',
      email: clear.contacts[i]?.email ?? '',
      idNumber: clear.contacts[i]?.idNumber ?? '',
    })),
    bankAccounts: detail.bankAccounts.map((a, i) => {
      const account = clear.accounts[i] ?? '';
      return { bankName: a.bankName, account, kind: a.kind };
    }),
    credit: detail.credit === null ? null : { ...detail.credit },
  };
}

/** The RFC 3339 instant twelve months before `now`: the "unverified for 12 months" filter. */
export function twelveMonthsAgo(now: Date): string {
  const then = new Date(now.getTime());
  then.setFullYear(then.getFullYear() - 1);
  return then.toISOString();
}

/** How long a revealed value stays on screen and in the clipboard (ms). */
export const REVEAL_MS = 30_000;
