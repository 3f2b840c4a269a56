import { describe, expect, it } from 'vitest';
import { en } from './en';
import { detectLocale, interpolate, translate, translateError } from './translate';
import { zhCN } from './zh-CN';

describe('translate', () => {
  it('looks up nested keys in each language', () => {
    expect(translate(zhCN, 'nav.clients')).toBe('客户');
    expect(translate(en, 'nav.clients')).toBe('Clients');
    expect(translate(en, 'status.vault.absent')).toBe('Vault not set up');
  });

  it('interpolates params and leaves unknown placeholders', () => {
    expect(interpolate('Version {version}', { version: '1.2.3' })).toBe('Version 1.2.3');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('renders an AppError from its code and params', () => {
    const error = { code: 'io' as const, params: { path: '/data/vault.db' } };
    expect(translateError(en, error)).toBe('Could not read or write a local file: /data/vault.db');
    expect(translateError(zhCN, error)).toBe('读写本地文件失败：/data/vault.db');
  });

  it('says why a refusal that is not about the role happened', () => {
    const storageOnly = { code: 'forbidden' as const, params: { action: 'process_storage_only_client' } };
    expect(translateError(en, storageOnly)).toContain('stored only');
    expect(translateError(zhCN, storageOnly)).toContain('仅存储');
    const role = { code: 'forbidden' as const, params: { action: 'destroy' } };
    expect(translateError(en, role)).toBe(translate(en, 'error.forbidden'));
  });
});

describe('detectLocale', () => {
  it('prefers a valid stored choice', () => {
    expect(detectLocale('en', 'zh-CN')).toBe('en');
    expect(detectLocale('zh-CN', 'en-US')).toBe('zh-CN');
  });

  it('falls back to the browser language', () => {
    expect(detectLocale(null, 'zh-CN')).toBe('zh-CN');
    expect(detectLocale(null, 'zh-TW')).toBe('zh-CN');
    expect(detectLocale('fr', 'ZH')).toBe('zh-CN');
    expect(detectLocale(null, 'en-GB')).toBe('en');
    expect(detectLocale(null, 'de')).toBe('en');
    expect(detectLocale(undefined, undefined)).toBe('en');
  });
});
