//! The 银行存款余额调节表 as a print-ready A4 PDF (through `ledgerlock-documents`).
//!
//! Layout, top to bottom: title; the 编制单位 / 开户行及账号 / 截止日期 / 单位：元 line; the
//! classic two-column body (企业银行存款日记账 on the left, 银行对账单 on the right); whether
//! the adjusted balances agree; signature blocks (编制人 / 审核人, each with a date line);
//! then, as an appendix, the items of each of the four sections and the flagged lines.
//!
//! Amounts are formatted from integer cents (thousands separators, two decimals, a minus
//! for negatives); the account number is printed masked (last four characters only).
//! Text taken from the imported files (摘要, counterparty names) that the embedded font
//! cannot print is shown with `?` in place of the missing characters, so that one odd
//! character in a bank memo cannot stop the statement from printing; the header fields
//! (firm, client, bank, people) are printed exactly or not at all
//! ([`DocumentError::UnsupportedCharacters`]).

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use ledgerlock_documents::{
    Align, Block, Column, Document, DocumentError, Font, Ink, PageDecor, Paragraph, SignatureParty,
    Table, TextStyle,
};
use serde::{Deserialize, Serialize};

use crate::matching::{FlagKind, MatchStatus};
use crate::model::{Line, Side};
use crate::money::format_cents_grouped as money;
use crate::report::Reconciliation;
use crate::statement::{Section, StatementItem};

/// Metadata title of the statement PDF.
pub const TITLE: &str = "银行存款余额调节表";

/// What the statement's header and signature blocks show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementHeader {
    /// The accounting firm preparing the statement (running header, PDF author).
    pub firm_name: String,
    /// The client whose account is reconciled (编制单位); the firm when `None`.
    pub client_name: Option<String>,
    /// 开户行, e.g. `中国银行杭州分行`.
    pub bank_name: Option<String>,
    /// Account number; printed masked (`****1234`).
    pub account_no: Option<String>,
    /// 截止日期: the statement date.
    pub period_end: NaiveDate,
    /// 编制人, printed in the signature block (a blank line when `None`).
    pub prepared_by: Option<String>,
    /// 审核人, printed in the signature block (a blank line when `None`).
    pub reviewed_by: Option<String>,
}

/// Chinese name of a flag kind as printed.
#[must_use]
pub fn flag_kind_zh(k: FlagKind) -> &'static str {
    match k {
        FlagKind::PossibleDuplicate => "疑似重复",
        FlagKind::PossibleTransposition => "疑似数字倒置",
        FlagKind::AmountDifference => "金额差异",
        FlagKind::BalanceBreak => "余额断点",
        FlagKind::Stale => "长期未达",
    }
}

fn flag_kind_explanation(k: FlagKind) -> &'static str {
    match k {
        FlagKind::PossibleDuplicate => "同一方两笔日期、金额、摘要相近的记录，可能重复录入",
        FlagKind::PossibleTransposition => "银行与账簿金额之差可被 9 整除，可能是相邻两位数字录反",
        FlagKind::AmountDifference => "已匹配但金额有小额差异（如手续费），差额列入未达账项",
        FlagKind::BalanceBreak => "导入文件中的余额不连续：上一行余额加本行金额不等于本行余额",
        FlagKind::Stale => "超过期限仍未达的项目，请查明原因",
    }
}

/// The account number masked to its last four characters: `****1234` (`****` when it has
/// four characters or fewer: nothing of a short number is shown).
#[must_use]
pub fn mask_account(account: &str) -> String {
    let chars: Vec<char> = account
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if chars.len() <= 4 {
        return "****".to_owned();
    }
    let tail: String = chars.iter().skip(chars.len() - 4).collect();
    format!("****{tail}")
}

fn zh_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Text from an imported file made printable: control characters become spaces and
/// characters the font lacks become `?`.
fn printable(font: Option<&Font>, text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() {
                ' '
            } else if font.is_some_and(|f| !f.supports(c)) {
                '?'
            } else {
                c
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn line_of<'a>(r: &'a Reconciliation, it: &StatementItem) -> Option<&'a Line> {
    let lines = match it.side {
        Side::Bank => &r.bank,
        Side::Book => &r.book,
    };
    let row = *it.rows.first()?;
    lines
        .iter()
        .find(|l| l.source.row == row && *l.source.file == *it.file)
}

fn rows_text(rows: &[u32]) -> String {
    rows.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

fn small_note(text: &str) -> Block {
    Block::Paragraph(Paragraph::new(text).styled(TextStyle::regular(8.5).with_ink(Ink::Grey)))
}

/// The four sections in print order: (number, name, section).
fn sections(r: &Reconciliation) -> [(&'static str, &'static str, &Section); 4] {
    let s = &r.statement;
    [
        ("一", "银行已收、企业未收", &s.bank_received_book_not),
        ("二", "银行已付、企业未付", &s.bank_paid_book_not),
        ("三", "企业已收、银行未收", &s.book_received_bank_not),
        ("四", "企业已付、银行未付", &s.book_paid_bank_not),
    ]
}

fn section_table(r: &Reconciliation, font: Option<&Font>, sec: &Section) -> Table {
    let mut t = Table::new(vec![
        Column::fixed("日期", 22.0, Align::Center),
        Column::fixed("来源行", 15.0, Align::Center),
        Column::text("对方户名 / 对方科目", 5),
        Column::text("摘要", 6),
        Column::money("金额", 28.0),
        Column::fixed("账龄(天)", 17.0, Align::Right),
    ]);
    t.font_size = 9.0;
    for it in &sec.items {
        let line = line_of(r, it);
        let counterparty = line.map_or_else(String::new, |l| printable(font, &l.counterparty_name));
        let memo = match (line, it.difference) {
            (Some(l), true) => format!("已匹配，金额差异 {}", printable(font, &l.memo)),
            (None, true) => "已匹配，金额差异".to_owned(),
            (Some(l), false) => printable(font, &l.memo),
            (None, false) => printable(font, &it.description),
        };
        t.push_row(vec![
            it.date.format("%Y-%m-%d").to_string(),
            rows_text(&it.rows),
            counterparty,
            memo.trim().to_owned(),
            money(it.amount_cents),
            it.age_days.to_string(),
        ]);
    }
    t.push_row(vec![
        "合计".to_owned(),
        format!("{} 笔", sec.items.len()),
        String::new(),
        String::new(),
        money(sec.total_cents),
        String::new(),
    ]);
    t
}

fn flags_table(r: &Reconciliation, font: Option<&Font>) -> Table {
    let mut t = Table::new(vec![
        Column::fixed("序号", 11.0, Align::Center),
        Column::fixed("类型", 28.0, Align::Left),
        Column::fixed("方", 10.0, Align::Center),
        Column::fixed("来源行", 15.0, Align::Center),
        Column::fixed("日期", 22.0, Align::Center),
        Column::text("对方 / 摘要", 1),
        Column::money("金额", 28.0),
    ]);
    t.font_size = 9.0;
    for (n, f) in r.outcome.flags.iter().enumerate() {
        let bank = f
            .bank
            .iter()
            .filter_map(|i| r.bank.get(*i))
            .map(|l| ("银行", l));
        let book = f
            .book
            .iter()
            .filter_map(|i| r.book.get(*i))
            .map(|l| ("账簿", l));
        for (k, (side, l)) in bank.chain(book).enumerate() {
            let kind = if k == 0 {
                match f.age_days {
                    Some(d) if f.kind == FlagKind::Stale => {
                        format!("{} {d}天", flag_kind_zh(f.kind))
                    }
                    _ => flag_kind_zh(f.kind).to_owned(),
                }
            } else {
                String::new()
            };
            let text = [l.counterparty_name.as_str(), l.memo.as_str()]
                .iter()
                .filter(|s| !s.trim().is_empty())
                .map(|s| printable(font, s))
                .collect::<Vec<_>>()
                .join(" / ");
            t.push_row(vec![
                if k == 0 {
                    (n + 1).to_string()
                } else {
                    String::new()
                },
                kind,
                side.to_owned(),
                l.source.row.to_string(),
                l.date.format("%Y-%m-%d").to_string(),
                text,
                money(l.amount_cents),
            ]);
        }
    }
    t
}

/// The statement as a [`Document`] (for inspection, e.g. its page count).
#[must_use]
pub fn build(
    r: &Reconciliation,
    header: &StatementHeader,
    generated_at: DateTime<Utc>,
) -> Document {
    let font = Font::embedded().ok();
    let s = &r.statement;
    let unit = header
        .client_name
        .as_deref()
        .filter(|c| !c.trim().is_empty())
        .unwrap_or(&header.firm_name);
    let mut doc = Document::new(TITLE, generated_at)
        .with_author(&header.firm_name)
        .with_subject(&format!("{unit} 银行存款余额调节表 {}", header.period_end))
        .with_decor(PageDecor {
            header_left: Some(format!("{} · 账安 Ledgerlock", header.firm_name)),
            header_right: Some(format!("{unit} · 截止 {}", zh_date(header.period_end))),
            footer_left: Some(format!(
                "账安 Ledgerlock 生成于 {} UTC",
                generated_at.format("%Y-%m-%d %H:%M")
            )),
            page_numbers: true,
        });

    doc.title(TITLE);
    doc.subtitle("Bank reconciliation statement");

    let account = match (&header.bank_name, &header.account_no) {
        (Some(b), Some(a)) => format!("{b} {}", mask_account(a)),
        (Some(b), None) => b.clone(),
        (None, Some(a)) => mask_account(a),
        (None, None) => "—".to_owned(),
    };
    doc.push(Block::Paragraph(
        Paragraph::new(&format!(
            "编制单位：{unit}　　开户行及账号：{account}\n截止日期：{}　　单位：元",
            zh_date(header.period_end)
        ))
        .styled(TextStyle::regular(10.0)),
    ));
    doc.push(Block::Spacer(1.5));

    let mut body = Table::new(vec![
        Column::text("项目", 1),
        Column::money("金额", 33.0),
        Column::text("项目", 1),
        Column::money("金额", 33.0),
    ]);
    body.font_size = 10.0;
    let body = body
        .row(&[
            "企业银行存款日记账余额",
            &money(s.book_balance_cents),
            "银行对账单余额",
            &money(s.bank_balance_cents),
        ])
        .row(&[
            "加：银行已收、企业未收",
            &money(s.bank_received_book_not.total_cents),
            "加：企业已收、银行未收",
            &money(s.book_received_bank_not.total_cents),
        ])
        .row(&[
            "减：银行已付、企业未付",
            &money(s.bank_paid_book_not.total_cents),
            "减：企业已付、银行未付",
            &money(s.book_paid_bank_not.total_cents),
        ])
        .row(&[
            "调节后的存款余额",
            &money(s.adjusted_book_balance_cents),
            "调节后的存款余额",
            &money(s.adjusted_bank_balance_cents),
        ]);
    doc.table(body);

    let verdict = if s.balanced {
        "调节后余额相符。".to_owned()
    } else {
        format!(
            "调节后余额不相符（差额 {}），请查明原因。",
            money(
                s.adjusted_book_balance_cents
                    .saturating_sub(s.adjusted_bank_balance_cents)
            )
        )
    };
    doc.push(Block::Paragraph(
        Paragraph::new(&verdict).styled(TextStyle::bold(11.0)),
    ));

    let suggested = r
        .outcome
        .matches
        .iter()
        .filter(|m| m.status == MatchStatus::Suggested)
        .count();
    let mut notes = vec![format!(
        "本表依据银行对账单 {}（{} 笔）与企业银行存款日记账 {}（{} 笔）编制，已匹配 {} 组",
        printable(font, &file_of(&r.bank)),
        r.bank.len(),
        printable(font, &file_of(&r.book)),
        r.book.len(),
        r.outcome.matches.len(),
    )];
    if suggested > 0 {
        notes.push(format!(
            "，其中 {suggested} 组为系统建议匹配，本表视同已匹配，请复核。"
        ));
    } else {
        notes.push("。".to_owned());
    }
    if !s.book_balance_known {
        notes.push("日记账文件未列示余额，日记账余额按明细从零累计。".to_owned());
    }
    if !s.bank_balance_known {
        notes.push("对账单文件未列示余额，对账单余额按明细从零累计。".to_owned());
    }
    doc.push(small_note(&notes.concat()));

    doc.signatures(vec![
        SignatureParty {
            role: "编制人".to_owned(),
            name: header.prepared_by.clone(),
        },
        SignatureParty {
            role: "审核人".to_owned(),
            name: header.reviewed_by.clone(),
        },
    ]);

    doc.push(Block::PageBreak);
    doc.heading("附：未达账项明细　Outstanding items");
    // Section headings are Chinese only: a grey English line between a heading and its
    // table would let the heading stay alone at the foot of a page.
    for (no, name, sec) in sections(r) {
        doc.heading(&format!(
            "{no}、{name}（{} 笔，合计 {}）",
            sec.items.len(),
            money(sec.total_cents)
        ));
        if sec.items.is_empty() {
            doc.paragraph("无。");
        } else {
            doc.table(section_table(r, font, sec));
        }
    }

    doc.heading(&format!(
        "需关注事项（{} 项）　Flagged items",
        r.outcome.flags.len()
    ));
    if r.outcome.flags.is_empty() {
        doc.paragraph("无。");
    } else {
        doc.table(flags_table(r, font));
        let mut kinds: Vec<FlagKind> = r.outcome.flags.iter().map(|f| f.kind).collect();
        kinds.sort_unstable();
        kinds.dedup();
        let legend: Vec<String> = kinds
            .iter()
            .map(|k| format!("{}：{}", flag_kind_zh(*k), flag_kind_explanation(*k)))
            .collect();
        doc.push(small_note(&format!(
            "说明：{}。标记仅供复核参考，不影响调节表金额。",
            legend.join("；")
        )));
    }
    doc
}

/// The source file name of a side (the first line's), or `—`.
fn file_of(lines: &[Line]) -> String {
    lines
        .first()
        .map(|l| l.source.file.to_string())
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| "—".to_owned())
}

/// Renders the reconciliation's statement as a print-ready A4 PDF. `generated_at` is the
/// PDF's creation time (passed in: the same inputs give the same bytes).
///
/// # Errors
/// [`DocumentError::UnsupportedCharacters`] when a header field uses characters the
/// embedded font cannot print; other [`DocumentError`]s when the PDF cannot be written.
pub fn render_statement_pdf(
    r: &Reconciliation,
    header: &StatementHeader,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build(r, header, generated_at).render()
}

#[cfg(test)]
#[allow(clippy::panic, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn masks_accounts() {
        assert_eq!(mask_account("6217 8560 0001 2345"), "****2345");
        assert_eq!(mask_account("1234"), "****");
        assert_eq!(mask_account(""), "****");
        assert_eq!(mask_account("33-0500-1234-567"), "****4567");
    }

    fn boc() -> Reconciliation {
        let no = crate::ImportOptions::default();
        crate::reconcile_files(
            (
                "cn_boc_debit.csv",
                include_bytes!("../tests/fixtures/cn_boc_debit.csv"),
            ),
            (
                "ledger_boc_gbk.csv",
                include_bytes!("../tests/fixtures/ledger_boc_gbk.csv"),
            ),
            &no,
            &no,
            (None, None),
            &crate::MatchConfig::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    }

    fn header(firm: &str) -> StatementHeader {
        StatementHeader {
            firm_name: firm.to_owned(),
            client_name: Some("上海示例贸易有限公司".to_owned()),
            bank_name: Some("中国银行".to_owned()),
            account_no: Some("4567 8901 2345 6789".to_owned()),
            period_end: NaiveDate::from_ymd_opt(2025, 8, 31).unwrap_or_default(),
            prepared_by: Some("王会计".to_owned()),
            reviewed_by: None,
        }
    }

    #[test]
    fn same_inputs_same_bytes_and_a_masked_account() {
        let r = boc();
        let at = DateTime::from_timestamp(1_767_225_600, 0).unwrap_or_default();
        let a = render_statement_pdf(&r, &header("明信代账"), at);
        let b = render_statement_pdf(&r, &header("明信代账"), at);
        assert!(a.as_ref().is_ok_and(|a| a.starts_with(b"%PDF-")));
        assert_eq!(a, b);
        let doc = build(&r, &header("明信代账"), at);
        let text = format!("{:?}", doc.blocks());
        assert!(text.contains("****6789"), "{text}");
        assert!(!text.contains("4567"), "{text}");
        assert!(text.contains("调节后余额相符"));
    }

    #[test]
    fn a_header_the_font_cannot_print_is_refused() {
        let at = DateTime::from_timestamp(0, 0).unwrap_or_default();
        let e = render_statement_pdf(&boc(), &header("明信\u{1F600}"), at);
        assert!(matches!(e, Err(DocumentError::UnsupportedCharacters(_))));
    }

    #[test]
    fn an_unbalanced_statement_says_so() {
        let mut r = boc();
        r.statement.adjusted_bank_balance_cents += 123_456;
        r.statement.balanced = false;
        let doc = build(&r, &header("明信代账"), DateTime::default());
        let text = format!("{:?}", doc.blocks());
        assert!(
            text.contains("调节后余额不相符（差额 -1,234.56）"),
            "{text}"
        );
    }

    #[test]
    fn printable_replaces_what_the_font_lacks() {
        let font = Font::embedded().ok();
        assert_eq!(printable(font, "货款\t\r\n 收入"), "货款 收入");
        assert_eq!(printable(font, "A\u{1F600}B"), "A?B");
    }
}
