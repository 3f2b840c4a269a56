//! Text features for matching: counterparty/memo similarity on character bigrams after
//! stripping regions, company suffixes and generic bookkeeping words (so that 收华瑞货款
//! and 杭州华瑞科技有限公司 both reduce to 华瑞), and reference tokens compared whole.

/// Province and city names that prefix Chinese company names.
#[rustfmt::skip]
const REGIONS: &[&str] = &[
    "内蒙古", "黑龙江", "北京", "上海", "天津", "重庆", "河北", "山西", "辽宁", "吉林", "江苏", "浙江", "安徽", "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "海南", "四川", "贵州", "云南", "陕西", "甘肃", "青海", "广西", "西藏", "宁夏", "新疆", "香港", "澳门", "杭州", "宁波", "温州", "苏州", "无锡", "南京", "深圳", "广州", "东莞", "佛山", "厦门", "福州", "青岛", "济南", "成都", "武汉", "长沙", "郑州", "西安", "合肥", "昆明", "大连", "沈阳", "哈尔滨", "长春", "石家庄", "太原", "南昌", "南宁", "贵阳", "兰州", "珠海", "中山", "惠州", "常州", "嘉兴", "绍兴", "金华", "台州", "义乌", "烟台", "潍坊", "徐州", "扬州", "南通", "泉州", "漳州", "中国",
];

/// Company-form and trade words that say nothing about who the party is.
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "股份有限公司", "有限责任公司", "有限公司", "分公司", "公司", "集团", "科技", "贸易", "实业", "商贸", "电子", "网络", "信息", "技术", "发展", "工贸", "国际", "控股", "投资", "管理", "咨询", "服务", "经营部", "商行", "中心", "股份", "机械", "纺织", "包装", "化工", "五金", "塑胶", "建材", "物流", "食品", "服饰", "家具", "印刷", "设备", "工程", "建设", "医药", "汽车", "能源", "环保", "制品", "制造", "商务", "文化", "传媒", "广告", "餐饮", "装饰", "新材料", "材料", "供应链", "进出口", "电器", "仪器", "农业", "软件", "省", "市", "区", "县",
];

/// Generic bookkeeping words of 摘要 (收/付/货款/转账 ...).
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    "往来款", "收到", "收取", "支付", "付款", "收款", "货款", "转账", "汇款", "往来", "预付", "预收", "还款", "报销", "结算", "款项", "银行存款", "应收账款", "应付账款", "其他应收款", "其他应付款", "代发", "发放", "计提", "收", "付", "款", "的",
];

/// A sorted set of character bigram (and lone-character) codes.
pub type Grams = Vec<u64>;

fn stripper() -> Option<&'static aho_corasick::AhoCorasick> {
    static AC: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> = std::sync::OnceLock::new();
    AC.get_or_init(|| {
        let words: Vec<&str> = REGIONS
            .iter()
            .chain(SUFFIXES)
            .chain(GENERIC)
            .copied()
            .collect();
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(words)
            .ok()
    })
    .as_ref()
}

/// Bigram set of the words that identify a party or purpose in `parts`.
#[must_use]
pub fn grams(parts: &[&str]) -> Grams {
    let mut out = Vec::new();
    let mut push_segment = |seg: &str| {
        let mut prev: Option<char> = None;
        let mut lone: Option<char> = None;
        for c in seg.chars() {
            if !c.is_alphabetic() {
                if let Some(f) = lone.take() {
                    out.push(u64::from(u32::from(f)) << 21);
                }
                prev = None;
                continue;
            }
            let c = c.to_ascii_lowercase();
            match prev {
                Some(p) => {
                    out.push((u64::from(u32::from(p)) << 21) | u64::from(u32::from(c)));
                    lone = None;
                }
                None => lone = Some(c),
            }
            prev = Some(c);
        }
        if let Some(f) = lone {
            out.push(u64::from(u32::from(f)) << 21);
        }
    };
    for text in parts {
        let lowered;
        let text: &str = if text.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = text.to_ascii_lowercase();
            &lowered
        } else {
            text
        };
        match stripper() {
            Some(ac) => {
                let mut last = 0;
                for m in ac.find_iter(text) {
                    push_segment(text.get(last..m.start()).unwrap_or(""));
                    last = m.end();
                }
                push_segment(text.get(last..).unwrap_or(""));
            }
            None => push_segment(text),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Overlap coefficient |A∩B| / min(|A|,|B|) in per-mille (0 when either is empty). It
/// rewards abbreviations: a short name fully contained in a longer text scores 1000.
#[must_use]
pub fn overlap(a: &[u64], b: &[u64]) -> u16 {
    if a.is_empty() || b.is_empty() {
        return 0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let min = a.len().min(b.len());
    u16::try_from(common * 1000 / min).unwrap_or(1000)
}

/// Reference tokens: runs of ASCII letters and digits of length ≥ 4 holding at least 3
/// digits (voucher, serial, invoice and order numbers). Compared whole, never as
/// substrings, so `123` never matches inside `41234`.
#[must_use]
pub fn tokens(parts: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = token_iter(parts).map(str::to_ascii_uppercase).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn token_iter<'a>(parts: &'a [&'a str]) -> impl Iterator<Item = &'a str> + 'a {
    parts
        .iter()
        .flat_map(|text| alnum_runs(text))
        .filter(|t| t.len() >= 4 && t.bytes().filter(u8::is_ascii_digit).count() >= 3)
}

/// The runs of ASCII letters and digits in `text`, found on bytes: a character is an ASCII
/// letter or digit exactly when its one byte is, and every byte of a multi-byte character
/// is ≥ 0x80, so the runs are what splitting on characters gives, without decoding them.
fn alnum_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while bytes.get(at).is_some_and(|b| !b.is_ascii_alphanumeric()) {
            at += 1;
        }
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            at += 1;
        }
        (at > start).then(|| text.get(start..at)).flatten()
    })
}

/// [`tokens`] as sorted FNV-1a hashes (case-insensitive): cheap to store and compare.
#[must_use]
pub fn token_hashes(parts: &[&str]) -> Vec<u64> {
    let mut out: Vec<u64> = token_iter(parts)
        .map(|t| fnv(t.bytes().map(|b| b.to_ascii_uppercase())))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// [`token_hashes`] without a heap allocation for the usual line, which has no, one or two
/// reference tokens (a line's features are made for every line of both sides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TokenHashes {
    /// Up to two hashes, sorted, distinct; `len` of them are used.
    Inline { len: u8, hashes: [u64; 2] },
    /// Three or more, sorted, distinct.
    Heap(Box<[u64]>),
}

impl TokenHashes {
    /// The hashes, sorted and distinct.
    pub(crate) fn as_slice(&self) -> &[u64] {
        match self {
            Self::Inline { len, hashes } => hashes.get(..usize::from(*len)).unwrap_or_default(),
            Self::Heap(all) => all,
        }
    }
}

/// [`token_hashes`] as [`TokenHashes`].
pub(crate) fn token_hash_set(parts: &[&str]) -> TokenHashes {
    let mut hashes = token_iter(parts).map(|t| fnv(t.bytes().map(|b| b.to_ascii_uppercase())));
    let first = hashes.next();
    let second = first.and_then(|_| hashes.next());
    let third = second.and_then(|_| hashes.next());
    match (first, second, third) {
        (None, _, _) => TokenHashes::Inline {
            len: 0,
            hashes: [0; 2],
        },
        (Some(a), None, _) => TokenHashes::Inline {
            len: 1,
            hashes: [a, 0],
        },
        (Some(a), Some(b), None) if a == b => TokenHashes::Inline {
            len: 1,
            hashes: [a, 0],
        },
        (Some(a), Some(b), None) => TokenHashes::Inline {
            len: 2,
            hashes: [a.min(b), a.max(b)],
        },
        (Some(a), Some(b), Some(c)) => {
            let mut all: Vec<u64> = [a, b, c].into_iter().chain(hashes).collect();
            all.sort_unstable();
            all.dedup();
            match all.as_slice() {
                [one] => TokenHashes::Inline {
                    len: 1,
                    hashes: [*one, 0],
                },
                [x, y] => TokenHashes::Inline {
                    len: 2,
                    hashes: [*x, *y],
                },
                _ => TokenHashes::Heap(all.into_boxed_slice()),
            }
        }
    }
}

/// FNV-1a 64 of a byte sequence.
pub fn fnv(bytes: impl Iterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Hash of the digits of an account number, 0 when it has fewer than six digits.
#[must_use]
pub fn account_key(account: &str) -> u64 {
    if account.bytes().filter(u8::is_ascii_digit).count() < 6 {
        return 0;
    }
    fnv(account.bytes().filter(u8::is_ascii_digit))
}

/// Whether two sorted hash lists share a value.
#[must_use]
pub fn share_hash(a: &[u64], b: &[u64]) -> bool {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Whether two sorted token lists share a token.
#[must_use]
pub fn share_token(a: &[String], b: &[String]) -> Option<String> {
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return Some(x.clone()),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_match() {
        let a = grams(&["收华瑞货款"]);
        let b = grams(&["杭州华瑞科技有限公司"]);
        assert_eq!(overlap(&a, &b), 1000);
        let c = grams(&["宁波明达贸易有限公司"]);
        assert_eq!(overlap(&a, &c), 0);
    }

    #[test]
    fn runs_are_the_character_split() {
        for text in [
            "付款 INV-2025001 订单41234",
            "",
            "发票",
            "abc",
            "a1b2-c3d4ｅ５6789",
            "  x  ",
            "订单12345发票67890",
        ] {
            let by_char: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|t| !t.is_empty())
                .collect();
            assert_eq!(alnum_runs(text).collect::<Vec<_>>(), by_char, "{text}");
        }
    }

    #[test]
    fn token_hash_sets_are_the_sorted_hashes() {
        for text in [
            "",
            "no tokens here",
            "SN0000000001",
            "发票25677023 发票25677023",
            "INV-2025001 订单41234",
            "a1234 b5678 c9012 d3456",
            "1234 1234 5678",
        ] {
            assert_eq!(
                token_hash_set(&[text, "记-12"]).as_slice(),
                token_hashes(&[text, "记-12"]).as_slice(),
                "{text}"
            );
        }
    }

    #[test]
    fn tokens_are_whole() {
        let a = tokens(&["付款 INV-2025001 订单41234"]);
        assert_eq!(a, vec!["2025001".to_owned(), "41234".to_owned()]);
        assert!(share_token(&a, &tokens(&["1234"])).is_none());
        assert!(share_token(&a, &tokens(&["ref 41234"])).is_some());
    }
}
