//! The compliance report for a period (seed aspects 14, 18, 19): the firm's measures, the
//! figures of each register, overdue items, incidents and how they were handled, risks by
//! level, destruction and retention activity, the signals, and the audit chain's state at
//! generation with its checkpoint hash; sign-off blocks. As a print-ready PDF and as an XLSX
//! workbook of the underlying lists. Generating it verifies the audit chain and is audited.

use chrono::{DateTime, NaiveDate, Utc};
use ledgerlock_documents::{
    Align, Block, Column, Document, PageDecor, Paragraph, SignatureParty, Table, TextStyle,
};
use rusqlite::params;
use serde::{Deserialize, Serialize};

use super::register::{is_overdue, EntryBody, RegisterKind, RiskLevel};
use super::signals::{evaluate, Signal, SignalLevel};
use super::store::EntryRow;
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::{self, NewEntry};
use crate::vault::backup::{BackupHistory, BackupSettings};
use crate::vault::db::sql;
use crate::vault::{Action, Vault};

/// Figures of one register for the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RegisterFigures {
    /// Register.
    pub kind: RegisterKind,
    /// Entries opened in the period.
    pub opened: u32,
    /// Entries closed in the period.
    pub closed: u32,
    /// Entries still open at the period's end.
    pub open_at_end: u32,
    /// Entries past their deadline at the period's end.
    pub overdue_at_end: u32,
}

/// The report's figures (what the PDF and the XLSX print; the UI shows them too).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ReportSummary {
    /// Period start.
    pub from: String,
    /// Period end.
    pub to: String,
    /// Per register.
    pub registers: Vec<RegisterFigures>,
    /// Data given to third parties in the period.
    pub sharing_records: u32,
    /// Open risks at the end, per level (low, medium, high, critical).
    pub open_risks_by_level: Vec<u32>,
    /// Destruction lists executed in the period.
    pub destructions_executed: u32,
    /// Clients shredded in the period.
    pub clients_destroyed: u32,
    /// Backups made in the period.
    pub backups: u32,
    /// Good restore test in the period.
    pub restore_tests: u32,
    /// Staff with training in the period / enabled staff.
    pub staff_trained: u32,
    /// Enabled staff.
    pub staff: u32,
    /// Audit chain intact at generation.
    pub audit_intact: bool,
    /// Audit entries at generation.
    pub audit_entries: u32,
    /// The checkpoint (MAC of the last entry, hex).
    pub audit_checkpoint: String,
}

fn invalid(field: &str, reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: format!("report.{field}"),
        reason: reason.to_owned(),
    }
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Everything the report prints, gathered once.
struct Gathered {
    firm: String,
    summary: ReportSummary,
    rows: Vec<EntryRow>,
    signals: Vec<Signal>,
    users: std::collections::HashMap<i64, String>,
    backup_line: String,
    roles: Vec<(String, u32)>,
}

fn parse_period(from: &str, to: &str) -> CoreResult<(NaiveDate, NaiveDate)> {
    let from = NaiveDate::parse_from_str(from.trim(), "%Y-%m-%d")
        .map_err(|_| invalid("from", "format"))?;
    let to =
        NaiveDate::parse_from_str(to.trim(), "%Y-%m-%d").map_err(|_| invalid("to", "format"))?;
    if to < from {
        return Err(invalid("to", "before_from"));
    }
    Ok((from, to))
}

impl Vault {
    fn count_audit(&self, action: &str, from: NaiveDate, to: NaiveDate) -> CoreResult<u32> {
        self.conn
            .query_row(
                "SELECT COUNT(*) FROM audit_log WHERE action = ?1 AND substr(at, 1, 10) BETWEEN ?2 AND ?3",
                params![action, ymd(from), ymd(to)],
                |r| r.get(0),
            )
            .map_err(sql("audit_log"))
    }

    fn gather_report(&mut self, from: &str, to: &str, now: DateTime<Utc>) -> CoreResult<Gathered> {
        self.session.require(Action::ViewReports)?;
        let (from, to) = parse_period(from, to)?;
        let rows = self.register_rows(None)?;
        let in_period = |d: Option<NaiveDate>| d.is_some_and(|d| d >= from && d <= to);
        let registers = RegisterKind::ALL
            .into_iter()
            .map(|kind| {
                let of_kind: Vec<&EntryRow> = rows.iter().filter(|r| r.kind == kind).collect();
                RegisterFigures {
                    kind,
                    opened: count(
                        of_kind
                            .iter()
                            .filter(|r| in_period(Some(r.opened_on)))
                            .count(),
                    ),
                    closed: count(of_kind.iter().filter(|r| in_period(r.closed_on)).count()),
                    open_at_end: count(
                        of_kind
                            .iter()
                            .filter(|r| r.opened_on <= to && r.closed_on.is_none_or(|c| c > to))
                            .count(),
                    ),
                    overdue_at_end: count(
                        of_kind
                            .iter()
                            .filter(|r| {
                                r.body().has_answer_deadline()
                                    && r.opened_on <= to
                                    && is_overdue(r.due_on, r.closed_on, to)
                            })
                            .count(),
                    ),
                }
            })
            .collect();
        let open_risks_by_level = [
            RiskLevel::Low,
            RiskLevel::Medium,
            RiskLevel::High,
            RiskLevel::Critical,
        ]
        .into_iter()
        .map(|level| {
            count(
                rows.iter()
                    .filter(|r| r.kind == RegisterKind::Risk && open_at(r, to))
                    .filter(|r| r.body().risk_level() == Some(level))
                    .count(),
            )
        })
        .collect();
        let sharing_records: u32 = self
            .conn
            .query_row(
                "SELECT COUNT(*) FROM sharing_records WHERE substr(shared_at, 1, 10) BETWEEN ?1 AND ?2",
                params![ymd(from), ymd(to)],
                |r| r.get(0),
            )
            .map_err(sql("sharing_records"))?;
        let facts = self.signal_facts(now)?;
        let signals = evaluate(&facts, now.date_naive());
        let mut users = std::collections::HashMap::new();
        for u in &facts.users {
            users.insert(u.id, u.name.clone());
        }
        let trained: std::collections::HashSet<u32> = rows
            .iter()
            .filter(|r| in_period(Some(r.opened_on)))
            .filter_map(|r| match r.body() {
                EntryBody::Training(t) if t.result != super::register::TrainingResult::Failed => {
                    Some(t.user_id)
                }
                _ => None,
            })
            .collect();
        let staff = count(facts.users.iter().filter(|u| u.enabled).count());
        let staff_trained = count(
            facts
                .users
                .iter()
                .filter(|u| u.enabled && trained.contains(&u32::try_from(u.id).unwrap_or(0)))
                .count(),
        );
        let chain = audit::verify(&self.conn, &self.keys.audit())?;
        let settings = BackupSettings::load(&self.conn, &self.keys)?;
        let history = BackupHistory::load(&self.conn, &self.keys)?;
        let backup_line = format!(
            "备份间隔 {} 小时；最近一次成功备份：{}；最近一次成功恢复测试：{}。",
            settings.interval_hours,
            history.last_good.as_ref().map_or("无".to_owned(), |b| b
                .at
                .get(..10)
                .unwrap_or("")
                .to_owned()),
            history
                .last_good_restore_test
                .as_ref()
                .map_or("无".to_owned(), |a| a
                    .at
                    .get(..10)
                    .unwrap_or("")
                    .to_owned()),
        );
        let roles = {
            let mut stmt = self
                .conn
                .prepare(
                    "SELECT role, COUNT(*) FROM users WHERE status = 'active' GROUP BY role ORDER BY role",
                )
                .map_err(sql("users"))?;
            let rows = stmt
                .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, u32>(1)?)))
                .map_err(sql("users"))?;
            rows.collect::<Result<Vec<_>, _>>().map_err(sql("users"))?
        };
        let summary = ReportSummary {
            from: ymd(from),
            to: ymd(to),
            registers,
            sharing_records,
            open_risks_by_level,
            destructions_executed: self.count_audit("destruction.executed", from, to)?,
            clients_destroyed: self.count_audit("client.shredded", from, to)?,
            backups: self.count_audit("backup.created", from, to)?,
            restore_tests: self.count_audit("backup.restore_tested", from, to)?,
            staff_trained,
            staff,
            audit_intact: chain.intact,
            audit_entries: u32::try_from(chain.entries).unwrap_or(u32::MAX),
            audit_checkpoint: chain.head,
        };
        Ok(Gathered {
            firm: self.settings()?.firm_name,
            summary,
            rows,
            signals,
            users,
            backup_line,
            roles,
        })
    }

    fn audit_report(
        &self,
        what: &str,
        summary: &ReportSummary,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "compliance.report_generated",
                target: None,
                details: Some(serde_json::json!({
                    "format": what, "from": summary.from, "to": summary.to,
                    "audit_intact": summary.audit_intact, "checkpoint": summary.audit_checkpoint,
                })),
            },
            now,
        )
    }

    /// The report's figures for the period, without writing a document (for the screen).
    ///
    /// # Errors
    /// `forbidden` without `view_reports`; `invalid_input` for a bad period.
    pub fn compliance_summary(
        &mut self,
        from: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<ReportSummary> {
        Ok(self.gather_report(from, to, now)?.summary)
    }

    /// The compliance report as a PDF; audited with the checkpoint it prints.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a bad period; document errors.
    pub fn compliance_report_pdf(
        &mut self,
        from: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<u8>> {
        let g = self.gather_report(from, to, now)?;
        let bytes = build_pdf(&g, now).render()?;
        self.audit_report("pdf", &g.summary, now)?;
        Ok(bytes)
    }

    /// The report's underlying lists as an XLSX workbook; audited.
    ///
    /// # Errors
    /// `forbidden`; `invalid_input` for a bad period; storage errors.
    pub fn compliance_report_xlsx(
        &mut self,
        from: &str,
        to: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<u8>> {
        let g = self.gather_report(from, to, now)?;
        let bytes = build_xlsx(&g).map_err(|e| CoreError::Storage(e.to_string()))?;
        self.audit_report("xlsx", &g.summary, now)?;
        Ok(bytes)
    }
}

fn signal_name(code: super::signals::SignalCode) -> &'static str {
    use super::signals::SignalCode as C;
    match code {
        C::OverdueRequests => "逾期未答复的权利请求与投诉",
        C::OpenIncidents => "未办结的安全事件",
        C::HighRisks => "高风险及以上未关闭风险",
        C::RiskReviewsDue => "已到复核日期的风险",
        C::MissingConsent => "缺少必要同意的客户",
        C::Unverified => "超过 12 个月未核实的客户",
        C::RetentionDue => "保管期满待销毁的客户",
        C::AgreementsExpiring => "30 天内到期的保密协议",
        C::AgreementsUnsigned => "超过 14 天未签署的保密协议",
        C::StaleReviews => "等待审核超过 7 天的变更",
        C::BackupOverdue => "备份逾期",
        C::RestoreTestOverdue => "超过 90 天未做恢复测试",
        C::AuditNotVerified => "超过 30 天未校验审计链",
        C::TrainingOverdue => "12 个月内未参加培训的员工",
        C::DormantUsers => "90 天未登录但仍启用的账户",
        C::FailedLogins => "7 天内多次登录失败",
    }
}

fn level_name(level: SignalLevel) -> &'static str {
    match level {
        SignalLevel::Ok => "正常",
        SignalLevel::Info => "提示",
        SignalLevel::Warning => "警告",
        SignalLevel::Critical => "严重",
    }
}

fn role_name(role: &str) -> &'static str {
    match role {
        "administrator" => "管理员",
        "accountant" => "会计",
        "assistant" => "助理",
        "auditor" => "审计",
        _ => "其他",
    }
}

fn para(text: &str) -> Block {
    Block::Paragraph(Paragraph::new(text).styled(TextStyle::regular(10.0)))
}

/// Whether an entry was open at the end of `day` (opened by then, not closed by then).
fn open_at(row: &EntryRow, day: NaiveDate) -> bool {
    row.opened_on <= day && row.closed_on.is_none_or(|c| c > day)
}

/// Whether an entry was open at some time in the period.
fn in_period(row: &EntryRow, from: NaiveDate, to: NaiveDate) -> bool {
    row.opened_on <= to && row.closed_on.is_none_or(|c| c >= from)
}

fn entry_status(row: &EntryRow) -> String {
    row.status.name_zh().to_owned()
}

/// The report as a document (A4, tables with repeated headers).
fn build_pdf(g: &Gathered, now: DateTime<Utc>) -> Document {
    let s = &g.summary;
    let number = format!("CR-{}-{}", s.from.replace('-', ""), s.to.replace('-', ""));
    let mut doc = Document::new("个人信息保护合规报告", now)
        .with_author(&g.firm)
        .with_subject("个人信息保护合规报告 Compliance report")
        .with_decor(PageDecor {
            header_left: Some(g.firm.clone()),
            header_right: Some(format!("编号 No.：{number}")),
            footer_left: Some(format!(
                "账安 Ledgerlock · 生成于 generated {}",
                now.format("%Y-%m-%d %H:%M UTC")
            )),
            page_numbers: true,
        });
    doc.title("个人信息保护合规报告");
    doc.subtitle("Personal information protection compliance report");
    doc.key_values(&[
        ("单位 Firm", &g.firm),
        ("报告期间 Period", &format!("{} 至 {}", s.from, s.to)),
        ("报告编号 Report no.", &number),
        (
            "生成时间 Generated",
            &now.format("%Y-%m-%d %H:%M UTC").to_string(),
        ),
    ]);

    doc.heading("一、安全保护措施 Measures");
    let roles: Vec<String> = g
        .roles
        .iter()
        .map(|(r, n)| format!("{} {n} 人", role_name(r)))
        .collect();
    doc.push(para(&format!(
        "加密：客户信息、文档、对账数据均以 AES-256-GCM 加密存储于本地保险库，密钥保存在操作系统钥匙串，另设离线恢复码。访问控制：按岗位授权（{}），敏感字段默认脱敏，查看须登记理由；所有访问与变更记入防篡改审计日志。{} 培训：期间内 {} / {} 名在岗员工参加了培训。",
        if roles.is_empty() { "无".to_owned() } else { roles.join("、") },
        g.backup_line,
        s.staff_trained,
        s.staff
    )));

    doc.heading("二、各登记簿数量 Registers");
    let mut t = Table::new(vec![
        Column::text("登记簿 Register", 4),
        Column::fixed("期间新增 Opened", 26.0, Align::Right),
        Column::fixed("期间办结 Closed", 26.0, Align::Right),
        Column::fixed("期末未结 Open", 26.0, Align::Right),
        Column::fixed("期末逾期 Overdue", 26.0, Align::Right),
    ]);
    for f in &s.registers {
        t.push_row(vec![
            f.kind.name_zh().to_owned(),
            f.opened.to_string(),
            f.closed.to_string(),
            f.open_at_end.to_string(),
            f.overdue_at_end.to_string(),
        ]);
    }
    t.push_row(vec![
        "对外提供记录（第二十三条）".to_owned(),
        s.sharing_records.to_string(),
        "—".to_owned(),
        "—".to_owned(),
        "—".to_owned(),
    ]);
    doc.table(t);

    let to = NaiveDate::parse_from_str(&s.to, "%Y-%m-%d").unwrap_or_else(|_| now.date_naive());
    let overdue: Vec<&EntryRow> = g
        .rows
        .iter()
        .filter(|r| {
            r.body().has_answer_deadline()
                && r.opened_on <= to
                && is_overdue(r.due_on, r.closed_on, to)
        })
        .collect();
    doc.heading("三、逾期事项 Overdue items");
    if overdue.is_empty() {
        doc.push(para("期末无逾期未答复的请求或投诉。"));
    } else {
        let mut t = Table::new(vec![
            Column::fixed("编号 No.", 34.0, Align::Left),
            Column::text("事项 Item", 4),
            Column::fixed("期限 Due", 24.0, Align::Center),
            Column::fixed("状态 Status", 20.0, Align::Center),
        ]);
        for r in overdue {
            t.push_row(vec![
                r.number.clone(),
                r.body().title(),
                r.due_on.map(ymd).unwrap_or_default(),
                entry_status(r),
            ]);
        }
        doc.table(t);
    }

    doc.heading("四、安全事件及处置 Incidents");
    let incidents: Vec<&EntryRow> = g
        .rows
        .iter()
        .filter(|r| r.kind == RegisterKind::Incident)
        .filter(|r| {
            r.opened_on <= to
                && r.closed_on.is_none_or(|c| {
                    c >= NaiveDate::parse_from_str(&s.from, "%Y-%m-%d").unwrap_or(c)
                })
        })
        .collect();
    if incidents.is_empty() {
        doc.push(para("期间内无安全事件。"));
    } else {
        let mut t = Table::new(vec![
            Column::fixed("编号 No.", 32.0, Align::Left),
            Column::text("事件 Incident", 3),
            Column::fixed("发现 Found", 22.0, Align::Center),
            Column::text("处置措施 Containment", 4),
            Column::fixed("报告监管 Notified", 24.0, Align::Center),
            Column::fixed("状态 Status", 18.0, Align::Center),
        ]);
        for r in incidents {
            if let EntryBody::Incident(i) = r.body() {
                let notified = if i.authority_notified_on.is_empty() {
                    if i.no_notice_reason.is_empty() {
                        "未报告".to_owned()
                    } else {
                        "无需报告".to_owned()
                    }
                } else {
                    i.authority_notified_on.clone()
                };
                t.push_row(vec![
                    r.number.clone(),
                    i.title.clone(),
                    i.discovered_on.clone(),
                    if i.containment.is_empty() {
                        "—".to_owned()
                    } else {
                        i.containment.clone()
                    },
                    notified,
                    entry_status(r),
                ]);
            }
        }
        doc.table(t);
    }

    doc.heading("五、风险等级分布 Risks by level");
    let by = &s.open_risks_by_level;
    doc.push(para(&format!(
        "期末未关闭风险：极高 {}，高 {}，中 {}，低 {}。",
        by.get(3).copied().unwrap_or(0),
        by.get(2).copied().unwrap_or(0),
        by.get(1).copied().unwrap_or(0),
        by.first().copied().unwrap_or(0),
    )));
    let risks: Vec<&EntryRow> = g
        .rows
        .iter()
        .filter(|r| r.kind == RegisterKind::Risk && open_at(r, to))
        .collect();
    if !risks.is_empty() {
        let mut t = Table::new(vec![
            Column::fixed("编号 No.", 32.0, Align::Left),
            Column::text("风险 Risk", 4),
            Column::fixed("等级 Level", 18.0, Align::Center),
            Column::text("责任人 Owner", 2),
            Column::fixed("复核 Review", 24.0, Align::Center),
        ]);
        for r in risks {
            if let EntryBody::Risk(k) = r.body() {
                t.push_row(vec![
                    r.number.clone(),
                    k.title.clone(),
                    r.body()
                        .risk_level()
                        .map(RiskLevel::name_zh)
                        .unwrap_or("")
                        .to_owned(),
                    k.owner.clone(),
                    k.review_on.clone(),
                ]);
            }
        }
        doc.table(t);
    }

    doc.heading("六、保管与销毁 Retention and destruction");
    doc.push(para(&format!(
        "期间内执行销毁清册 {} 份，销毁客户数据 {} 户（以删除数据密钥的方式不可恢复地销毁）；期间内完成备份 {} 次、恢复测试 {} 次。",
        s.destructions_executed, s.clients_destroyed, s.backups, s.restore_tests
    )));

    doc.heading("七、风险信号 Signals at generation");
    let raised: Vec<&Signal> = g.signals.iter().filter(|s| s.count > 0).collect();
    let quiet = g.signals.len() - raised.len();
    if raised.is_empty() {
        doc.push(para(&format!("生成时全部 {quiet} 项检查正常。")));
    } else {
        let mut t = Table::new(vec![
            Column::text("信号 Signal", 5),
            Column::fixed("数量 Count", 22.0, Align::Right),
            Column::fixed("级别 Level", 22.0, Align::Center),
        ]);
        for sig in raised {
            t.push_row(vec![
                signal_name(sig.code).to_owned(),
                sig.count.to_string(),
                level_name(sig.level).to_owned(),
            ]);
        }
        doc.table(t);
        doc.push(para(&format!("其余 {quiet} 项检查正常。")));
    }

    doc.heading("八、审计日志状态 Audit chain");
    doc.push(para(&format!(
        "生成本报告时校验审计链：{}，共 {} 条记录。校验点（最后一条记录的消息认证码）：",
        if s.audit_intact {
            "完整"
        } else {
            "发现异常，须立即调查"
        },
        s.audit_entries
    )));
    doc.push(Block::Paragraph(
        Paragraph::new(&s.audit_checkpoint).styled(TextStyle::regular(8.5)),
    ));
    doc.push(Block::Spacer(6.0));
    doc.signatures(vec![
        SignatureParty {
            role: "个人信息保护负责人 Responsible person".to_owned(),
            name: None,
        },
        SignatureParty {
            role: "单位负责人 Head of firm".to_owned(),
            name: None,
        },
    ]);
    let _ = &g.users;
    doc
}

fn period_of(s: &ReportSummary) -> (NaiveDate, NaiveDate) {
    let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap_or(NaiveDate::MIN);
    (day(&s.from), day(&s.to))
}

/// The underlying lists as a workbook: a summary sheet, one sheet per register, the signals.
fn build_xlsx(g: &Gathered) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let s = &g.summary;
    {
        let ws = wb.add_worksheet().set_name("汇总")?;
        ws.write_string_with_format(0, 0, "个人信息保护合规报告", &bold)?;
        ws.write_string(1, 0, &g.firm)?;
        ws.write_string(2, 0, format!("{} 至 {}", s.from, s.to))?;
        for (c, h) in ["登记簿", "期间新增", "期间办结", "期末未结", "期末逾期"]
            .iter()
            .enumerate()
        {
            ws.write_string_with_format(4, u16::try_from(c).unwrap_or(0), *h, &bold)?;
        }
        let mut row = 5;
        for f in &s.registers {
            ws.write_string(row, 0, f.kind.name_zh())?;
            ws.write_number(row, 1, f64::from(f.opened))?;
            ws.write_number(row, 2, f64::from(f.closed))?;
            ws.write_number(row, 3, f64::from(f.open_at_end))?;
            ws.write_number(row, 4, f64::from(f.overdue_at_end))?;
            row += 1;
        }
        ws.write_string(row, 0, "对外提供记录")?;
        ws.write_number(row, 1, f64::from(s.sharing_records))?;
        row += 2;
        ws.write_string(row, 0, "审计链完整")?;
        ws.write_string(row, 1, if s.audit_intact { "是" } else { "否" })?;
        ws.write_string(row + 1, 0, "校验点")?;
        ws.write_string(row + 1, 1, &s.audit_checkpoint)?;
        ws.set_column_width(0, 30)?;
    }
    for kind in RegisterKind::ALL {
        let ws = wb.add_worksheet().set_name(kind.name_zh())?;
        for (c, h) in [
            "编号",
            "标题",
            "状态",
            "登记/发生日期",
            "期限/复核",
            "办结日期",
            "等级",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, &bold)?;
        }
        let (from, to) = period_of(&g.summary);
        for (row, r) in (1..).zip(
            g.rows
                .iter()
                .filter(|r| r.kind == kind && in_period(r, from, to)),
        ) {
            ws.write_string(row, 0, &r.number)?;
            ws.write_string(row, 1, r.body().title())?;
            ws.write_string(row, 2, r.status.name_zh())?;
            ws.write_string(row, 3, ymd(r.opened_on))?;
            ws.write_string(row, 4, r.due_on.map(ymd).unwrap_or_default())?;
            ws.write_string(row, 5, r.closed_on.map(ymd).unwrap_or_default())?;
            ws.write_string(
                row,
                6,
                r.body().risk_level().map(RiskLevel::name_zh).unwrap_or(""),
            )?;
        }
        ws.set_column_width(1, 40)?;
    }
    {
        let ws = wb.add_worksheet().set_name("风险信号")?;
        for (c, h) in ["信号", "数量", "级别", "涉及记录"].iter().enumerate() {
            ws.write_string_with_format(0, u16::try_from(c).unwrap_or(0), *h, &bold)?;
        }
        for (i, sig) in g.signals.iter().enumerate() {
            let row = u32::try_from(i + 1).unwrap_or(u32::MAX);
            ws.write_string(row, 0, signal_name(sig.code))?;
            ws.write_number(row, 1, f64::from(sig.count))?;
            ws.write_string(row, 2, level_name(sig.level))?;
            let labels: Vec<String> = sig
                .items
                .iter()
                .map(|it| {
                    if it.label.is_empty() {
                        it.target.clone()
                    } else {
                        it.label.clone()
                    }
                })
                .collect();
            ws.write_string(row, 3, labels.join("；"))?;
        }
        ws.set_column_width(0, 32)?;
    }
    wb.save_to_buffer()
}
