//! Exports of the registers: each register as CSV (UTF-8 with BOM, so spreadsheet programs
//! read the Chinese text) and as a PDF list; and the firm-wide sharing register (PIPL Art.
//! 23), gathered from every client's sealed sharing records. Exports are audited.

use chrono::{DateTime, Utc};
use ledgerlock_documents::{Align, Column, Document, PageDecor, Table};
use serde::{Deserialize, Serialize};

use super::register::{RegisterKind, RiskLevel};
use super::store::{RegisterEntryView, RegisterFilter};
use crate::clients::sharing::SharingRecordView;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// A row of the firm-wide sharing register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct SharingRegisterRow {
    /// The client.
    pub client_id: String,
    /// Its name.
    pub client_name: String,
    /// Who approved (shared): display name.
    pub shared_by_name: String,
    /// The record.
    pub record: SharingRecordView,
}

const HEADERS: [&str; 8] = [
    "编号",
    "标题",
    "状态",
    "登记日期",
    "期限/复核",
    "办结日期",
    "等级",
    "涉及客户",
];

fn cells(e: &RegisterEntryView) -> [String; 8] {
    let status = match e.status {
        super::register::EntryStatus::Open => "待处理",
        super::register::EntryStatus::InProgress => "处理中",
        super::register::EntryStatus::Closed => "已办结",
    };
    [
        e.number.clone(),
        e.title.clone(),
        status.to_owned(),
        e.opened_on.clone(),
        e.due_on.clone().unwrap_or_default(),
        e.closed_on.clone().unwrap_or_default(),
        e.level.map(RiskLevel::name_zh).unwrap_or("").to_owned(),
        e.clients
            .iter()
            .map(|c| {
                if c.name.is_empty() {
                    c.id.clone()
                } else {
                    c.name.clone()
                }
            })
            .collect::<Vec<_>>()
            .join("；"),
    ]
}

impl Vault {
    fn audit_export(
        &self,
        what: &str,
        kind: &str,
        rows: usize,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "compliance.register_exported",
                target: None,
                details: Some(
                    serde_json::json!({ "format": what, "register": kind, "rows": rows }),
                ),
            },
            now,
        )
    }

    /// A register's entries as CSV (audited).
    ///
    /// # Errors
    /// `forbidden` without `view_reports`.
    pub fn register_csv(&self, kind: RegisterKind, now: DateTime<Utc>) -> CoreResult<Vec<u8>> {
        let filter = RegisterFilter {
            kind: Some(kind),
            ..RegisterFilter::default()
        };
        let entries = self.register_entries(&filter, now)?;
        let mut w = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        let io = |e: csv::Error| CoreError::Storage(e.to_string());
        w.write_record(HEADERS).map_err(io)?;
        for e in &entries {
            w.write_record(cells(e)).map_err(io)?;
        }
        let bytes = w
            .into_inner()
            .map_err(|e| CoreError::Storage(e.to_string()))?;
        self.audit_export("csv", kind.as_str(), entries.len(), now)?;
        Ok(bytes)
    }

    /// A register's entries as a PDF list (audited).
    ///
    /// # Errors
    /// `forbidden` without `view_reports`; document errors.
    pub fn register_pdf(&self, kind: RegisterKind, now: DateTime<Utc>) -> CoreResult<Vec<u8>> {
        let filter = RegisterFilter {
            kind: Some(kind),
            ..RegisterFilter::default()
        };
        let entries = self.register_entries(&filter, now)?;
        let firm = self.settings()?.firm_name;
        let mut doc = Document::new(kind.name_zh(), now)
            .with_author(&firm)
            .with_decor(PageDecor {
                header_left: Some(firm.clone()),
                header_right: Some(kind.name_zh().to_owned()),
                footer_left: Some(format!(
                    "账安 Ledgerlock · 打印于 printed {}",
                    now.format("%Y-%m-%d")
                )),
                page_numbers: true,
            });
        doc.title(kind.name_zh());
        doc.subtitle(&format!("{firm} · 截至 {}", now.format("%Y-%m-%d")));
        // Risks show their level where the others show the clients concerned.
        let last = if kind == RegisterKind::Risk {
            Column::fixed(HEADERS[6], 16.0, Align::Center)
        } else {
            Column::text(HEADERS[7], 2)
        };
        let mut table = Table::new(vec![
            Column::fixed(HEADERS[0], 30.0, Align::Left),
            Column::text(HEADERS[1], 4),
            Column::fixed(HEADERS[2], 16.0, Align::Center),
            Column::fixed(HEADERS[3], 22.0, Align::Center),
            Column::fixed(HEADERS[4], 22.0, Align::Center),
            Column::fixed(HEADERS[5], 22.0, Align::Center),
            last,
        ]);
        for e in &entries {
            let [n, t, s, o, d, c, level, clients] = cells(e);
            let last = if kind == RegisterKind::Risk {
                level
            } else {
                clients
            };
            table.push_row(vec![n, t, s, o, d, c, last]);
        }
        doc.table(table);
        let bytes = doc.render()?;
        self.audit_export("pdf", kind.as_str(), entries.len(), now)?;
        Ok(bytes)
    }

    /// Every sharing record of the clients this session may see, newest first.
    ///
    /// # Errors
    /// `forbidden` without `view_reports`; storage errors.
    pub fn sharing_register(&mut self) -> CoreResult<Vec<SharingRegisterRow>> {
        self.session.require(Action::ViewReports)?;
        let clients: Vec<String> = {
            let mut stmt = self
                .conn
                .prepare("SELECT DISTINCT client_id FROM sharing_records ORDER BY client_id")
                .map_err(sql("sharing_records"))?;
            let rows = stmt
                .query_map([], |r| r.get(0))
                .map_err(sql("sharing_records"))?;
            rows.collect::<Result<_, _>>()
                .map_err(sql("sharing_records"))?
        };
        let mut out = Vec::new();
        for client in clients {
            if self
                .session
                .require_for_client(Action::ViewClient, &client)
                .is_err()
            {
                continue;
            }
            let name = self.clients.name(&client).unwrap_or_default().to_owned();
            for record in self.read_sharing_records(&client)? {
                let by = self
                    .user_display_name(i64::from(record.shared_by))?
                    .unwrap_or_else(|| format!("#{}", record.shared_by));
                out.push(SharingRegisterRow {
                    client_id: client.clone(),
                    client_name: name.clone(),
                    shared_by_name: by,
                    record,
                });
            }
        }
        out.sort_by(|a, b| b.record.shared_at.cmp(&a.record.shared_at));
        Ok(out)
    }
}
