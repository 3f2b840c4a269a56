//! Turns a stored destruction list into the printed certificate's display strings.

use ledgerlock_documents::{DestructionCertificate, DestructionRow, Signatory};

use super::destruction_store::DestructionListView;
use super::hold::HoldReason;
use super::retention::Period;

fn period_text(period: Period) -> String {
    match period {
        Period::Permanent => "永久".to_owned(),
        Period::Years(0) => "委托结束时".to_owned(),
        Period::Years(n) => format!("{n}年"),
    }
}

fn hold_text(reason: HoldReason) -> &'static str {
    match reason {
        HoldReason::UnsettledClaims => "未结清的债权债务（《会计档案管理办法》第十九条）",
        HoldReason::OpenMatter => "其他未了事项（《会计档案管理办法》第十九条）",
        HoldReason::Dispute => "争议或投诉未结",
        HoldReason::Incident => "涉及未结的安全事件",
    }
}

/// The certificate for an executed list: firm, client(s), legal basis, the items with the
/// eight fields, withheld items and why, the method, the signatories and the checkpoint.
#[must_use]
pub fn destruction_certificate(
    view: &DestructionListView,
    clients: &[(String, String)],
    firm: &str,
    checkpoint: &str,
) -> DestructionCertificate {
    let name_of = |user: u32| {
        view.names
            .iter()
            .find(|(id, _)| *id == user)
            .map_or_else(String::new, |(_, n)| n.clone())
    };
    let list = &view.list;
    let date = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();
    let mut signatories = vec![Signatory {
        role: "鉴定、编制人".to_owned(),
        name: name_of(list.drafted_by),
        opinion: list.appraisal.clone(),
        date: date(list.drafted_on),
    }];
    for s in &list.approvals {
        signatories.push(Signatory {
            role: "审批人".to_owned(),
            name: name_of(s.user),
            opinion: s.opinion.clone(),
            date: date(s.on),
        });
    }
    if let Some(s) = &list.supervised_before {
        signatories.push(Signatory {
            role: "监销人（销毁前核对）".to_owned(),
            name: name_of(s.user),
            opinion: s.opinion.clone(),
            date: date(s.on),
        });
    }
    if let Some(s) = &list.executed {
        signatories.push(Signatory {
            role: "执行人".to_owned(),
            name: name_of(s.user),
            opinion: String::new(),
            date: date(s.on),
        });
    }
    if let Some(s) = &list.supervised_after {
        signatories.push(Signatory {
            role: "监销人（销毁后确认）".to_owned(),
            name: name_of(s.user),
            opinion: s.opinion.clone(),
            date: date(s.on),
        });
    }
    DestructionCertificate {
        number: view.number.clone(),
        firm_name: firm.to_owned(),
        client_name: clients
            .iter()
            .map(|(_, n)| n.as_str())
            .collect::<Vec<_>>()
            .join("、"),
        executed_on: list
            .executed
            .as_ref()
            .map_or_else(String::new, |s| s.on.format("%Y年%-m月%-d日").to_string()),
        legal_basis: vec![
            "《会计档案管理办法》（财政部 国家档案局令第79号）第十六条至第十九条".to_owned(),
            "《中华人民共和国个人信息保护法》第十九条、第四十七条".to_owned(),
            "委托代理记账合同及保密协议中关于资料返还与销毁的约定".to_owned(),
        ],
        appraisal: list.appraisal.clone(),
        items: list
            .destroyed_items()
            .map(|i| DestructionRow {
                name: i.name.clone(),
                volume_no: i.volume_no.clone(),
                copies: i.copies.to_string(),
                years: format!("{}–{}", i.years.0, i.years.1),
                archive_no: i.archive_no.clone(),
                period: period_text(i.period),
                kept: format!("{}年", i.years_kept),
                destroyed_on: i.destroyed_on.map(date).unwrap_or_default(),
            })
            .collect(),
        withheld: list
            .withheld_items()
            .map(|i| {
                let why = if i.withheld.is_empty() {
                    "保管期限已延长，尚未到期".to_owned()
                } else {
                    i.withheld
                        .iter()
                        .map(|r| hold_text(*r))
                        .collect::<Vec<_>>()
                        .join("；")
                };
                (i.name.clone(), why)
            })
            .collect(),
        method: vec![
            "销毁该客户的数据密钥（加密擦除），使其全部加密数据不可恢复".to_owned(),
            "删除数据库中的全部记录，并以 secure_delete、检查点截断覆写释放的页面".to_owned(),
            "记入销毁台账：从销毁前的备份恢复时自动再次销毁".to_owned(),
        ],
        signatories,
        checkpoint: checkpoint.to_owned(),
    }
}
