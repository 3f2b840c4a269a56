// Recovery code display helpers. Display only: Rust parses and checks what is typed.

/** Characters per group. */
export const GROUP_SIZE = 4;

/** The groups of a code as shown ("ABCD-EFGH-…" → ["ABCD", "EFGH", …]). */
export function codeGroups(code: string): string[] {
  return code.split('-').filter((group) => group !== '');
}

/**
 * Tidies a typed recovery code for display while typing: full-width characters folded to ASCII,
 * upper case, separators (spaces, dashes, ideographic space) dropped, then regrouped in fours
 * with dashes. Other characters are kept, so Rust can say the code is mistyped.
 */
export function formatTypedCode(typed: string): string {
  const clean = [...typed]
    .map((ch) => {
      const code = ch.codePointAt(0) ?? 0;
      return code >= 0xff01 && code <= 0xff5e ? String.fromCodePoint(code - 0xfee0) : ch;
    })
    .join('')
    .toUpperCase()
    .replace(/[\s\u3000-]+/g, '');
  const groups: string[] = [];
  for (let i = 0; i < clean.length; i += GROUP_SIZE) groups.push(clean.slice(i, i + GROUP_SIZE));
  return groups.join('-');
}
