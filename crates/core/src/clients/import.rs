//! Importing clients from a spreadsheet (CSV in UTF-8 or GBK, XLS, XLSX).
//!
//! 1. [`read_client_table`] reads the first sheet with the reconciliation crate's readers and
//!    finds the header row; [`auto_mapping`] maps each column from header synonyms (统一社会
//!    信用代码 / 信用代码 / 税号 → credit code, …). The user may change the mapping.
//! 2. [`Vault::preview_client_import`] validates every row with the same rules as the form and
//!    lists each row's problems (row number as the spreadsheet shows it, field, reason);
//!    duplicates of a credit code or ID number in the file or in the vault are `taken`.
//!    Nothing is stored.
//! 3. [`Vault::import_clients`] stores the good rows in one transaction and skips the rest.
//!
//! Contacts' ID numbers are not imported: they need the contact's separate consent first.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use ledgerlock_reconciliation::import::table::Table;
use serde::{Deserialize, Serialize};

use super::record::{
    BankAccountInput, ClientInput, ClientKind, ClientRecord, ContactInput, TaxpayerStatus,
};
use super::validate::BankAccountKind;
use super::{Field, Reason};
use crate::error::{CoreError, CoreResult};
use crate::vault::audit::NewEntry;
use crate::vault::{Action, Vault};

/// Most data rows one import reads.
pub const MAX_IMPORT_ROWS: usize = 20_000;

/// What a spreadsheet column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum ImportColumn {
    /// Company or individual (企业 / 个人).
    Kind,
    /// Name.
    Name,
    /// 统一社会信用代码.
    CreditCode,
    /// 身份证号 (individuals).
    IdNumber,
    /// 法定代表人.
    LegalRepresentative,
    /// 注册地址.
    RegisteredAddress,
    /// 行业.
    Industry,
    /// 纳税人类型.
    TaxpayerStatus,
    /// Engagement start date.
    EngagementStart,
    /// Engagement end date.
    EngagementEnd,
    /// Tags, separated by commas or 、.
    Tags,
    /// Contact's name.
    ContactName,
    /// Contact's role.
    ContactRole,
    /// Contact's phone.
    ContactPhone,
    /// Contact's email.
    ContactEmail,
    /// Bank and branch.
    BankName,
    /// Account number.
    BankAccount,
}

/// Header synonyms, compared after [`normalise_header`].
const SYNONYMS: &[(ImportColumn, &[&str])] = &[
    (
        ImportColumn::Kind,
        &[
            "类型",
            "客户类型",
            "客户类别",
            "主体类型",
            "type",
            "kind",
            "clienttype",
        ],
    ),
    (
        ImportColumn::Name,
        &[
            "名称",
            "客户名称",
            "企业名称",
            "公司名称",
            "单位名称",
            "客户",
            "姓名",
            "name",
            "clientname",
            "company",
        ],
    ),
    (
        ImportColumn::CreditCode,
        &[
            "统一社会信用代码",
            "社会信用代码",
            "信用代码",
            "税号",
            "纳税人识别号",
            "creditcode",
            "uscc",
            "taxid",
        ],
    ),
    (
        ImportColumn::IdNumber,
        &[
            "身份证号",
            "身份证号码",
            "身份证",
            "证件号码",
            "idnumber",
            "idno",
        ],
    ),
    (
        ImportColumn::LegalRepresentative,
        &[
            "法定代表人",
            "法人",
            "法人代表",
            "负责人",
            "legalrepresentative",
        ],
    ),
    (
        ImportColumn::RegisteredAddress,
        &[
            "注册地址",
            "地址",
            "住所",
            "经营地址",
            "address",
            "registeredaddress",
        ],
    ),
    (ImportColumn::Industry, &["行业", "所属行业", "industry"]),
    (
        ImportColumn::TaxpayerStatus,
        &[
            "纳税人类型",
            "纳税人资格",
            "纳税人性质",
            "taxpayerstatus",
            "taxpayer",
        ],
    ),
    (
        ImportColumn::EngagementStart,
        &[
            "服务开始日期",
            "委托开始日期",
            "开始日期",
            "合同开始日期",
            "engagementstart",
            "startdate",
        ],
    ),
    (
        ImportColumn::EngagementEnd,
        &[
            "服务结束日期",
            "委托结束日期",
            "结束日期",
            "合同结束日期",
            "engagementend",
            "enddate",
        ],
    ),
    (ImportColumn::Tags, &["标签", "tags", "tag"]),
    (
        ImportColumn::ContactName,
        &["联系人", "联系人姓名", "contact", "contactname"],
    ),
    (
        ImportColumn::ContactRole,
        &["联系人职务", "职务", "岗位", "contactrole", "role"],
    ),
    (
        ImportColumn::ContactPhone,
        &[
            "联系电话",
            "电话",
            "手机",
            "手机号",
            "手机号码",
            "联系方式",
            "phone",
            "mobile",
            "tel",
        ],
    ),
    (
        ImportColumn::ContactEmail,
        &["邮箱", "电子邮箱", "电子邮件", "email", "e-mail", "mail"],
    ),
    (
        ImportColumn::BankName,
        &[
            "开户行",
            "开户银行",
            "银行",
            "开户行名称",
            "bank",
            "bankname",
        ],
    ),
    (
        ImportColumn::BankAccount,
        &[
            "银行账号",
            "账号",
            "银行账户",
            "开户账号",
            "账户",
            "account",
            "bankaccount",
            "accountno",
        ],
    ),
];

/// A spreadsheet read for import: its header and data rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientTable {
    /// Header cells.
    pub headers: Vec<String>,
    /// `(physical row, cells)` of the data rows.
    pub rows: Vec<(u32, Vec<String>)>,
}

/// One problem of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RowProblem {
    /// The field.
    pub field: Field,
    /// A [`Reason`] code, or `taken` for a duplicate.
    pub reason: String,
}

/// One row of the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// Row number as the spreadsheet shows it.
    pub row: u32,
    /// The name in the row (as typed).
    pub name: String,
    /// Company or individual, as understood.
    pub kind: ClientKind,
    /// Problems; empty when the row will be imported.
    pub problems: Vec<RowProblem>,
}

/// What an import would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// Header cells.
    pub headers: Vec<String>,
    /// The mapping used, one entry per column.
    pub mapping: Vec<Option<ImportColumn>>,
    /// Every data row.
    pub rows: Vec<PreviewRow>,
    /// Rows that would be imported.
    pub valid: u32,
    /// Rows that would be skipped.
    pub invalid: u32,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    /// Clients created.
    pub imported: u32,
    /// Rows skipped for their problems.
    pub skipped: u32,
}

fn unreadable(reason: &str) -> CoreError {
    CoreError::InvalidInput {
        field: "import.file".to_owned(),
        reason: reason.to_owned(),
    }
}

/// Lower case, without spaces, `*` (required markers) and brackets' contents.
#[must_use]
pub fn normalise_header(header: &str) -> String {
    let mut out = String::new();
    let mut depth = 0u32;
    for c in header.chars() {
        match c {
            '(' | '（' | '[' | '【' => depth += 1,
            ')' | '）' | ']' | '】' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_whitespace() || matches!(c, '*' | '＊' | ':' | '：' | '_' | '\u{feff}') => {
            }
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The column a header names, if it is a known synonym.
#[must_use]
pub fn column_for(header: &str) -> Option<ImportColumn> {
    let h = normalise_header(header);
    if h.is_empty() {
        return None;
    }
    SYNONYMS
        .iter()
        .find(|(_, names)| names.contains(&h.as_str()))
        .map(|(c, _)| *c)
}

/// The mapping found from the headers; a column is used at most once (first header wins).
#[must_use]
pub fn auto_mapping(headers: &[String]) -> Vec<Option<ImportColumn>> {
    let mut seen = HashSet::new();
    headers
        .iter()
        .map(|h| column_for(h).filter(|c| seen.insert(*c)))
        .collect()
}

/// Reads the first sheet of a CSV (UTF-8 or GBK), XLS or XLSX file with data; the header is
/// the first of the first ten rows naming at least two known columns (else the first row).
///
/// # Errors
/// `invalid_input` on `import.file` with `unreadable`, `no_rows` or `too_many_rows`.
pub fn read_client_table(file_name: &str, bytes: &[u8]) -> CoreResult<ClientTable> {
    let lower = file_name.to_lowercase();
    let tables: Vec<Table> = if lower.ends_with(".xlsx") || lower.ends_with(".xls") {
        ledgerlock_reconciliation::import::xlsx::read_workbook(file_name, bytes)
            .map_err(|_| unreadable("unreadable"))?
    } else {
        vec![
            ledgerlock_reconciliation::import::csv_file::read_csv(file_name, bytes)
                .map_err(|_| unreadable("unreadable"))?,
        ]
    };
    let table = tables
        .into_iter()
        .find(|t| {
            t.rows
                .iter()
                .any(|(_, c)| c.iter().any(|v| !v.trim().is_empty()))
        })
        .ok_or_else(|| unreadable("no_rows"))?;
    let rows: Vec<(u32, Vec<String>)> = table
        .rows
        .iter()
        .map(|(n, cells)| (*n, cells.iter().map(|c| c.trim().to_owned()).collect()))
        .filter(|(_, cells): &(u32, Vec<String>)| cells.iter().any(|c| !c.is_empty()))
        .collect();
    let header_at = rows
        .iter()
        .take(10)
        .position(|(_, cells)| cells.iter().filter_map(|c| column_for(c)).count() >= 2)
        .unwrap_or(0);
    let mut rest = rows.into_iter().skip(header_at);
    let (_, headers) = rest.next().ok_or_else(|| unreadable("no_rows"))?;
    let data: Vec<(u32, Vec<String>)> = rest.collect();
    if data.is_empty() {
        return Err(unreadable("no_rows"));
    }
    if data.len() > MAX_IMPORT_ROWS {
        return Err(unreadable("too_many_rows"));
    }
    Ok(ClientTable {
        headers,
        rows: data,
    })
}

fn parse_kind(value: &str) -> Option<ClientKind> {
    let v = normalise_header(value);
    if [
        "企业",
        "公司",
        "单位",
        "法人",
        "company",
        "organisation",
        "organization",
    ]
    .iter()
    .any(|k| v.contains(k))
    {
        Some(ClientKind::Company)
    } else if ["个人", "自然人", "个体", "individual", "person"]
        .iter()
        .any(|k| v.contains(k))
    {
        Some(ClientKind::Individual)
    } else {
        None
    }
}

fn parse_taxpayer(value: &str) -> Result<Option<TaxpayerStatus>, ()> {
    let v = normalise_header(value);
    if v.is_empty() {
        Ok(None)
    } else if v.contains("一般") || v.contains("general") {
        Ok(Some(TaxpayerStatus::General))
    } else if v.contains("小规模") || v.contains("small") {
        Ok(Some(TaxpayerStatus::Small))
    } else {
        Err(())
    }
}

/// One row as a [`ClientInput`] (with problems found before validation).
fn row_input(cells: &[String], mapping: &[Option<ImportColumn>]) -> (ClientInput, Vec<RowProblem>) {
    let get = |col: ImportColumn| -> String {
        mapping
            .iter()
            .position(|m| *m == Some(col))
            .and_then(|i| cells.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let credit_code = get(ImportColumn::CreditCode);
    let id_number = get(ImportColumn::IdNumber);
    let kind_text = get(ImportColumn::Kind);
    let kind = if kind_text.is_empty() {
        if credit_code.is_empty() && !id_number.is_empty() {
            ClientKind::Individual
        } else {
            ClientKind::Company
        }
    } else {
        parse_kind(&kind_text).unwrap_or_else(|| {
            problems.push(RowProblem {
                field: Field::ClientType,
                reason: Reason::Format.as_str().to_owned(),
            });
            ClientKind::Company
        })
    };
    let taxpayer_status = parse_taxpayer(&get(ImportColumn::TaxpayerStatus)).unwrap_or_else(|()| {
        problems.push(RowProblem {
            field: Field::TaxpayerStatus,
            reason: Reason::Format.as_str().to_owned(),
        });
        None
    });
    let contact = ContactInput {
        name: get(ImportColumn::ContactName),
        role: get(ImportColumn::ContactRole),
        phone: get(ImportColumn::ContactPhone),
        email: get(ImportColumn::ContactEmail),
        id_number: String::new(),
    };
    let has_contact =
        !(contact.name.is_empty() && contact.phone.is_empty() && contact.email.is_empty());
    let bank_name = get(ImportColumn::BankName);
    let account = get(ImportColumn::BankAccount);
    let digits = account.chars().filter(char::is_ascii_digit).count();
    let bank_kind = if kind == ClientKind::Individual && (16..=19).contains(&digits) {
        BankAccountKind::Card
    } else {
        BankAccountKind::Corporate
    };
    let input = ClientInput {
        kind,
        name: get(ImportColumn::Name),
        credit_code,
        id_number,
        legal_representative: get(ImportColumn::LegalRepresentative),
        registered_address: get(ImportColumn::RegisteredAddress),
        industry: get(ImportColumn::Industry),
        taxpayer_status,
        engagement_start: get(ImportColumn::EngagementStart),
        engagement_end: get(ImportColumn::EngagementEnd),
        tags: get(ImportColumn::Tags)
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned)
            .collect(),
        contacts: if has_contact {
            vec![contact]
        } else {
            Vec::new()
        },
        bank_accounts: if bank_name.is_empty() && account.is_empty() {
            Vec::new()
        } else {
            vec![BankAccountInput {
                bank_name,
                account,
                kind: bank_kind,
            }]
        },
        credit: None,
    };
    (input, problems)
}

/// Validates every row; `known` holds identifiers already in the vault.
fn check_rows(
    table: &ClientTable,
    mapping: &[Option<ImportColumn>],
    known: &HashSet<String>,
    today: NaiveDate,
) -> Vec<(PreviewRow, Option<ClientRecord>)> {
    let mut seen: HashSet<String> = HashSet::new();
    table
        .rows
        .iter()
        .map(|(row, cells)| {
            let (input, mut problems) = row_input(cells, mapping);
            let record = match ClientRecord::from_input(&input, today) {
                Ok(record) => Some(record),
                Err(errors) => {
                    problems.extend(errors.into_iter().map(|e| RowProblem {
                        field: e.error.field,
                        reason: e.error.reason.as_str().to_owned(),
                    }));
                    None
                }
            };
            if let Some(r) = &record {
                let (field, key) = match r.kind {
                    ClientKind::Company => (Field::CreditCode, r.credit_code.clone()),
                    ClientKind::Individual => (Field::IdNumber, r.id_number.clone()),
                };
                if known.contains(&key) || !seen.insert(key) {
                    problems.push(RowProblem {
                        field,
                        reason: "taken".to_owned(),
                    });
                }
            }
            let preview = PreviewRow {
                row: *row,
                name: input.name.clone(),
                kind: input.kind,
                problems,
            };
            let ok = preview.problems.is_empty();
            (preview, record.filter(|_| ok))
        })
        .collect()
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn mapping_or_auto(
    table: &ClientTable,
    mapping: Option<&[Option<ImportColumn>]>,
) -> CoreResult<Vec<Option<ImportColumn>>> {
    match mapping {
        None => Ok(auto_mapping(&table.headers)),
        Some(m) => {
            let used: Vec<ImportColumn> = m.iter().flatten().copied().collect();
            let unique: HashSet<ImportColumn> = used.iter().copied().collect();
            if unique.len() != used.len() {
                return Err(CoreError::InvalidInput {
                    field: "import.mapping".to_owned(),
                    reason: "repeated_column".to_owned(),
                });
            }
            Ok(m.to_vec())
        }
    }
}

impl Vault {
    /// Validates every row, with the identifiers already in the vault counted as duplicates.
    fn check_against_vault(
        &mut self,
        table: &ClientTable,
        mapping: &[Option<ImportColumn>],
        today: NaiveDate,
    ) -> CoreResult<Vec<(PreviewRow, Option<ClientRecord>)>> {
        let mut known = self.known_credit_codes();
        // The list holds individuals' ID numbers masked: find those of this file first.
        let wanted: HashSet<String> = check_rows(table, mapping, &HashSet::new(), today)
            .into_iter()
            .filter_map(|(_, r)| r)
            .filter(|r| r.kind == ClientKind::Individual)
            .map(|r| r.id_number)
            .collect();
        known.extend(self.existing_id_numbers(&wanted)?);
        Ok(check_rows(table, mapping, &known, today))
    }

    /// Reads `bytes` and lists what importing them with `mapping` (or the mapping found from
    /// the headers) would do. Stores nothing; audited as a preview (row counts only).
    pub fn preview_client_import(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        mapping: Option<&[Option<ImportColumn>]>,
        now: DateTime<Utc>,
    ) -> CoreResult<ImportPreview> {
        self.session.require(Action::EditClient)?;
        let table = read_client_table(file_name, bytes)?;
        let mapping = mapping_or_auto(&table, mapping)?;
        let checked = self.check_against_vault(&table, &mapping, now.date_naive())?;
        let valid = checked.iter().filter(|(_, r)| r.is_some()).count();
        let preview = ImportPreview {
            headers: table.headers,
            mapping,
            valid: count(valid),
            invalid: count(checked.len() - valid),
            rows: checked.into_iter().map(|(p, _)| p).collect(),
        };
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "clients.import_previewed",
                target: None,
                details: Some(serde_json::json!({
                    "rows": preview.rows.len(), "valid": preview.valid,
                })),
            },
            now,
        )?;
        Ok(preview)
    }

    /// Imports the good rows of `bytes` in one transaction (all of them or none) and skips the
    /// rows with problems. Each client is audited as created by the import.
    pub fn import_clients(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        mapping: &[Option<ImportColumn>],
        now: DateTime<Utc>,
    ) -> CoreResult<ImportOutcome> {
        self.session.require(Action::EditClient)?;
        let table = read_client_table(file_name, bytes)?;
        let mapping = mapping_or_auto(&table, Some(mapping))?;
        let checked = self.check_against_vault(&table, &mapping, now.date_naive())?;
        let total = checked.len();
        let records: Vec<ClientRecord> = checked.into_iter().filter_map(|(_, r)| r).collect();
        let imported = records.len();
        self.insert_clients(records, Some("import"), now)?;
        self.record(
            &NewEntry {
                actor: Some(self.session.user_id),
                action: "clients.imported",
                target: None,
                details: Some(serde_json::json!({
                    "imported": imported, "skipped": total - imported,
                })),
            },
            now,
        )?;
        Ok(ImportOutcome {
            imported: count(imported),
            skipped: count(total - imported),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_by_synonym_and_each_column_once() {
        let headers: Vec<String> = [
            "客户名称*",
            "统一社会信用代码",
            "税号",
            "联系人",
            "手机号码",
            "开户行",
            "银行账号",
            "备注",
            "Email",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let m = auto_mapping(&headers);
        assert_eq!(m[0], Some(ImportColumn::Name));
        assert_eq!(m[1], Some(ImportColumn::CreditCode));
        assert_eq!(m[2], None, "the credit code column is already taken");
        assert_eq!(m[3], Some(ImportColumn::ContactName));
        assert_eq!(m[4], Some(ImportColumn::ContactPhone));
        assert_eq!(m[5], Some(ImportColumn::BankName));
        assert_eq!(m[6], Some(ImportColumn::BankAccount));
        assert_eq!(m[7], None);
        assert_eq!(m[8], Some(ImportColumn::ContactEmail));
    }

    #[test]
    fn header_normalisation_drops_markers_and_bracketed_notes() {
        assert_eq!(normalise_header(" 身份证号（个人填写）* "), "身份证号");
        assert_eq!(column_for("Credit Code"), Some(ImportColumn::CreditCode));
    }

    #[test]
    fn kinds_and_taxpayer_statuses_are_understood() {
        assert_eq!(parse_kind("企业"), Some(ClientKind::Company));
        assert_eq!(parse_kind("个人"), Some(ClientKind::Individual));
        assert_eq!(parse_kind("???"), None);
        assert_eq!(
            parse_taxpayer("一般纳税人"),
            Ok(Some(TaxpayerStatus::General))
        );
        assert_eq!(
            parse_taxpayer("小规模纳税人"),
            Ok(Some(TaxpayerStatus::Small))
        );
        assert_eq!(parse_taxpayer(""), Ok(None));
        assert!(parse_taxpayer("其他").is_err());
    }
}
