import { describe, expect, it } from 'vitest';
import {
  REGISTER_FIELDS,
  REGISTER_KINDS,
  clientFromHash,
  complianceRoute,
  emptyBody,
  signalListHash,
  signalRegister,
  targetHash,
  wantsMissingConsent,
} from './compliance';
import { catalogues } from './i18n';
import { lookup } from './i18n/translate';

describe('register forms', () => {
  it('every field of every register exists in a new entry and has a label in both languages', () => {
    for (const kind of REGISTER_KINDS) {
      const body = emptyBody(kind, '2026-11-27') as unknown as Record<string, unknown>;
      expect(body.kind).toBe(kind);
      for (const field of REGISTER_FIELDS[kind]) {
        expect(Object.keys(body), `${kind}.${field.key}`).toContain(field.key);
        for (const catalogue of Object.values(catalogues)) {
          expect(lookup(catalogue, `compliance.field.${field.key}`), field.key).toBeTypeOf('string');
          if (field.control.type === 'select') {
            for (const option of field.control.options) {
              expect(lookup(catalogue, `compliance.option.${field.key}.${option}`), `${field.key}.${option}`).toBeTypeOf('string');
            }
          }
        }
      }
    }
  });

  it('new entries are dated the given day', () => {
    expect(emptyBody('request', '2026-11-27')).toMatchObject({ receivedOn: '2026-11-27', deadline: '' });
    expect(emptyBody('incident', '2026-11-27')).toMatchObject({ discoveredOn: '2026-11-27', clientIds: [] });
    expect(emptyBody('training', '2026-11-27')).toMatchObject({ heldOn: '2026-11-27', result: 'passed' });
  });
});

describe('compliance routes', () => {
  it('parses entry, filtered register and tab hashes', () => {
    expect(complianceRoute('#/compliance/register/12')).toMatchObject({ tab: 'registers', entry: 12 });
    expect(complianceRoute('#/compliance/register/x')).toMatchObject({ entry: null });
    expect(complianceRoute('#/compliance/registers/request/overdue,open')).toMatchObject({
      kind: 'request',
      overdue: true,
      open: true,
    });
    expect(complianceRoute('#/compliance/registers/bogus')).toMatchObject({ kind: null, overdue: false });
    expect(complianceRoute('#/compliance/audit')).toMatchObject({ tab: 'audit', entry: null });
    expect(complianceRoute('#/clients')).toMatchObject({ tab: 'registers' });
  });

  it('links a signal record to its screen', () => {
    expect(targetHash('client:abc')).toBe('#/clients/id/abc');
    expect(targetHash('register:7')).toBe('#/compliance/register/7');
    expect(targetHash('user:3')).toBe('#/settings');
    expect(targetHash('agreement:1')).toBeNull();
    expect(clientFromHash('#/clients/id/abc')).toBe('abc');
    expect(clientFromHash('#/clients/unverified')).toBeNull();
    expect(signalRegister('overdue_requests')).toEqual({ kind: 'request', overdue: true });
    expect(signalRegister('backup_overdue')).toBeNull();
    expect(signalListHash('missing_consent')).toBe('#/clients/missing-consent');
    expect(wantsMissingConsent('#/clients/missing-consent')).toBe(true);
    expect(wantsMissingConsent('#/clients')).toBe(false);
    expect(signalListHash('open_incidents')).toBeNull();
  });

  it('every signal has a name, a help text and a level label in both languages', () => {
    const codes = [
      'overdue_requests', 'open_incidents', 'high_risks', 'risk_reviews_due', 'missing_consent', 'unverified',
      'retention_due', 'agreements_expiring', 'agreements_unsigned', 'stale_reviews', 'backup_overdue',
      'restore_test_overdue', 'audit_not_verified', 'training_overdue', 'dormant_users', 'failed_logins',
    ];
    for (const catalogue of Object.values(catalogues)) {
      for (const code of codes) {
        expect(lookup(catalogue, `signals.code.${code}`), code).toBeTypeOf('string');
        expect(lookup(catalogue, `signals.help.${code}`), code).toBeTypeOf('string');
      }
    }
  });
});

describe('bodyOf', () => {
  it('copies an entry held in a proxy (Svelte state) without sharing it', async () => {
    const { bodyOf } = await import('./compliance');
    const body = emptyBody('risk', '2026-11-27');
    const proxied = new Proxy({ body } as unknown as Parameters<typeof bodyOf>[0], {});
    const inner = new Proxy(body, {});
    const copy = bodyOf({ ...proxied, body: inner } as Parameters<typeof bodyOf>[0]);
    expect(copy).toEqual(body);
    (copy as { title: string }).title = 'changed';
    expect((body as { title: string }).title).toBe('');
  });
});
