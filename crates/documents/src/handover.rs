//! The hand-over register (会计档案移交清册) printed when an engagement ends: what the agency
//! handed back to the client, with signature blocks for the one who handed over (移交人), the
//! one who received (接收人) and the supervisor (监交人) — 代理记账基础工作规范 (财会〔2023〕27号).
//!
//! Like the certificates, the data arrives as display strings; this layer only lays out.

use chrono::{DateTime, Utc};

use crate::blocks::{Block, Paragraph, SignatureParty};
use crate::document::Document;
use crate::error::DocumentError;
use crate::layout::{Align, Ink, TextStyle};
use crate::page::PageDecor;
use crate::table::{Column, Table};

/// One line of the register: something handed back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverRow {
    /// 名称, e.g. `记账凭证`.
    pub name: String,
    /// 起止年度, e.g. `2019–2025`.
    pub years: String,
    /// 册数/份数, e.g. `12册`.
    pub quantity: String,
    /// 备注.
    pub note: String,
}

/// A hand-over register (会计档案移交清册).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandoverList {
    /// Register number, e.g. `YJ-2026-0001`.
    pub number: String,
    /// The agency handing over.
    pub firm_name: String,
    /// The client receiving.
    pub client_name: String,
    /// Hand-over date, formatted.
    pub handed_over_on: String,
    /// Engagement period, formatted (e.g. `2019-01-01 至 2025-06-30`).
    pub engagement: String,
    /// 移交人.
    pub handed_over_by: String,
    /// 接收人.
    pub received_by: String,
    /// 监交人 (may be empty: the line is left blank to sign by hand).
    pub supervised_by: String,
    /// What was handed back.
    pub rows: Vec<HandoverRow>,
    /// A remark for the whole hand-over (may be empty).
    pub remark: String,
}

/// Renders a hand-over register.
///
/// # Errors
/// [`DocumentError`] if a value uses characters the font cannot print or the PDF cannot be
/// written.
pub fn render_handover_list(
    list: &HandoverList,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build_handover(list, generated_at).render()
}

fn para(text: &str, style: TextStyle) -> Block {
    Block::Paragraph(Paragraph::new(text).styled(style))
}

fn named(name: &str) -> Option<String> {
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

/// The hand-over register as a [`Document`].
#[must_use]
pub fn build_handover(list: &HandoverList, generated_at: DateTime<Utc>) -> Document {
    let mut doc = Document::new("会计档案移交清册", generated_at)
        .with_author(&list.firm_name)
        .with_subject("会计档案移交清册 Hand-over register of accounting records")
        .with_decor(PageDecor {
            header_left: Some(list.firm_name.clone()),
            header_right: Some(format!("编号 No.：{}", list.number)),
            footer_left: Some(format!(
                "账安 Ledgerlock · 打印于 printed {}",
                generated_at.format("%Y-%m-%d")
            )),
            page_numbers: true,
        });
    doc.title("会计档案移交清册");
    doc.subtitle("Hand-over register of accounting records");
    doc.key_values(&[
        ("清册编号 Register no.", &list.number),
        ("移交单位 From", &list.firm_name),
        ("接收单位 To", &list.client_name),
        ("委托期间 Engagement", &list.engagement),
        ("移交日期 Date", &list.handed_over_on),
    ]);
    doc.push(para(
        &format!(
            "委托代理记账业务终止，{}将代为保管的下列会计资料原件移交{}。双方已逐项核对，清册所列与实物一致。移交后原件由接收单位依照《会计档案管理办法》保管。",
            list.firm_name, list.client_name
        ),
        TextStyle::regular(10.5),
    ));
    doc.push(para(
        "The engagement has ended; the originals listed below were handed back to the client and checked item by item. From now on the client keeps them under the Measures for the Administration of Accounting Archives.",
        TextStyle::regular(8.5).with_ink(Ink::Grey),
    ));
    doc.heading("移交明细 Items handed over");
    let mut table = Table::new(vec![
        Column::fixed("序号 No.", 14.0, Align::Center),
        Column::text("名称 Item", 3),
        Column::fixed("起止年度 Years", 26.0, Align::Center),
        Column::fixed("册数/份数 Qty", 22.0, Align::Center),
        Column::text("备注 Note", 2),
    ]);
    for (i, row) in list.rows.iter().enumerate() {
        table.push_row(vec![
            (i + 1).to_string(),
            row.name.clone(),
            row.years.clone(),
            row.quantity.clone(),
            row.note.clone(),
        ]);
    }
    doc.table(table);
    doc.push(para(
        &format!(
            "共 {} 项。Total: {} items.",
            list.rows.len(),
            list.rows.len()
        ),
        TextStyle::regular(10.5),
    ));
    if !list.remark.trim().is_empty() {
        doc.heading("备注 Remark");
        doc.push(para(list.remark.trim(), TextStyle::regular(10.5)));
    }
    doc.push(Block::Spacer(6.0));
    doc.signatures(vec![
        SignatureParty {
            role: "移交人 Handed over by".to_owned(),
            name: named(&list.handed_over_by),
        },
        SignatureParty {
            role: "接收人 Received by".to_owned(),
            name: named(&list.received_by),
        },
        SignatureParty {
            role: "监交人 Supervisor".to_owned(),
            name: named(&list.supervised_by),
        },
    ]);
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rows: usize) -> HandoverList {
        HandoverList {
            number: "YJ-2026-0001".to_owned(),
            firm_name: "明信代理记账有限公司".to_owned(),
            client_name: "杭州华瑞科技有限公司".to_owned(),
            handed_over_on: "2026年11月27日".to_owned(),
            engagement: "2019-01-01 至 2026-06-30".to_owned(),
            handed_over_by: "李青".to_owned(),
            received_by: "陈晓".to_owned(),
            supervised_by: String::new(),
            rows: (0..rows)
                .map(|i| HandoverRow {
                    name: format!("记账凭证（第{}册）", i + 1),
                    years: "2019–2025".to_owned(),
                    quantity: "12册".to_owned(),
                    note: "原件".to_owned(),
                })
                .collect(),
            remark: "电子账套备份光盘一张同时移交。".to_owned(),
        }
    }

    #[test]
    fn a_handover_list_renders_deterministically() {
        let at = DateTime::<Utc>::default();
        let a = render_handover_list(&sample(3), at).unwrap();
        let b = render_handover_list(&sample(3), at).unwrap();
        assert!(a.starts_with(b"%PDF"));
        assert_eq!(a, b);
    }

    #[test]
    fn a_long_list_spans_pages() {
        let bytes = render_handover_list(&sample(60), DateTime::<Utc>::default()).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
