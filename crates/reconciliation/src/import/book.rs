//! Ledger specifics (银行存款日记账 / 明细账 exports of 金蝶, 用友 and plain spreadsheets):
//! rows that are not entries, the balance direction, and the year named in the title rows.

use super::table::{Cells, Row};

/// What a ledger row is, judged from its text cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BookRowKind {
    /// A normal entry.
    Entry,
    /// 期初余额 / 上年结转 / 上期结转: the opening balance (kept, not an entry).
    Opening,
    /// 本日合计 / 本月合计 / 本年累计 / 合计: totals (not entries).
    Total,
}

const OPENING: &[&str] = &[
    "期初余额",
    "上年结转",
    "上期结转",
    "年初余额",
    "承前页",
    "期初结存",
];
const TOTALS: &[&str] = &[
    "本日合计",
    "本月合计",
    "本年累计",
    "本期合计",
    "本期累计",
    "合计",
    "累计",
    "总计",
    "小计",
    "过次页",
];

/// Classifies a row by the text of its cells (any cell may hold the marker).
#[must_use]
pub fn classify_row(cells: &impl Row) -> BookRowKind {
    // Every marker word holds one of these characters: most rows are settled by searching
    // the row's whole text (one search per character, not one per cell; an aho-corasick
    // search for all five at once counted 75% more instructions).
    let joined = cells.joined();
    if !['余', '结', '承', '页', '计']
        .iter()
        .any(|c| joined.contains(*c))
    {
        return BookRowKind::Entry;
    }
    let texts: Vec<String> = cells
        .cells()
        .map(|c| c.chars().filter(|ch| !ch.is_whitespace()).collect())
        .collect();
    if texts
        .iter()
        .any(|t| OPENING.iter().any(|w| t == w || t.starts_with(w)))
    {
        return BookRowKind::Opening;
    }
    if texts.iter().any(|t| {
        TOTALS
            .iter()
            .any(|w| t == w || t.starts_with(w) || t.ends_with(w))
    }) {
        return BookRowKind::Total;
    }
    BookRowKind::Entry
}

/// Whether a bank row is a totals row (合计/总计/小计 in a cell).
#[must_use]
pub fn is_bank_total(cells: &impl Row) -> bool {
    let joined = cells.joined();
    if !joined.contains('计') && !joined.contains('共') {
        return false;
    }
    cells.cells().any(|c| {
        if !c.contains(['计', '共']) {
            return false;
        }
        let t: String = c.chars().filter(|ch| !ch.is_whitespace()).collect();
        t.contains("合计") || t.contains("总计") || t.contains("小计") || t.starts_with("共计")
    })
}

/// The sign of a ledger balance's 方向 cell: 借 = +1, 贷 = −1, 平 = 0.
#[must_use]
pub fn balance_direction(cell: &str) -> Option<i64> {
    let t = cell.trim();
    if t.starts_with('借') || t.eq_ignore_ascii_case("dr") {
        Some(1)
    } else if t.starts_with('贷') || t.eq_ignore_ascii_case("cr") {
        Some(-1)
    } else if t.starts_with('平') {
        Some(0)
    } else {
        None
    }
}

/// The first year (1990–2099) written in the rows before the header, e.g. `2025年度` or
/// `会计期间：2025-01`, for ledgers whose rows only give 月/日.
#[must_use]
pub fn year_in_preamble(rows: &[(u32, Cells)]) -> Option<i32> {
    for (_, cells) in rows {
        for cell in cells {
            let chars: Vec<char> = cell.chars().collect();
            for w in chars.windows(5) {
                let digits: String = w.iter().take(4).collect();
                let next = w.get(4).copied().unwrap_or(' ');
                if digits.chars().all(|c| c.is_ascii_digit())
                    && matches!(next, '年' | '-' | '/' | '.')
                {
                    if let Ok(y) = digits.parse::<i32>() {
                        if (1990..=2099).contains(&y) {
                            return Some(y);
                        }
                    }
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(v: &[&str]) -> Cells {
        Cells::from(v.to_vec())
    }

    #[test]
    fn recognises_ledger_rows() {
        assert_eq!(
            classify_row(&cells(&["", "", "期初余额", ""])),
            BookRowKind::Opening
        );
        assert_eq!(
            classify_row(&cells(&["1", "31", "本月合计"])),
            BookRowKind::Total
        );
        assert_eq!(
            classify_row(&cells(&["", "", "本 年 累 计"])),
            BookRowKind::Total
        );
        assert_eq!(
            classify_row(&cells(&["1", "3", "收华瑞货款"])),
            BookRowKind::Entry
        );
        assert_eq!(balance_direction("贷"), Some(-1));
        assert_eq!(
            year_in_preamble(&[(1, cells(&["银行存款日记账 2025年度"]))]),
            Some(2025)
        );
    }
}
