//! One-to-one matching: same amount and direction inside a date window; the best pairs are
//! taken first and a pair is automatic only when it clearly beats every live competitor
//! (a competitor that nothing can tell apart from the chosen line does not count).

use super::keys::{amount_day, clamp_u32, low_index};
use super::similarity::share_hash;
use super::{similarity, Feat, Match, MatchConfig, MatchStatus, ReasonCode, ReasonParams, State};

/// Candidates looked at per line (best first) in a crowd of equal amounts.
const MAX_CANDIDATES: usize = 16;

/// A candidate pair, kept small (20 bytes): there are a few per bank line and they are
/// sorted and gathered, so their size is memory the run must fill.
#[derive(Debug, Clone, Copy)]
struct Pair {
    score: u16,
    sim: u16,
    /// Days between the two dates (absolute).
    days: u32,
    /// Bank position (32 bits: a side of 2³² lines cannot be held in memory).
    b: u32,
    /// Book position.
    k: u32,
    reference: bool,
}

impl Pair {
    fn bank(&self) -> usize {
        usize::try_from(self.b).unwrap_or(usize::MAX)
    }

    fn book(&self) -> usize {
        usize::try_from(self.k).unwrap_or(usize::MAX)
    }

    /// The order candidates are taken in, as one key: best score first, then the nearer
    /// date, then bank and book position. Total: no two pairs of a list share a key.
    fn order(&self) -> u128 {
        (u128::from(u16::MAX - self.score) << 96)
            | (u128::from(self.days) << 64)
            | (u128::from(self.b) << 32)
            | u128::from(self.k)
    }
}

/// Score of a candidate pair, per-mille: `base` for the amount, up to 250 for the date
/// (250 same day, −30 a day), up to 250 for similarity, +250 for a shared reference token
/// or counterparty account.
fn score(b: &Feat, k: &Feat, base: u16) -> (u16, u16, bool, i64) {
    let days = (b.day - k.day).abs();
    let date_pts = u16::try_from((250 - 30 * days).max(0)).unwrap_or(0);
    let sim = similarity(b, k);
    let reference = share_hash(b.tokens.as_slice(), k.tokens.as_slice());
    let account_hit = b.account != 0 && b.account == k.account;
    let mut s = u32::from(base) + u32::from(date_pts) + u32::from(sim) / 4;
    if reference || account_hit {
        s += 250;
    }
    (
        u16::try_from(s.min(1000)).unwrap_or(1000),
        sim,
        reference,
        days,
    )
}

fn candidate_pairs(st: &State, cfg: &MatchConfig, tolerance: i64) -> Vec<Pair> {
    // Unused book positions keyed by amount (exact mode) or sign (tolerance mode), then day.
    let key = |f: &Feat| {
        if tolerance == 0 {
            f.amount
        } else {
            f.amount.signum()
        }
    };
    let mut sorted: Vec<u128> = st
        .book
        .iter()
        .enumerate()
        .filter(|(k, _)| !st.book_used.get(*k).copied().unwrap_or(true))
        .map(|(k, f)| amount_day(key(f), f.day, clamp_u32(k)))
        .collect();
    sorted.sort_unstable();
    // Candidate generation is independent per bank line: two halves on two threads. Each
    // half lists its pairs by bank line, so the halves joined are in bank-line order.
    let half = st.bank.len() / 2;
    let (first, second) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| pairs_for(st, cfg, tolerance, &sorted, half..st.bank.len()));
        let first = pairs_for(st, cfg, tolerance, &sorted, 0..half);
        let second = handle
            .join()
            .unwrap_or_else(|_| pairs_for(st, cfg, tolerance, &sorted, half..st.bank.len()));
        (first, second)
    });
    sort_best_first(&[first, second])
}

/// Puts pairs listed as [`pairs_for`] lists them (by bank line; a bank line's pairs by
/// score, date, then book line), in lists that follow each other in bank-line order, into
/// one list in [`Pair::order`].
///
/// Within one (score, days) value such a list is already in (bank, book) order, so a stable
/// counting sort on (score, days) alone gives the full order in linear time. Scores are
/// per-mille and days lie within the date window: a few thousand buckets. An unusual spread
/// (a huge configured window) falls back to a comparison sort.
fn sort_best_first(lists: &[Vec<Pair>]) -> Vec<Pair> {
    let all = || lists.iter().flatten();
    let (Some(top), Some(low), Some(far)) = (
        all().map(|p| p.score).max(),
        all().map(|p| p.score).min(),
        all().map(|p| p.days).max(),
    ) else {
        return Vec::new();
    };
    let count = lists.iter().map(Vec::len).sum::<usize>();
    let scores = usize::from(top - low) + 1;
    let days = usize::try_from(far).unwrap_or(usize::MAX).saturating_add(1);
    let buckets = scores.saturating_mul(days);
    if buckets > 4 * count + 65_536 {
        let mut pairs: Vec<Pair> = all().copied().collect();
        pairs.sort_unstable_by_key(Pair::order);
        return pairs;
    }
    let bucket = |p: &Pair| {
        let d = usize::try_from(p.days).unwrap_or(0);
        usize::from(top - p.score) * days + d
    };
    let mut start = vec![0usize; buckets + 1];
    for p in all() {
        if let Some(c) = start.get_mut(bucket(p) + 1) {
            *c += 1;
        }
    }
    for i in 0..buckets {
        let prev = start.get(i).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(i + 1) {
            *c += prev;
        }
    }
    // Each pair written once, straight into its place.
    let mut sorted = vec![
        Pair {
            score: 0,
            sim: 0,
            days: 0,
            b: 0,
            k: 0,
            reference: false,
        };
        count
    ];
    for p in all() {
        let Some(at) = start.get_mut(bucket(p)) else {
            continue;
        };
        if let Some(slot) = sorted.get_mut(*at) {
            *slot = *p;
        }
        *at += 1;
    }
    sorted
}

/// Candidate pairs of the bank lines in `range` against the sorted free book lines.
fn pairs_for(
    st: &State,
    cfg: &MatchConfig,
    tolerance: i64,
    sorted: &[u128],
    range: std::ops::Range<usize>,
) -> Vec<Pair> {
    let key = |f: &Feat| {
        if tolerance == 0 {
            f.amount
        } else {
            f.amount.signum()
        }
    };
    // A bank line has a few candidates; room for four each avoids growing the list by
    // copying it (room never used is never touched).
    let mut pairs = Vec::with_capacity(range.len() * 4);
    let mut local: Vec<Pair> = Vec::new();
    for b in range {
        let Some(bf) = st.bank.get(b) else { continue };
        if st.bank_used.get(b).copied().unwrap_or(true) {
            continue;
        }
        let kb = key(bf);
        let lo = sorted.partition_point(|x| *x < amount_day(kb, bf.day - cfg.date_window_days, 0));
        let hi = sorted
            .partition_point(|x| *x <= amount_day(kb, bf.day + cfg.date_window_days, u32::MAX));
        // In a crowd of equal amounts look only at the nearest dates.
        let (lo, hi) = if tolerance == 0 && hi - lo > 4 * MAX_CANDIDATES {
            let mid = lo
                + sorted
                    .get(lo..hi)
                    .unwrap_or_default()
                    .partition_point(|x| *x < amount_day(kb, bf.day, 0));
            let from = mid.saturating_sub(2 * MAX_CANDIDATES).max(lo);
            (from, (from + 4 * MAX_CANDIDATES).min(hi))
        } else {
            (lo, hi)
        };
        local.clear();
        for &x in sorted.get(lo..hi).unwrap_or_default() {
            let k = low_index(x);
            let Some(kf) = st.book.get(k) else { continue };
            let diff = bf.amount - kf.amount;
            if tolerance > 0 {
                let limit = tolerance.min(bf.amount.abs() / 50);
                if diff == 0 || diff.abs() > limit {
                    continue;
                }
            }
            let base = if tolerance == 0 { 500 } else { 350 };
            let (s, sim, reference, days) = score(bf, kf, base);
            if tolerance > 0 && sim < 600 && !reference {
                continue;
            }
            local.push(Pair {
                score: s,
                sim,
                days: clamp_u32(days.unsigned_abs()),
                b: clamp_u32(b),
                k: clamp_u32(k),
                reference,
            });
        }
        // One bank line: the order is score, date, book position.
        local.sort_unstable_by_key(Pair::order);
        pairs.extend(local.iter().take(MAX_CANDIDATES).copied());
    }
    pairs
}

/// Compressed adjacency: for each line, the indices of the pairs it is in.
fn adjacency(n: usize, pairs: &[Pair], end: impl Fn(&Pair) -> usize) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0usize; n + 1];
    for p in pairs {
        if let Some(c) = start.get_mut(end(p) + 1) {
            *c += 1;
        }
    }
    for i in 0..n {
        let prev = start.get(i).copied().unwrap_or(0);
        if let Some(c) = start.get_mut(i + 1) {
            *c += prev;
        }
    }
    let mut fill = start.clone();
    let mut list = vec![0usize; pairs.len()];
    for (pi, p) in pairs.iter().enumerate() {
        if let Some(pos) = fill.get_mut(end(p)) {
            if let Some(slot) = list.get_mut(*pos) {
                *slot = pi;
            }
            *pos += 1;
        }
    }
    (start, list)
}

/// Greedy assignment, best pairs first; returns the chosen pairs with their best live
/// competitor's score.
fn assign(st: &mut State, pairs: &[Pair]) -> Vec<(Pair, u16)> {
    const FREE: u16 = 0;
    let mut bank_score = vec![FREE; st.bank.len()];
    let mut book_score = vec![FREE; st.book.len()];
    let mut chosen: Vec<usize> = Vec::new();
    for (pi, p) in pairs.iter().enumerate() {
        let (Some(bs), Some(ks)) = (bank_score.get(p.bank()), book_score.get(p.book())) else {
            continue;
        };
        if *bs != FREE || *ks != FREE {
            continue;
        }
        if let Some(x) = bank_score.get_mut(p.bank()) {
            *x = p.score.max(1);
        }
        if let Some(x) = book_score.get_mut(p.book()) {
            *x = p.score.max(1);
        }
        chosen.push(pi);
    }
    let (b_start, b_list) = adjacency(st.bank.len(), pairs, |p| p.bank());
    let (k_start, k_list) = adjacency(st.book.len(), pairs, |p| p.book());
    fn range<'l>(start: &[usize], list: &'l [usize], i: usize) -> &'l [usize] {
        let (a, z) = (
            start.get(i).copied().unwrap_or(0),
            start.get(i + 1).copied().unwrap_or(0),
        );
        list.get(a..z).unwrap_or_default()
    }
    let mut out = Vec::with_capacity(chosen.len());
    for pi in chosen {
        let Some(p) = pairs.get(pi) else { continue };
        let mut best = 0u16;
        for &qi in range(&b_start, &b_list, p.bank()) {
            let Some(q) = pairs.get(qi) else { continue };
            if q.book() == p.book() || twin(&st.book, q.book(), p.book()) {
                continue;
            }
            // q.book() is taken by a pair it prefers: not a live competitor.
            if book_score
                .get(q.book())
                .is_none_or(|t| *t == FREE || *t <= q.score)
            {
                best = best.max(q.score);
            }
        }
        for &qi in range(&k_start, &k_list, p.book()) {
            let Some(q) = pairs.get(qi) else { continue };
            if q.bank() == p.bank() || twin(&st.bank, q.bank(), p.bank()) {
                continue;
            }
            if bank_score
                .get(q.bank())
                .is_none_or(|t| *t == FREE || *t <= q.score)
            {
                best = best.max(q.score);
            }
        }
        if let Some(u) = st.bank_used.get_mut(p.bank()) {
            *u = true;
        }
        if let Some(u) = st.book_used.get_mut(p.book()) {
            *u = true;
        }
        out.push((*p, best));
    }
    out
}

fn twin(feats: &[Feat], a: usize, b: usize) -> bool {
    match (feats.get(a), feats.get(b)) {
        (Some(x), Some(y)) => super::twins(x, y),
        _ => false,
    }
}

fn to_match(
    st: &State,
    p: &Pair,
    competitor: u16,
    cfg: &MatchConfig,
    code: ReasonCode,
) -> Option<Match> {
    let (bf, kf) = (st.bank.get(p.bank())?, st.book.get(p.book())?);
    let clear = p.score >= cfg.auto_score && p.score >= competitor.saturating_add(cfg.auto_margin);
    // The token's text is filled in by `reconcile` from the lines.
    let reference = p.reference.then(String::new);
    let params = ReasonParams {
        days_apart: Some(i64::from(p.days)),
        similarity: Some(p.sim),
        reference,
        competitor: (competitor > 0 && !clear).then_some(competitor),
        ..ReasonParams::default()
    };
    let status = if clear && code == ReasonCode::OneToOne {
        MatchStatus::Auto
    } else {
        MatchStatus::Suggested
    };
    Some(Match {
        bank: vec![bf.idx],
        book: vec![kf.idx],
        status,
        score: p.score,
        code,
        params,
        difference_cents: bf.amount - kf.amount,
    })
}

/// Exact-amount one-to-one matching.
pub(crate) fn run(st: &mut State, cfg: &MatchConfig) {
    let pairs = candidate_pairs(st, cfg, 0);
    let chosen = assign(st, &pairs);
    for (p, competitor) in &chosen {
        if let Some(m) = to_match(st, p, *competitor, cfg, ReasonCode::OneToOne) {
            st.matches.push(m);
        }
    }
}

/// One-to-one within the fee tolerance (always suggested), for what is left.
pub(crate) fn run_tolerance(st: &mut State, cfg: &MatchConfig) {
    if cfg.fee_tolerance_cents <= 0 {
        return;
    }
    let pairs = candidate_pairs(st, cfg, cfg.fee_tolerance_cents);
    let chosen = assign(st, &pairs);
    for (p, competitor) in &chosen {
        if let Some(m) = to_match(st, p, *competitor, cfg, ReasonCode::WithinTolerance) {
            st.matches.push(m);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{sort_best_first, Pair};
    use proptest::prelude::*;

    /// Pairs as `pairs_for` lists them: by bank line, each line's by order.
    fn listed(raw: Vec<(u32, u32, u16, u32)>) -> Vec<Pair> {
        let mut pairs: Vec<Pair> = raw
            .into_iter()
            .map(|(b, k, score, days)| Pair {
                score,
                sim: 0,
                days,
                b,
                k,
                reference: false,
            })
            .collect();
        pairs.sort_by_key(|p| (p.b, p.order()));
        pairs.dedup_by_key(|p| (p.b, p.k));
        pairs
    }

    proptest! {
        #[test]
        fn counting_sort_gives_the_comparison_order(
            raw in proptest::collection::vec((0u32..50, 0u32..50, 500u16..1000, 0u32..12), 0..400),
            far in prop_oneof![Just(0u32), Just(100_000u32)],
            split in 0u32..50,
        ) {
            let mut raw = raw;
            // Now and then a pair with a huge date difference: the fallback path.
            if far > 0 {
                if let Some(first) = raw.first_mut() {
                    first.3 = far;
                }
            }
            let pairs = listed(raw);
            let mut expected = pairs.clone();
            expected.sort_by_key(Pair::order);
            // Two lists, as the two threads make them: bank lines below `split`, then the rest.
            let (first, second): (Vec<Pair>, Vec<Pair>) = pairs.iter().partition(|p| p.b < split);
            let got: Vec<(u32, u32)> = sort_best_first(&[first, second]).iter().map(|p| (p.b, p.k)).collect();
            let want: Vec<(u32, u32)> = expected.iter().map(|p| (p.b, p.k)).collect();
            prop_assert_eq!(got, want);
        }
    }
}
