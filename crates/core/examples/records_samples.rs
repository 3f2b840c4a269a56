//! Writes the sample records documents (confidentiality agreement from the default template,
//! retention certificate, destruction certificate, hand-over register 移交清册) with FICTIONAL data into `docs/samples/`,
//! and reports size and generation time of each.
//!
//! `cargo run --release -p ledgerlock-core --example records_samples`
#![allow(clippy::print_stdout, clippy::print_stderr)] // a command-line tool reports on stdout.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use ledgerlock_core::records::agreement::{fill, AgreementFields, TEMPLATE_ZH_CN};
use ledgerlock_documents::{
    render_agreement, render_destruction_certificate, render_handover_list,
    render_retention_certificate, AgreementDoc, DestructionCertificate, DestructionRow,
    HandoverList, HandoverRow, RetentionCertificate, RetentionRow, Signatory,
};

fn timed(
    name: &str,
    out: &Path,
    render: impl Fn() -> Result<Vec<u8>, ledgerlock_documents::DocumentError>,
) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = render()?; // first run parses the font once per process
    let runs = 10_u32;
    let t0 = Instant::now();
    for _ in 0..runs {
        render()?;
    }
    let mean: Duration = t0.elapsed() / runs;
    std::fs::write(out.join(name), &bytes)?;
    println!(
        "{name}: {} KB, {}.{} ms (mean of {runs})",
        bytes.len() / 1024,
        mean.as_micros() / 1000,
        mean.as_micros() % 1000 / 100
    );
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/samples"));
    let at = Utc
        .with_ymd_and_hms(2026, 11, 27, 9, 0, 0)
        .single()
        .ok_or("bad time")?;
    let firm = "杭州明信代理记账有限公司";
    let client = "杭州华瑞科技有限公司";

    let fields = AgreementFields {
        number: "BM-2026-0007".to_owned(),
        start: NaiveDate::from_ymd_opt(2026, 12, 1),
        term_years: 3,
        survival_years: 5,
        court: "乙方所在地有管辖权的人民法院".to_owned(),
        client_name: client.to_owned(),
        client_credit_code: "91330106MA27XKQJ4T".to_owned(),
        client_address: "浙江省杭州市西湖区文三路 398 号东信大厦 12 楼".to_owned(),
        client_representative: "王立新".to_owned(),
        firm_name: firm.to_owned(),
        firm_credit_code: String::new(),
        firm_address: "浙江省杭州市拱墅区莫干山路 100 号 5 楼".to_owned(),
        firm_representative: "李青".to_owned(),
    };
    let text = fill(TEMPLATE_ZH_CN, &fields)?;
    timed("confidentiality-agreement.pdf", &out, || {
        render_agreement(
            &AgreementDoc {
                text: &text,
                number: &fields.number,
                firm_name: firm,
                client_name: client,
                english: false,
            },
            at,
        )
    })?;

    let retention = RetentionCertificate {
        number: "BG-2026-0003".to_owned(),
        firm_name: firm.to_owned(),
        client_name: client.to_owned(),
        issued_on: "2026年11月27日".to_owned(),
        custodian: "李青".to_owned(),
        vault_id: "LL-7Q3F-K2MD".to_owned(),
        rows: [
            (
                "会计凭证",
                "2019–2025",
                "30年",
                "2055-12-31",
                "加密保险库；纸质原件已移交委托单位",
            ),
            ("会计账簿", "2019–2025", "30年", "2055-12-31", "加密保险库"),
            (
                "月度、季度、半年度财务会计报告",
                "2019–2025",
                "10年",
                "2035-12-31",
                "加密保险库",
            ),
            (
                "年度财务会计报告",
                "2019–2025",
                "永久",
                "永久保存",
                "加密保险库；档案柜 A-03",
            ),
            (
                "银行存款余额调节表",
                "2019–2025",
                "10年",
                "2035-12-31",
                "加密保险库",
            ),
            (
                "银行对账单",
                "2019–2025",
                "10年",
                "2035-12-31",
                "加密保险库",
            ),
            (
                "纳税申报表",
                "2019–2025",
                "10年",
                "2035-12-31",
                "加密保险库",
            ),
        ]
        .iter()
        .map(|(class, years, period, expiry, storage)| RetentionRow {
            class: (*class).to_owned(),
            years: (*years).to_owned(),
            period: (*period).to_owned(),
            expiry: (*expiry).to_owned(),
            storage: (*storage).to_owned(),
        })
        .collect(),
    };
    timed("retention-certificate.pdf", &out, || {
        render_retention_certificate(&retention, at)
    })?;

    let destruction = DestructionCertificate {
        number: "XH-2026-0001".to_owned(),
        firm_name: firm.to_owned(),
        client_name: client.to_owned(),
        executed_on: "2026年11月27日".to_owned(),
        legal_basis: vec![
            "《会计档案管理办法》（财政部 国家档案局令第79号）第十六条至第十九条".to_owned(),
            "《中华人民共和国个人信息保护法》第四十七条".to_owned(),
            "委托代理记账合同第八条（资料的返还与销毁）".to_owned(),
        ],
        appraisal: "经鉴定，下列档案保管期限已满，无保存价值，且不涉及未结清的债权债务或其他未了事项，同意销毁。".to_owned(),
        items: (0..14)
            .map(|i| {
                let year = 2011 + i / 4;
                DestructionRow {
                    name: format!("{year}年度银行对账单及银行存款余额调节表（第{}册）", i % 4 + 1),
                    volume_no: format!("B-{year}-{:02}", i % 4 + 1),
                    copies: "1".to_owned(),
                    years: format!("{year}–{year}"),
                    archive_no: format!("DZ-{year}-{:03}", i + 1),
                    period: "10年".to_owned(),
                    kept: format!("{}年", 2025 - year),
                    destroyed_on: "2026-11-27".to_owned(),
                }
            })
            .collect(),
        withheld: vec![(
            "2014年度往来款明细账".to_owned(),
            "未结清的债权债务（《会计档案管理办法》第十九条），单独保管".to_owned(),
        )],
        method: vec![
            "电子档案：销毁该档案的数据密钥（加密擦除），删除数据库记录，覆写释放的页面（secure_delete、检查点截断、VACUUM）".to_owned(),
            "纸质副本：碎纸机粉碎，监销人现场核对".to_owned(),
        ],
        signatories: vec![
            Signatory { role: "鉴定、编制人".to_owned(), name: "赵敏".to_owned(), opinion: "期满，无未了事项".to_owned(), date: "2026-11-18".to_owned() },
            Signatory { role: "审批人（单位负责人）".to_owned(), name: "李青".to_owned(), opinion: "同意销毁".to_owned(), date: "2026-11-20".to_owned() },
            Signatory { role: "审批人（会计主管）".to_owned(), name: "孙伟".to_owned(), opinion: "同意".to_owned(), date: "2026-11-21".to_owned() },
            Signatory { role: "监销人（销毁前核对）".to_owned(), name: "周洁".to_owned(), opinion: "已按清册逐项核对".to_owned(), date: "2026-11-27".to_owned() },
            Signatory { role: "监销人（销毁后确认）".to_owned(), name: "周洁".to_owned(), opinion: "已销毁，与清册一致".to_owned(), date: "2026-11-27".to_owned() },
        ],
        checkpoint: "9f2c61d04be8a7735e0c1d92f4a6b18e03d7c5a2916e4f0b8c3a7d2e5f1b0c49".to_owned(),
    };
    timed("destruction-certificate.pdf", &out, || {
        render_destruction_certificate(&destruction, at)
    })?;

    let handover = HandoverList {
        number: "YJ-2026-0001".to_owned(),
        firm_name: firm.to_owned(),
        client_name: client.to_owned(),
        handed_over_on: "2026年7月3日".to_owned(),
        engagement: "2019-01-01 至 2026-06-30".to_owned(),
        handed_over_by: "李青".to_owned(),
        received_by: "王立新".to_owned(),
        supervised_by: String::new(),
        rows: [
            ("记账凭证", "2019–2025", "84册", "原件，按月装订"),
            ("总账、明细账、日记账", "2019–2025", "21册", ""),
            ("年度财务会计报告", "2019–2025", "7份", "含审计报告"),
            ("月度、季度财务会计报告", "2019–2025", "28份", ""),
            ("银行对账单及银行存款余额调节表", "2019–2025", "14册", ""),
            ("纳税申报表", "2019–2025", "7册", "电子申报回执一并移交"),
            ("固定资产卡片", "2019–2025", "1册", "含已报废资产"),
            ("电子账套备份（光盘）", "2019–2025", "1份", "密码另行交付"),
        ]
        .iter()
        .map(|(name, years, quantity, note)| HandoverRow {
            name: (*name).to_owned(),
            years: (*years).to_owned(),
            quantity: (*quantity).to_owned(),
            note: (*note).to_owned(),
        })
        .collect(),
        remark: "委托代理记账合同于2026年6月30日终止。本所保留的电子工作底稿依保管期限表处理。"
            .to_owned(),
    };
    timed("handover-list.pdf", &out, || {
        render_handover_list(&handover, at)
    })?;
    Ok(())
}
