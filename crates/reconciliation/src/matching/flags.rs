//! Flags on what is left: possible duplicate entries, digit transpositions, amount
//! differences of tolerance matches, stale items.

use chrono::NaiveDate;

use super::keys::{amount_day, clamp_u32, low_index};
use super::{
    day_number, same_side_similarity, Flag, FlagKind, Match, MatchConfig, ReasonCode, State,
};
use crate::model::Line;
use crate::money::format_cents;

/// Whether `a` and `b` (absolute cents) differ by two swapped adjacent digits.
#[must_use]
pub fn is_transposition(a: i64, b: i64) -> bool {
    if a == b || (a - b) % 9 != 0 {
        return false;
    }
    let (sa, sb) = (
        format!("{:03}", a.unsigned_abs()),
        format!("{:03}", b.unsigned_abs()),
    );
    if sa.len() != sb.len() {
        return false;
    }
    let diffs: Vec<usize> = sa
        .bytes()
        .zip(sb.bytes())
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i)
        .collect();
    match diffs.as_slice() {
        [i, j] if *j == i + 1 => {
            sa.as_bytes().get(*i) == sb.as_bytes().get(*j)
                && sa.as_bytes().get(*j) == sb.as_bytes().get(*i)
        }
        _ => false,
    }
}

/// The amount difference of each match within the fee tolerance.
pub(crate) fn tolerance(matches: &[Match]) -> Vec<Flag> {
    matches
        .iter()
        .filter(|m| m.code == ReasonCode::WithinTolerance)
        .map(|m| Flag {
            kind: FlagKind::AmountDifference,
            bank: m.bank.clone(),
            book: m.book.clone(),
            note: format!(
                "bank and book differ by {} (fee?)",
                format_cents(m.difference_cents)
            ),
            age_days: None,
        })
        .collect()
}

/// Flags on single lines: possible duplicates, transpositions between unmatched lines, stale
/// unmatched items (in that order). Reads only the features and which lines are used, so it
/// can run while the matches are put in canonical order.
pub(crate) fn find(
    st: &State,
    bank: &[Line],
    book: &[Line],
    cfg: &MatchConfig,
    as_of: Option<NaiveDate>,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    duplicates(&st.book, &st.book_used, book, cfg, &mut flags, false);
    duplicates(&st.bank, &st.bank_used, bank, cfg, &mut flags, true);
    // Transpositions between unmatched bank and book lines (free book lines by day).
    let free_book: Vec<usize> = (0..st.book.len())
        .filter(|k| !st.book_used.get(*k).copied().unwrap_or(true))
        .collect();
    for (bi, bf) in st.bank.iter().enumerate() {
        if st.bank_used.get(bi).copied().unwrap_or(true) {
            continue;
        }
        let day_of = |k: &usize| st.book.get(*k).map_or(i64::MAX, |f| f.day);
        let lo = free_book.partition_point(|k| day_of(k) < bf.day - cfg.date_window_days);
        let hi = free_book.partition_point(|k| day_of(k) <= bf.day + cfg.date_window_days);
        for ki in free_book.get(lo..hi).unwrap_or_default() {
            let Some(kf) = st.book.get(*ki) else { continue };
            if kf.amount.signum() != bf.amount.signum() {
                continue;
            }
            if is_transposition(bf.amount, kf.amount) {
                flags.push(Flag {
                    kind: FlagKind::PossibleTransposition,
                    bank: vec![bf.idx],
                    book: vec![kf.idx],
                    note: format!(
                        "bank {} vs book {}: difference {} is divisible by 9 (swapped digits?)",
                        format_cents(bf.amount),
                        format_cents(kf.amount),
                        format_cents(bf.amount - kf.amount)
                    ),
                    age_days: None,
                });
                break;
            }
        }
    }
    // Stale unmatched items.
    if let Some(as_of) = as_of {
        let now = day_number(as_of);
        for (side_bank, feats, used) in [
            (true, &st.bank, &st.bank_used),
            (false, &st.book, &st.book_used),
        ] {
            for (i, f) in feats.iter().enumerate() {
                if used.get(i).copied().unwrap_or(true) {
                    continue;
                }
                let age = now - f.day;
                if age > cfg.stale_days {
                    flags.push(Flag {
                        kind: FlagKind::Stale,
                        bank: if side_bank { vec![f.idx] } else { Vec::new() },
                        book: if side_bank { Vec::new() } else { vec![f.idx] },
                        note: format!("unmatched for {age} days"),
                        age_days: Some(age),
                    });
                }
            }
        }
    }
    flags
}

/// An unmatched line with the same amount as another line of the same side within three
/// days and the same counterparty/memo: entered (or imported) twice?
fn duplicates(
    feats: &[super::Feat],
    used: &[bool],
    lines: &[Line],
    _cfg: &MatchConfig,
    flags: &mut Vec<Flag>,
    bank_side: bool,
) {
    let mut by_amount: Vec<u128> = feats
        .iter()
        .enumerate()
        .map(|(j, g)| amount_day(g.amount, g.day, clamp_u32(j)))
        .collect();
    by_amount.sort_unstable();
    for (i, f) in feats.iter().enumerate() {
        if used.get(i).copied().unwrap_or(true) {
            continue;
        }
        let lo = by_amount.partition_point(|x| *x < amount_day(f.amount, f.day - 3, 0));
        let hi = by_amount.partition_point(|x| *x <= amount_day(f.amount, f.day + 3, u32::MAX));
        for j in by_amount
            .get(lo..hi)
            .unwrap_or_default()
            .iter()
            .map(|x| low_index(*x))
        {
            if j == i {
                continue;
            }
            let Some(g) = feats.get(j) else { continue };
            if g.amount != f.amount {
                continue;
            }
            let (Some(lf), Some(lg)) = (lines.get(f.idx), lines.get(g.idx)) else {
                continue;
            };
            // Distinct bank serials are distinct transactions.
            if bank_side && !lf.serial.is_empty() && !lg.serial.is_empty() && lf.serial != lg.serial
            {
                continue;
            }
            let same_text = same_side_similarity(f, g) >= 800
                || (lf.memo == lg.memo && lf.counterparty_name == lg.counterparty_name);
            if !same_text {
                continue;
            }
            // Both unmatched: flag the pair once, from the later line.
            if j > i && !used.get(j).copied().unwrap_or(true) {
                continue;
            }
            let (first, second) = if j < i {
                (g.idx, f.idx)
            } else {
                (f.idx, g.idx)
            };
            let rows = vec![first, second];
            flags.push(Flag {
                kind: FlagKind::PossibleDuplicate,
                bank: if bank_side { rows.clone() } else { Vec::new() },
                book: if bank_side { Vec::new() } else { rows },
                note: format!(
                    "same amount {} and text within 3 days: entered twice?",
                    format_cents(f.amount)
                ),
                age_days: None,
            });
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transpositions() {
        assert!(is_transposition(123_456, 124_356));
        assert!(is_transposition(5_400, 4_500));
        assert!(!is_transposition(123_456, 123_456));
        assert!(!is_transposition(10_000, 10_900));
        assert!(!is_transposition(1_800, 900));
    }
}
