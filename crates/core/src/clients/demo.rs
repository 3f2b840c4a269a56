//! Demo data: realistic, entirely fictional clients for trying the app and for screenshots.
//!
//! Deterministic from a seed (a small built-in generator, so the same seed gives the same
//! clients on every build and platform). Companies get a 统一社会信用代码 with a correct
//! GB 32100 check character, individuals a 居民身份证号 with a correct GB 11643 check
//! character, bank cards a correct Luhn digit; names, addresses, contacts and banks are drawn
//! from lists of common words, so any resemblance to a real client is chance. Every demo client
//! carries the tag [`DEMO_TAG`] and a processing consent; some also a third-party consent.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::consent::{ConsentInput, ConsentScope};
use super::record::ClientRecord;
use super::record::{
    BankAccountInput, ClientInput, ClientKind, ContactInput, CreditInput, TaxpayerStatus,
};
use super::validate::{credit_code_check_char, id_number_check_char, BankAccountKind};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::{Action, Vault};

/// The tag every demo client carries, so demo data can be found and removed.
pub const DEMO_TAG: &str = "演示数据";

/// Most demo clients one call creates.
pub const MAX_DEMO_CLIENTS: usize = 5_000;

/// A demo client and the consents to record for it once it exists.
#[derive(Debug, Clone)]
pub struct DemoClient {
    /// The client as typed.
    pub input: ClientInput,
    /// Consents to record after creation.
    pub consents: Vec<ConsentInput>,
}

/// SplitMix64: tiny, fast, and stable forever (unlike a library's generator).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        let n64 = u64::try_from(n.max(1)).unwrap_or(u64::MAX);
        usize::try_from(self.next() % n64).unwrap_or(0)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items.get(self.below(items.len())).copied().unwrap_or("")
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + u8::try_from(self.below(10)).unwrap_or(0)))
            .collect()
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀英", "霞", "平", "刚", "桂英", "建华", "文", "华", "玉兰", "晓东", "海燕", "志强",
    "雪梅",
];
/// (province + city, district, 6-digit division code)
const PLACES: &[(&str, &str, &str)] = &[
    ("浙江省杭州市", "西湖区", "330106"),
    ("浙江省杭州市", "滨江区", "330108"),
    ("浙江省宁波市", "鄞州区", "330212"),
    ("江苏省南京市", "鼓楼区", "320106"),
    ("江苏省苏州市", "工业园区", "320571"),
    ("上海市", "浦东新区", "310115"),
    ("北京市", "朝阳区", "110105"),
    ("广东省深圳市", "南山区", "440305"),
    ("广东省广州市", "天河区", "440106"),
    ("福建省福州市", "鼓楼区", "350102"),
    ("四川省成都市", "武侯区", "510107"),
    ("湖北省武汉市", "洪山区", "420111"),
];
const CITY_SHORT: &[&str] = &[
    "杭州", "杭州", "宁波", "南京", "苏州", "上海", "北京", "深圳", "广州", "福州", "成都", "武汉",
];
const TRADE_NAMES: &[&str] = &[
    "华瑞", "明远", "恒信", "嘉禾", "启航", "博雅", "鼎盛", "立诚", "安达", "云帆", "泰和", "新元",
    "睿达", "蓝海", "合众", "正阳", "天成", "瑞丰", "永安", "通达",
];
/// (name part, industry)
const BUSINESSES: &[(&str, &str)] = &[
    ("科技", "软件和信息技术服务业"),
    ("贸易", "批发业"),
    ("餐饮管理", "餐饮业"),
    ("建筑工程", "土木工程建筑业"),
    ("电子商务", "互联网和相关服务"),
    ("文化传媒", "广播、电视、电影和录音制作业"),
    ("物流", "道路运输业"),
    ("咨询", "商务服务业"),
    ("服饰", "纺织服装、服饰业"),
    ("机械制造", "通用设备制造业"),
];
const ROADS: &[&str] = &[
    "文三路",
    "中山路",
    "人民路",
    "解放路",
    "建设路",
    "学院路",
    "长江路",
    "延安路",
    "和平路",
    "科技路",
];
const ROLES: &[&str] = &["财务负责人", "出纳", "总经理", "办税员"];
/// (bank and branch suffix, card prefix)
const BANKS: &[(&str, &str)] = &[
    ("中国工商银行", "622202"),
    ("中国建设银行", "621700"),
    ("中国农业银行", "622848"),
    ("中国银行", "621661"),
    ("招商银行", "622588"),
    ("交通银行", "622260"),
];
const TAGS: &[&str] = &["月度记账", "季度申报", "年报审计", "汇算清缴", "新设立"];

fn person_name(rng: &mut Rng) -> String {
    format!("{}{}", rng.pick(SURNAMES), rng.pick(GIVEN))
}

fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&[
        "138", "139", "136", "150", "158", "186", "187", "177", "199",
    ]);
    format!("{prefix}{}", rng.digits(8))
}

/// A 统一社会信用代码 for a company registered in `division`, with its check character.
fn credit_code(rng: &mut Rng, division: &str) -> String {
    const ORG: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
    let org: String = (0..9)
        .map(|_| char::from(ORG.get(rng.below(ORG.len())).copied().unwrap_or(b'0')))
        .collect();
    let body = format!("91{division}{org}");
    let check = credit_code_check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

/// A 居民身份证号 registered in `division`, born between 1960 and 2000, with its check.
fn id_number(rng: &mut Rng, division: &str) -> String {
    let year = 1960 + rng.below(41);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let body = format!("{division}{year:04}{month:02}{day:02}{}", rng.digits(3));
    let check = id_number_check_char(&body).unwrap_or('0');
    format!("{body}{check}")
}

/// A 16- or 19-digit bank card number after `prefix` with a correct Luhn digit.
fn card_number(rng: &mut Rng, prefix: &str) -> String {
    let len = if rng.chance(50) { 16 } else { 19 };
    let body = format!("{prefix}{}", rng.digits(len - 1 - prefix.len()));
    format!("{body}{}", luhn_digit(&body))
}

/// The Luhn check digit to append to `body`.
fn luhn_digit(body: &str) -> char {
    let sum: u32 = body
        .chars()
        .rev()
        .filter_map(|c| c.to_digit(10))
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    char::from_digit((10 - sum % 10) % 10, 10).unwrap_or('0')
}

fn date_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = usize::try_from((to - from).num_days().max(1)).unwrap_or(1);
    from + chrono::Duration::days(i64::try_from(rng.below(span)).unwrap_or(0))
}

/// `count` fictional clients, the same for the same `seed`; dates fall before `today`.
#[must_use]
pub fn demo_clients(seed: u64, count: usize, today: NaiveDate) -> Vec<DemoClient> {
    let mut rng = Rng(seed);
    let earliest = NaiveDate::from_ymd_opt(today.year() - 6, 1, 1).unwrap_or(today);
    (0..count.min(MAX_DEMO_CLIENTS))
        .map(|_| one_client(&mut rng, earliest, today))
        .collect()
}

fn one_client(rng: &mut Rng, earliest: NaiveDate, today: NaiveDate) -> DemoClient {
    let place_index = rng.below(PLACES.len());
    let (city, district, division) =
        PLACES
            .get(place_index)
            .copied()
            .unwrap_or(("浙江省杭州市", "西湖区", "330106"));
    let city_short = CITY_SHORT.get(place_index).copied().unwrap_or("杭州");
    let company = rng.chance(75);
    let address = format!(
        "{city}{district}{}{}号",
        rng.pick(ROADS),
        1 + rng.below(300)
    );
    let start = date_between(rng, earliest, today);
    let mut tags = vec![DEMO_TAG.to_owned(), rng.pick(TAGS).to_owned()];
    tags.dedup();
    let (bank, card_prefix) = BANKS
        .get(rng.below(BANKS.len()))
        .copied()
        .unwrap_or(("中国工商银行", "622202"));
    let branch = format!(
        "{bank}{city_short}{}支行",
        rng.pick(ROADS).trim_end_matches('路')
    );
    let input = if company {
        let (part, industry) = BUSINESSES
            .get(rng.below(BUSINESSES.len()))
            .copied()
            .unwrap_or(("科技", "软件和信息技术服务业"));
        let name = format!("{city_short}{}{part}有限公司", rng.pick(TRADE_NAMES));
        let contacts = (0..1 + rng.below(2))
            .map(|i| ContactInput {
                name: person_name(rng),
                role: ROLES.get(i).copied().unwrap_or("出纳").to_owned(),
                phone: mobile(rng),
                email: format!("finance{}@example.com", rng.digits(4)),
                id_number: String::new(),
            })
            .collect();
        ClientInput {
            kind: ClientKind::Company,
            name,
            credit_code: credit_code(rng, division),
            id_number: String::new(),
            legal_representative: person_name(rng),
            registered_address: address,
            industry: industry.to_owned(),
            taxpayer_status: Some(if rng.chance(40) {
                TaxpayerStatus::General
            } else {
                TaxpayerStatus::Small
            }),
            engagement_start: start.format("%Y-%m-%d").to_string(),
            engagement_end: String::new(),
            tags,
            contacts,
            bank_accounts: vec![BankAccountInput {
                bank_name: branch,
                account: format!("{}{}", 1 + rng.below(9), rng.digits(18)),
                kind: BankAccountKind::Corporate,
            }],
            credit: rng.chance(30).then(|| CreditInput {
                rating: rng.pick(&["A", "A", "B", "C"]).to_owned(),
                basis: "按时付费，资料提供及时".to_owned(),
                assessed_on: date_between(rng, start, today)
                    .format("%Y-%m-%d")
                    .to_string(),
                assessor: person_name(rng),
                notes: String::new(),
            }),
        }
    } else {
        let name = person_name(rng);
        ClientInput {
            kind: ClientKind::Individual,
            name: name.clone(),
            credit_code: String::new(),
            id_number: id_number(rng, division),
            legal_representative: String::new(),
            registered_address: address,
            industry: "个人所得税申报".to_owned(),
            taxpayer_status: None,
            engagement_start: start.format("%Y-%m-%d").to_string(),
            engagement_end: String::new(),
            tags,
            contacts: vec![ContactInput {
                name,
                role: "本人".to_owned(),
                phone: mobile(rng),
                email: String::new(),
                id_number: String::new(),
            }],
            bank_accounts: vec![BankAccountInput {
                bank_name: branch,
                account: card_number(rng, card_prefix),
                kind: BankAccountKind::Card,
            }],
            credit: None,
        }
    };
    let given = date_between(rng, start, today)
        .format("%Y-%m-%d")
        .to_string();
    let mut consents = vec![ConsentInput {
        scope: ConsentScope::Processing,
        contact_index: None,
        purpose: "代理记账、纳税申报及相关咨询服务".to_owned(),
        categories: vec!["basic".to_owned(), "contact".to_owned()],
        recipient: String::new(),
        given_on: given.clone(),
        method: "signed_form".to_owned(),
        evidence_document: None,
    }];
    if input.kind == ClientKind::Individual {
        consents.push(ConsentInput {
            scope: ConsentScope::SensitiveData,
            contact_index: None,
            purpose: "办理个人所得税申报所需的身份证件号码和银行账户".to_owned(),
            categories: vec!["basic".to_owned(), "financial_account".to_owned()],
            recipient: String::new(),
            given_on: given.clone(),
            method: "signed_form".to_owned(),
            evidence_document: None,
        });
    }
    if rng.chance(25) {
        consents.push(ConsentInput {
            scope: ConsentScope::ThirdParty,
            contact_index: None,
            purpose: "向年报审计机构提供财务资料".to_owned(),
            categories: vec!["basic".to_owned(), "financial_account".to_owned()],
            recipient: format!(
                "{}{}会计师事务所",
                rng.pick(CITY_SHORT),
                rng.pick(TRADE_NAMES)
            ),
            given_on: given,
            method: "electronic".to_owned(),
            evidence_document: None,
        });
    }
    DemoClient { input, consents }
}

impl Vault {
    /// Creates `count` demo clients from `seed` with their consents (administrators only).
    /// Each client is created and audited like any other; one more entry records the fill.
    /// Returns the new clients' ids.
    pub fn fill_demo_clients(
        &mut self,
        seed: u64,
        count: usize,
        now: DateTime<Utc>,
    ) -> CoreResult<Vec<String>> {
        self.session.require(Action::ManageUsers)?;
        self.session.require(Action::EditClient)?;
        let demos = demo_clients(seed, count, now.date_naive());
        let records = demos
            .iter()
            .map(|d| {
                ClientRecord::from_input(&d.input, now.date_naive()).map_err(|_| {
                    CoreError::InvalidInput {
                        field: "demo".to_owned(),
                        reason: "format".to_owned(),
                    }
                })
            })
            .collect::<CoreResult<Vec<_>>>()?;
        // The clients in one transaction; their consents after.
        let ids = self.insert_clients(records, Some("demo"), now)?;
        for (id, demo) in ids.iter().zip(&demos) {
            for consent in &demo.consents {
                self.record_consent(id, consent, now)?;
            }
        }
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "clients.demo_filled",
                target: None,
                details: Some(serde_json::json!({ "count": ids.len(), "seed": seed })),
            },
            now,
        )?;
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clients::validate::{luhn_valid, validate_credit_code, validate_id_number};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    #[test]
    fn every_demo_client_passes_the_validators() {
        for seed in [0, 1, 42, 2026] {
            for demo in demo_clients(seed, 300, today()) {
                let record = ClientRecord::from_input(&demo.input, today())
                    .unwrap_or_else(|e| panic!("{:?}: {e:?}", demo.input.name));
                match record.kind {
                    ClientKind::Company => {
                        assert!(validate_credit_code(&record.credit_code).is_ok());
                    }
                    ClientKind::Individual => {
                        assert!(validate_id_number(&record.id_number, today()).is_ok());
                        assert!(record.bank_accounts.iter().all(|a| luhn_valid(&a.account)));
                    }
                }
                assert!(record.tags.iter().any(|t| t == DEMO_TAG));
                assert!(!demo.consents.is_empty());
            }
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_clients() {
        let a = demo_clients(7, 50, today());
        let b = demo_clients(7, 50, today());
        let c = demo_clients(8, 50, today());
        assert_eq!(
            a.iter().map(|d| &d.input).collect::<Vec<_>>(),
            b.iter().map(|d| &d.input).collect::<Vec<_>>()
        );
        assert_ne!(
            a.iter().map(|d| &d.input).collect::<Vec<_>>(),
            c.iter().map(|d| &d.input).collect::<Vec<_>>()
        );
    }

    #[test]
    fn both_kinds_and_third_party_consents_occur() {
        let all = demo_clients(3, 200, today());
        assert!(all.iter().any(|d| d.input.kind == ClientKind::Company));
        assert!(all.iter().any(|d| d.input.kind == ClientKind::Individual));
        assert!(all.iter().any(|d| d
            .consents
            .iter()
            .any(|c| c.scope == ConsentScope::ThirdParty)));
    }

    #[test]
    fn luhn_digit_completes_known_numbers() {
        assert_eq!(luhn_digit("7992739871"), '3');
        assert!(luhn_valid("79927398713"));
    }
}
