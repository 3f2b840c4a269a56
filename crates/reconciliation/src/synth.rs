//! A deterministic generator of a trading company's year: bank statement and 银行存款日记账
//! lines with the known truth, for tests and the quality/speed benchmark.
//!
//! Integer arithmetic only (a SplitMix64 generator; no floats anywhere). The year holds
//! customer receipts and supplier payments with booking lags, round-amount traps (several
//! payments of the same amount in a week), one transfer for several invoices, instalments
//! booked as one entry, department payroll paid in one batch (代发工资), weekly fee sums,
//! fees deducted from receipts, duplicated book entries, transposed digits, interest not
//! yet booked, fees never booked and cheques not yet cleared at year end.

use chrono::{Duration, NaiveDate};

use crate::model::{Line, SourceRef};
use crate::money::format_cents;

/// Deterministic SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeds the generator.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % n
        }
    }
    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi.saturating_sub(lo))
            .unwrap_or(0)
            .saturating_add(1);
        lo.saturating_add(i64::try_from(self.below(span)).unwrap_or(0))
    }
    /// True with probability `per_mille`/1000.
    pub fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        let n = u64::try_from(items.len()).unwrap_or(0);
        items.get(usize::try_from(self.below(n)).unwrap_or(0))
    }
}

/// Group id meaning "no counterpart on the other side".
pub const NO_GROUP: u32 = u32::MAX;

/// What kind of truth a group is (for the benchmark's breakdown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    /// Exact one-to-one.
    OneToOne,
    /// One bank line, several book lines.
    OneToMany,
    /// Several bank lines, one book line.
    ManyToOne,
    /// One-to-one where the bank amount is less a fee.
    FeeDeducted,
}

/// A generated year with its truth.
#[derive(Debug, Clone)]
pub struct Synth {
    /// Bank lines (chronological), rows as [`Synth::bank_csv`] writes them.
    pub bank: Vec<Line>,
    /// Book lines (chronological), rows as [`Synth::book_csv`] writes them.
    pub book: Vec<Line>,
    /// Truth group of each bank line ([`NO_GROUP`] if it has no counterpart).
    pub bank_group: Vec<u32>,
    /// Truth group of each book line.
    pub book_group: Vec<u32>,
    /// Kind of each group.
    pub groups: Vec<GroupKind>,
    /// Opening balance of both sides (they agree at the start of the year).
    pub opening_cents: i64,
    /// Last date.
    pub end: NaiveDate,
}

const CORES: &[&str] = &[
    "华瑞", "明达", "恒信", "宏远", "金桥", "天成", "鑫源", "博雅", "正泰", "永安", "瑞丰", "嘉禾",
    "新元", "汇通", "联创", "盛世", "中盈", "德康", "凯旋", "长青", "福润", "泰和", "宝丰", "海纳",
    "君悦", "昌隆", "丰华", "东升", "万达", "星辉", "锦程", "同创", "安信", "广源", "和美", "振兴",
    "佳禾", "通达", "华美", "兴业", "顺昌", "荣盛", "大成", "百川", "利民", "天宇", "晨光", "远航",
];
const REGIONS: &[&str] = &[
    "杭州", "宁波", "上海", "苏州", "深圳", "广州", "温州", "无锡", "南京", "义乌",
];
const TRADES: &[&str] = &[
    "科技", "贸易", "实业", "电子", "机械", "纺织", "包装", "化工", "五金", "塑胶",
];
const FORMS: &[&str] = &["有限公司", "股份有限公司", "有限责任公司"];

#[derive(Debug, Clone)]
struct Party {
    full: String,
    short: String,
    account: String,
}

fn parties(rng: &mut Rng, n: usize) -> Vec<Party> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        // Distinct two-character cores: the listed names, then first and second characters
        // of different listed names combined.
        let core = if i < CORES.len() {
            CORES.get(i).copied().unwrap_or("华瑞").to_owned()
        } else {
            let j = i - CORES.len();
            let a = CORES
                .get(j % CORES.len())
                .and_then(|c| c.chars().next())
                .unwrap_or('新');
            let b = CORES
                .get((j / CORES.len() + 1 + j % CORES.len()) % CORES.len())
                .and_then(|c| c.chars().nth(1))
                .unwrap_or('元');
            format!("{a}{b}")
        };
        let region = rng.pick(REGIONS).copied().unwrap_or("杭州");
        let trade = rng.pick(TRADES).copied().unwrap_or("贸易");
        let form = rng.pick(FORMS).copied().unwrap_or("有限公司");
        out.push(Party {
            full: format!("{region}{core}{trade}{form}"),
            short: core,
            account: format!("{}", 3_300_000_000_000_000u64 + rng.below(99_999_999_999)),
        });
    }
    out
}

struct Builder {
    bank: Vec<(Line, u32)>,
    book: Vec<(Line, u32)>,
    groups: Vec<GroupKind>,
    serial: u64,
    voucher: u64,
}

fn blank(date: NaiveDate, amount: i64) -> Line {
    Line {
        source: SourceRef {
            file: "".into(),
            sheet: None,
            row: 0,
        },
        date,
        value_date: None,
        amount_cents: amount,
        balance_cents: None,
        counterparty_name: String::new(),
        counterparty_account: String::new(),
        memo: String::new(),
        serial: String::new(),
    }
}

impl Builder {
    fn group(&mut self, kind: GroupKind) -> u32 {
        self.groups.push(kind);
        u32::try_from(self.groups.len() - 1).unwrap_or(NO_GROUP)
    }
    fn bank(&mut self, date: NaiveDate, amount: i64, party: Option<&Party>, memo: &str, g: u32) {
        self.serial += 1;
        let mut l = blank(date, amount);
        if let Some(p) = party {
            l.counterparty_name.clone_from(&p.full);
            l.counterparty_account.clone_from(&p.account);
        }
        l.memo = memo.to_owned();
        l.serial = format!("SN{:010}", self.serial);
        self.bank.push((l, g));
    }
    fn book(&mut self, date: NaiveDate, amount: i64, memo: &str, contra: &str, g: u32) {
        self.voucher += 1;
        let mut l = blank(date, amount);
        l.memo = memo.to_owned();
        l.counterparty_name = contra.to_owned();
        l.serial = format!("记-{}", self.voucher);
        self.book.push((l, g));
    }
}

/// A non-round amount in yuan range `lo..=hi`, in cents.
fn amount(rng: &mut Rng, lo: i64, hi: i64) -> i64 {
    rng.range(lo * 100, hi * 100)
}

/// Generates a year starting at `start`, with about `events` business events (each gives
/// one to a few lines per side). Deterministic for a seed.
#[must_use]
pub fn generate(seed: u64, events: usize, start: NaiveDate) -> Synth {
    let mut rng = Rng::new(seed);
    let customers = parties(&mut rng, 400);
    let suppliers = parties(&mut rng, 300);
    let mut b = Builder {
        bank: Vec::new(),
        book: Vec::new(),
        groups: Vec::new(),
        serial: 0,
        voucher: 0,
    };
    let day = |d: i64| start + Duration::days(d);
    let days_in_year = 360i64;
    let per_day = (events / 360).max(1);
    let lag = |rng: &mut Rng| -> i64 {
        match rng.below(10) {
            0..=5 => 0,
            6 | 7 => 1,
            8 => 2,
            _ => -1,
        }
    };
    for d in 0..days_in_year {
        for _ in 0..per_day {
            let date = day(d);
            let roll = rng.below(1000);
            match roll {
                // Customer receipt, 1:1.
                0..=419 => {
                    let Some(c) = rng.pick(&customers).cloned() else {
                        continue;
                    };
                    let a = amount(&mut rng, 300, 200_000);
                    let g = b.group(GroupKind::OneToOne);
                    b.bank(date, a, Some(&c), "货款", g);
                    let memo = if rng.chance(500) {
                        format!("收{}货款", c.short)
                    } else {
                        format!("收到{}往来款", c.short)
                    };
                    b.book(
                        date + Duration::days(lag(&mut rng)),
                        a,
                        &memo,
                        "应收账款",
                        g,
                    );
                }
                // Supplier payment, 1:1.
                420..=719 => {
                    let Some(s) = rng.pick(&suppliers).cloned() else {
                        continue;
                    };
                    let a = amount(&mut rng, 200, 150_000);
                    let g = b.group(GroupKind::OneToOne);
                    b.bank(date, -a, Some(&s), "网银转账", g);
                    b.book(
                        date + Duration::days(lag(&mut rng)),
                        -a,
                        &format!("付{}材料款", s.short),
                        "应付账款",
                        g,
                    );
                }
                // Round-amount trap: two payments of the same round amount the same week.
                720..=779 => {
                    let a = rng.range(1, 20) * 100_000;
                    for _ in 0..2 {
                        let Some(s) = rng.pick(&suppliers).cloned() else {
                            continue;
                        };
                        let g = b.group(GroupKind::OneToOne);
                        let dd = date + Duration::days(rng.range(0, 3));
                        b.bank(dd, -a, Some(&s), "预付款", g);
                        b.book(
                            dd + Duration::days(lag(&mut rng)),
                            -a,
                            &format!("预付{}货款", s.short),
                            "预付账款",
                            g,
                        );
                    }
                }
                // One transfer paying several invoices.
                780..=809 => {
                    let Some(s) = rng.pick(&suppliers).cloned() else {
                        continue;
                    };
                    let n = rng.range(2, 4);
                    let g = b.group(GroupKind::OneToMany);
                    let mut total = 0;
                    for _ in 0..n {
                        let a = amount(&mut rng, 500, 30_000);
                        total += a;
                        let inv = rng.range(10_000_000, 99_999_999);
                        b.book(
                            date - Duration::days(rng.range(0, 3)),
                            -a,
                            &format!("付{}货款 发票{inv}", s.short),
                            "应付账款",
                            g,
                        );
                    }
                    b.bank(date, -total, Some(&s), "合并付款", g);
                }
                // Instalments received, booked as one entry (合并记账).
                810..=829 => {
                    let Some(c) = rng.pick(&customers).cloned() else {
                        continue;
                    };
                    let n = rng.range(2, 3);
                    let g = b.group(GroupKind::ManyToOne);
                    let mut total = 0;
                    for i in 0..n {
                        let a = amount(&mut rng, 1_000, 50_000);
                        total += a;
                        b.bank(date + Duration::days(i * 2), a, Some(&c), "分期货款", g);
                    }
                    b.book(
                        date + Duration::days((n - 1) * 2),
                        total,
                        &format!("收{}分期货款", c.short),
                        "应收账款",
                        g,
                    );
                }
                // Fee deducted from a receipt.
                830..=849 => {
                    let Some(c) = rng.pick(&customers).cloned() else {
                        continue;
                    };
                    let a = amount(&mut rng, 5_000, 100_000);
                    let fee = rng.range(500, 4_000);
                    let g = b.group(GroupKind::FeeDeducted);
                    b.bank(date, a - fee, Some(&c), "货款(扣手续费)", g);
                    b.book(date, a, &format!("收{}货款", c.short), "应收账款", g);
                }
                // Duplicated book entry: the copy has no counterpart.
                850..=854 => {
                    let Some(s) = rng.pick(&suppliers).cloned() else {
                        continue;
                    };
                    let a = amount(&mut rng, 200, 50_000);
                    let g = b.group(GroupKind::OneToOne);
                    let memo = format!("付{}材料款", s.short);
                    b.bank(date, -a, Some(&s), "网银转账", g);
                    b.book(date, -a, &memo, "应付账款", g);
                    b.book(date + Duration::days(1), -a, &memo, "应付账款", NO_GROUP);
                }
                // Transposed digits in the book: no counterpart on either side.
                855..=859 => {
                    let Some(c) = rng.pick(&customers).cloned() else {
                        continue;
                    };
                    let a = amount(&mut rng, 1_000, 90_000);
                    let s = a.to_string();
                    let bytes: Vec<char> = s.chars().collect();
                    let mut swapped = bytes.clone();
                    if swapped.len() >= 4 {
                        swapped.swap(1, 2);
                    }
                    let t: i64 = swapped.iter().collect::<String>().parse().unwrap_or(a);
                    if t == a {
                        continue;
                    }
                    b.bank(date, a, Some(&c), "货款", NO_GROUP);
                    b.book(date, t, &format!("收{}货款", c.short), "应收账款", NO_GROUP);
                }
                // Bank-only fee never booked.
                860..=869 => {
                    b.bank(date, -rng.range(100, 3_000), None, "短信服务费", NO_GROUP);
                }
                // Individually booked small fee (many of the same amount).
                870..=919 => {
                    let a = -rng.range(1, 5) * 500;
                    let g = b.group(GroupKind::OneToOne);
                    b.bank(date, a, None, "汇划手续费", g);
                    b.book(date, a, "支付银行手续费", "财务费用", g);
                }
                // Other receipts/payments with distinct amounts and generic text.
                _ => {
                    let a = amount(&mut rng, 50, 20_000);
                    let sign = if rng.chance(500) { 1 } else { -1 };
                    let g = b.group(GroupKind::OneToOne);
                    b.bank(date, sign * a, None, "其他", g);
                    b.book(
                        date + Duration::days(lag(&mut rng)),
                        sign * a,
                        "其他往来",
                        "其他应收款",
                        g,
                    );
                }
            }
        }
        // Weekly fee sums: 2-4 bank fee lines booked as one entry at the week's end.
        if d % 7 == 6 {
            let n = rng.range(2, 4);
            let g = b.group(GroupKind::ManyToOne);
            let mut total = 0;
            for _ in 0..n {
                let a = rng.range(200, 5_000);
                total += a;
                b.bank(day(d - rng.range(0, 5)), -a, None, "账户管理费", g);
            }
            b.book(day(d), -total, "支付本周账户管理费", "财务费用", g);
        }
        // Monthly payroll: departments booked separately, one 代发工资 batch.
        if d % 30 == 9 {
            let g = b.group(GroupKind::OneToMany);
            let mut total = 0;
            for dept in ["销售部", "采购部", "财务部", "仓储部"] {
                let a = amount(&mut rng, 20_000, 90_000);
                total += a;
                b.book(day(d), -a, &format!("发放{dept}工资"), "应付职工薪酬", g);
            }
            b.bank(day(d), -total, None, "代发工资", g);
        }
        // Quarterly interest not yet booked at the end of the last quarter; booked otherwise.
        if d % 90 == 89 {
            let a = rng.range(1_000, 90_000);
            if d + 1 >= days_in_year {
                b.bank(day(d), a, None, "结息", NO_GROUP);
            } else {
                let g = b.group(GroupKind::OneToOne);
                b.bank(day(d), a, None, "结息", g);
                b.book(day(d + 1), a, "收到银行存款利息", "财务费用", g);
            }
        }
    }
    // Cheques issued in the last days, not yet cleared.
    for i in 0..3 {
        let Some(s) = rng.pick(&suppliers).cloned() else {
            continue;
        };
        let a = amount(&mut rng, 1_000, 20_000);
        b.book(
            day(days_in_year - 1 - i),
            -a,
            &format!("付{}货款 转账支票", s.short),
            "应付账款",
            NO_GROUP,
        );
    }
    let end = day(days_in_year - 1);
    // Keep everything inside the year.
    for (l, _) in b.bank.iter_mut().chain(b.book.iter_mut()) {
        l.date = l.date.clamp(start, end);
    }
    b.bank.sort_by_key(|(l, _)| l.date);
    b.book.sort_by_key(|(l, _)| l.date);
    let opening = 50_000_000;
    let (bank, bank_group): (Vec<Line>, Vec<u32>) = b.bank.into_iter().unzip();
    let (book, book_group): (Vec<Line>, Vec<u32>) = b.book.into_iter().unzip();
    let mut s = Synth {
        bank,
        book,
        bank_group,
        book_group,
        groups: b.groups,
        opening_cents: opening,
        end,
    };
    s.number_rows();
    s
}

impl Synth {
    /// Sets balances and the rows the CSV renderers will give.
    fn number_rows(&mut self) {
        let mut bal = self.opening_cents;
        for (i, l) in self.bank.iter_mut().enumerate() {
            bal += l.amount_cents;
            l.balance_cents = Some(bal);
            l.source = SourceRef {
                file: "bank.csv".into(),
                sheet: None,
                row: u32::try_from(i + 5).unwrap_or(u32::MAX),
            };
        }
        let mut bal = self.opening_cents;
        for (i, l) in self.book.iter_mut().enumerate() {
            bal += l.amount_cents;
            l.balance_cents = Some(bal);
            l.source = SourceRef {
                file: "book.csv".into(),
                sheet: None,
                row: u32::try_from(i + 5).unwrap_or(u32::MAX),
            };
        }
    }

    /// A corporate online-banking CSV (GBK-free UTF-8 here): three preamble rows, header on
    /// row 4, split 借方发生额/贷方发生额 columns, a totals row at the end.
    #[must_use]
    pub fn bank_csv(&self) -> Vec<u8> {
        let mut s = String::with_capacity(self.bank.len() * 120);
        s.push_str(
            "账户明细查询\n账号: 33001234567890,户名: 杭州示例贸易有限公司\n查询期间: 全年,,\n",
        );
        s.push_str(
            "交易日期,交易时间,摘要,借方发生额,贷方发生额,余额,对方户名,对方账号,交易流水号\n",
        );
        let (mut debit, mut credit) = (0i64, 0i64);
        for l in &self.bank {
            let (d, c) = if l.amount_cents < 0 {
                debit += -l.amount_cents;
                (format!("\"{}\"", thousands(-l.amount_cents)), String::new())
            } else {
                credit += l.amount_cents;
                (String::new(), format!("\"{}\"", thousands(l.amount_cents)))
            };
            s.push_str(&format!(
                "{},10:00:00,{},{d},{c},\"{}\",{},{},{}\n",
                l.date.format("%Y%m%d"),
                l.memo,
                thousands(l.balance_cents.unwrap_or(0)),
                l.counterparty_name,
                l.counterparty_account,
                l.serial
            ));
        }
        s.push_str(&format!(
            "合计,,,\"{}\",\"{}\",,,,\n",
            thousands(debit),
            thousands(credit)
        ));
        s.into_bytes()
    }

    /// A 银行存款日记账 CSV like 金蝶 exports: title and account rows, header on row 3, the
    /// 期初余额 row on row 4, entries from row 5, 本年累计 at the end.
    #[must_use]
    pub fn book_csv(&self) -> Vec<u8> {
        let mut s = String::with_capacity(self.book.len() * 100);
        s.push_str("银行存款日记账\n科目: 1002 银行存款,期间: 2025年\n");
        s.push_str("日期,凭证字号,摘要,对方科目,借方,贷方,方向,余额\n");
        s.push_str(&format!(
            ",,期初余额,,,,借,{}\n",
            format_cents(self.opening_cents)
        ));
        for l in &self.book {
            let (d, c) = if l.amount_cents > 0 {
                (format_cents(l.amount_cents), String::new())
            } else {
                (String::new(), format_cents(-l.amount_cents))
            };
            let bal = l.balance_cents.unwrap_or(0);
            let dir = if bal >= 0 { "借" } else { "贷" };
            s.push_str(&format!(
                "{},{},{},{},{d},{c},{dir},{}\n",
                l.date.format("%Y-%m-%d"),
                l.serial,
                l.memo,
                l.counterparty_name,
                format_cents(bal.abs())
            ));
        }
        s.push_str(",,本年累计,,,,,\n");
        s.into_bytes()
    }
}

/// Quality of automatic matches against the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Quality {
    /// Automatic matches made.
    pub auto: usize,
    /// Automatic matches equal to a truth group.
    pub auto_correct: usize,
    /// Suggested matches made.
    pub suggested: usize,
    /// Suggested matches equal to a truth group.
    pub suggested_correct: usize,
    /// Truth groups whose sides sum exactly (what an automatic match can find).
    pub exact_groups: usize,
}

impl Quality {
    /// Precision of automatic matches, in basis points (1/10000).
    #[must_use]
    pub fn precision_bp(&self) -> u64 {
        ratio_bp(self.auto_correct, self.auto)
    }
    /// Recall of automatic matches over the exact truth groups, in basis points.
    #[must_use]
    pub fn recall_bp(&self) -> u64 {
        ratio_bp(self.auto_correct, self.exact_groups)
    }
}

/// `num/den` in basis points (0 when `den` is 0).
#[must_use]
pub fn ratio_bp(num: usize, den: usize) -> u64 {
    if den == 0 {
        return 0;
    }
    u64::try_from(num.saturating_mul(10_000) / den).unwrap_or(0)
}

/// Renders basis points as a percentage with two decimals: `9987` → `99.87%`.
#[must_use]
pub fn percent(bp: u64) -> String {
    format!("{}.{:02}%", bp / 100, bp % 100)
}

impl Synth {
    fn group_of(&self, bank_side: bool, l: &Line) -> u32 {
        let i = usize::try_from(l.source.row).unwrap_or(0).wrapping_sub(5);
        let v = if bank_side {
            &self.bank_group
        } else {
            &self.book_group
        };
        v.get(i).copied().unwrap_or(NO_GROUP)
    }

    /// Bank and book line positions of each group.
    fn members(&self) -> Vec<(Vec<usize>, Vec<usize>)> {
        let mut m = vec![(Vec::new(), Vec::new()); self.groups.len()];
        for (i, g) in self.bank_group.iter().enumerate() {
            if let Some(e) = m.get_mut(usize::try_from(*g).unwrap_or(usize::MAX)) {
                e.0.push(i);
            }
        }
        for (i, g) in self.book_group.iter().enumerate() {
            if let Some(e) = m.get_mut(usize::try_from(*g).unwrap_or(usize::MAX)) {
                e.1.push(i);
            }
        }
        m
    }

    /// Whether a set of bank and book lines is one truth group, up to lines that nothing
    /// can tell apart (same date, amount, text and counterparty).
    #[must_use]
    pub fn is_true_group(&self, bank: &[&Line], book: &[&Line]) -> bool {
        self.is_true_group_with(&self.members(), bank, book)
    }

    fn is_true_group_with(
        &self,
        members: &[(Vec<usize>, Vec<usize>)],
        bank: &[&Line],
        book: &[&Line],
    ) -> bool {
        fn key(l: &Line) -> (chrono::NaiveDate, i64, &str, &str, &str) {
            (
                l.date,
                l.amount_cents,
                &l.memo,
                &l.counterparty_name,
                &l.counterparty_account,
            )
        }
        let Some(first) = bank.first() else {
            return false;
        };
        let g = self.group_of(true, first);
        let Some((tb, tk)) = members.get(usize::try_from(g).unwrap_or(usize::MAX)) else {
            return false;
        };
        let mut want_b: Vec<_> = tb
            .iter()
            .filter_map(|i| self.bank.get(*i))
            .map(key)
            .collect();
        let mut want_k: Vec<_> = tk
            .iter()
            .filter_map(|i| self.book.get(*i))
            .map(key)
            .collect();
        let mut got_b: Vec<_> = bank.iter().map(|l| key(l)).collect();
        let mut got_k: Vec<_> = book.iter().map(|l| key(l)).collect();
        want_b.sort_unstable();
        want_k.sort_unstable();
        got_b.sort_unstable();
        got_k.sort_unstable();
        want_b == got_b && want_k == got_k
    }

    /// Scores an outcome over `bank`/`book` (the lines given to the engine, rows as
    /// generated) against the truth.
    #[must_use]
    pub fn evaluate(
        &self,
        bank: &[Line],
        book: &[Line],
        outcome: &crate::matching::Outcome,
    ) -> Quality {
        let members = self.members();
        let mut q = Quality {
            exact_groups: self
                .groups
                .iter()
                .zip(&members)
                .filter(|(k, s)| {
                    **k != GroupKind::FeeDeducted && !s.0.is_empty() && !s.1.is_empty()
                })
                .count(),
            ..Quality::default()
        };
        for m in &outcome.matches {
            let bl: Vec<&Line> = m.bank.iter().filter_map(|i| bank.get(*i)).collect();
            let kl: Vec<&Line> = m.book.iter().filter_map(|i| book.get(*i)).collect();
            let ok = self.is_true_group_with(&members, &bl, &kl);
            if m.status == crate::matching::MatchStatus::Auto {
                q.auto += 1;
                q.auto_correct += usize::from(ok);
            } else {
                q.suggested += 1;
                q.suggested_correct += usize::from(ok);
            }
        }
        q
    }

    /// The naive baseline: each bank line (in date order) takes the unmatched book line of
    /// the same amount with the nearest date within ten days; every link is automatic.
    #[must_use]
    pub fn naive_baseline(&self, bank: &[Line], book: &[Line]) -> Quality {
        use std::collections::HashMap;
        let members = self.members();
        let mut by_amount: HashMap<i64, Vec<usize>> = HashMap::new();
        for (i, l) in book.iter().enumerate() {
            by_amount.entry(l.amount_cents).or_default().push(i);
        }
        let mut used = vec![false; book.len()];
        let mut order: Vec<usize> = (0..bank.len()).collect();
        order.sort_by_key(|i| bank.get(*i).map(|l| (l.date, l.source.row)));
        let mut q = Quality {
            exact_groups: self
                .groups
                .iter()
                .zip(&members)
                .filter(|(k, s)| {
                    **k != GroupKind::FeeDeducted && !s.0.is_empty() && !s.1.is_empty()
                })
                .count(),
            ..Quality::default()
        };
        for i in order {
            let Some(bl) = bank.get(i) else { continue };
            let Some(cands) = by_amount.get(&bl.amount_cents) else {
                continue;
            };
            let best = cands
                .iter()
                .filter(|k| !used.get(**k).copied().unwrap_or(true))
                .filter_map(|k| {
                    book.get(*k)
                        .map(|l| (*k, (l.date - bl.date).num_days().abs()))
                })
                .filter(|(_, d)| *d <= 10)
                .min_by_key(|(k, d)| (*d, *k));
            if let Some((k, _)) = best {
                if let Some(u) = used.get_mut(k) {
                    *u = true;
                }
                q.auto += 1;
                if let Some(kl) = book.get(k) {
                    q.auto_correct += usize::from(self.is_true_group_with(&members, &[bl], &[kl]));
                }
            }
        }
        q
    }
}

fn thousands(cents: i64) -> String {
    let plain = format_cents(cents.abs());
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}.{frac}", if cents < 0 { "-" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_balanced() {
        let start = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
        let a = generate(7, 2_000, start);
        let b = generate(7, 2_000, start);
        assert_eq!(a.bank, b.bank);
        assert_eq!(a.book, b.book);
        assert!(a.bank.len() > 1_500);
        assert_eq!(thousands(123_456_789), "1,234,567.89");
        assert_eq!(thousands(-100), "-1.00");
    }
}
