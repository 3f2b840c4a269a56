//! The data subject's access and copy (PIPL Art. 45): everything the firm holds about a
//! client — the record with its contacts, bank accounts and credit assessment, every consent
//! (withdrawn ones included), every version and every sharing record — as JSON and as a
//! print-ready PDF. Values are in clear (the report is for the person concerned), so only
//! roles that may export and reveal get it, and each export is audited (format, never values).

use chrono::{DateTime, Utc};
use ledgerlock_documents::{Column, Document, PageDecor, Table};
use serde::Serialize;

use super::consent::{ConsentScope, ConsentView};
use super::record::{ClientKind, ClientRecord, ClientStatus, TaxpayerStatus};
use super::sharing::SharingRecordView;
use super::validate::BankAccountKind;
use super::Category;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::{Action, Vault};

/// One version of the record.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccessVersion {
    /// Version number (1 = created).
    pub version: u32,
    /// When (RFC 3339).
    pub at: String,
    /// Fields changed (`created` for the first).
    pub fields: Vec<String>,
    /// The record as it was from this version on.
    pub record: ClientRecord,
}

/// Everything held about one client.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubjectAccess {
    /// Format marker.
    pub format: &'static str,
    /// The firm (controller).
    pub firm: String,
    /// When produced (RFC 3339).
    pub generated_at: String,
    /// Who produced it.
    pub generated_by: String,
    /// Client id.
    pub client_id: String,
    /// Status.
    pub status: ClientStatus,
    /// When last verified.
    pub verified_at: Option<String>,
    /// The current record, in clear.
    pub record: ClientRecord,
    /// Consents, newest first.
    pub consents: Vec<ConsentView>,
    /// Versions, oldest first.
    pub versions: Vec<AccessVersion>,
    /// Sharing records, newest first.
    pub sharing: Vec<SharingRecordView>,
}

/// The two renderings of an access report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum AccessFormat {
    /// Machine-readable JSON.
    Json,
    /// Print-ready PDF.
    Pdf,
}

impl Vault {
    /// Gathers everything held about `client_id`. Not audited by itself: use
    /// [`Self::subject_access_export`].
    fn subject_access(&mut self, client_id: &str, now: DateTime<Utc>) -> CoreResult<SubjectAccess> {
        self.require_client_status(Action::ExportClientData, client_id)?;
        self.require_client_status(Action::RevealSensitive, client_id)?;
        let (record, status, _, verified_at) = self.load_record(client_id)?;
        let versions = self
            .versions_in_clear(client_id)?
            .into_iter()
            .map(|(version, at, fields, record)| AccessVersion {
                version,
                at,
                fields: fields.split(',').map(str::to_owned).collect(),
                record,
            })
            .collect();
        Ok(SubjectAccess {
            format: "ledgerlock.subject-access/1",
            firm: self.settings()?.firm_name,
            generated_at: now.to_rfc3339(),
            generated_by: self.display_name()?,
            client_id: client_id.to_owned(),
            status,
            verified_at,
            consents: self.consents(client_id)?,
            sharing: self.sharing_records(client_id)?,
            versions,
            record,
        })
    }

    /// The access report of `client_id` as JSON or PDF (administrators and accountants on
    /// their clients), audited as `client.access_exported`. Returns a file name without
    /// personal data and the bytes.
    pub fn subject_access_export(
        &mut self,
        client_id: &str,
        format: AccessFormat,
        now: DateTime<Utc>,
    ) -> CoreResult<(String, Vec<u8>)> {
        let access = self.subject_access(client_id, now)?;
        let stem = format!(
            "access-{}-{}",
            client_id.chars().take(8).collect::<String>(),
            now.format("%Y%m%d")
        );
        let (name, bytes) = match format {
            AccessFormat::Json => (
                format!("{stem}.json"),
                serde_json::to_vec_pretty(&access)
                    .map_err(|e| CoreError::Storage(e.to_string()))?,
            ),
            AccessFormat::Pdf => (
                format!("{stem}.pdf"),
                access_document(&access, now).render()?,
            ),
        };
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "client.access_exported",
                target: Some(format!("client:{client_id}")),
                details: Some(serde_json::json!({
                    "format": match format { AccessFormat::Json => "json", AccessFormat::Pdf => "pdf" },
                })),
            },
            now,
        )?;
        Ok((name, bytes))
    }
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_owned()
    } else {
        s.to_owned()
    }
}

fn scope_text(scope: ConsentScope) -> &'static str {
    match scope {
        ConsentScope::Processing => "为提供代账服务处理",
        ConsentScope::SensitiveData => "处理敏感个人信息",
        ConsentScope::ThirdParty => "向第三方提供",
    }
}

fn category_text(c: Category) -> &'static str {
    match c {
        Category::Basic => "基本信息",
        Category::Contact => "联系人",
        Category::FinancialAccount => "银行账户",
        Category::Credit => "信用评估",
        Category::Document => "资料",
    }
}

/// The Chinese label of a stored field name (for the change list).
fn field_text(name: &str) -> &str {
    match name {
        "name" => "名称",
        "client_type" => "类型",
        "credit_code" => "统一社会信用代码",
        "id_number" => "身份证号",
        "legal_representative" => "法定代表人",
        "registered_address" => "注册地址",
        "industry" => "行业",
        "taxpayer_status" => "纳税人类型",
        "engagement_start" => "服务开始日期",
        "engagement_end" => "服务结束日期",
        "contact_name" => "联系人",
        "contact_phone" => "联系电话",
        "contact_email" => "电子邮箱",
        "contact_id_number" => "联系人身份证号",
        "bank_name" => "开户行",
        "bank_account" => "银行账号",
        "credit_rating" => "信用评级",
        "credit_basis" => "评级依据",
        "credit_notes" => "信用备注",
        other => other,
    }
}

fn day(rfc3339: &str) -> String {
    rfc3339.get(..10).unwrap_or(rfc3339).to_owned()
}

/// The report as a document (bilingual headings, values as stored).
#[must_use]
pub fn access_document(a: &SubjectAccess, now: DateTime<Utc>) -> Document {
    let r = &a.record;
    let mut doc = Document::new("个人信息查阅复制报告", now)
        .with_author(&a.firm)
        .with_subject("个人信息查阅复制报告 Personal information access report")
        .with_decor(PageDecor {
            header_left: Some(format!("{} · 账安 Ledgerlock", a.firm)),
            header_right: Some("含个人信息 · 仅交本人  PERSONAL DATA".to_owned()),
            footer_left: Some(format!(
                "生成于 generated {}",
                now.format("%Y-%m-%d %H:%M UTC")
            )),
            page_numbers: true,
        });
    doc.title("个人信息查阅复制报告");
    doc.subtitle("Personal information access report (PIPL Art. 45)");
    let status = match a.status {
        ClientStatus::Active => "服务中",
        ClientStatus::EngagementEnded => "服务已结束",
        ClientStatus::StorageOnly => "仅存储",
        ClientStatus::Destroyed => "已销毁",
    };
    doc.key_values(&[
        ("个人信息处理者 Controller", a.firm.as_str()),
        ("客户 Client", r.name.as_str()),
        ("状态 Status", status),
        ("生成人 Prepared by", a.generated_by.as_str()),
        ("生成时间 Generated", &day(&a.generated_at)),
    ]);
    doc.paragraph(
        "本报告列出本所保存的与您有关的全部信息：客户资料、联系人、银行账户、信用评估、同意记录、变更记录以及向第三方提供的记录。如发现信息不准确或不完整，您有权要求更正、补充（《个人信息保护法》第四十六条）。",
    );

    doc.heading("基本信息 Basic data");
    let kind = match r.kind {
        ClientKind::Company => "企业",
        ClientKind::Individual => "个人",
    };
    let taxpayer = match r.taxpayer_status {
        Some(TaxpayerStatus::General) => "一般纳税人",
        Some(TaxpayerStatus::Small) => "小规模纳税人",
        None => "—",
    };
    let identifier = match r.kind {
        ClientKind::Company => ("统一社会信用代码 Credit code", or_dash(&r.credit_code)),
        ClientKind::Individual => ("身份证号 ID number", or_dash(&r.id_number)),
    };
    doc.key_values(&[
        ("名称 Name", r.name.as_str()),
        ("类型 Type", kind),
        (identifier.0, identifier.1.as_str()),
        (
            "法定代表人 Legal representative",
            &or_dash(&r.legal_representative),
        ),
        ("注册地址 Address", &or_dash(&r.registered_address)),
        ("行业 Industry", &or_dash(&r.industry)),
        ("纳税人类型 Taxpayer status", taxpayer),
        ("服务开始 Engagement start", &or_dash(&r.engagement_start)),
        ("服务结束 Engagement end", &or_dash(&r.engagement_end)),
        ("标签 Tags", &or_dash(&r.tags.join("、"))),
        (
            "最近核实 Last verified",
            &or_dash(&a.verified_at.as_deref().map(day).unwrap_or_default()),
        ),
    ]);

    doc.heading("联系人 Contacts");
    if r.contacts.is_empty() {
        doc.paragraph("无 None");
    } else {
        let mut t = Table::new(vec![
            Column::text("姓名 Name", 2),
            Column::text("职务 Role", 2),
            Column::text("电话 Phone", 3),
            Column::text("邮箱 Email", 4),
            Column::text("身份证号 ID number", 4),
        ]);
        for c in &r.contacts {
            t.push_row(vec![
                c.name.clone(),
                or_dash(&c.role),
                or_dash(&c.phone),
                or_dash(&c.email),
                or_dash(&c.id_number),
            ]);
        }
        doc.table(t);
    }

    doc.heading("银行账户 Bank accounts");
    if r.bank_accounts.is_empty() {
        doc.paragraph("无 None");
    } else {
        let mut t = Table::new(vec![
            Column::text("开户行 Bank", 5),
            Column::text("账号 Account", 5),
            Column::text("类型 Kind", 2),
        ]);
        for b in &r.bank_accounts {
            t.push_row(vec![
                b.bank_name.clone(),
                b.account.clone(),
                match b.kind {
                    BankAccountKind::Card => "银行卡".to_owned(),
                    BankAccountKind::Corporate => "对公账户".to_owned(),
                },
            ]);
        }
        doc.table(t);
    }

    doc.heading("信用评估 Credit assessment");
    match &r.credit {
        None => {
            doc.paragraph("无 None");
        }
        Some(c) => {
            doc.key_values(&[
                ("评级 Rating", &or_dash(&c.rating)),
                ("依据 Basis", &or_dash(&c.basis)),
                ("评估日期 Assessed on", &or_dash(&c.assessed_on)),
                ("评估人 Assessor", &or_dash(&c.assessor)),
                ("备注 Notes", &or_dash(&c.notes)),
            ]);
        }
    }

    doc.heading("同意记录 Consents");
    if a.consents.is_empty() {
        doc.paragraph("无 None");
    } else {
        let mut t = Table::new(vec![
            Column::text("范围 Scope", 3),
            Column::text("目的 Purpose", 5),
            Column::text("接收方 Recipient", 3),
            Column::text("同意日期 Given", 2),
            Column::text("撤回日期 Withdrawn", 2),
        ]);
        for c in &a.consents {
            t.push_row(vec![
                scope_text(c.scope).to_owned(),
                c.purpose.clone(),
                or_dash(&c.recipient),
                c.given_on.clone(),
                or_dash(c.withdrawn_on.as_deref().unwrap_or("")),
            ]);
        }
        doc.table(t);
    }

    doc.heading("向第三方提供的记录 Provided to third parties");
    if a.sharing.is_empty() {
        doc.paragraph("无 None");
    } else {
        let mut t = Table::new(vec![
            Column::text("日期 Date", 2),
            Column::text("接收方 Recipient", 4),
            Column::text("目的 Purpose", 4),
            Column::text("信息类别 Categories", 3),
        ]);
        for s in &a.sharing {
            t.push_row(vec![
                day(&s.shared_at),
                s.recipient_name.clone(),
                s.purpose.clone(),
                s.categories
                    .iter()
                    .map(|c| category_text(*c))
                    .collect::<Vec<_>>()
                    .join("、"),
            ]);
        }
        doc.table(t);
    }

    doc.heading("变更记录 Changes");
    let mut t = Table::new(vec![
        Column::text("版本 Version", 1),
        Column::text("日期 Date", 2),
        Column::text("变更内容 Fields changed", 6),
    ]);
    for v in &a.versions {
        let fields = if v.fields.first().map(String::as_str) == Some("created") {
            "建立档案 created".to_owned()
        } else {
            v.fields
                .iter()
                .map(|f| field_text(f))
                .collect::<Vec<_>>()
                .join("、")
        };
        t.push_row(vec![v.version.to_string(), day(&v.at), fields]);
    }
    doc.table(t);
    doc
}
