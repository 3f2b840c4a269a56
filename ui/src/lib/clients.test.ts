import { describe, expect, it } from 'vitest';
import {
  CLIENT_FIELDS,
  CLIENT_STATUSES,
  FIELD_REASONS,
  emptyForm,
  formFromDetail,
  parseFieldPath,
  parseTags,
  toInput,
  twelveMonthsAgo,
} from './clients';
import { catalogues } from './i18n';
import { lookup, translateError } from './i18n/translate';
import type { ClientDetail } from './api';

describe('client helpers', () => {
  it('locates error paths at their field', () => {
    expect(parseFieldPath('client.credit_code')).toEqual({ path: 'client.credit_code', field: 'credit_code' });
    expect(parseFieldPath('contacts.0.contact_phone')?.field).toBe('contact_phone');
    expect(parseFieldPath('bank_accounts.1.bank_account')?.path).toBe('bank_accounts.1.bank_account');
    expect(parseFieldPath('version')).toBeNull();
    expect(parseFieldPath(undefined)).toBeNull();
  });

  it('splits tags on ASCII and full-width commas', () => {
    expect(parseTags(' 月度记账，重点, ,vip、年报 ')).toEqual(['月度记账', '重点', 'vip', '年报']);
  });

  it('leaves blank rows out and sends only the identifier of the kind', () => {
    const form = emptyForm();
    form.name = '杭州华瑞';
    form.creditCode = '91350100M000100Y43';
    form.idNumber = 'stale';
    const input = toInput(form);
    expect(input.contacts).toEqual([]);
    expect(input.bankAccounts).toEqual([]);
    expect(input.idNumber).toBe('');
    expect(input.taxpayerStatus).toBeNull();
  });

  it('carries the credit assessment through the edit form unchanged (notes masked)', () => {
    const detail: ClientDetail = {
      id: 'c1',
      version: 2,
      kind: 'company',
      status: 'active',
      name: '杭州华瑞科技有限公司',
      creditCode: '91350100M000100Y43',
      idNumber: '',
      legalRepresentative: '李华',
      registeredAddress: '',
      industry: '',
      taxpayerStatus: null,
      engagementStart: '',
      engagementEnd: '',
      tags: [],
      contacts: [],
      bankAccounts: [],
      creditRating: 'B',
      credit: { rating: 'B', basis: '偶有延迟', assessedOn: '2026-06-30', assessor: '王会计', notes: '****' },
      verifiedAt: null,
    };
    const form = formFromDetail(detail, { idNumber: '', registeredAddress: '', contacts: [], accounts: [] });
    expect(toInput(form).credit).toEqual({
      rating: 'B',
      basis: '偶有延迟',
      assessedOn: '2026-06-30',
      assessor: '王会计',
      notes: '****',
    });
    expect(toInput(emptyForm()).credit).toBeNull();
  });

  it('goes back twelve months', () => {
    expect(twelveMonthsAgo(new Date('2026-11-27T08:00:00Z'))).toBe('2025-11-27T08:00:00.000Z');
  });

  for (const [name, catalogue] of Object.entries(catalogues)) {
    it(`${name}: labels every field, status and reason`, () => {
      for (const field of CLIENT_FIELDS) expect(lookup(catalogue, `clientField.${field}`), field).toBeTypeOf('string');
      for (const status of CLIENT_STATUSES) expect(lookup(catalogue, `clientStatus.${status}`), status).toBeTypeOf('string');
      for (const reason of FIELD_REASONS) expect(lookup(catalogue, `fieldReason.${reason}`), reason).toBeTypeOf('string');
    });

    it(`${name}: names the consent scope of a refused sharing and the import problems`, () => {
      const refused = translateError(catalogue, { code: 'consent_missing', params: { scope: 'third_party' } });
      expect(refused).not.toContain('third_party');
      const notConsented = translateError(catalogue, {
        code: 'invalid_input',
        params: { field: 'sharing.recipient_name', reason: 'not_consented' },
      });
      expect(notConsented).not.toContain('not_consented');
      expect(notConsented).not.toContain('sharing.');
      const empty = translateError(catalogue, { code: 'invalid_input', params: { field: 'import.file', reason: 'no_rows' } });
      expect(empty).not.toContain('no_rows');
    });
  }
});
