//! Pinyin initials of names, for searching clients by typing `hzhrkj` for 杭州华瑞科技.
//!
//! Uses the `pinyin` crate (mozillazg/rust-pinyin, data from pinyin-data, built with only
//! its plain and heteronym tables; no I/O). Rules:
//!
//! * a Han character gives the first letter of its pinyin (`ê` → `e`);
//! * ASCII letters and digits (also full-width ones) are kept, lower-cased: `3M中国` → `3mzg`;
//! * everything else (spaces, punctuation, other scripts, Han characters without a reading)
//!   is skipped.
//!
//! [`pinyin_initials`] uses each character's most common reading, which is what a search
//! index stores. Heteronyms (多音字) make that wrong now and then (银行 → `yx`, 重庆 →
//! `zq`), so [`matches_pinyin_initials`] accepts any reading of each character: `yh` finds
//! 银行 and `cq` finds 重庆.

use ::pinyin::{Pinyin, ToPinyin, ToPinyinMulti};

use super::normalize::fullwidth_alnum_to_ascii;

/// The search letter of one reading.
fn initial(reading: Pinyin) -> Option<char> {
    match reading.plain().chars().next()? {
        c @ 'a'..='z' => Some(c),
        'ê' => Some('e'),
        _ => None,
    }
}

/// The letters one character can be searched by: itself for ASCII letters and digits, the
/// initials of all its readings for Han characters, none otherwise.
fn letters_of(c: char) -> Vec<char> {
    let c = fullwidth_alnum_to_ascii(c);
    if c.is_ascii_alphanumeric() {
        return vec![c.to_ascii_lowercase()];
    }
    let mut letters: Vec<char> = c
        .to_pinyin_multi()
        .into_iter()
        .flatten()
        .filter_map(initial)
        .collect();
    letters.dedup();
    letters
}

/// The pinyin initials of `text`, using each character's most common reading:
/// `杭州华瑞科技` → `hzhrkj`.
///
/// ```
/// use ledgerlock_core::clients::pinyin::pinyin_initials;
/// assert_eq!(pinyin_initials("杭州华瑞科技"), "hzhrkj");
/// ```
#[must_use]
pub fn pinyin_initials(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let c = fullwidth_alnum_to_ascii(c);
            if c.is_ascii_alphanumeric() {
                Some(c.to_ascii_lowercase())
            } else {
                c.to_pinyin().and_then(initial)
            }
        })
        .collect()
}

/// Whether `query` (letters and digits; anything else in it is ignored, case does not
/// matter) matches consecutive characters of `text` by their initials, any reading of a
/// heteronym counting. An empty query matches everything.
///
/// ```
/// use ledgerlock_core::clients::pinyin::matches_pinyin_initials;
/// assert!(matches_pinyin_initials("杭州银行", "hzyh"));
/// assert!(matches_pinyin_initials("杭州银行", "YH"));
/// assert!(!matches_pinyin_initials("杭州银行", "hy"));
/// ```
#[must_use]
pub fn matches_pinyin_initials(text: &str, query: &str) -> bool {
    let query: Vec<char> = query
        .chars()
        .map(fullwidth_alnum_to_ascii)
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if query.is_empty() {
        return true;
    }
    let letters: Vec<Vec<char>> = text
        .chars()
        .map(letters_of)
        .filter(|l| !l.is_empty())
        .collect();
    letters.windows(query.len()).any(|window| {
        window
            .iter()
            .zip(&query)
            .all(|(options, q)| options.contains(q))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn initials_of_names() {
        assert_eq!(pinyin_initials("杭州华瑞科技"), "hzhrkj");
        assert_eq!(pinyin_initials("杭州华瑞科技有限公司"), "hzhrkjyxgs");
        assert_eq!(pinyin_initials("欧阳娜娜"), "oynn");
        assert_eq!(pinyin_initials("3M中国"), "3mzg");
        assert_eq!(pinyin_initials("ＡＢＣ（上海）贸易"), "abcshmy");
        assert_eq!(pinyin_initials("  · ， "), "");
        assert_eq!(pinyin_initials(""), "");
        // The most common reading is not always the right one (see the module docs).
        assert_eq!(pinyin_initials("杭州银行"), "hzyx");
        assert_eq!(pinyin_initials("重庆"), "zq");
    }

    #[test]
    fn heteronyms_match_any_reading() {
        assert!(matches_pinyin_initials("杭州银行", "hzyh"));
        assert!(matches_pinyin_initials("杭州银行", "hzyx"));
        assert!(matches_pinyin_initials("重庆华瑞", "cq"));
        assert!(matches_pinyin_initials("重庆华瑞", "zq"));
        assert!(matches_pinyin_initials("杭州华瑞科技", "hrkj"));
        assert!(matches_pinyin_initials("杭州华瑞科技", "ＨＺ"));
        assert!(matches_pinyin_initials("杭州华瑞科技", "h z"));
        assert!(matches_pinyin_initials("杭州华瑞科技", ""));
        assert!(!matches_pinyin_initials("杭州华瑞科技", "hk"));
        assert!(!matches_pinyin_initials("杭州华瑞科技", "hzhrkjx"));
        assert!(!matches_pinyin_initials("", "h"));
    }

    proptest! {
        #[test]
        fn never_panics(text in any::<String>(), query in any::<String>()) {
            let initials = pinyin_initials(&text);
            prop_assert!(initials.chars().all(|c| c.is_ascii_alphanumeric()));
            let _ = matches_pinyin_initials(&text, &query);
        }

        #[test]
        fn own_initials_always_match(text in "[\\u4e00-\\u9fa5a-zA-Z0-9 ]{0,12}") {
            prop_assert!(matches_pinyin_initials(&text, &pinyin_initials(&text)));
        }
    }
}
