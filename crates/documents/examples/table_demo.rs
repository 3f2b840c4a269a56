//! Writes a multi-page demo of the shared layout (title, key–value block, a long table with
//! the header repeated on every page, wrapped cells, right-aligned amounts, signatures).
//!
//! `cargo run -p ledgerlock-documents --example table_demo -- OUT.pdf`
#![allow(clippy::print_stdout)] // a command-line tool reports on stdout.

use chrono::{TimeZone, Utc};
use ledgerlock_documents::{Align, Column, Document, PageDecor, Paragraph, SignatureParty, Table};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "table-demo.pdf".to_owned());
    let at = Utc
        .with_ymd_and_hms(2025, 3, 31, 17, 0, 0)
        .single()
        .ok_or("bad time")?;
    let mut doc = Document::new("银行存款余额调节表 (demo)", at).with_decor(PageDecor {
        header_left: Some("杭州喆堃犇财务咨询有限公司".to_owned()),
        header_right: Some("编号：BR-2025-0001".to_owned()),
        footer_left: None,
        page_numbers: true,
    });
    doc.title("银行存款余额调节表");
    doc.subtitle("Bank reconciliation statement · 2025年3月");
    doc.key_values(&[
        ("单位名称", "杭州喆堃犇财务咨询有限公司"),
        ("开户银行", "中国工商银行杭州西湖支行"),
        ("账号", "1202 0210 0910 0123 456"),
    ]);
    let mut table = Table::new(vec![
        Column::fixed("序号", 12.0, Align::Center),
        Column::fixed("日期", 24.0, Align::Center),
        Column::text("摘要 Description", 3),
        Column::money("借方金额", 28.0),
        Column::money("贷方金额", 28.0),
    ]);
    for i in 1..=120_u32 {
        let desc = if i % 7 == 0 {
            format!("收到客户（杭州某某科技有限公司）支付的2025年第一季度代理记账服务费，发票号 No.{i:08}")
        } else {
            "银行手续费".to_owned()
        };
        let amount = format!("{},{:03}.{:02}", i, i * 7 % 1000, i % 100);
        let (debit, credit) = if i % 3 == 0 {
            (String::new(), amount)
        } else {
            (amount, String::new())
        };
        table.push_row(vec![
            i.to_string(),
            "2025-03-14".to_owned(),
            desc,
            debit,
            credit,
        ]);
    }
    doc.table(table);
    doc.push(ledgerlock_documents::Block::Paragraph(
        Paragraph::new("经核对，调节后银行存款余额与企业账面余额一致。本表一式两份，由编制人和复核人签字后归档。").indent(2.0),
    ));
    doc.signatures(vec![
        SignatureParty {
            role: "编制人".to_owned(),
            name: Some("张喆".to_owned()),
        },
        SignatureParty {
            role: "复核人".to_owned(),
            name: None,
        },
    ]);
    let bytes = doc.render()?;
    std::fs::write(&out, &bytes)?;
    println!(
        "wrote {out}: {} bytes, {} pages",
        bytes.len(),
        doc.page_count()?
    );
    Ok(())
}
