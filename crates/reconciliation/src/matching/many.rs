//! One-to-many and many-to-one: a line equal to the sum of several lines on the other
//! side (one transfer paying several invoices, instalments, 代发工资 batches, monthly fee
//! sums). A bounded subset-sum search on integer cents runs inside a date window over a
//! pool of same-direction lines of the same counterparty or memo, sorted by size with
//! branch-and-bound pruning and a step cap. A unique combination in a same-party pool is
//! automatic; several combinations, or an exhausted search, stay suggestions.

use super::{similarity, Feat, Match, MatchConfig, MatchStatus, ReasonCode, ReasonParams, State};

/// Similarity (per-mille) for a line to join a target's pool.
const POOL_SIMILARITY: u16 = 600;
/// Similarity for an automatic group.
const AUTO_SIMILARITY: u16 = 800;

struct Search<'a> {
    items: &'a [(usize, i64)],
    /// suffix[i] = sum of items[i..] (all amounts positive here).
    suffix: Vec<i64>,
    max_parts: usize,
    steps: u32,
    cap: u32,
    found: Vec<Vec<usize>>,
}

impl Search<'_> {
    fn go(&mut self, start: usize, remaining: i64, chosen: &mut Vec<usize>) {
        if self.found.len() >= 2 || self.steps >= self.cap {
            return;
        }
        self.steps += 1;
        if remaining == 0 {
            if chosen.len() >= 2 {
                self.found.push(chosen.clone());
            }
            return;
        }
        if chosen.len() >= self.max_parts {
            return;
        }
        if self.suffix.get(start).copied().unwrap_or(0) < remaining {
            return;
        }
        for i in start..self.items.len() {
            let Some(&(pos, amount)) = self.items.get(i) else {
                break;
            };
            if amount > remaining {
                continue;
            }
            chosen.push(pos);
            self.go(i + 1, remaining - amount, chosen);
            chosen.pop();
            if self.found.len() >= 2 || self.steps >= self.cap {
                return;
            }
        }
    }
}

/// Which side holds the single line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum One {
    Bank,
    Book,
}

pub(crate) fn run(st: &mut State, cfg: &MatchConfig) {
    if cfg.max_parts < 2 {
        return;
    }
    run_side(st, cfg, One::Bank);
    run_side(st, cfg, One::Book);
}

/// A line of a target's pool: position on the other side, amount (absolute), similarity
/// to the target, days apart.
type PoolLine = (usize, i64, u16, i64);

/// What the subset search found for one target.
struct Found {
    /// The pool it searched (positions on the other side).
    pool: Vec<PoolLine>,
    /// The first combination, sorted; `None` when none sums to the target.
    parts: Option<Vec<usize>>,
    /// Combinations found (0, 1, or 2 meaning "two or more").
    combos: usize,
    /// The search stopped at its step cap.
    exhausted: bool,
}

/// The pool of target `t` among the free lines `avail` of the other side, and the search in
/// it. `None` when the target is used or fewer than two lines can join.
fn search_target(
    st: &State,
    cfg: &MatchConfig,
    one: One,
    t: usize,
    avail: &[usize],
) -> Option<Found> {
    let (target, target_used, others, others_used) = match one {
        One::Bank => (st.bank.get(t), st.bank_used.get(t), &st.book, &st.book_used),
        One::Book => (st.book.get(t), st.book_used.get(t), &st.bank, &st.bank_used),
    };
    let (Some(tf), Some(false)) = (target, target_used.copied()) else {
        return None;
    };
    // Only lines still free can join: scan the (date-ordered) free list.
    let lo = avail.partition_point(|o| {
        others
            .get(*o)
            .is_some_and(|f| f.day < tf.day - cfg.group_window_days)
    });
    let hi = avail.partition_point(|o| {
        others
            .get(*o)
            .is_some_and(|f| f.day <= tf.day + cfg.group_window_days)
    });
    let mut pool: Vec<PoolLine> = Vec::new();
    for &o in avail.get(lo..hi).unwrap_or_default() {
        let (Some(of), Some(false)) = (others.get(o), others_used.get(o).copied()) else {
            continue;
        };
        if of.amount.signum() != tf.amount.signum() || of.amount.abs() >= tf.amount.abs() {
            continue;
        }
        let sim = pair_similarity(tf, of, one);
        let same_account = tf.account != 0 && tf.account == of.account;
        if sim >= POOL_SIMILARITY || same_account {
            let sim = if same_account {
                sim.max(AUTO_SIMILARITY)
            } else {
                sim
            };
            pool.push((o, of.amount.abs(), sim, (of.day - tf.day).abs()));
        }
    }
    if pool.len() < 2 {
        return None;
    }
    // Nearest dates first when the pool is too large, then largest amounts first.
    pool.sort_by(|a, b| a.3.cmp(&b.3).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    pool.truncate(cfg.max_pool);
    pool.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let items: Vec<(usize, i64)> = pool.iter().map(|p| (p.0, p.1)).collect();
    let mut suffix = vec![0i64; items.len() + 1];
    for i in (0..items.len()).rev() {
        let v = items.get(i).map_or(0, |x| x.1);
        let next = suffix.get(i + 1).copied().unwrap_or(0);
        if let Some(s) = suffix.get_mut(i) {
            *s = next.saturating_add(v);
        }
    }
    let mut search = Search {
        items: &items,
        suffix,
        max_parts: cfg.max_parts,
        steps: 0,
        cap: cfg.step_cap,
        found: Vec::new(),
    };
    search.go(0, tf.amount.abs(), &mut Vec::new());
    let exhausted = search.steps >= search.cap;
    let combos = search.found.len();
    let parts = search.found.into_iter().next().map(|mut p| {
        p.sort_unstable();
        p
    });
    Some(Found {
        pool,
        parts,
        combos,
        exhausted,
    })
}

fn run_side(st: &mut State, cfg: &MatchConfig, one: One) {
    let targets_len = match one {
        One::Bank => st.bank.len(),
        One::Book => st.book.len(),
    };
    let avail: Vec<usize> = match one {
        One::Bank => (0..st.book.len())
            .filter(|k| !st.book_used.get(*k).copied().unwrap_or(true))
            .collect(),
        One::Book => (0..st.bank.len())
            .filter(|b| !st.bank_used.get(*b).copied().unwrap_or(true))
            .collect(),
    };
    // Every target's search depends only on which lines are free. Search all of them first,
    // on two threads, as if nothing were taken; then take them in order. A target whose pool
    // lost a line to an earlier target is searched again, so the result is exactly that of
    // searching one target after the other (lines are only ever taken, never freed).
    let proposals: Vec<Option<Found>> = {
        let st: &State = st;
        let avail = &avail;
        let half = targets_len / 2;
        let search_range = |r: std::ops::Range<usize>| -> Vec<Option<Found>> {
            r.map(|t| search_target(st, cfg, one, t, avail)).collect()
        };
        std::thread::scope(|scope| {
            let handle = scope.spawn(|| search_range(half..targets_len));
            let mut first = search_range(0..half);
            let second = handle
                .join()
                .unwrap_or_else(|_| search_range(half..targets_len));
            first.extend(second);
            first
        })
    };
    for (t, proposal) in proposals.into_iter().enumerate() {
        // No pool then means no pool now: pools only lose lines.
        let Some(proposal) = proposal else { continue };
        let (target_used, others_used) = match one {
            One::Bank => (st.bank_used.get(t), &st.book_used),
            One::Book => (st.book_used.get(t), &st.bank_used),
        };
        if target_used.copied() != Some(false) {
            continue;
        }
        let unchanged = proposal
            .pool
            .iter()
            .all(|p| others_used.get(p.0).copied() == Some(false));
        let found = if unchanged {
            Some(proposal)
        } else {
            search_target(st, cfg, one, t, &avail)
        };
        let Some(Found {
            pool,
            parts: Some(parts),
            combos,
            exhausted,
        }) = found
        else {
            continue;
        };
        let Some(tf) = (match one {
            One::Bank => st.bank.get(t),
            One::Book => st.book.get(t),
        }) else {
            continue;
        };
        let min_sim = parts
            .iter()
            .filter_map(|p| pool.iter().find(|x| x.0 == *p).map(|x| x.2))
            .min()
            .unwrap_or(0);
        let max_days = parts
            .iter()
            .filter_map(|p| pool.iter().find(|x| x.0 == *p).map(|x| x.3))
            .max()
            .unwrap_or(0);
        let auto = combos == 1 && !exhausted && min_sim >= AUTO_SIMILARITY;
        let date_pts = u32::try_from((200 - 20 * max_days).max(0)).unwrap_or(0);
        let mut score = 500 + date_pts + u32::from(min_sim) * 3 / 10;
        if combos > 1 || exhausted {
            score = score.saturating_sub(200);
        }
        let params = ReasonParams {
            days_apart: Some(max_days),
            similarity: Some(min_sim),
            parts: Some(parts.len()),
            combinations: Some(combos),
            search_capped: exhausted,
            ..ReasonParams::default()
        };
        let part_idx: Vec<usize> = parts
            .iter()
            .filter_map(|p| match one {
                One::Bank => st.book.get(*p).map(|f| f.idx),
                One::Book => st.bank.get(*p).map(|f| f.idx),
            })
            .collect();
        let (bank, book, code) = match one {
            One::Bank => (vec![tf.idx], part_idx, ReasonCode::OneBankToManyBook),
            One::Book => (part_idx, vec![tf.idx], ReasonCode::ManyBankToOneBook),
        };
        let m = Match {
            bank,
            book,
            status: if auto {
                MatchStatus::Auto
            } else {
                MatchStatus::Suggested
            },
            score: u16::try_from(score.min(1000)).unwrap_or(1000),
            code,
            params,
            difference_cents: 0,
        };
        match one {
            One::Bank => {
                mark(&mut st.bank_used, &[t]);
                mark(&mut st.book_used, &parts);
            }
            One::Book => {
                mark(&mut st.book_used, &[t]);
                mark(&mut st.bank_used, &parts);
            }
        }
        st.matches.push(m);
    }
}

fn pair_similarity(target: &Feat, other: &Feat, one: One) -> u16 {
    match one {
        One::Bank => similarity(target, other),
        One::Book => similarity(other, target),
    }
}

fn mark(used: &mut [bool], positions: &[usize]) {
    for p in positions {
        if let Some(u) = used.get_mut(*p) {
            *u = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_unique_and_ambiguous_sums() {
        let items = vec![(0, 500), (1, 300), (2, 200), (3, 100)];
        let mut suffix = vec![1100, 600, 300, 100, 0];
        suffix.truncate(5);
        let mut s = Search {
            items: &items,
            suffix: suffix.clone(),
            max_parts: 4,
            steps: 0,
            cap: 1000,
            found: vec![],
        };
        s.go(0, 900, &mut Vec::new());
        assert_eq!(s.found, vec![vec![0, 1, 3]]);
        let mut s = Search {
            items: &items,
            suffix,
            max_parts: 4,
            steps: 0,
            cap: 1000,
            found: vec![],
        };
        s.go(0, 500, &mut Vec::new());
        assert_eq!(s.found.len(), 1, "500 alone is not a group; 300+200 is");
    }
}
