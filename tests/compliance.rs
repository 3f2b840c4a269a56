//! Compliance registers, signals and the report on a real vault: every signal fires on a
//! vault built to raise it and none on a well-kept one; workflow rules (deadlines, legal holds
//! from incidents, roles, sharing refused without consent); report figures and documents.

// Integration tests: a failed unwrap or index here is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use chrono::{DateTime, Duration, Utc};
use ledgerlock_core::clients::consent::{ConsentInput, ConsentScope};
use ledgerlock_core::clients::record::{ClientInput, ClientKind, TaxpayerStatus};
use ledgerlock_core::clients::sharing::{SharingChannel, SharingInput};
use ledgerlock_core::clients::Category;
use ledgerlock_core::compliance::register::{
    DisputeBody, DisputeSubject, IncidentBody, RequestBody, RequestType, Resolution, RiskBody,
    TrainingBody, TrainingResult,
};
use ledgerlock_core::compliance::{
    EntryBody, EntryStatus, RegisterFilter, RegisterKind, SignalCode, SignalLevel,
};
use ledgerlock_core::records::agreement::AgreementStatus;
use ledgerlock_core::records::agreements::{AgreementLanguage, AgreementRequest};
use ledgerlock_core::vault::{NewUser, Role, Vault};
use ledgerlock_core::CoreError;
use ledgerlock_tests::{new_vault, TestVault, ADMIN};

fn company(name: &str, code: &str, end: &str) -> ClientInput {
    ClientInput {
        kind: ClientKind::Company,
        name: name.to_owned(),
        credit_code: code.to_owned(),
        id_number: String::new(),
        legal_representative: "李华".to_owned(),
        registered_address: "浙江省杭州市西湖区文三路 90 号".to_owned(),
        industry: "软件和信息技术服务业".to_owned(),
        taxpayer_status: Some(TaxpayerStatus::General),
        engagement_start: "2015-01-01".to_owned(),
        engagement_end: end.to_owned(),
        tags: vec![],
        contacts: vec![],
        bank_accounts: vec![],
        credit: None,
    }
}

fn consent(scope: ConsentScope, on: DateTime<Utc>, recipient: &str) -> ConsentInput {
    ConsentInput {
        scope,
        contact_index: None,
        purpose: "代理记账".to_owned(),
        categories: vec![],
        recipient: recipient.to_owned(),
        given_on: on.format("%Y-%m-%d").to_string(),
        method: "signed_form".to_owned(),
        evidence_document: None,
    }
}

fn day(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d").to_string()
}

fn request(on: DateTime<Utc>, client: Option<String>) -> EntryBody {
    EntryBody::Request(RequestBody {
        requester: "张三".to_owned(),
        client_id: client,
        request_type: RequestType::Copy,
        received_on: day(on),
        deadline: String::new(),
        channel: "信函".to_owned(),
        details: "要求复制银行账户信息".to_owned(),
        outcome: String::new(),
        answered_by: String::new(),
    })
}

fn incident(on: DateTime<Utc>, clients: Vec<String>) -> IncidentBody {
    IncidentBody {
        title: "外勤 U 盘丢失".to_owned(),
        discovered_on: day(on),
        description: "外勤人员丢失存有凭证扫描件的 U 盘".to_owned(),
        data_categories: vec!["document".to_owned()],
        client_ids: clients,
        persons_affected: 3,
        cause: "未按规定使用加密 U 盘".to_owned(),
        containment: String::new(),
        authority_notified_on: String::new(),
        individuals_notified_on: String::new(),
        notice_text: String::new(),
        no_notice_reason: String::new(),
        lessons: String::new(),
    }
}

fn risk(on: DateTime<Utc>, likelihood: u8, impact: u8) -> EntryBody {
    EntryBody::Risk(RiskBody {
        title: "离职员工带走客户资料".to_owned(),
        description: String::new(),
        likelihood,
        impact,
        owner: "王会计".to_owned(),
        controls: String::new(),
        review_on: day(on + Duration::days(10)),
    })
}

fn add_user(v: &TestVault, name: &str, role: Role, clients: &[String], now: DateTime<Utc>) -> i64 {
    let mut admin = v.admin();
    let id = admin
        .create_user(
            &NewUser {
                username: name.to_owned(),
                display_name: name.to_owned(),
                password: "another pass 42".to_owned(),
            },
            role,
            now,
        )
        .unwrap();
    if !clients.is_empty() {
        admin.assign_clients(id, clients, now).unwrap();
    }
    admin.lock("test", now).unwrap();
    id
}

fn login(v: &TestVault, name: &str, now: DateTime<Utc>) -> Vault {
    Vault::unlock(&v.files, &v.keys, name, "another pass 42", now).unwrap()
}

fn signal(signals: &[ledgerlock_core::compliance::Signal], code: SignalCode) -> (SignalLevel, u32) {
    let s = signals.iter().find(|s| s.code == code).unwrap();
    (s.level, s.count)
}

#[test]
fn a_well_kept_vault_raises_no_signal() {
    let v = new_vault();
    let now = Utc::now();
    let mut admin = v.admin();
    let client = admin
        .create_client(
            &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
            now,
        )
        .unwrap();
    admin
        .record_consent(&client, &consent(ConsentScope::Processing, now, ""), now)
        .unwrap();
    admin.verify_client(&client, "phone", now).unwrap();
    let me = admin
        .users()
        .unwrap()
        .into_iter()
        .find(|u| u.username == ADMIN.0)
        .unwrap()
        .id;
    admin
        .create_register_entry(
            EntryBody::Training(TrainingBody {
                user_id: u32::try_from(me).unwrap(),
                course: "个人信息保护法与客户资料保密".to_owned(),
                held_on: day(now),
                content: "敏感信息处理、对外提供、事件报告".to_owned(),
                result: TrainingResult::Passed,
                trainer: "外部讲师".to_owned(),
            }),
            now,
        )
        .unwrap();
    let backups = tempfile::tempdir().unwrap();
    admin.create_backup(backups.path(), now).unwrap();
    admin.restore_test(Some(backups.path()), now).unwrap();
    admin.verify_audit(now).unwrap();

    let signals = admin.compliance_signals(now).unwrap();
    assert_eq!(signals.len(), 16);
    for s in &signals {
        assert_eq!(
            (s.code, s.level, s.count),
            (s.code, SignalLevel::Ok, 0),
            "{:?}",
            s.items
        );
    }
}

#[test]
fn a_neglected_vault_raises_every_signal_with_its_records() {
    let v = new_vault();
    let t0 = Utc::now();
    let t1 = t0 + Duration::days(400);
    let mut admin = v.admin();
    // Never verified, no consent: unverified (later) and missing consent.
    let active = admin
        .create_client(
            &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
            t0,
        )
        .unwrap();
    // Engagement ended long ago: due for destruction.
    let ended = admin
        .create_client(
            &company("宁波旧账贸易有限公司", "91330200MA2AFXB716", "2016-12-31"),
            t0,
        )
        .unwrap();
    // An agreement signed whose term ends 10 days after t1; one left unsigned.
    let start = (t1 + Duration::days(11)).date_naive() - chrono::Months::new(12);
    let signed = admin
        .issue_agreement(
            &active,
            &AgreementRequest {
                language: AgreementLanguage::ZhCn,
                start_on: start.format("%Y-%m-%d").to_string(),
                term_years: 1,
                survival_years: 5,
                court: "杭州市西湖区人民法院".to_owned(),
            },
            t0,
        )
        .unwrap();
    admin
        .set_agreement_status(signed.id, AgreementStatus::Signed, Some(&day(t0)), t0)
        .unwrap();
    admin
        .issue_agreement(
            &ended,
            &AgreementRequest {
                language: AgreementLanguage::ZhCn,
                start_on: day(t0),
                term_years: 3,
                survival_years: 5,
                court: "杭州市西湖区人民法院".to_owned(),
            },
            t0,
        )
        .unwrap();
    admin
        .create_register_entry(request(t0, Some(active.clone())), t0)
        .unwrap();
    admin
        .create_register_entry(EntryBody::Incident(incident(t0, vec![])), t0)
        .unwrap();
    admin.create_register_entry(risk(t0, 5, 5), t0).unwrap();
    admin.lock("test", t0).unwrap();

    // An accountant's change to the legal representative waits for review.
    add_user(
        &v,
        "lihua",
        Role::Accountant,
        std::slice::from_ref(&active),
        t0,
    );
    let mut accountant = login(&v, "lihua", t0);
    let mut changed = company("杭州华瑞科技有限公司", "91350100M000100Y43", "");
    changed.legal_representative = "赵敏".to_owned();
    accountant.update_client(&active, &changed, t0).unwrap();
    accountant.lock("test", t0).unwrap();

    // Three wrong passwords for the administrator the day before.
    for _ in 0..3 {
        assert!(matches!(
            Vault::unlock(
                &v.files,
                &v.keys,
                ADMIN.0,
                "wrong password 1",
                t1 - Duration::days(1)
            ),
            Err(CoreError::WrongCredentials | CoreError::Throttled { .. })
        ));
    }
    let mut admin = Vault::unlock(&v.files, &v.keys, ADMIN.0, ADMIN.1, t1).unwrap();
    let signals = admin.compliance_signals(t1).unwrap();
    for code in [
        SignalCode::OverdueRequests,
        SignalCode::OpenIncidents,
        SignalCode::HighRisks,
        SignalCode::RiskReviewsDue,
        SignalCode::MissingConsent,
        SignalCode::Unverified,
        SignalCode::RetentionDue,
        SignalCode::AgreementsExpiring,
        SignalCode::AgreementsUnsigned,
        SignalCode::StaleReviews,
        SignalCode::BackupOverdue,
        SignalCode::RestoreTestOverdue,
        SignalCode::AuditNotVerified,
        SignalCode::TrainingOverdue,
        SignalCode::DormantUsers,
        SignalCode::FailedLogins,
    ] {
        let (level, count) = signal(&signals, code);
        assert!(count >= 1, "{code:?} did not fire");
        assert_ne!(level, SignalLevel::Ok, "{code:?}");
    }
    let by = |code| signals.iter().find(|s| s.code == code).unwrap();
    assert!(by(SignalCode::MissingConsent)
        .items
        .iter()
        .any(|i| i.target == format!("client:{active}")));
    assert_eq!(
        by(SignalCode::RetentionDue).items[0].target,
        format!("client:{ended}")
    );
    assert_eq!(by(SignalCode::HighRisks).level, SignalLevel::Critical);
    assert_eq!(by(SignalCode::DormantUsers).count, 1, "the accountant");
    assert!(by(SignalCode::FailedLogins).items[0]
        .target
        .starts_with("user:"));

    // Trends: the open risk and the overdue request show in the last month.
    let trend = admin.compliance_trends(t1).unwrap();
    assert_eq!(trend.len(), 12);
    let last = trend.last().unwrap();
    assert_eq!((last.open_risks, last.overdue_requests), (1, 1));
    assert_eq!(last.backup_age_days, None);
}

#[test]
fn an_incident_holds_its_clients_until_it_is_closed_with_what_it_needs() {
    let v = new_vault();
    let now = Utc::now();
    let mut admin = v.admin();
    let client = admin
        .create_client(
            &company("宁波旧账贸易有限公司", "91330200MA2AFXB716", "2016-12-31"),
            now,
        )
        .unwrap();
    let due = |vault: &mut Vault| {
        vault
            .due_for_destruction(now)
            .unwrap()
            .into_iter()
            .find(|d| d.client_id == client)
            .unwrap()
            .disposition
            .may_destroy()
    };
    assert!(due(&mut admin));

    let entry = admin
        .create_register_entry(
            EntryBody::Incident(incident(now, vec![client.clone()])),
            now,
        )
        .unwrap();
    assert_eq!(entry.number, format!("INC-{}-0001", now.format("%Y")));
    assert_eq!(entry.holds.len(), 1);
    assert_eq!(entry.clients[0].name, "宁波旧账贸易有限公司");
    assert!(!due(&mut admin), "held while the incident is open");
    assert!(admin.holds(&client).unwrap()[0].lifted_on.is_none());

    // Closing needs containment, a notification decision and lessons.
    let refused = admin
        .set_register_status(entry.id, entry.revision, EntryStatus::Closed, "", now)
        .unwrap_err();
    assert!(
        matches!(&refused, CoreError::InvalidInput { field, reason } if field == "register.containment" && reason == "required_to_close"),
        "{refused:?}"
    );
    let mut body = incident(now, vec![client.clone()]);
    body.containment = "挂失并远程注销网银证书".to_owned();
    body.no_notice_reason = "U 盘已加密，泄露风险可忽略".to_owned();
    body.lessons = "外勤一律使用加密 U 盘".to_owned();
    let entry = admin
        .update_register_entry(
            entry.id,
            entry.revision,
            EntryBody::Incident(body.clone()),
            now,
        )
        .unwrap();
    // A stale revision is refused.
    assert!(matches!(
        admin.update_register_entry(entry.id, entry.revision - 1, EntryBody::Incident(body), now),
        Err(CoreError::InvalidInput { reason, .. }) if reason == "stale"
    ));
    let closed = admin
        .set_register_status(entry.id, entry.revision, EntryStatus::Closed, "已处置", now)
        .unwrap();
    assert_eq!(closed.status, EntryStatus::Closed);
    assert!(closed.holds.is_empty());
    assert_eq!(closed.history.len(), 1);
    assert!(due(&mut admin), "released when closed");

    // Reopening places the hold again.
    let reopened = admin
        .set_register_status(
            closed.id,
            closed.revision,
            EntryStatus::InProgress,
            "新线索",
            now,
        )
        .unwrap();
    assert_eq!(reopened.holds.len(), 1);
    assert!(!due(&mut admin));

    // Every step is in the audit log, without the content.
    let entries = admin
        .audit_entries(&ledgerlock_core::vault::AuditFilter::default())
        .unwrap();
    let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"register.created"));
    assert!(actions.contains(&"register.updated"));
    assert!(actions.contains(&"register.status_changed"));
    let raw = std::fs::read(v.files.database()).unwrap();
    let needle = "挂失并远程注销网银证书".as_bytes();
    assert!(
        !raw.windows(needle.len()).any(|w| w == needle),
        "register content sealed on disk"
    );
}

#[test]
fn roles_decide_who_records_what() {
    let v = new_vault();
    let now = Utc::now();
    let client = {
        let mut admin = v.admin();
        let c = admin
            .create_client(
                &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
                now,
            )
            .unwrap();
        admin.lock("test", now).unwrap();
        c
    };
    add_user(
        &v,
        "kuaiji",
        Role::Accountant,
        std::slice::from_ref(&client),
        now,
    );
    add_user(
        &v,
        "zhuli",
        Role::Assistant,
        std::slice::from_ref(&client),
        now,
    );
    add_user(&v, "shenji", Role::Auditor, &[], now);

    let mut accountant = login(&v, "kuaiji", now);
    let made = accountant
        .create_register_entry(request(now, Some(client)), now)
        .unwrap();
    assert_eq!(
        made.due_on.as_deref(),
        Some(day(now + Duration::days(30)).as_str())
    );
    assert!(matches!(
        accountant.create_register_entry(risk(now, 2, 2), now),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", now).unwrap();

    let mut assistant = login(&v, "zhuli", now);
    assert!(matches!(
        assistant.create_register_entry(request(now, None), now),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(matches!(
        assistant.register_entries(&RegisterFilter::default(), now),
        Err(CoreError::Forbidden { .. })
    ));
    assistant.lock("test", now).unwrap();

    let mut auditor = login(&v, "shenji", now);
    let listed = auditor
        .register_entries(
            &RegisterFilter {
                kind: Some(RegisterKind::Request),
                ..RegisterFilter::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert!(matches!(
        auditor.create_register_entry(request(now, None), now),
        Err(CoreError::Forbidden { .. })
    ));
    assert!(auditor.compliance_signals(now).is_ok());
    auditor.lock("test", now).unwrap();
}

#[test]
fn sharing_is_refused_without_consent_and_registered_with_it() {
    let v = new_vault();
    let now = Utc::now();
    let mut admin = v.admin();
    let client = admin
        .create_client(
            &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
            now,
        )
        .unwrap();
    let input = SharingInput {
        recipient_name: "杭州信达会计师事务所".to_owned(),
        recipient_contact: "0571-88886666".to_owned(),
        purpose: "年度审计".to_owned(),
        categories: vec![Category::Basic],
        channel: SharingChannel::Email,
    };
    assert!(matches!(
        admin.share_client(&client, &input, now),
        Err(CoreError::ConsentMissing { .. })
    ));
    assert!(admin.sharing_register().unwrap().is_empty());
    admin
        .record_consent(
            &client,
            &consent(ConsentScope::ThirdParty, now, "杭州信达会计师事务所"),
            now,
        )
        .unwrap();
    admin.share_client(&client, &input, now).unwrap();
    let register = admin.sharing_register().unwrap();
    assert_eq!(register.len(), 1);
    assert_eq!(register[0].client_name, "杭州华瑞科技有限公司");
    assert_eq!(register[0].shared_by_name, "王会计");
}

#[test]
fn the_report_counts_the_period_and_prints_the_checkpoint() {
    let v = new_vault();
    let now = Utc::now();
    let mut admin = v.admin();
    admin
        .create_register_entry(request(now, None), now)
        .unwrap();
    let old = now - Duration::days(40);
    let late = admin
        .create_register_entry(request(old, None), now)
        .unwrap();
    assert!(late.overdue);
    admin.create_register_entry(risk(now, 4, 5), now).unwrap();
    admin.create_register_entry(risk(now, 1, 2), now).unwrap();
    let dispute = admin
        .create_register_entry(
            EntryBody::Dispute(DisputeBody {
                complainant: "赵六".to_owned(),
                client_id: None,
                subject: DisputeSubject::WrongData,
                privacy_complaint: true,
                received_on: day(now),
                deadline: String::new(),
                description: "工资表姓名错误".to_owned(),
                assessment: "属实".to_owned(),
                resolution: Resolution::Compensation,
                compensation: "1,200.50".to_owned(),
                feedback: "已更正并致歉".to_owned(),
            }),
            now,
        )
        .unwrap();
    admin
        .set_register_status(dispute.id, dispute.revision, EntryStatus::Closed, "", now)
        .unwrap();

    let from = day(now - Duration::days(60));
    let to = day(now);
    let s = admin.compliance_summary(&from, &to, now).unwrap();
    let fig = |k| s.registers.iter().find(|f| f.kind == k).unwrap().clone();
    assert_eq!(fig(RegisterKind::Request).opened, 2);
    assert_eq!(fig(RegisterKind::Request).overdue_at_end, 1);
    assert_eq!(fig(RegisterKind::Dispute).closed, 1);
    assert_eq!(fig(RegisterKind::Dispute).open_at_end, 0);
    assert_eq!(fig(RegisterKind::Risk).open_at_end, 2);
    assert_eq!(s.open_risks_by_level, vec![1, 0, 0, 1]);
    assert!(s.audit_intact);
    assert_eq!(s.audit_checkpoint.len(), 64);

    let pdf = admin.compliance_report_pdf(&from, &to, now).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let xlsx = admin.compliance_report_xlsx(&from, &to, now).unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let csv = admin.register_csv(RegisterKind::Request, now).unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(text.lines().count(), 3);
    assert!(admin
        .register_pdf(RegisterKind::Risk, now)
        .unwrap()
        .starts_with(b"%PDF"));
    let notice = admin.privacy_notice_pdf(now).unwrap();
    assert!(notice.starts_with(b"%PDF"));

    // The PDF's text carries the title and the checkpoint the audit log had at generation.
    if let Ok(out) = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&pdf)?;
            child.wait_with_output()
        })
    {
        let text = String::from_utf8_lossy(&out.stdout).replace(char::is_whitespace, "");
        assert!(text.contains("个人信息保护合规报告"), "{text}");
        assert!(text.contains(&s.audit_checkpoint[..16]));
    }
    let bad = admin.compliance_summary(&to, &from, now).unwrap_err();
    assert!(matches!(bad, CoreError::InvalidInput { reason, .. } if reason == "before_from"));
}

#[test]
fn a_deletion_request_is_answered_by_storage_only_or_destruction() {
    let v = new_vault();
    let now = Utc::now();
    let client = {
        let mut admin = v.admin();
        let c = admin
            .create_client(
                &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
                now,
            )
            .unwrap();
        admin.lock("test", now).unwrap();
        c
    };
    add_user(
        &v,
        "kuaiji",
        Role::Accountant,
        std::slice::from_ref(&client),
        now,
    );
    let mut accountant = login(&v, "kuaiji", now);
    let mut body = request(now, Some(client.clone()));
    if let EntryBody::Request(r) = &mut body {
        r.request_type = RequestType::Deletion;
    }
    let entry = accountant.create_register_entry(body, now).unwrap();
    // Only an administrator acts on it.
    assert!(matches!(
        accountant.answer_deletion_request(entry.id, entry.revision, now),
        Err(CoreError::Forbidden { .. })
    ));
    accountant.lock("test", now).unwrap();

    let mut admin = v.admin();
    // A request of another type cannot be answered this way.
    let copy = admin
        .create_register_entry(request(now, Some(client.clone())), now)
        .unwrap();
    assert!(matches!(
        admin.answer_deletion_request(copy.id, copy.revision, now),
        Err(CoreError::InvalidInput { reason, .. }) if reason == "not_deletion"
    ));
    // No statutory record is held: the client is due for destruction at once.
    let answered = admin
        .answer_deletion_request(entry.id, entry.revision, now)
        .unwrap();
    let EntryBody::Request(r) = &answered.body else {
        panic!("not a request")
    };
    assert_eq!(r.answered_by, "destruction");
    assert!(r.outcome.contains("销毁"));
    assert!(admin
        .due_for_destruction(now)
        .unwrap()
        .iter()
        .any(|d| d.client_id == client && d.disposition.may_destroy()));
    // With the outcome written, it can be closed.
    let closed = admin
        .set_register_status(answered.id, answered.revision, EntryStatus::Closed, "", now)
        .unwrap();
    assert_eq!(closed.status, EntryStatus::Closed);
}

#[test]
fn the_sharing_register_survives_storage_only_and_signals_follow_assignment() {
    let v = new_vault();
    let now = Utc::now();
    let mut admin = v.admin();
    let shared = admin
        .create_client(
            &company("杭州华瑞科技有限公司", "91350100M000100Y43", ""),
            now,
        )
        .unwrap();
    let other = admin
        .create_client(
            &company("宁波远帆贸易有限公司", "91330200MA2AFXB716", ""),
            now,
        )
        .unwrap();
    admin
        .record_consent(
            &shared,
            &consent(ConsentScope::ThirdParty, now, "杭州信达会计师事务所"),
            now,
        )
        .unwrap();
    admin
        .share_client(
            &shared,
            &SharingInput {
                recipient_name: "杭州信达会计师事务所".to_owned(),
                recipient_contact: String::new(),
                purpose: "年度审计".to_owned(),
                categories: vec![Category::Basic],
                channel: SharingChannel::Paper,
            },
            now,
        )
        .unwrap();
    // A deletion request makes the client stored only; what left the firm stays listed.
    admin
        .apply_deletion_request(&shared, "REQ-2026-0001", now)
        .unwrap();
    assert_eq!(admin.sharing_register().unwrap().len(), 1);
    // An active client without consent that the accountant below is not assigned to.
    admin
        .create_client(
            &company("温州新瓯商贸有限公司", "91110000600037341L", ""),
            now,
        )
        .unwrap();

    // A manual hold on a client named by an incident outlives the incident.
    let manual = admin
        .place_hold(
            &other,
            ledgerlock_core::records::hold::HoldReason::UnsettledClaims,
            "未结清的往来款",
            &day(now),
            now,
        )
        .unwrap();
    let mut body = incident(now, vec![other.clone()]);
    body.containment = "已处置".to_owned();
    body.no_notice_reason = "无个人信息泄露".to_owned();
    body.lessons = "加强培训".to_owned();
    let entry = admin
        .create_register_entry(EntryBody::Incident(body), now)
        .unwrap();
    admin
        .set_register_status(entry.id, entry.revision, EntryStatus::Closed, "", now)
        .unwrap();
    let holds = admin.holds(&other).unwrap();
    let kept = holds.iter().find(|h| h.id == manual).unwrap();
    assert!(
        kept.lifted_on.is_none(),
        "the manual hold is still in force"
    );
    admin.lock("test", now).unwrap();

    // An accountant assigned to the other client sees only its signals.
    add_user(
        &v,
        "kuaiji",
        Role::Accountant,
        std::slice::from_ref(&other),
        now,
    );
    let mut accountant = login(&v, "kuaiji", now);
    let signals = accountant.compliance_signals(now).unwrap();
    let missing = signals
        .iter()
        .find(|s| s.code == SignalCode::MissingConsent)
        .unwrap();
    assert_eq!(missing.count, 1);
    assert_eq!(missing.items[0].target, format!("client:{other}"));
}
