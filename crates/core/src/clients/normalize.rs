//! Normalisation: the canonical form of a value, computed before it is checked and stored.
//!
//! Rules (the same for typed, pasted and imported values):
//!
//! * **Full-width forms** → ASCII. For numbers, codes, phones and e-mail addresses the
//!   whole block U+FF01–U+FF5E is mapped (so `１２３`, `Ｘ`, `－`, `＠` become `123`, `X`,
//!   `-`, `@`). For free text only full-width digits and letters (U+FF10–FF19,
//!   U+FF21–FF3A, U+FF41–FF5A) are mapped: full-width punctuation such as `（）` is the
//!   correct form in Chinese names and is kept.
//! * **Invisible characters** (zero-width space/joiners, word joiner, BOM, soft hyphen)
//!   are always removed: they come from copying out of web pages and documents.
//! * **Whitespace** (anything Unicode calls whitespace: spaces, tabs, newlines, NBSP,
//!   the ideographic space U+3000) is removed from numbers and codes; in single-line text
//!   each run becomes one ASCII space and the ends are trimmed.
//! * ID numbers: `x` → `X`. Credit codes: letters upper-cased. Bank accounts: `-` removed.
//!   E-mail: the domain is lower-cased and `。` (ideographic full stop) read as `.`.
//!
//! Every function here is total: any string in, a string out, no panic.

/// Whether `c` is an invisible formatting character that is dropped everywhere.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// Maps one character of the full-width block U+FF01–U+FF5E to its ASCII form and the
/// ideographic space to an ASCII space; other characters are returned unchanged.
pub(crate) fn fullwidth_to_ascii(c: char) -> char {
    let code = u32::from(c);
    match code {
        0xFF01..=0xFF5E => char::from_u32(code - 0xFEE0).unwrap_or(c),
        0x3000 => ' ',
        _ => c,
    }
}

/// Maps only full-width digits and Latin letters to ASCII.
pub(crate) fn fullwidth_alnum_to_ascii(c: char) -> char {
    match u32::from(c) {
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => fullwidth_to_ascii(c),
        _ => c,
    }
}

/// The character-level canonical form of a number or code: full-width → ASCII, all
/// whitespace and invisible characters removed. Nothing else changes.
#[must_use]
pub fn normalize_number_chars(input: &str) -> String {
    input
        .chars()
        .map(fullwidth_to_ascii)
        .filter(|c| !c.is_whitespace() && !is_invisible(*c))
        .collect()
}

/// Canonical form of a 居民身份证号: [`normalize_number_chars`] and `x` → `X`.
///
/// ```
/// use ledgerlock_core::clients::normalize::normalize_id_number;
/// assert_eq!(normalize_id_number("１１０１０５ 1949 1231 002x"), "11010519491231002X");
/// ```
#[must_use]
pub fn normalize_id_number(input: &str) -> String {
    normalize_number_chars(input)
        .chars()
        .map(|c| if c == 'x' { 'X' } else { c })
        .collect()
}

/// Canonical form of a 统一社会信用代码: [`normalize_number_chars`] and ASCII letters
/// upper-cased.
#[must_use]
pub fn normalize_credit_code(input: &str) -> String {
    normalize_number_chars(input).to_ascii_uppercase()
}

/// Canonical form of a bank account or card number: [`normalize_number_chars`] and
/// hyphens removed (`6222-0212-…` is how some statements print them).
#[must_use]
pub fn normalize_bank_account(input: &str) -> String {
    normalize_number_chars(input)
        .chars()
        .filter(|&c| c != '-')
        .collect()
}

/// Canonical form of a phone number: the form [`crate::clients::validate::phone`] stores
/// (`13812345678`, `0571-87654321`, `0571-87654321-8001`) when the value is a valid
/// mobile or landline number; otherwise the character-level form (full-width → ASCII,
/// invisible characters removed, whitespace runs → one space, trimmed).
#[must_use]
pub fn normalize_phone(input: &str) -> String {
    super::validate::phone::validate_phone(input)
        .unwrap_or_else(|_| collapse_whitespace(input.chars().map(fullwidth_to_ascii)))
}

/// Canonical form of an e-mail address: full-width → ASCII, `。` → `.`, whitespace and
/// invisible characters removed, the domain (after the last `@`) lower-cased. The local
/// part keeps its case (it may matter to the receiving server).
#[must_use]
pub fn normalize_email(input: &str) -> String {
    let compact: String = input
        .chars()
        .map(|c| if c == '\u{3002}' { '.' } else { c })
        .collect();
    let compact = normalize_number_chars(&compact);
    match compact.rsplit_once('@') {
        Some((local, domain)) => format!("{local}@{}", domain.to_lowercase()),
        None => compact,
    }
}

/// Canonical form of single-line text (names, addresses, titles): full-width digits and
/// letters → ASCII, invisible characters removed, every whitespace run → one ASCII space,
/// ends trimmed. Control characters are kept, so that validation can reject them.
#[must_use]
pub fn normalize_text(input: &str) -> String {
    collapse_whitespace(input.chars().map(fullwidth_alnum_to_ascii))
}

/// Canonical form of multi-line text (notes): full-width digits and letters → ASCII,
/// invisible characters removed, line ends as `\n`, trailing spaces of each line and
/// blank lines at both ends removed.
#[must_use]
pub fn normalize_multiline_text(input: &str) -> String {
    let unified = input.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<String> = unified
        .split('\n')
        .map(|line| {
            line.chars()
                .map(fullwidth_alnum_to_ascii)
                .filter(|c| !is_invisible(*c))
                .collect::<String>()
                .trim_end()
                .to_owned()
        })
        .collect();
    lines.join("\n").trim_matches('\n').to_owned()
}

/// Drops invisible characters, turns each whitespace run into one ASCII space and trims.
pub(crate) fn collapse_whitespace(chars: impl Iterator<Item = char>) -> String {
    let mut out = String::new();
    let mut pending_space = false;
    for c in chars.filter(|c| !is_invisible(*c)) {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn fullwidth_digits_and_letters_become_ascii() {
        assert_eq!(normalize_number_chars("０１２３４５６７８９"), "0123456789");
        assert_eq!(normalize_credit_code("９１ｍａ２７"), "91MA27");
        assert_eq!(normalize_id_number("ＡＺａｚｘ"), "AZazX");
        assert_eq!(normalize_text("ＡＢＣ科技（杭州）"), "ABC科技（杭州）");
    }

    #[test]
    fn all_whitespace_is_removed_from_numbers() {
        let spaced = "1101\t05\u{3000}1949\u{00A0}1231\n002x\u{200B}\u{FEFF}";
        assert_eq!(normalize_id_number(spaced), "11010519491231002X");
        assert_eq!(
            normalize_bank_account("6222 0212-3456\u{2003}7890 128"),
            "6222021234567890128"
        );
    }

    #[test]
    fn text_whitespace_is_collapsed_and_trimmed() {
        assert_eq!(
            normalize_text("  杭州\u{3000}\u{3000}华瑞\t科技  "),
            "杭州 华瑞 科技"
        );
        assert_eq!(normalize_text("\u{200B}"), "");
        assert_eq!(
            normalize_multiline_text("\r\n第一行  \r\n第二行\r\n\n"),
            "第一行\n第二行"
        );
    }

    #[test]
    fn email_domain_is_lower_cased_and_fullwidth_at_is_read() {
        assert_eq!(
            normalize_email(" Zhang.San＠Example。COM "),
            "Zhang.San@example.com"
        );
        assert_eq!(normalize_email("no-at-sign"), "no-at-sign");
    }

    #[test]
    fn phone_normalises_to_the_stored_form() {
        assert_eq!(normalize_phone("+86 138 1234 5678"), "13812345678");
        assert_eq!(normalize_phone("（0571）8765 4321"), "0571-87654321");
        assert_eq!(normalize_phone("  not\u{3000}a phone "), "not a phone");
    }

    proptest! {
        #[test]
        fn normalisers_never_panic_and_are_idempotent(s in any::<String>()) {
            let id = normalize_id_number(&s);
            prop_assert!(!id.chars().any(char::is_whitespace));
            prop_assert_eq!(normalize_id_number(&id), id);
            let cc = normalize_credit_code(&s);
            prop_assert_eq!(normalize_credit_code(&cc), cc);
            let bank = normalize_bank_account(&s);
            prop_assert!(!bank.chars().any(|c| c.is_whitespace() || c == '-'));
            prop_assert_eq!(normalize_bank_account(&bank), bank);
            let text = normalize_text(&s);
            prop_assert_eq!(normalize_text(&text), text);
            let multi = normalize_multiline_text(&s);
            prop_assert_eq!(normalize_multiline_text(&multi), multi);
            let email = normalize_email(&s);
            prop_assert_eq!(normalize_email(&email), email);
            let phone = normalize_phone(&s);
            prop_assert_eq!(normalize_phone(&phone), phone);
        }
    }
}
