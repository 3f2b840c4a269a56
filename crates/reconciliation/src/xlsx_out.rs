//! XLSX output of the statement, the outstanding items, the flags and the matches.
//!
//! Amounts are written as numbers parsed from their exact decimal text (what Excel itself
//! stores when the amount is typed), never computed in floating point.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::json::flag_kind_name;
use crate::matching::MatchStatus;
use crate::money::format_cents;
use crate::report::Reconciliation;
use crate::statement::Section;

fn money(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cents: i64,
    fmt: &Format,
) -> Result<(), XlsxError> {
    let text = format_cents(cents);
    match text.parse::<f64>() {
        Ok(v) => ws.write_number_with_format(row, col, v, fmt).map(|_| ()),
        Err(_) => ws.write_string(row, col, &text).map(|_| ()),
    }
}

fn rows_text(rows: &[u32]) -> String {
    rows.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes the reconciliation as an XLSX workbook and returns its bytes.
///
/// # Errors
/// [`XlsxError`] from the writer.
pub fn to_xlsx(r: &Reconciliation) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let num = Format::new().set_num_format("#,##0.00");
    let s = &r.statement;

    let ws = wb.add_worksheet();
    ws.set_name("余额调节表")?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(2, 28)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(3, 16)?;
    let title = match s.as_of {
        Some(d) => format!("银行存款余额调节表 ({d})"),
        None => "银行存款余额调节表".to_owned(),
    };
    ws.write_string_with_format(0, 0, &title, &bold)?;
    let head = ["项目", "金额", "项目", "金额"];
    for (c, h) in (0u16..).zip(head) {
        ws.write_string_with_format(1, c, h, &bold)?;
    }
    let lines: [(&str, i64, &str, i64); 4] = [
        (
            "企业银行存款日记账余额",
            s.book_balance_cents,
            "银行对账单余额",
            s.bank_balance_cents,
        ),
        (
            "加：银行已收、企业未收",
            s.bank_received_book_not.total_cents,
            "加：企业已收、银行未收",
            s.book_received_bank_not.total_cents,
        ),
        (
            "减：银行已付、企业未付",
            s.bank_paid_book_not.total_cents,
            "减：企业已付、银行未付",
            s.book_paid_bank_not.total_cents,
        ),
        (
            "调节后余额",
            s.adjusted_book_balance_cents,
            "调节后余额",
            s.adjusted_bank_balance_cents,
        ),
    ];
    for (row, (l, lv, r2, rv)) in (2u32..).zip(lines) {
        ws.write_string(row, 0, l)?;
        money(ws, row, 1, lv, &num)?;
        ws.write_string(row, 2, r2)?;
        money(ws, row, 3, rv, &num)?;
    }
    ws.write_string(
        7,
        0,
        if s.balanced {
            "已平衡 (balanced)"
        } else {
            "不平衡 (NOT balanced)"
        },
    )?;

    let ws = wb.add_worksheet();
    ws.set_name("未达账项")?;
    let head = [
        "类别",
        "文件",
        "行",
        "日期",
        "金额",
        "摘要/对方",
        "账龄(天)",
    ];
    for (c, h) in (0u16..).zip(head) {
        ws.write_string_with_format(0, c, h, &bold)?;
    }
    let sections: [(&str, &Section); 4] = [
        ("银行已收、企业未收", &s.bank_received_book_not),
        ("银行已付、企业未付", &s.bank_paid_book_not),
        ("企业已收、银行未收", &s.book_received_bank_not),
        ("企业已付、银行未付", &s.book_paid_bank_not),
    ];
    let mut row = 1u32;
    for (name, sec) in sections {
        for it in &sec.items {
            ws.write_string(row, 0, name)?;
            ws.write_string(row, 1, &it.file)?;
            ws.write_string(row, 2, rows_text(&it.rows))?;
            ws.write_string(row, 3, it.date.to_string())?;
            money(ws, row, 4, it.amount_cents, &num)?;
            ws.write_string(row, 5, &it.description)?;
            ws.write_number(
                row,
                6,
                f64::from(i32::try_from(it.age_days).unwrap_or(i32::MAX)),
            )?;
            row += 1;
        }
    }

    let ws = wb.add_worksheet();
    ws.set_name("标记")?;
    for (c, h) in (0u16..).zip(["类型", "银行行", "账簿行", "说明"]) {
        ws.write_string_with_format(0, c, h, &bold)?;
    }
    for (row, f) in (1u32..).zip(&r.outcome.flags) {
        let b: Vec<u32> = f
            .bank
            .iter()
            .filter_map(|i| r.bank.get(*i))
            .map(|l| l.source.row)
            .collect();
        let k: Vec<u32> = f
            .book
            .iter()
            .filter_map(|i| r.book.get(*i))
            .map(|l| l.source.row)
            .collect();
        ws.write_string(row, 0, flag_kind_name(f.kind))?;
        ws.write_string(row, 1, rows_text(&b))?;
        ws.write_string(row, 2, rows_text(&k))?;
        ws.write_string(row, 3, &f.note)?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("匹配")?;
    for (c, h) in (0u16..).zip(["状态", "银行行", "账簿行", "得分(‰)", "原因"]) {
        ws.write_string_with_format(0, c, h, &bold)?;
    }
    for (row, m) in (1u32..).zip(&r.outcome.matches) {
        let b: Vec<u32> = m
            .bank
            .iter()
            .filter_map(|i| r.bank.get(*i))
            .map(|l| l.source.row)
            .collect();
        let k: Vec<u32> = m
            .book
            .iter()
            .filter_map(|i| r.book.get(*i))
            .map(|l| l.source.row)
            .collect();
        ws.write_string(
            row,
            0,
            match m.status {
                MatchStatus::Auto => "auto",
                MatchStatus::Suggested => "suggested",
                MatchStatus::Confirmed => "confirmed",
            },
        )?;
        ws.write_string(row, 1, rows_text(&b))?;
        ws.write_string(row, 2, rows_text(&k))?;
        ws.write_number(row, 3, f64::from(m.score))?;
        ws.write_string(row, 4, m.reason_text())?;
    }
    wb.save_to_buffer()
}
