//! Masking of sensitive values for display. Each masker normalises first, so it accepts a
//! stored value as well as anything typed, and never panics.
//!
//! | value | rule | example |
//! |---|---|---|
//! | ID number | first 6 and last 4 kept | `110105********002X` |
//! | credit code | first 2 and last 4 kept | `91************0Y43` |
//! | bank account | last 4 kept, length hidden | `**** **** **** 1234` |
//! | mobile | first 3 and last 4 kept | `138****5678` |
//! | landline | area code and last 4 kept, extension hidden | `0571-****4321-****` |
//! | e-mail | first character of the local part and the domain kept | `z****@example.com` |
//! | address | province and city kept, the rest hidden, length hidden | `浙江省杭州市****` |
//! | name | surname kept (复姓 too), one `*` per other character | `王*`, `欧阳**` |
//!
//! Short or malformed values never reveal more: every masker keeps a minimum number of
//! characters hidden and gives up what it would show before it shows more (a 10-character
//! "ID number" keeps at most its last 2 characters, a 1-character name is `*`).

use super::classification::Field;
use super::normalize::{
    normalize_bank_account, normalize_credit_code, normalize_email, normalize_id_number,
    normalize_number_chars, normalize_text,
};
use super::validate::{validate_landline, validate_mobile};

/// The character that replaces hidden characters.
pub const MASK: char = '*';

/// What is shown for a hidden rest of unknown length.
const HIDDEN: &str = "****";

/// Keeps up to `keep_start` leading and `keep_end` trailing characters, replacing every
/// other one by [`MASK`], while always hiding at least `min_hidden` characters (or all of
/// them when there are fewer); the kept part shrinks from the start first.
fn keep_ends(chars: &[char], keep_start: usize, keep_end: usize, min_hidden: usize) -> String {
    let n = chars.len();
    let revealable = n.saturating_sub(min_hidden);
    let end = keep_end.min(revealable);
    let start = keep_start.min(revealable - end);
    chars
        .iter()
        .enumerate()
        .map(|(i, &c)| if i < start || i >= n - end { c } else { MASK })
        .collect()
}

/// Masks a 居民身份证号: `110105********002X`.
#[must_use]
pub fn mask_id_number(input: &str) -> String {
    let chars: Vec<char> = normalize_id_number(input).chars().collect();
    keep_ends(&chars, 6, 4, 8)
}

/// Masks a 统一社会信用代码: `91************0Y43`.
#[must_use]
pub fn mask_credit_code(input: &str) -> String {
    let chars: Vec<char> = normalize_credit_code(input).chars().collect();
    keep_ends(&chars, 2, 4, 8)
}

/// Masks a bank account or card number: `**** **** **** 1234`, whatever its length; a value
/// shorter than 8 characters is shown as `****`.
#[must_use]
pub fn mask_bank_account(input: &str) -> String {
    let chars: Vec<char> = normalize_bank_account(input).chars().collect();
    match chars.len() {
        0 => String::new(),
        1..=7 => HIDDEN.to_owned(),
        n => {
            let last: String = chars.iter().skip(n - 4).collect();
            format!("**** **** **** {last}")
        }
    }
}

/// Masks a phone number: mobile `138****5678`, landline `0571-****4321` (an extension is
/// replaced by `*`s). Anything else keeps at most its last 4 characters and hides at least
/// half of them.
#[must_use]
pub fn mask_phone(input: &str) -> String {
    if let Ok(mobile) = validate_mobile(input) {
        let chars: Vec<char> = mobile.chars().collect();
        return keep_ends(&chars, 3, 4, 4);
    }
    if let Ok(landline) = validate_landline(input) {
        let mut parts = landline.split('-');
        let area = parts.next().unwrap_or_default();
        let local: Vec<char> = parts.next().unwrap_or_default().chars().collect();
        let mut out = format!("{area}-{}", keep_ends(&local, 0, 4, 3));
        if let Some(ext) = parts.next() {
            out.push('-');
            out.extend(ext.chars().map(|_| MASK));
        }
        return out;
    }
    let chars: Vec<char> = normalize_number_chars(input).chars().collect();
    let half = chars.len().div_ceil(2);
    keep_ends(&chars, 0, 4, half.max(4))
}

/// Masks an e-mail address: `z***@example.com`. A value that is not `local@domain` is
/// shown as `****`.
#[must_use]
pub fn mask_email(input: &str) -> String {
    let email = normalize_email(input);
    if email.is_empty() {
        return String::new();
    }
    match email.rsplit_once('@') {
        Some((local, domain)) if !local.is_empty() && !domain.is_empty() => {
            let mut chars = local.chars();
            match (chars.next(), chars.next()) {
                (Some(first), Some(_)) => format!("{first}{HIDDEN}@{domain}"),
                _ => format!("{HIDDEN}@{domain}"),
            }
        }
        _ => HIDDEN.to_owned(),
    }
}

/// 复姓 (two-character surnames) recognised by [`mask_name`].
const COMPOUND_SURNAMES: [&str; 40] = [
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "西门", "南宫", "独孤", "百里", "呼延", "澹台", "公冶", "太史",
    "申屠", "闻人", "赫连", "万俟", "钟离", "宗政", "濮阳", "淳于", "单于", "司空", "闾丘", "拓跋",
    "左丘", "东郭", "第五", "谷梁",
];

/// Masks a person's name, keeping the surname: `王*`, `张**`, `欧阳**`. A one-character
/// value is `*`; a two-character compound surname alone keeps only its first character.
/// Names in other scripts keep their first character.
#[must_use]
pub fn mask_name(input: &str) -> String {
    let name = normalize_text(input);
    let chars: Vec<char> = name.chars().collect();
    let compound = COMPOUND_SURNAMES.iter().any(|s| name.starts_with(s));
    let keep = match chars.len() {
        0 | 1 => 0,
        2 => 1,
        _ if compound => 2,
        _ => 1,
    };
    keep_ends(&chars, keep, 0, chars.len().saturating_sub(keep))
}

/// Municipalities directly under the central government: province and city at once.
const MUNICIPALITIES: [&str; 4] = ["北京", "天津", "上海", "重庆"];
/// Special administrative regions.
const SARS: [&str; 2] = ["香港", "澳门"];
/// Provinces and autonomous regions, with their full suffix.
const PROVINCES: [(&str, &str); 28] = [
    ("河北", "省"),
    ("山西", "省"),
    ("内蒙古", "自治区"),
    ("辽宁", "省"),
    ("吉林", "省"),
    ("黑龙江", "省"),
    ("江苏", "省"),
    ("浙江", "省"),
    ("安徽", "省"),
    ("福建", "省"),
    ("江西", "省"),
    ("山东", "省"),
    ("河南", "省"),
    ("湖北", "省"),
    ("湖南", "省"),
    ("广东", "省"),
    ("广西", "壮族自治区"),
    ("海南", "省"),
    ("四川", "省"),
    ("贵州", "省"),
    ("云南", "省"),
    ("西藏", "自治区"),
    ("陕西", "省"),
    ("甘肃", "省"),
    ("青海", "省"),
    ("宁夏", "回族自治区"),
    ("新疆", "维吾尔自治区"),
    ("台湾", "省"),
];
/// Suffixes of prefecture-level units (a city's name ends with one of them).
const CITY_SUFFIXES: [&str; 4] = ["自治州", "地区", "市", "盟"];
/// Characters that end the search for a city name: they belong to districts, streets and
/// house numbers, which must stay hidden.
const NOT_IN_CITY_NAME: [char; 14] = [
    '区', '县', '镇', '乡', '路', '街', '道', '号', '村', '巷', '弄', '楼', '室', ' ',
];
/// The longest city name considered, in characters (e.g. 恩施土家族苗族 + 自治州).
const MAX_CITY_NAME_CHARS: usize = 10;

/// Length in bytes of the province-level prefix of `s`, and whether it is also the city.
fn province_prefix(s: &str) -> (usize, bool) {
    for name in MUNICIPALITIES {
        if s.starts_with(name) {
            let len = name.len();
            let len = len
                + if s.get(len..).is_some_and(|r| r.starts_with('市')) {
                    '市'.len_utf8()
                } else {
                    0
                };
            return (len, true);
        }
    }
    for name in SARS {
        if s.starts_with(name) {
            let suffix = "特别行政区";
            let len = name.len();
            let len = len
                + if s.get(len..).is_some_and(|r| r.starts_with(suffix)) {
                    suffix.len()
                } else {
                    0
                };
            return (len, true);
        }
    }
    for (name, suffix) in PROVINCES {
        if s.starts_with(name) {
            let len = name.len();
            let len = len
                + if s.get(len..).is_some_and(|r| r.starts_with(suffix)) {
                    suffix.len()
                } else {
                    0
                };
            return (len, false);
        }
    }
    (0, false)
}

/// Length in bytes of the city name at the start of `s` (name + suffix), or 0.
fn city_prefix(s: &str) -> usize {
    for (count, (i, c)) in s.char_indices().enumerate() {
        if count > MAX_CITY_NAME_CHARS || NOT_IN_CITY_NAME.contains(&c) {
            return 0;
        }
        if count == 0 {
            continue;
        }
        let rest = s.get(i..).unwrap_or_default();
        if let Some(suffix) = CITY_SUFFIXES.iter().find(|sfx| rest.starts_with(**sfx)) {
            return i + suffix.len();
        }
    }
    0
}

/// Masks an address, keeping the province and the city: `浙江省杭州市****`,
/// `北京市****`. When neither is recognised, the whole address is `****`.
#[must_use]
pub fn mask_address(input: &str) -> String {
    let address = normalize_text(input);
    if address.is_empty() {
        return String::new();
    }
    let (province, is_city) = province_prefix(&address);
    let rest = address.get(province..).unwrap_or_default();
    let city = if is_city { 0 } else { city_prefix(rest) };
    let kept = address.get(..province + city).unwrap_or_default();
    if kept.len() == address.len() {
        kept.to_owned()
    } else {
        format!("{kept}{HIDDEN}")
    }
}

/// Masks the value of `field` for display: unchanged for fields that are not sensitive,
/// the field's masker for sensitive ones, `****` for sensitive free text and files.
#[must_use]
pub fn mask_field(field: Field, value: &str) -> String {
    if !field.is_sensitive() {
        return value.to_owned();
    }
    match field {
        Field::IdNumber | Field::ContactIdNumber => mask_id_number(value),
        Field::BankAccount => mask_bank_account(value),
        Field::ContactPhone => mask_phone(value),
        Field::RegisteredAddress => mask_address(value),
        _ if normalize_text(value).is_empty() => String::new(),
        _ => HIDDEN.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn id_numbers() {
        assert_eq!(mask_id_number("11010519491231002X"), "110105********002X");
        assert_eq!(
            mask_id_number("１１０１０５ １９４９１２３１ ００２ｘ"),
            "110105********002X"
        );
        assert_eq!(mask_id_number(""), "");
        assert_eq!(mask_id_number("1234"), "****");
        assert_eq!(mask_id_number("1234567890"), "********90");
        assert_eq!(mask_id_number("123456789012"), "********9012");
        assert_eq!(mask_id_number("12345678901234"), "12********1234");
    }

    #[test]
    fn credit_codes() {
        assert_eq!(mask_credit_code("91350100M000100Y43"), "91************0Y43");
        assert_eq!(mask_credit_code("91ab"), "****");
    }

    #[test]
    fn bank_accounts() {
        assert_eq!(
            mask_bank_account("6222021234567890128"),
            "**** **** **** 0128"
        );
        assert_eq!(
            mask_bank_account("4111 1111 1111 1234"),
            "**** **** **** 1234"
        );
        assert_eq!(mask_bank_account("12345678"), "**** **** **** 5678");
        assert_eq!(mask_bank_account("1234567"), "****");
        assert_eq!(mask_bank_account(" "), "");
    }

    #[test]
    fn phones() {
        assert_eq!(mask_phone("13812345678"), "138****5678");
        assert_eq!(mask_phone("+86 138 1234 5678"), "138****5678");
        assert_eq!(mask_phone("0571-87654321"), "0571-****4321");
        assert_eq!(mask_phone("021-6234567"), "021-***4567");
        assert_eq!(mask_phone("0571-87654321转8001"), "0571-****4321-****");
        assert_eq!(mask_phone("12345"), "****5");
        assert_eq!(mask_phone("87654321"), "****4321");
        assert_eq!(mask_phone(""), "");
    }

    #[test]
    fn emails() {
        assert_eq!(mask_email("zhangsan@example.com"), "z****@example.com");
        assert_eq!(mask_email("z@example.com"), "****@example.com");
        assert_eq!(mask_email("no at sign"), "****");
        assert_eq!(mask_email("@example.com"), "****");
        assert_eq!(mask_email(""), "");
    }

    #[test]
    fn names() {
        assert_eq!(mask_name("王伟"), "王*");
        assert_eq!(mask_name("张小明"), "张**");
        assert_eq!(mask_name("欧阳娜娜"), "欧阳**");
        assert_eq!(mask_name("欧阳修"), "欧阳*");
        assert_eq!(mask_name("欧阳"), "欧*");
        assert_eq!(mask_name("王"), "*");
        assert_eq!(mask_name(" "), "");
        assert_eq!(mask_name("买买提·艾力"), "买*****");
        assert_eq!(mask_name("John Smith"), "J*********");
    }

    #[test]
    fn addresses() {
        assert_eq!(
            mask_address("浙江省杭州市西湖区文三路90号"),
            "浙江省杭州市****"
        );
        assert_eq!(mask_address("浙江杭州市滨江区"), "浙江杭州市****");
        assert_eq!(mask_address("杭州市西湖区文三路90号"), "杭州市****");
        assert_eq!(mask_address("北京市朝阳区建国路1号"), "北京市****");
        assert_eq!(mask_address("上海浦东新区世纪大道100号"), "上海****");
        assert_eq!(
            mask_address("广西壮族自治区南宁市青秀区"),
            "广西壮族自治区南宁市****"
        );
        assert_eq!(
            mask_address("湖北省恩施土家族苗族自治州恩施市舞阳大街"),
            "湖北省恩施土家族苗族自治州****"
        );
        assert_eq!(
            mask_address("内蒙古自治区锡林郭勒盟锡林浩特市"),
            "内蒙古自治区锡林郭勒盟****"
        );
        assert_eq!(
            mask_address("香港特别行政区中环皇后大道"),
            "香港特别行政区****"
        );
        // A 市 inside a street name is not a city.
        assert_eq!(mask_address("浙江省西湖区市场路1号"), "浙江省****");
        assert_eq!(mask_address("文三路90号"), "****");
        assert_eq!(mask_address("浙江省杭州市"), "浙江省杭州市");
        assert_eq!(mask_address(""), "");
    }

    #[test]
    fn fields() {
        assert_eq!(mask_field(Field::Name, "杭州华瑞科技"), "杭州华瑞科技");
        assert_eq!(
            mask_field(Field::CreditCode, "91350100M000100Y43"),
            "91350100M000100Y43"
        );
        assert_eq!(
            mask_field(Field::IdNumber, "11010519491231002X"),
            "110105********002X"
        );
        assert_eq!(
            mask_field(Field::ContactIdNumber, "11010519491231002X"),
            "110105********002X"
        );
        assert_eq!(
            mask_field(Field::BankAccount, "6222021234567890128"),
            "**** **** **** 0128"
        );
        assert_eq!(
            mask_field(Field::ContactPhone, "13812345678"),
            "138****5678"
        );
        assert_eq!(
            mask_field(Field::RegisteredAddress, "浙江省杭州市西湖区"),
            "浙江省杭州市****"
        );
        assert_eq!(mask_field(Field::CreditNotes, "曾逾期"), "****");
        assert_eq!(mask_field(Field::CreditNotes, ""), "");
        for field in Field::ALL {
            if field.is_sensitive() {
                assert_ne!(
                    mask_field(field, "11010519491231002X"),
                    "11010519491231002X"
                );
            }
        }
    }

    /// Every character outside the kept ends is the mask, and no more than `keep_start` +
    /// `keep_end` characters of the normalised input are shown, always leaving
    /// `min_hidden` hidden.
    fn assert_keeps_ends(
        normalised: &str,
        masked: &str,
        keep_start: usize,
        keep_end: usize,
        min_hidden: usize,
    ) -> Result<(), TestCaseError> {
        let input: Vec<char> = normalised.chars().collect();
        let output: Vec<char> = masked.chars().collect();
        let n = input.len();
        prop_assert_eq!(output.len(), n);
        let mut shown = 0;
        for (i, (&o, &c)) in output.iter().zip(&input).enumerate() {
            let in_kept_end = i < keep_start || i + keep_end >= n;
            if o != MASK {
                prop_assert!(in_kept_end, "position {} of {} shown", i, n);
                prop_assert_eq!(o, c);
                shown += 1;
            }
        }
        prop_assert!(shown <= n.saturating_sub(min_hidden));
        Ok(())
    }

    proptest! {
        #[test]
        fn maskers_never_panic(s in any::<String>()) {
            let _ = mask_id_number(&s);
            let _ = mask_credit_code(&s);
            let _ = mask_bank_account(&s);
            let _ = mask_phone(&s);
            let _ = mask_email(&s);
            let _ = mask_name(&s);
            let _ = mask_address(&s);
            for field in Field::ALL {
                let _ = mask_field(field, &s);
            }
        }

        #[test]
        fn id_numbers_hide_the_middle(s in prop_oneof![any::<String>(), "[0-9]{17}[0-9Xx]", "[0-9 ]{0,30}"]) {
            assert_keeps_ends(&normalize_id_number(&s), &mask_id_number(&s), 6, 4, 8)?;
        }

        #[test]
        fn credit_codes_hide_the_middle(s in prop_oneof![any::<String>(), "[0-9A-Z]{18}"]) {
            assert_keeps_ends(&normalize_credit_code(&s), &mask_credit_code(&s), 2, 4, 8)?;
        }

        #[test]
        fn mobiles_hide_the_middle(s in "1[3-9][0-9]{9}") {
            let masked = mask_phone(&s);
            assert_keeps_ends(&s, &masked, 3, 4, 4)?;
            prop_assert_eq!(masked.get(3..7), Some("****"));
        }

        #[test]
        fn landlines_hide_the_local_number(area in "0[3-9][0-9]{2}", local in "[2-9][0-9]{7}") {
            let masked = mask_phone(&format!("{area} {local}"));
            let expected_tail: String = local.chars().skip(4).collect();
            prop_assert_eq!(masked, format!("{area}-****{expected_tail}"));
        }

        #[test]
        fn bank_accounts_show_only_the_last_four(s in prop_oneof![any::<String>(), "[0-9 -]{0,30}"]) {
            let normalised: Vec<char> = normalize_bank_account(&s).chars().collect();
            let masked = mask_bank_account(&s);
            let n = normalised.len();
            if n >= 8 {
                let last: String = normalised.iter().skip(n - 4).collect();
                prop_assert_eq!(masked, format!("**** **** **** {last}"));
            } else {
                prop_assert!(masked.is_empty() || masked == HIDDEN);
            }
        }

        #[test]
        fn names_show_at_most_the_surname(s in prop_oneof![any::<String>(), "[王张欧阳李][\\u4e00-\\u9fa5]{0,4}"]) {
            let normalised = normalize_text(&s);
            let masked = mask_name(&s);
            let keep = if COMPOUND_SURNAMES.iter().any(|c| normalised.starts_with(c)) { 2 } else { 1 };
            let n = normalised.chars().count();
            assert_keeps_ends(&normalised, &masked, keep, 0, n.saturating_sub(keep).max(1).min(n))?;
        }

        #[test]
        fn addresses_show_only_a_prefix(s in prop_oneof![any::<String>(), "(浙江省|北京市|广西)?[\\u4e00-\\u9fa5市区路号0-9]{0,20}"]) {
            let normalised = normalize_text(&s);
            let masked = mask_address(&s);
            let shown = masked.strip_suffix(HIDDEN).unwrap_or(&masked);
            prop_assert!(normalised.starts_with(shown));
            if shown.len() < normalised.len() {
                prop_assert!(masked.ends_with(HIDDEN));
            }
            prop_assert!(shown.chars().count() <= 8 + MAX_CITY_NAME_CHARS + 3);
        }

        #[test]
        fn emails_show_one_character_and_the_domain(s in "[a-z]{1,10}@[a-z]{1,10}\\.com") {
            let masked = mask_email(&s);
            let (local, domain) = s.split_once('@').unwrap();
            let (masked_local, masked_domain) = masked.split_once('@').unwrap();
            prop_assert_eq!(masked_domain, domain);
            prop_assert!(masked_local.chars().filter(|&c| c != MASK).count() <= 1);
            prop_assert!(local.len() == 1 || masked_local.starts_with(local.get(..1).unwrap()));
        }
    }
}
