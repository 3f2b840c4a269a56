//! Writes the sample compliance documents (compliance report PDF and XLSX, a register list,
//! the privacy notice) from a temporary vault filled with FICTIONAL entries into
//! `docs/samples/`, and reports size and generation time of each.
//!
//! `cargo run --release -p ledgerlock-core --example compliance_samples`
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on stdout.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{Duration, TimeZone, Utc};
use ledgerlock_core::compliance::register::{
    AssessmentBody, AssessmentSubject, DisputeBody, DisputeSubject, IncidentBody, RequestBody,
    RequestType, Resolution, RiskBody, TrainingBody, TrainingResult,
};
use ledgerlock_core::compliance::{EntryBody, EntryStatus, RegisterKind};
use ledgerlock_core::records::firm::FirmProfile;
use ledgerlock_core::vault::{MemoryKeyStore, NewUser, Setup, Vault, VaultFiles};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/samples"));
    let now = Utc
        .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .ok_or("bad time")?;
    let day = |d: i64| (now - Duration::days(d)).format("%Y-%m-%d").to_string();
    let dir = tempfile::tempdir()?;
    let files = VaultFiles::in_dir(dir.path());
    let keys = MemoryKeyStore::new();
    let created = Vault::create(
        &files,
        &keys,
        &Setup {
            firm_name: "杭州明信代理记账有限公司".to_owned(),
            admin: NewUser {
                username: "wangli".to_owned(),
                display_name: "王丽".to_owned(),
                password: "sample password 1".to_owned(),
            },
        },
        now - Duration::days(300),
    )?;
    let mut v = created.vault;
    v.set_firm_profile(
        &FirmProfile {
            name: String::new(),
            credit_code: "91330200MA2AFXB716".to_owned(),
            address: "浙江省杭州市西湖区文三路 90 号 5 楼".to_owned(),
            representative: "王丽".to_owned(),
        },
        now,
    )?;
    let mut notice = v.privacy_notice()?;
    notice.contact = "电话 0571-8888 6666，邮箱 privacy@mingxin.example".to_owned();
    notice.effective_on = "2026-01-01".to_owned();
    v.set_privacy_notice(&notice, now)?;

    let request = v.create_register_entry(
        EntryBody::Request(RequestBody {
            requester: "张伟（杭州华瑞科技有限公司财务负责人）".to_owned(),
            client_id: None,
            request_type: RequestType::Copy,
            received_on: day(50),
            deadline: String::new(),
            channel: "书面申请".to_owned(),
            details: "要求提供本人在代账资料中的身份信息副本".to_owned(),
            outcome: String::new(),
            answered_by: String::new(),
        }),
        now - Duration::days(50),
    )?;
    let _ = request;
    let incident = v.create_register_entry(
        EntryBody::Incident(IncidentBody {
            title: "外勤人员丢失存有凭证扫描件的 U 盘".to_owned(),
            discovered_on: day(120),
            description: "外勤人员在客户处取回凭证后，返程途中遗失 U 盘一只。".to_owned(),
            data_categories: vec!["document".to_owned(), "financial_account".to_owned()],
            client_ids: vec![],
            persons_affected: 3,
            cause: "未按规定使用加密 U 盘".to_owned(),
            containment: "当日挂失并通知客户修改网银口令；核实 U 盘已整盘加密".to_owned(),
            authority_notified_on: String::new(),
            individuals_notified_on: day(119),
            notice_text: "已电话及书面通知相关客户".to_owned(),
            no_notice_reason: "U 盘整盘加密，泄露风险可忽略，未报告监管部门".to_owned(),
            lessons: "外勤一律使用登记领用的加密 U 盘".to_owned(),
        }),
        now - Duration::days(118),
    )?;
    v.set_register_status(
        incident.id,
        incident.revision,
        EntryStatus::Closed,
        "处置完毕",
        now - Duration::days(110),
    )?;
    let dispute = v.create_register_entry(
        EntryBody::Dispute(DisputeBody {
            complainant: "李娜".to_owned(),
            client_id: None,
            subject: DisputeSubject::WrongData,
            privacy_complaint: true,
            received_on: day(20),
            deadline: String::new(),
            description: "工资表中身份证号码录入错误".to_owned(),
            assessment: "属实，系录入错误".to_owned(),
            resolution: Resolution::Compensation,
            compensation: "500.00".to_owned(),
            feedback: "已更正并书面致歉".to_owned(),
        }),
        now - Duration::days(20),
    )?;
    v.set_register_status(
        dispute.id,
        dispute.revision,
        EntryStatus::Closed,
        "",
        now - Duration::days(12),
    )?;
    for (title, l, i) in [
        ("离职员工带走客户资料", 3, 5),
        ("办公电脑未锁屏导致信息被旁人看到", 3, 2),
        ("备份介质与办公电脑放在同一处", 2, 4),
    ] {
        v.create_register_entry(
            EntryBody::Risk(RiskBody {
                title: title.to_owned(),
                description: String::new(),
                likelihood: l,
                impact: i,
                owner: "王丽".to_owned(),
                controls: "保密协议、权限分离、离职交接清单".to_owned(),
                review_on: day(-60),
            }),
            now - Duration::days(200),
        )?;
    }
    v.create_register_entry(
        EntryBody::Training(TrainingBody {
            user_id: 1,
            course: "个人信息保护法与客户资料保密".to_owned(),
            held_on: day(90),
            content: "敏感个人信息、对外提供、事件报告".to_owned(),
            result: TrainingResult::Passed,
            trainer: "外部讲师".to_owned(),
        }),
        now - Duration::days(90),
    )?;
    v.create_register_entry(
        EntryBody::Assessment(AssessmentBody {
            title: "向年报审计机构提供客户银行流水".to_owned(),
            subject: AssessmentSubject::Sharing,
            purpose: "配合客户年度审计".to_owned(),
            necessity: "审计准则要求取得银行流水".to_owned(),
            risks: "流水含交易对手个人信息".to_owned(),
            safeguards: "取得单独同意；加密传输；登记对外提供记录".to_owned(),
            conclusion: "在上述措施下可以提供".to_owned(),
            assessed_on: day(150),
            reviewer: "王丽".to_owned(),
        }),
        now - Duration::days(150),
    )?;

    let from = "2026-01-01";
    let to = now.format("%Y-%m-%d").to_string();
    let mut write =
        |name: &str,
         make: &mut dyn FnMut(&mut Vault) -> ledgerlock_core::error::CoreResult<Vec<u8>>|
         -> Result<(), Box<dyn std::error::Error>> {
            let t0 = Instant::now();
            let bytes = make(&mut v)?;
            let ms = t0.elapsed().as_micros();
            std::fs::write(out.join(name), &bytes)?;
            println!(
                "{name}: {} KB, {}.{} ms",
                bytes.len() / 1024,
                ms / 1000,
                ms % 1000 / 100
            );
            Ok(())
        };
    write("compliance-report.pdf", &mut |v| {
        v.compliance_report_pdf(from, &to, now)
    })?;
    write("compliance-report.xlsx", &mut |v| {
        v.compliance_report_xlsx(from, &to, now)
    })?;
    write("risk-register.pdf", &mut |v| {
        v.register_pdf(RegisterKind::Risk, now)
    })?;
    write("privacy-notice.pdf", &mut |v| v.privacy_notice_pdf(now))?;
    Ok(())
}
