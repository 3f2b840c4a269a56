//! One-to-one matching: same amount and direction inside a date window; the best pairs are
//! taken first and a pair is automatic only when it clearly beats every live competitor
//! (a competitor that nothing can tell apart from the chosen line does not count).

use super::similarity::share_hash;
use super::{similarity, Feat, Match, MatchConfig, MatchStatus, ReasonCode, ReasonParams, State};

/// Candidates looked at per line (best first) in a crowd of equal amounts.
const MAX_CANDIDATES: usize = 16;

#[derive(Debug, Clone)]
struct Pair {
    score: u16,
    sim: u16,
    days: i64,
    b: usize,
    k: usize,
    reference: bool,
}

/// Score of a candidate pair, per-mille: `base` for the amount, up to 250 for the date
/// (250 same day, −30 a day), up to 250 for similarity, +250 for a shared reference token
/// or counterparty account.
fn score(b: &Feat, k: &Feat, base: u16) -> (u16, u16, bool, i64) {
    let days = (b.day - k.day).abs();
    let date_pts = u16::try_from((250 - 30 * days).max(0)).unwrap_or(0);
    let sim = similarity(b, k);
    let reference = share_hash(&b.tokens, &k.tokens);
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
    let mut sorted: Vec<(i64, i64, usize)> = st
        .book
        .iter()
        .enumerate()
        .filter(|(k, _)| !st.book_used.get(*k).copied().unwrap_or(true))
        .map(|(k, f)| (key(f), f.day, k))
        .collect();
    sorted.sort_unstable();
    // Candidate generation is independent per bank line: two halves on two threads, each
    // sorted where it was made, then merged. The order is total, so the result is the same
    // as one sort of all pairs (deterministic).
    let half = st.bank.len() / 2;
    let sorted_pairs = |range: std::ops::Range<usize>| {
        let mut pairs = pairs_for(st, cfg, tolerance, &sorted, range);
        pairs.sort_unstable_by(best_first);
        pairs
    };
    let (first, second) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| sorted_pairs(half..st.bank.len()));
        let first = sorted_pairs(0..half);
        let second = handle
            .join()
            .unwrap_or_else(|_| sorted_pairs(half..st.bank.len()));
        (first, second)
    });
    merge(first, second)
}

/// The order candidates are taken in: best score first, then the nearer date, then bank and
/// book position. Total: no two pairs compare equal.
fn best_first(x: &Pair, y: &Pair) -> std::cmp::Ordering {
    y.score
        .cmp(&x.score)
        .then(x.days.cmp(&y.days))
        .then(x.b.cmp(&y.b))
        .then(x.k.cmp(&y.k))
}

/// Merges two lists sorted by [`best_first`].
fn merge(a: Vec<Pair>, b: Vec<Pair>) -> Vec<Pair> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) => best_first(x, y).is_le(),
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => break,
        };
        let next = if take_a { a.next() } else { b.next() };
        out.extend(next);
    }
    out
}

/// Candidate pairs of the bank lines in `range` against the sorted free book lines.
fn pairs_for(
    st: &State,
    cfg: &MatchConfig,
    tolerance: i64,
    sorted: &[(i64, i64, usize)],
    range: std::ops::Range<usize>,
) -> Vec<Pair> {
    let key = |f: &Feat| {
        if tolerance == 0 {
            f.amount
        } else {
            f.amount.signum()
        }
    };
    let mut pairs = Vec::new();
    let mut local: Vec<Pair> = Vec::new();
    for b in range {
        let Some(bf) = st.bank.get(b) else { continue };
        if st.bank_used.get(b).copied().unwrap_or(true) {
            continue;
        }
        let kb = key(bf);
        let lo = sorted.partition_point(|(a, d, _)| (*a, *d) < (kb, bf.day - cfg.date_window_days));
        let hi =
            sorted.partition_point(|(a, d, _)| (*a, *d) <= (kb, bf.day + cfg.date_window_days));
        // In a crowd of equal amounts look only at the nearest dates.
        let (lo, hi) = if tolerance == 0 && hi - lo > 4 * MAX_CANDIDATES {
            let mid = lo
                + sorted
                    .get(lo..hi)
                    .unwrap_or_default()
                    .partition_point(|(_, d, _)| *d < bf.day);
            let from = mid.saturating_sub(2 * MAX_CANDIDATES).max(lo);
            (from, (from + 4 * MAX_CANDIDATES).min(hi))
        } else {
            (lo, hi)
        };
        local.clear();
        for (_, _, k) in sorted.get(lo..hi).unwrap_or_default() {
            let Some(kf) = st.book.get(*k) else { continue };
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
                days,
                b,
                k: *k,
                reference,
            });
        }
        local.sort_unstable_by(|x, y| {
            y.score
                .cmp(&x.score)
                .then(x.days.cmp(&y.days))
                .then(x.k.cmp(&y.k))
        });
        pairs.extend(local.iter().take(MAX_CANDIDATES).cloned());
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
        let (Some(bs), Some(ks)) = (bank_score.get(p.b), book_score.get(p.k)) else {
            continue;
        };
        if *bs != FREE || *ks != FREE {
            continue;
        }
        if let Some(x) = bank_score.get_mut(p.b) {
            *x = p.score.max(1);
        }
        if let Some(x) = book_score.get_mut(p.k) {
            *x = p.score.max(1);
        }
        chosen.push(pi);
    }
    let (b_start, b_list) = adjacency(st.bank.len(), pairs, |p| p.b);
    let (k_start, k_list) = adjacency(st.book.len(), pairs, |p| p.k);
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
        for &qi in range(&b_start, &b_list, p.b) {
            let Some(q) = pairs.get(qi) else { continue };
            if q.k == p.k || twin(&st.book, q.k, p.k) {
                continue;
            }
            // q.k is taken by a pair it prefers: not a live competitor.
            if book_score
                .get(q.k)
                .is_none_or(|t| *t == FREE || *t <= q.score)
            {
                best = best.max(q.score);
            }
        }
        for &qi in range(&k_start, &k_list, p.k) {
            let Some(q) = pairs.get(qi) else { continue };
            if q.b == p.b || twin(&st.bank, q.b, p.b) {
                continue;
            }
            if bank_score
                .get(q.b)
                .is_none_or(|t| *t == FREE || *t <= q.score)
            {
                best = best.max(q.score);
            }
        }
        if let Some(u) = st.bank_used.get_mut(p.b) {
            *u = true;
        }
        if let Some(u) = st.book_used.get_mut(p.k) {
            *u = true;
        }
        out.push((p.clone(), best));
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
    let (bf, kf) = (st.bank.get(p.b)?, st.book.get(p.k)?);
    let clear = p.score >= cfg.auto_score && p.score >= competitor.saturating_add(cfg.auto_margin);
    // The token's text is filled in by `reconcile` from the lines.
    let reference = p.reference.then(String::new);
    let params = ReasonParams {
        days_apart: Some(p.days),
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
