//! Line-wrapping of mixed Chinese and Latin text.
//!
//! Rules: a line may break between any two CJK characters and at spaces; Latin words and
//! numbers (`2,345.60`, `ABC-123`, `e.g.`) stay whole unless a single one is wider than the line.
//! Basic 禁则 (line-breaking rules): no line starts with closing punctuation
//! (，。、；：？！）」』》 …) and no line ends with opening punctuation (（「『《 …): such a
//! character is kept on the line of its neighbour.
#![allow(clippy::float_arithmetic)] // widths are layout geometry in points, never money.

/// Characters that must not start a line (closing and pausing punctuation).
const NO_LINE_START: &[char] = &[
    '，', '。', '、', '；', '：', '？', '！', '）', '」', '』', '》', '〉', '】', '〕', '〗', '］',
    '｝', '”', '’', '…', '—', '·', '・', '％', '‰', '〃', '々', '～', ',', '.', ';', ':', '?', '!',
    ')', ']', '}', '%',
];

/// Characters that must not end a line (opening punctuation).
const NO_LINE_END: &[char] = &[
    '（', '「', '『', '《', '〈', '【', '〔', '〖', '［', '｛', '“', '‘', '(', '[', '{', '￥', '¥',
    '$',
];

/// Whether `c` is a character between which and its neighbours a line may break: Han
/// ideographs, kana, CJK and full-width punctuation, Chinese quotation marks and dashes.
#[must_use]
pub fn is_cjk_breakable(c: char) -> bool {
    matches!(u32::from(c),
        0x2E80..=0x2FFF      // radicals, ideographic description
        | 0x3000..=0x303F    // CJK symbols and punctuation
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x31FF    // bopomofo, kana ext
        | 0x3200..=0x4DBF    // enclosed CJK, compatibility, Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFFEF    // half- and full-width forms
        | 0x2018..=0x201D    // ‘ ’ “ ”
        | 0x2014 | 0x2026    // — …
        | 0x20000..=0x3FFFF) // Extensions B and later
}

#[derive(Debug)]
struct Atom {
    text: String,
    width: f32,
    /// A space separated this atom from the previous one.
    space_before: bool,
}

/// Wraps `text` into lines no wider than `max_width`, measuring each character with `advance`
/// (same unit as `max_width`). `\n` forces a line break; an empty input gives no lines; runs
/// of spaces collapse to one; tabs count as spaces.
#[must_use]
pub fn wrap(text: &str, max_width: f32, advance: impl Fn(char) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    if text.is_empty() {
        return lines;
    }
    let space_width = advance(' ');
    for hard_line in text.split('\n') {
        let atoms = glue_kinsoku(atomize(hard_line, &advance));
        if atoms.is_empty() {
            lines.push(String::new());
            continue;
        }
        fill(atoms, max_width, space_width, &advance, &mut lines);
    }
    lines
}

/// Splits one hard line into unbreakable atoms: one per CJK character, one per Latin word.
fn atomize(line: &str, advance: &impl Fn(char) -> f32) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    let mut word: Option<Atom> = None;
    let mut pending_space = false;
    for c in line.chars() {
        if c == ' ' || c == '\t' || c == '\r' {
            if let Some(w) = word.take() {
                atoms.push(w);
            }
            pending_space = !atoms.is_empty();
            continue;
        }
        if is_cjk_breakable(c) {
            if let Some(w) = word.take() {
                atoms.push(w);
            }
            atoms.push(Atom {
                text: c.to_string(),
                width: advance(c),
                space_before: pending_space,
            });
            pending_space = false;
            continue;
        }
        match word.as_mut() {
            Some(w) => {
                w.text.push(c);
                w.width += advance(c);
            }
            None => {
                word = Some(Atom {
                    text: c.to_string(),
                    width: advance(c),
                    space_before: pending_space,
                });
                pending_space = false;
            }
        }
    }
    if let Some(w) = word.take() {
        atoms.push(w);
    }
    atoms
}

/// Applies 禁则 by gluing atoms together: a closing mark joins the atom before it, an opening
/// mark joins the atom after it (only when no space separates them).
fn glue_kinsoku(atoms: Vec<Atom>) -> Vec<Atom> {
    let mut out: Vec<Atom> = Vec::with_capacity(atoms.len());
    let mut glue_next = false;
    for atom in atoms {
        let starts_closing = atom
            .text
            .chars()
            .next()
            .is_some_and(|c| NO_LINE_START.contains(&c));
        let ends_opening = atom
            .text
            .chars()
            .last()
            .is_some_and(|c| NO_LINE_END.contains(&c));
        let join = !atom.space_before && (glue_next || starts_closing);
        match out.last_mut() {
            Some(prev) if join => {
                prev.text.push_str(&atom.text);
                prev.width += atom.width;
            }
            _ => out.push(atom),
        }
        glue_next = ends_opening;
    }
    out
}

/// Greedy line filling; an atom wider than a whole line is broken between characters.
fn fill(
    atoms: Vec<Atom>,
    max_width: f32,
    space_width: f32,
    advance: &impl Fn(char) -> f32,
    lines: &mut Vec<String>,
) {
    let mut line = String::new();
    let mut width = 0.0_f32;
    for atom in atoms {
        let gap = if atom.space_before && !line.is_empty() {
            space_width
        } else {
            0.0
        };
        if !line.is_empty() && width + gap + atom.width <= max_width {
            if gap > 0.0 {
                line.push(' ');
            }
            line.push_str(&atom.text);
            width += gap + atom.width;
            continue;
        }
        if line.is_empty() && atom.width <= max_width {
            line.push_str(&atom.text);
            width = atom.width;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            width = 0.0;
        }
        if atom.width <= max_width {
            line.push_str(&atom.text);
            width = atom.width;
        } else {
            // Too wide for any line (a long account number, a URL): break between characters.
            for c in atom.text.chars() {
                let w = advance(c);
                if !line.is_empty() && width + w > max_width {
                    lines.push(std::mem::take(&mut line));
                    width = 0.0;
                }
                line.push(c);
                width += w;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 1 unit per CJK character, 0.5 per anything else: easy widths to reason about.
    fn adv(c: char) -> f32 {
        if is_cjk_breakable(c) {
            1.0
        } else {
            0.5
        }
    }

    #[test]
    fn breaks_between_cjk_characters() {
        assert_eq!(
            wrap("一二三四五六七", 3.0, adv),
            vec!["一二三", "四五六", "七"]
        );
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        // Width 3 would put "，" at the start of line 2; it stays with 三.
        let lines = wrap("一二三，四五六。", 3.0, adv);
        for l in &lines {
            let first = l.chars().next().unwrap_or(' ');
            assert!(!NO_LINE_START.contains(&first), "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二三，四五六。");
    }

    #[test]
    fn no_line_ends_with_opening_punctuation() {
        let lines = wrap("一二（三四）五", 3.0, adv);
        for l in &lines {
            let last = l.chars().last().unwrap_or(' ');
            assert!(!NO_LINE_END.contains(&last), "{lines:?}");
        }
        assert_eq!(lines.concat(), "一二（三四）五");
        assert_eq!(wrap("《保密协议》", 3.0, adv), vec!["《保密", "协议》"]);
        assert_eq!(
            wrap("甲乙《保密协议》", 3.0, adv),
            vec!["甲乙", "《保密", "协议》"]
        );
    }

    #[test]
    fn every_kinsoku_pair_is_respected() {
        for &close in NO_LINE_START {
            let text = format!("甲乙{close}丙");
            for l in wrap(&text, 2.0, adv) {
                assert!(!l.starts_with(close), "{text}: {l}");
            }
        }
        for &open in NO_LINE_END {
            let text = format!("甲{open}乙丙");
            for l in wrap(&text, 2.0, adv) {
                assert!(!l.ends_with(open), "{text}: {l}");
            }
        }
    }

    #[test]
    fn latin_words_and_numbers_stay_whole() {
        let lines = wrap("金额 1,234,567.89 元，账号 6222021234567890", 8.0, adv);
        assert!(
            lines.iter().any(|l| l.contains("1,234,567.89")),
            "{lines:?}"
        );
        assert!(
            lines.iter().any(|l| l.contains("6222021234567890")),
            "{lines:?}"
        );
        let lines = wrap("Store the sheet in a safe place", 6.0, adv);
        assert_eq!(lines, vec!["Store the", "sheet in a", "safe place"]);
    }

    #[test]
    fn mixed_text_breaks_at_cjk_latin_boundaries() {
        let lines = wrap("保险库Vault恢复页", 5.0, adv);
        assert_eq!(lines, vec!["保险库", "Vault恢复", "页"]);
    }

    #[test]
    fn lines_never_exceed_width_unless_one_atom_is_wider() {
        let text = "本协议自双方签字盖章之日起生效，有效期为三年（自2025年1月1日起）。Both parties keep one copy.";
        for width in [3.0_f32, 4.5, 7.0, 12.0, 40.0] {
            let lines = wrap(text, width, adv);
            for l in &lines {
                let w: f32 = l.chars().map(adv).sum();
                assert!(w <= width + 1.0 + 1e-3, "width {width}: {l:?} is {w}");
            }
            let joined: String = lines.concat().chars().filter(|c| *c != ' ').collect();
            let expected: String = text.chars().filter(|c| *c != ' ').collect();
            assert_eq!(joined, expected);
        }
    }

    #[test]
    fn overlong_words_are_broken_by_character() {
        let lines = wrap("ABCDEFGHIJ", 2.0, adv);
        assert_eq!(lines, vec!["ABCD", "EFGH", "IJ"]);
    }

    #[test]
    fn hard_breaks_and_empty_lines() {
        assert_eq!(wrap("甲\n\n乙", 10.0, adv), vec!["甲", "", "乙"]);
        assert!(wrap("", 10.0, adv).is_empty());
        assert_eq!(wrap("a   b", 10.0, adv), vec!["a b"]);
    }
}
