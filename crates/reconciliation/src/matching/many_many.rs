//! Many-to-many: several bank lines and several book lines of the same counterparty, inside
//! one date window, with the same total (partial payments booked as different partial
//! entries; several receipts booked in a few combined entries). Runs last, on lines no other
//! rule matched, and only ever *suggests*: nothing in the amounts alone says the grouping is
//! right.
//!
//! For each free bank line in canonical order (the seed), a pool of free bank lines of the
//! same counterparty and direction dated within the window after it, and a pool of free book
//! lines of that counterparty within the window around it, both capped at
//! [`POOL_PER_SIDE`] nearest lines; every subset sum of each pool is enumerated (at most
//! 2^[`POOL_PER_SIDE`] each) and the first equal pair of sums with at least two lines a side
//! — fewest lines, then earliest canonical positions — is suggested. Deterministic: pools,
//! enumeration and ties follow canonical positions only.

use std::collections::HashMap;

use super::{
    same_side_similarity, similarity, Feat, Match, MatchConfig, MatchStatus, ReasonCode,
    ReasonParams, State,
};

/// Most lines per side in a pool (2^8 = 256 subsets a side: cheap even when thousands of
/// lines are left open).
pub const POOL_PER_SIDE: usize = 8;
/// Similarity (per-mille) for a line to count as the same counterparty.
const SAME_PARTY: u16 = 600;

/// The best pair so far: its order key (lines, bank mask, book mask), both subsets, and the
/// days the lines span.
type Best = ((u32, u32, u32), Subset, Subset, usize);

/// A subset of a pool: bitmask over the pool's positions and its size.
#[derive(Clone, Copy)]
struct Subset {
    mask: u32,
    size: u32,
}

/// All subsets of `amounts` with at least two members (and `must` in it when given), by
/// sum, smallest subset first, then lowest mask (earliest positions).
fn subset_sums(amounts: &[i64], must: Option<usize>, max_parts: usize) -> HashMap<i64, Subset> {
    let n = amounts.len().min(POOL_PER_SIDE);
    let mut out: HashMap<i64, Subset> = HashMap::new();
    let limit = u32::try_from(max_parts).unwrap_or(u32::MAX);
    for mask in 1u32..(1u32 << n) {
        let size = mask.count_ones();
        if size < 2 || size > limit {
            continue;
        }
        if let Some(m) = must {
            if mask & (1 << m) == 0 {
                continue;
            }
        }
        let mut sum = 0i64;
        for (i, a) in amounts.iter().enumerate().take(n) {
            if mask & (1 << i) != 0 {
                sum = sum.saturating_add(*a);
            }
        }
        let better = |old: &Subset| (size, mask) < (old.size, old.mask);
        match out.get(&sum) {
            Some(old) if !better(old) => {}
            _ => {
                out.insert(sum, Subset { mask, size });
            }
        }
    }
    out
}

fn members(mask: u32, pool: &[usize]) -> Vec<usize> {
    pool.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, p)| *p)
        .collect()
}

/// Positions of free lines of `feats` dated in `from..=to` with the sign of `sign`, that
/// `keep` accepts, nearest to `day` first (ties: canonical position), at most
/// [`POOL_PER_SIDE`], returned in canonical order.
fn pool(
    feats: &[Feat],
    used: &[bool],
    (from, to): (i64, i64),
    day: i64,
    sign: i64,
    keep: impl Fn(&Feat) -> bool,
) -> Vec<usize> {
    let lo = feats.partition_point(|f| f.day < from);
    let hi = feats.partition_point(|f| f.day <= to);
    let mut v: Vec<usize> = (lo..hi)
        .filter(|p| !used.get(*p).copied().unwrap_or(true))
        .filter(|p| {
            feats
                .get(*p)
                .is_some_and(|f| f.amount.signum() == sign && f.amount != 0 && keep(f))
        })
        .collect();
    v.sort_by_key(|p| (feats.get(*p).map_or(i64::MAX, |f| (f.day - day).abs()), *p));
    v.truncate(POOL_PER_SIDE);
    v.sort_unstable();
    v
}

/// Whether both subsets have as many lines, on the same days pairwise.
fn pairs_by_date(
    bank: &[Feat],
    bank_pool: &[usize],
    bank_mask: u32,
    book: &[Feat],
    book_pool: &[usize],
    book_mask: u32,
) -> bool {
    let days = |feats: &[Feat], pool: &[usize], mask: u32| {
        let mut d: Vec<i64> = members(mask, pool)
            .iter()
            .filter_map(|p| feats.get(*p).map(|f| f.day))
            .collect();
        d.sort_unstable();
        d
    };
    days(bank, bank_pool, bank_mask) == days(book, book_pool, book_mask)
}

pub(crate) fn run(st: &mut State, cfg: &MatchConfig) {
    if cfg.max_parts < 2 {
        return;
    }
    let window = cfg.group_window_days;
    for seed in 0..st.bank.len() {
        if st.bank_used.get(seed).copied().unwrap_or(true) {
            continue;
        }
        let Some(sf) = st.bank.get(seed) else {
            continue;
        };
        let sign = sf.amount.signum();
        if sign == 0 {
            continue;
        }
        let same_party = |a: &Feat, b: &Feat| {
            if a.account != 0 && a.account == b.account {
                return true;
            }
            if a.name.is_empty() || b.name.is_empty() {
                same_side_similarity(a, b) >= SAME_PARTY
            } else {
                // Bank lines name their counterparty: the name decides, not a generic memo.
                super::similarity::overlap(&a.name, &b.name) >= SAME_PARTY
            }
        };
        let bank_pool = pool(
            &st.bank,
            &st.bank_used,
            (sf.day, sf.day + window),
            sf.day,
            sign,
            |f| f.idx == sf.idx || same_party(sf, f),
        );
        if bank_pool.len() < 2 {
            continue;
        }
        let book_pool = pool(
            &st.book,
            &st.book_used,
            (sf.day - window, sf.day + 2 * window),
            sf.day,
            sign,
            |k| (sf.account != 0 && sf.account == k.account) || similarity(sf, k) >= SAME_PARTY,
        );
        if book_pool.len() < 2 {
            continue;
        }
        let amounts = |feats: &[Feat], pool: &[usize]| -> Vec<i64> {
            pool.iter()
                .map(|p| feats.get(*p).map_or(0, |f| f.amount))
                .collect()
        };
        let seed_at = bank_pool.iter().position(|p| *p == seed);
        let bank_sums = subset_sums(&amounts(&st.bank, &bank_pool), seed_at, cfg.max_parts);
        let book_sums = subset_sums(&amounts(&st.book, &book_pool), None, cfg.max_parts);
        // The equal sums; the best pair: fewest lines, then earliest positions.
        let mut best: Option<Best> = None;
        let mut fits = 0usize;
        for (sum, b) in &bank_sums {
            let Some(k) = book_sums.get(sum) else {
                continue;
            };
            let days = |feats: &[Feat], pool: &[usize], mask: u32| {
                members(mask, pool)
                    .iter()
                    .filter_map(|p| feats.get(*p).map(|f| f.day))
                    .fold((i64::MAX, i64::MIN), |(lo, hi), d| (lo.min(d), hi.max(d)))
            };
            let (blo, bhi) = days(&st.bank, &bank_pool, b.mask);
            let (klo, khi) = days(&st.book, &book_pool, k.mask);
            if bhi.max(khi) - blo.min(klo) > 2 * window {
                continue;
            }
            if pairs_by_date(&st.bank, &bank_pool, b.mask, &st.book, &book_pool, k.mask) {
                // As many lines a side, pairwise on the same days: wrong amounts in pairs
                // (transposed digits that happen to cancel), not a regrouping.
                continue;
            }
            fits += 1;
            let key = (b.size + k.size, b.mask, k.mask);
            if best.as_ref().is_none_or(|(bk, ..)| key < *bk) {
                let span = usize::try_from(bhi.max(khi) - blo.min(klo)).unwrap_or(usize::MAX);
                best = Some((key, *b, *k, span));
            }
        }
        let Some((_, b, k, span)) = best else {
            continue;
        };
        let bank_parts = members(b.mask, &bank_pool);
        let book_parts = members(k.mask, &book_pool);
        let min_sim = bank_parts
            .iter()
            .filter_map(|p| st.bank.get(*p))
            .flat_map(|bf| {
                book_parts
                    .iter()
                    .filter_map(|q| st.book.get(*q))
                    .map(move |kf| similarity(bf, kf))
            })
            .min()
            .unwrap_or(0);
        let days_apart = i64::try_from(span).unwrap_or(i64::MAX);
        let date_pts = u32::try_from((150 - 10 * days_apart).max(0)).unwrap_or(0);
        let score = (350 + date_pts + u32::from(min_sim) / 10).min(599);
        let m = Match {
            bank: bank_parts
                .iter()
                .filter_map(|p| st.bank.get(*p).map(|f| f.idx))
                .collect(),
            book: book_parts
                .iter()
                .filter_map(|p| st.book.get(*p).map(|f| f.idx))
                .collect(),
            status: MatchStatus::Suggested,
            score: u16::try_from(score).unwrap_or(599),
            code: ReasonCode::ManyToMany,
            params: ReasonParams {
                days_apart: Some(days_apart),
                similarity: Some(min_sim),
                parts: Some(bank_parts.len() + book_parts.len()),
                combinations: Some(fits.min(2)),
                ..ReasonParams::default()
            },
            difference_cents: 0,
        };
        for p in &bank_parts {
            if let Some(u) = st.bank_used.get_mut(*p) {
                *u = true;
            }
        }
        for p in &book_parts {
            if let Some(u) = st.book_used.get_mut(*p) {
                *u = true;
            }
        }
        st.matches.push(m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_sums_prefer_fewest_then_earliest() {
        let s = subset_sums(&[100, 200, 300, 100], None, 6);
        // 300 = 100+200 (mask 0b0011) or 200+100 (0b1010): the lower mask wins.
        assert_eq!(s.get(&300).map(|x| x.mask), Some(0b0011));
        // 400 = 100+300 (0b0101) before 100+200+100 (3 lines).
        assert_eq!(s.get(&400).map(|x| x.mask), Some(0b0101));
        // Singles are not subsets here.
        assert!(!s.contains_key(&0));
        let with = subset_sums(&[100, 200, 300], Some(2), 6);
        assert!(with.values().all(|x| x.mask & 0b100 != 0));
        let capped = subset_sums(&[1, 2, 4, 8], None, 2);
        assert!(capped.values().all(|x| x.size == 2));
    }
}
