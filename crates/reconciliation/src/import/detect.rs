//! Header-row and column detection for tabular exports, by synonym lists, and the
//! serialisable [`ColumnMapping`] the caller can confirm, correct and save as a template.

use serde::{Deserialize, Serialize};

use super::table::{Cells, Table};
use crate::money::normalise_text;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Booking or transaction date (may carry a time).
    Date,
    /// Time of day (or a full date-time when there is no date column).
    Time,
    /// Value date (起息日).
    ValueDate,
    /// Year (ledgers with 年/月/日 columns).
    Year,
    /// Month.
    Month,
    /// Day.
    Day,
    /// 借方 column.
    Debit,
    /// 贷方 column.
    Credit,
    /// 收入 / 存入 column (money in).
    Income,
    /// 支出 / 支取 column (money out).
    Expense,
    /// A single amount column (signed, or with a flag column).
    Amount,
    /// 借贷 / 收支 flag column.
    Flag,
    /// Running balance.
    Balance,
    /// 方向 of a ledger balance (借/贷/平).
    BalanceDirection,
    /// Counterparty name.
    CounterpartyName,
    /// Counterparty account number.
    CounterpartyAccount,
    /// 对方科目 of a ledger.
    ContraAccount,
    /// Description columns.
    Memo,
    /// Bank serial number.
    Serial,
    /// Ledger voucher number.
    Voucher,
    /// Currency.
    Currency,
}

/// Normalises a header cell: full-width to ASCII, no spaces, no unit suffixes, lower case.
#[must_use]
pub fn normalise_header(s: &str) -> String {
    let t = normalise_text(s);
    let mut t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    for unit in ["(元)", "(人民币)", "(rmb)", "(cny)", "[元]"] {
        t = t.replace(unit, "");
    }
    t.to_lowercase()
}

const EXACT: &[(&str, Role)] = &[
    ("日期", Role::Date),
    ("date", Role::Date),
    ("交易日", Role::Date),
    ("记账日", Role::Date),
    ("年", Role::Year),
    ("月", Role::Month),
    ("日", Role::Day),
    ("借", Role::Debit),
    ("贷", Role::Credit),
    ("方向", Role::BalanceDirection),
    ("余额方向", Role::BalanceDirection),
    ("借或贷", Role::BalanceDirection),
    ("借贷", Role::Flag),
    ("收/支", Role::Flag),
    ("收支", Role::Flag),
    ("对手信息", Role::CounterpartyName),
    ("交易对方", Role::CounterpartyName),
    ("对方", Role::CounterpartyName),
    ("货币", Role::Currency),
    ("币种", Role::Currency),
    ("币别", Role::Currency),
    ("amount", Role::Amount),
    ("balance", Role::Balance),
    ("摘要", Role::Memo),
    ("memo", Role::Memo),
];

/// Classifies a header cell, or `None` for columns the engine does not use.
#[must_use]
pub fn classify(header: &str) -> Option<Role> {
    let h = normalise_header(header);
    if h.is_empty() {
        return None;
    }
    if let Some((_, role)) = EXACT.iter().find(|(name, _)| *name == h) {
        return Some(*role);
    }
    let has = |words: &[&str]| words.iter().any(|w| h.contains(w));
    let role = if has(&["起息"]) {
        Role::ValueDate
    } else if has(&["余额"]) && !has(&["方向"]) {
        Role::Balance
    } else if has(&["借贷", "收支", "收/支", "借/贷", "借贷标志", "dr/cr"]) {
        Role::Flag
    } else if has(&["收入", "存入", "入账金额", "转入"]) {
        Role::Income
    } else if has(&["支出", "支取", "取出", "转出", "出账金额"]) {
        Role::Expense
    } else if has(&["借方"]) {
        Role::Debit
    } else if has(&["贷方"]) {
        Role::Credit
    } else if has(&["对方科目"]) {
        Role::ContraAccount
    } else if has(&["对方", "对手", "收/付方", "收款人", "付款人"])
        && has(&["账号", "帐号", "卡号", "账户", "帐户"])
        && !has(&["户名", "账户名", "帐户名", "名称"])
    {
        Role::CounterpartyAccount
    } else if has(&["对方", "对手", "收/付方", "收款人", "付款人"])
        && !has(&["开户行", "行名", "银行"])
    {
        Role::CounterpartyName
    } else if has(&[
        "流水号",
        "日志号",
        "参考号",
        "交易序号",
        "交易编号",
        "回单号",
    ]) {
        Role::Serial
    } else if has(&["凭证"]) && has(&["号", "字", "编号"]) {
        Role::Voucher
    } else if has(&["日期"]) {
        Role::Date
    } else if has(&["时间"]) {
        Role::Time
    } else if has(&["金额", "发生额", "交易额"]) {
        Role::Amount
    } else if has(&[
        "摘要",
        "用途",
        "附言",
        "备注",
        "说明",
        "交易名称",
        "交易类型",
        "详情",
        "业务类型",
    ]) {
        Role::Memo
    } else if has(&["币"]) {
        Role::Currency
    } else {
        return None;
    };
    Some(role)
}

/// How the amount is laid out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AmountColumns {
    /// Two columns: money in and money out (收入/支出, or 借方/贷方 resolved for the side).
    Split {
        /// Column of money in.
        inflow: usize,
        /// Column of money out.
        outflow: usize,
    },
    /// One signed amount column.
    Signed {
        /// The column.
        column: usize,
    },
    /// An unsigned amount and a 借贷/收支 flag column (借/Dr/支 = out, 贷/Cr/收 = in).
    Flag {
        /// The amount column.
        column: usize,
        /// The flag column.
        flag: usize,
    },
}

/// The column layout of a tabular file: detected, shown to the user to confirm or correct,
/// and saved as a named template keyed by [`ColumnMapping::fingerprint`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMapping {
    /// Hash of the normalised header row (16 hex digits, FNV-1a 64).
    pub fingerprint: String,
    /// The header row's cells as found.
    pub headers: Vec<String>,
    /// Physical row of the header (informative: templates find the header by fingerprint).
    pub header_row: u32,
    /// Date column.
    pub date: Option<usize>,
    /// Time column.
    pub time: Option<usize>,
    /// Value date column.
    pub value_date: Option<usize>,
    /// Year, month and day columns (ledgers).
    pub year: Option<usize>,
    /// Month column.
    pub month: Option<usize>,
    /// Day column.
    pub day: Option<usize>,
    /// Amount layout.
    pub amount: AmountColumns,
    /// Multiply every amount by −1 (set when the running balance shows that the column
    /// names mean the opposite direction).
    pub negate: bool,
    /// Running balance column.
    pub balance: Option<usize>,
    /// 方向 of the balance (借/贷/平), ledgers.
    pub balance_direction: Option<usize>,
    /// Counterparty name column (or 对方科目 for ledgers).
    pub counterparty_name: Option<usize>,
    /// Counterparty account column.
    pub counterparty_account: Option<usize>,
    /// Description columns, joined with spaces.
    pub memo: Vec<usize>,
    /// Serial or voucher number column.
    pub serial: Option<usize>,
    /// How many consecutive running-balance pairs held under the chosen direction, and
    /// how many were checked (evidence for the user).
    pub balance_pairs_consistent: u32,
    /// Pairs checked.
    pub balance_pairs_checked: u32,
}

/// FNV-1a 64 of the normalised header cells joined by `|` (stable across Rust versions,
/// unlike `DefaultHasher`).
#[must_use]
pub fn fingerprint(cells: &Cells) -> String {
    let mut trimmed: Vec<String> = cells.iter().map(normalise_header).collect();
    while trimmed.last().is_some_and(String::is_empty) {
        trimmed.pop();
    }
    let joined = trimmed.join("|");
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in joined.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// A header candidate: the row index in `table.rows` and the roles of its columns.
#[derive(Debug, Clone)]
pub struct HeaderFound {
    /// Index into `table.rows`.
    pub index: usize,
    /// Role of each column, `None` for unused ones.
    pub roles: Vec<Option<Role>>,
}

/// Finds the header row among the first 50 rows: the first one naming a date (or 年/月/日)
/// and an amount, with the most recognised columns.
#[must_use]
pub fn find_header(table: &Table) -> Option<HeaderFound> {
    let mut best: Option<(usize, HeaderFound)> = None;
    for (index, (_, cells)) in table.rows.iter().enumerate().take(50) {
        let roles: Vec<Option<Role>> = cells.iter().map(classify).collect();
        let has = |r: Role| roles.contains(&Some(r));
        let dated = has(Role::Date) || has(Role::Time) || (has(Role::Month) && has(Role::Day));
        let amount = [
            Role::Debit,
            Role::Credit,
            Role::Income,
            Role::Expense,
            Role::Amount,
        ]
        .iter()
        .any(|r| has(*r));
        if !dated || !amount {
            continue;
        }
        let mut distinct: Vec<Role> = roles.iter().flatten().copied().collect();
        distinct.sort_by_key(|r| *r as u8);
        distinct.dedup();
        let score = distinct.len();
        if score >= 3 && best.as_ref().is_none_or(|(s, _)| score > *s) {
            best = Some((score, HeaderFound { index, roles }));
        }
    }
    best.map(|(_, h)| h)
}

/// Finds the row whose fingerprint equals `fp` (applying a saved template).
#[must_use]
pub fn find_header_by_fingerprint(table: &Table, fp: &str) -> Option<usize> {
    table
        .rows
        .iter()
        .take(200)
        .position(|(_, cells)| fingerprint(cells) == fp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_real_headers() {
        let cases = [
            ("交易日期", Some(Role::Date)),
            ("记账日期", Some(Role::Date)),
            ("交易时间", Some(Role::Time)),
            ("交易金额(收入)", Some(Role::Income)),
            ("记账金额（支出）", Some(Role::Expense)),
            ("借方发生额", Some(Role::Debit)),
            ("贷方金额", Some(Role::Credit)),
            ("交易金额", Some(Role::Amount)),
            ("联机余额", Some(Role::Balance)),
            ("本次余额", Some(Role::Balance)),
            ("对方户名", Some(Role::CounterpartyName)),
            ("对方账户名", Some(Role::CounterpartyName)),
            ("对方卡号/账号", Some(Role::CounterpartyAccount)),
            ("对方账户", Some(Role::CounterpartyAccount)),
            ("对方开户行", None),
            ("日 志 号", Some(Role::Serial)),
            ("交易流水号", Some(Role::Serial)),
            ("凭证字号", Some(Role::Voucher)),
            ("借贷", Some(Role::Flag)),
            ("方向", Some(Role::BalanceDirection)),
            ("对方科目", Some(Role::ContraAccount)),
            ("摘要", Some(Role::Memo)),
            ("序号", None),
        ];
        for (h, want) in cases {
            assert_eq!(classify(h), want, "{h}");
        }
    }

    #[test]
    fn fingerprint_ignores_padding_and_width() {
        let a = Cells::from(vec!["交易日期 ", "金额", ""]);
        let b = Cells::from(vec!["交易日期", "金额"]);
        assert_eq!(fingerprint(&a), fingerprint(&b));
    }
}
