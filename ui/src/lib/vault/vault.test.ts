import { describe, expect, it, vi } from 'vitest';
import { en } from '../i18n/en';
import { catalogues } from '../i18n';
import { lookup, translateError } from '../i18n/translate';
import { zhCN } from '../i18n/zh-CN';
import { ACTION_PREFIXES, AUDIT_ACTIONS, actionLabel, auditFilter, formatActor, formatDetails, localDayStart } from './audit';
import { throttled } from './heartbeat';
import { PASSWORD_RULES, ruleTicks } from './password-rules';
import { codeGroups, formatTypedCode } from './recovery-code';
import { ROLES } from './roles';

describe('password rule ticks', () => {
  const rules = { minLength: 10 };

  it('meets nothing while empty', () => {
    expect(ruleTicks(rules, 'wang', '')).toEqual({ length: false, letters_and_digits: false, not_username: false });
  });

  it('ticks each rule on its own', () => {
    expect(ruleTicks(rules, 'wang', 'abcdefghij')).toEqual({ length: true, letters_and_digits: false, not_username: true });
    expect(ruleTicks(rules, 'wang', 'abc123')).toEqual({ length: false, letters_and_digits: true, not_username: true });
    expect(ruleTicks(rules, 'wang', 'correct horse 42').length).toBe(true);
  });

  it('counts characters, not UTF-16 units, and accepts CJK letters', () => {
    expect(ruleTicks(rules, 'wang', '账安账安账安账安账1').length).toBe(true);
    expect(ruleTicks(rules, 'wang', '账安账安账安账安账1').letters_and_digits).toBe(true);
  });

  it('compares with the username ignoring case and surrounding spaces', () => {
    expect(ruleTicks(rules, 'Admin2024x', ' admin2024X ').not_username).toBe(false);
    expect(ruleTicks(rules, 'admin', 'admin2024xy').not_username).toBe(true);
  });

  it('leaves the username rule open when the username is not known', () => {
    expect(ruleTicks(rules, null, 'abc').not_username).toBeNull();
    expect(ruleTicks(rules, null, '').not_username).toBeNull();
  });

  it('follows the minimum length from the rules', () => {
    expect(ruleTicks({ minLength: 4 }, 'x', 'ab12').length).toBe(true);
    expect(ruleTicks({ minLength: 12 }, 'x', 'abcdefgh1234'.slice(0, 11)).length).toBe(false);
  });
});

describe('heartbeat throttle', () => {
  it('sends on the first input, then at most once per interval', () => {
    let now = 1_000;
    const send = vi.fn();
    const beat = throttled(send, 30_000, () => now);
    beat();
    beat();
    expect(send).toHaveBeenCalledTimes(1);
    now += 29_999;
    beat();
    expect(send).toHaveBeenCalledTimes(1);
    now += 1;
    beat();
    beat();
    expect(send).toHaveBeenCalledTimes(2);
    now += 120_000;
    beat();
    expect(send).toHaveBeenCalledTimes(3);
  });
});

describe('recovery code display', () => {
  const code = 'ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567-ABCD';

  it('splits the shown code into its nine groups', () => {
    expect(codeGroups(code)).toHaveLength(9);
    expect(codeGroups(code)[2]).toBe('IJKL');
  });

  it('tidies forgiving input: spaces, dashes, lower case, full width', () => {
    expect(formatTypedCode('abcd efgh-ijkl')).toBe('ABCD-EFGH-IJKL');
    expect(formatTypedCode(' ab cd\u3000ef ')).toBe('ABCD-EF');
    expect(formatTypedCode('ＡＢＣＤｅｆｇｈ')).toBe('ABCD-EFGH');
    expect(formatTypedCode(code.toLowerCase().replaceAll('-', ' '))).toBe(code);
    expect(formatTypedCode('')).toBe('');
  });

  it('keeps unexpected characters so Rust can call the code mistyped', () => {
    expect(formatTypedCode('ab!d')).toBe('AB!D');
  });
});

describe('audit display', () => {
  it('has a label for every action code in both catalogues', () => {
    for (const [name, catalogue] of Object.entries(catalogues)) {
      for (const action of AUDIT_ACTIONS) {
        const label = lookup(catalogue, `auditAction.${action}`);
        expect(label, `${name}: ${action}`).toBeTypeOf('string');
        expect(label?.trim(), `${name}: ${action}`).not.toBe('');
      }
    }
  });

  it('labels known actions and falls back to the raw code', () => {
    expect(actionLabel(zhCN, 'login.failed')).toBe('登录失败');
    expect(actionLabel(en, 'login.failed')).toBe('Sign-in failed');
    expect(actionLabel(en, 'example.unknown_action')).toBe('example.unknown_action');
    expect(actionLabel(en, 'login')).toBe('login');
  });

  it('has a label for every filter prefix', () => {
    for (const catalogue of [zhCN, en]) {
      for (const prefix of ACTION_PREFIXES.filter((p) => p !== '')) {
        expect(lookup(catalogue, `audit.prefix.${prefix}`), prefix).toBeTypeOf('string');
      }
    }
  });

  it('builds filters over whole local days', () => {
    expect(auditFilter('', '', '')).toEqual({ actionPrefix: null, from: null, to: null, limit: 1000 });
    const filter = auditFilter('login', '2025-01-03', '2025-01-03');
    expect(filter.actionPrefix).toBe('login');
    expect(filter.from).toBe(new Date(2025, 0, 3).toISOString());
    expect(filter.to).toBe(new Date(2025, 0, 4).toISOString());
    expect(localDayStart('not a date', 0)).toBeNull();
  });

  it('shows details compactly and users as #id', () => {
    expect(formatDetails('{"reason":"user"}')).toBe('reason: user');
    expect(formatDetails('{"fields":["firm_name","auto_lock_minutes"]}')).toBe('fields: [firm_name, auto_lock_minutes]');
    expect(formatDetails('{"a":{"b":1},"c":null}')).toBe('a: b: 1, c: —');
    expect(formatDetails('plain text')).toBe('plain text');
    expect(formatDetails(null)).toBe('');
    expect(formatDetails({ reason: 'idle' })).toBe('reason: idle');
    expect(formatActor(7)).toBe('#7');
    expect(formatActor(null)).toBe('—');
  });
});

describe('vault catalogue entries', () => {
  it('names every role and password rule in both languages', () => {
    for (const catalogue of [zhCN, en]) {
      for (const role of ROLES) expect(lookup(catalogue, `role.${role}`), role).toBeTypeOf('string');
      for (const rule of PASSWORD_RULES) {
        expect(lookup(catalogue, `password.${rule}`), rule).toBeTypeOf('string');
        expect(lookup(catalogue, `errorParam.rule.${rule}`), rule).toBeTypeOf('string');
      }
    }
    expect(zhCN.role.auditor).toBe('审计');
  });

  it('translates coded error parameters and shows the wait when throttled', () => {
    expect(translateError(zhCN, { code: 'throttled', params: { seconds: '8' } })).toContain('8 秒');
    expect(translateError(en, { code: 'weak_password', params: { rule: 'letters_and_digits' } })).toBe(
      'The password does not meet the requirements: needs both letters and digits.',
    );
    expect(translateError(en, { code: 'invalid_input', params: { field: 'auto_lock_minutes', reason: 'out_of_range' } })).toBe(
      'Invalid input: auto-lock minutes (out of range).',
    );
    expect(translateError(en, { code: 'invalid_input', params: { field: 'tax_id', reason: 'check_digit' } })).toBe(
      'Invalid input: tax_id (check_digit).',
    );
  });

  it('never suggests deleting or recreating the vault', () => {
    for (const catalogue of [zhCN, en]) {
      for (const message of Object.values(catalogue.error)) {
        expect(message).not.toMatch(/delete|recreate|删除|重新创建/i);
      }
    }
  });

  it('offers the recovery code for keychain problems', () => {
    expect(en.error.keychain_missing).toMatch(/new computer/);
    expect(en.error.keychain_missing).toMatch(/recovery code/);
    expect(zhCN.error.keychain_missing).toMatch(/恢复码/);
    expect(en.error.vault_damaged).toMatch(/not a wrong password/);
  });
});
