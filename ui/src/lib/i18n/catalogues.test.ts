import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors';
import { en } from './en';
import { catalogues } from './index';
import { lookup } from './translate';
import { zhCN } from './zh-CN';

/** Every leaf path of a nested catalogue, sorted. */
function leafPaths(node: unknown, prefix = ''): string[] {
  if (typeof node !== 'object' || node === null) return [prefix];
  return Object.entries(node)
    .flatMap(([key, child]) => leafPaths(child, prefix ? `${prefix}.${key}` : key))
    .sort();
}

/** Every leaf value with its path. */
function leaves(node: unknown, prefix = ''): [string, unknown][] {
  if (typeof node !== 'object' || node === null) return [[prefix, node]];
  return Object.entries(node).flatMap(([key, child]) =>
    leaves(child, prefix ? `${prefix}.${key}` : key),
  );
}

describe('catalogues', () => {
  it('zh-CN and en have exactly the same keys (deep)', () => {
    expect(leafPaths(en)).toEqual(leafPaths(zhCN));
  });

  for (const [name, catalogue] of Object.entries(catalogues)) {
    it(`${name}: every message is a non-empty string`, () => {
      for (const [path, value] of leaves(catalogue)) {
        expect(typeof value, path).toBe('string');
        expect((value as string).trim(), path).not.toBe('');
      }
    });

    it(`${name}: every ErrorCode has a message`, () => {
      for (const code of ERROR_CODES) {
        const message = lookup(catalogue, `error.${code}`);
        expect(message, `error.${code}`).toBeTypeOf('string');
        expect(message?.trim(), `error.${code}`).not.toBe('');
      }
    });
  }

  it('placeholders match between languages', () => {
    const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const enLeaves = new Map(leaves(en));
    for (const [path, value] of leaves(zhCN)) {
      expect(placeholders(enLeaves.get(path)), path).toEqual(placeholders(value));
    }
  });
});
