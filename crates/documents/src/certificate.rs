//! Retention (保管证明) and destruction (销毁证明) certificates as print-ready PDFs.
//!
//! The data arrives as display strings (dates, periods, names already formatted by the core),
//! so this layer only lays out. Tables repeat their headers across page breaks and long
//! Chinese names wrap inside their cells.

use chrono::{DateTime, Utc};

use crate::blocks::{Block, Paragraph, SignatureParty};
use crate::document::Document;
use crate::error::DocumentError;
use crate::layout::{Align, Ink, TextStyle};
use crate::page::PageDecor;
use crate::table::{Column, Table};

/// One record class held for a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionRow {
    /// The class, e.g. `会计凭证`.
    pub class: String,
    /// Fiscal years held, e.g. `2019–2024`.
    pub years: String,
    /// Period, e.g. `30年` or `永久`.
    pub period: String,
    /// Expiry of the latest year, e.g. `2054-12-31` or `永久保存`.
    pub expiry: String,
    /// Where: `加密保险库` and/or a paper location.
    pub storage: String,
}

/// A retention certificate (会计档案保管证明).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionCertificate {
    /// Certificate number, e.g. `BG-2026-0003`.
    pub number: String,
    /// The firm (custodian).
    pub firm_name: String,
    /// The client whose records are held.
    pub client_name: String,
    /// Issue date, formatted.
    pub issued_on: String,
    /// The person responsible for custody.
    pub custodian: String,
    /// The vault's id (the electronic storage).
    pub vault_id: String,
    /// The classes held.
    pub rows: Vec<RetentionRow>,
}

/// One destroyed item: the eight fields of 《会计档案管理办法》 Art. 18.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionRow {
    /// 名称.
    pub name: String,
    /// 卷号.
    pub volume_no: String,
    /// 册数.
    pub copies: String,
    /// 起止年度.
    pub years: String,
    /// 档案编号.
    pub archive_no: String,
    /// 应保管期限.
    pub period: String,
    /// 已保管期限.
    pub kept: String,
    /// 销毁时间.
    pub destroyed_on: String,
}

/// A signatory: role, name, opinion and date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signatory {
    /// e.g. `审批人` or `监销人（销毁前核对）`.
    pub role: String,
    /// Name.
    pub name: String,
    /// Opinion or note.
    pub opinion: String,
    /// Date, formatted.
    pub date: String,
}

/// A destruction certificate (会计档案销毁证明).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionCertificate {
    /// Certificate number, e.g. `XH-2026-0001`.
    pub number: String,
    /// The firm.
    pub firm_name: String,
    /// The client.
    pub client_name: String,
    /// Date of execution, formatted.
    pub executed_on: String,
    /// Legal basis, one line each.
    pub legal_basis: Vec<String>,
    /// The appraisal note the list rests on.
    pub appraisal: String,
    /// Destroyed items.
    pub items: Vec<DestructionRow>,
    /// Items withheld and why (name, reason).
    pub withheld: Vec<(String, String)>,
    /// How: key destruction, database overwrite, paper shredding…
    pub method: Vec<String>,
    /// Approvers and supervisors with dates.
    pub signatories: Vec<Signatory>,
    /// The audit-log checkpoint hash at execution (hex).
    pub checkpoint: String,
}

fn decor(firm: &str, number: &str, generated_at: DateTime<Utc>) -> PageDecor {
    PageDecor {
        header_left: Some(firm.to_owned()),
        header_right: Some(format!("编号 No.：{number}")),
        footer_left: Some(format!(
            "账安 Ledgerlock · 打印于 printed {}",
            generated_at.format("%Y-%m-%d")
        )),
        page_numbers: true,
    }
}

fn para(text: &str, style: TextStyle) -> Block {
    Block::Paragraph(Paragraph::new(text).styled(style))
}

/// Renders a retention certificate.
///
/// # Errors
/// [`DocumentError`] if a value uses characters the font cannot print or the PDF cannot be
/// written.
pub fn render_retention_certificate(
    cert: &RetentionCertificate,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build_retention(cert, generated_at).render()
}

/// The retention certificate as a [`Document`].
#[must_use]
pub fn build_retention(cert: &RetentionCertificate, generated_at: DateTime<Utc>) -> Document {
    let mut doc = Document::new("会计档案保管证明", generated_at)
        .with_author(&cert.firm_name)
        .with_subject("会计档案保管证明 Certificate of retention")
        .with_decor(decor(&cert.firm_name, &cert.number, generated_at));
    doc.title("会计档案保管证明");
    doc.subtitle("Certificate of retention of accounting records");
    doc.key_values(&[
        ("证明编号 Certificate no.", &cert.number),
        ("委托单位 Client", &cert.client_name),
        ("保管单位 Custodian", &cert.firm_name),
        ("保管负责人 Responsible", &cert.custodian),
        ("出具日期 Issued", &cert.issued_on),
    ]);
    doc.push(para(
        &format!(
            "兹证明：{} 的下列会计档案由 {} 依照《会计档案管理办法》（财政部 国家档案局令第79号）保管。保管期限自该会计年度终了后的第一天起算，所列期限为法定最低期限或本单位确定的更长期限；期满前不予销毁，期满后经鉴定方可处置。",
            cert.client_name, cert.firm_name
        ),
        TextStyle::regular(10.5),
    ));
    doc.push(para(
        "We certify that the accounting records below are held under the Measures for the Administration of Accounting Archives. Periods run from the first day after the fiscal year ends and are not shorter than the statutory minimum; nothing is destroyed before its period ends.",
        TextStyle::regular(8.5).with_ink(Ink::Grey),
    ));
    doc.heading("保管明细 Records held");
    let mut table = Table::new(vec![
        Column::text("档案类别 Class", 3),
        Column::fixed("会计年度 Years", 26.0, Align::Center),
        Column::fixed("保管期限 Period", 22.0, Align::Center),
        Column::fixed("到期日 Expiry", 26.0, Align::Center),
        Column::text("存放 Storage", 2),
    ]);
    for row in &cert.rows {
        table.push_row(vec![
            row.class.clone(),
            row.years.clone(),
            row.period.clone(),
            row.expiry.clone(),
            row.storage.clone(),
        ]);
    }
    doc.table(table);
    doc.heading("保管方式 Storage");
    doc.push(para(
        &format!(
            "电子档案存放于加密的本地保险库（编号 {}），采用 AES-256-GCM 加密，按岗位授权访问，所有查看与导出均记入防篡改审计日志，并定期备份和进行恢复测试。纸质档案存放地点见上表。",
            cert.vault_id
        ),
        TextStyle::regular(10.5),
    ));
    doc.push(Block::Spacer(6.0));
    doc.signatures(vec![
        SignatureParty {
            role: "保管负责人 Custodian".to_owned(),
            name: Some(cert.custodian.clone()),
        },
        SignatureParty {
            role: "保管单位（盖章） Firm (seal)".to_owned(),
            name: Some(cert.firm_name.clone()),
        },
    ]);
    doc
}

/// Renders a destruction certificate.
///
/// # Errors
/// [`DocumentError`] if a value uses characters the font cannot print or the PDF cannot be
/// written.
pub fn render_destruction_certificate(
    cert: &DestructionCertificate,
    generated_at: DateTime<Utc>,
) -> Result<Vec<u8>, DocumentError> {
    build_destruction(cert, generated_at).render()
}

/// The destruction certificate as a [`Document`].
#[must_use]
pub fn build_destruction(cert: &DestructionCertificate, generated_at: DateTime<Utc>) -> Document {
    let body = TextStyle::regular(10.5);
    let small = TextStyle::regular(8.5).with_ink(Ink::Grey);
    let mut doc = Document::new("会计档案销毁证明", generated_at)
        .with_author(&cert.firm_name)
        .with_subject("会计档案销毁证明 Certificate of destruction")
        .with_decor(decor(&cert.firm_name, &cert.number, generated_at));
    doc.title("会计档案销毁证明");
    doc.subtitle("Certificate of destruction");
    doc.key_values(&[
        ("证明编号 Certificate no.", &cert.number),
        ("委托单位 Client", &cert.client_name),
        ("销毁单位 Firm", &cert.firm_name),
        ("销毁日期 Destroyed on", &cert.executed_on),
    ]);
    doc.heading("法律依据 Legal basis");
    doc.push(Block::List {
        items: cert.legal_basis.clone(),
        numbered: false,
        style: body,
    });
    if !cert.appraisal.trim().is_empty() {
        doc.heading("鉴定意见 Appraisal");
        doc.push(para(&cert.appraisal, body));
    }
    doc.heading("销毁清单 Items destroyed");
    let mut table = Table::new(vec![
        Column::text("名称", 1),
        Column::fixed("卷号", 20.0, Align::Center),
        Column::fixed("册数", 9.0, Align::Center),
        Column::fixed("起止年度", 20.0, Align::Center),
        Column::fixed("档案编号", 24.0, Align::Center),
        Column::fixed("应保管期限", 15.0, Align::Center),
        Column::fixed("已保管期限", 15.0, Align::Center),
        Column::fixed("销毁时间", 20.0, Align::Center),
    ]);
    table.font_size = 8.5;
    for item in &cert.items {
        table.push_row(vec![
            item.name.clone(),
            item.volume_no.clone(),
            item.copies.clone(),
            item.years.clone(),
            item.archive_no.clone(),
            item.period.clone(),
            item.kept.clone(),
            item.destroyed_on.clone(),
        ]);
    }
    doc.table(table);
    if !cert.withheld.is_empty() {
        doc.heading("暂缓销毁 Items withheld");
        let mut withheld = Table::new(vec![
            Column::text("名称 Item", 2),
            Column::text("原因 Reason", 3),
        ]);
        for (name, reason) in &cert.withheld {
            withheld.push_row(vec![name.clone(), reason.clone()]);
        }
        doc.table(withheld);
    }
    doc.heading("销毁方式 Method");
    doc.push(Block::List {
        items: cert.method.clone(),
        numbered: false,
        style: body,
    });
    doc.heading("审批与监销 Approval and supervision");
    let mut signed = Table::new(vec![
        Column::text("职责 Role", 2),
        Column::text("姓名 Name", 2),
        Column::text("意见 Opinion", 3),
        Column::fixed("日期 Date", 24.0, Align::Center),
    ]);
    for s in &cert.signatories {
        signed.push_row(vec![
            s.role.clone(),
            s.name.clone(),
            s.opinion.clone(),
            s.date.clone(),
        ]);
    }
    doc.table(signed);
    doc.heading("校验码 Verification code");
    doc.push(para(
        "下列校验码是执行销毁时审计日志的检查点。用 “ledgerlock-cli records verify-certificate” 或应用内“核验证明”输入证明编号和校验码，即可核对本证明与审计日志是否一致。",
        body,
    ));
    doc.push(para(
        "This code is the audit-log checkpoint at the moment of destruction. Check it with `ledgerlock-cli records verify-certificate` or the app's “Verify certificate” screen.",
        small,
    ));
    doc.push(Block::Code {
        groups: cert
            .checkpoint
            .as_bytes()
            .chunks(8)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect(),
        size: 10.0,
    });
    doc.push(Block::Spacer(4.0));
    doc.push(Block::FieldBox {
        title: "委托单位确认 Client's confirmation".to_owned(),
        fields: vec![
            "确认意见 Confirmation".to_owned(),
            "签字（盖章） Signature (seal)".to_owned(),
            "日期 Date".to_owned(),
        ],
    });
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn destruction_sample(items: usize) -> DestructionCertificate {
        DestructionCertificate {
            number: "XH-2026-0001".to_owned(),
            firm_name: "明信代理记账有限公司".to_owned(),
            client_name: "杭州华瑞科技有限公司".to_owned(),
            executed_on: "2026年11月27日".to_owned(),
            legal_basis: vec!["《会计档案管理办法》第十六条至第十九条".to_owned()],
            appraisal: "保管期满，经鉴定无保存价值，无未结清的债权债务。".to_owned(),
            items: (0..items)
                .map(|i| DestructionRow {
                    name: format!(
                        "2014年度银行对账单及银行存款余额调节表（第{i}册，含十二个月份）"
                    ),
                    volume_no: format!("B-{i:03}"),
                    copies: "1".to_owned(),
                    years: "2014–2014".to_owned(),
                    archive_no: format!("DZ-2014-{i:03}"),
                    period: "10年".to_owned(),
                    kept: "11年".to_owned(),
                    destroyed_on: "2026-11-27".to_owned(),
                })
                .collect(),
            withheld: vec![(
                "2014年度往来明细账".to_owned(),
                "未结清的债权债务".to_owned(),
            )],
            method: vec!["销毁数据密钥（加密擦除）".to_owned()],
            signatories: vec![Signatory {
                role: "审批人".to_owned(),
                name: "张三".to_owned(),
                opinion: "同意".to_owned(),
                date: "2026-11-20".to_owned(),
            }],
            checkpoint: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                .to_owned(),
        }
    }

    #[test]
    fn a_long_destruction_list_spans_pages_and_renders() {
        let cert = destruction_sample(60);
        let doc = build_destruction(&cert, DateTime::<Utc>::default());
        assert!(doc.page_count().unwrap() >= 3);
        let bytes = doc.render().unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }

    #[test]
    fn the_checkpoint_is_printed_in_groups_of_eight() {
        let doc = build_destruction(&destruction_sample(1), DateTime::<Utc>::default());
        let groups = doc
            .blocks()
            .iter()
            .find_map(|b| match b {
                Block::Code { groups, .. } => Some(groups.clone()),
                _ => None,
            })
            .unwrap();
        assert_eq!(groups.len(), 8);
        assert_eq!(groups.concat().len(), 64);
    }

    #[test]
    fn a_retention_certificate_renders() {
        let cert = RetentionCertificate {
            number: "BG-2026-0003".to_owned(),
            firm_name: "明信代理记账有限公司".to_owned(),
            client_name: "杭州华瑞科技有限公司".to_owned(),
            issued_on: "2026年11月27日".to_owned(),
            custodian: "李青".to_owned(),
            vault_id: "v-1".to_owned(),
            rows: vec![RetentionRow {
                class: "会计凭证".to_owned(),
                years: "2019–2024".to_owned(),
                period: "30年".to_owned(),
                expiry: "2054-12-31".to_owned(),
                storage: "加密保险库".to_owned(),
            }],
        };
        let bytes = render_retention_certificate(&cert, DateTime::<Utc>::default()).unwrap();
        assert!(bytes.starts_with(b"%PDF"));
    }
}
