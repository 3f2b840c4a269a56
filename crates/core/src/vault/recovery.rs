//! The recovery code: the offline second way to the vault key, printed on the recovery sheet.
//!
//! 160 random bits in RFC 4648 Base32 (32 characters) plus a 20-bit checksum (4 characters),
//! shown in nine groups of four: `ABCD-EFGH-…`. The checksum tells a typing mistake apart from
//! a wrong code. Reading is forgiving: case, spaces, dashes and full-width characters are
//! ignored, and the digits 0, 1 and 8 (not in the alphabet) are read as O, I and B.
//! The wrapping key is derived from the code's bytes with Argon2id.

use argon2::{Algorithm, Argon2, Params, Version};
use data_encoding::BASE32_NOPAD;
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use super::key::SecretKey;

const CODE_BYTES: usize = 20;
const BODY_CHARS: usize = 32;
const CHECK_CHARS: usize = 4;
const GROUP: usize = 4;

/// A recovery code. Wiped from memory on drop; `Debug` does not show it.
#[derive(Clone)]
pub struct RecoveryCode {
    bytes: Zeroizing<[u8; CODE_BYTES]>,
    confirm: [u32; 2],
}

/// Why a typed recovery code was not accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RecoveryCodeError {
    /// Wrong number of characters after removing spaces and dashes.
    #[error("a recovery code has 36 characters")]
    Length,
    /// A character outside the code's alphabet.
    #[error("the recovery code contains a character it cannot contain")]
    Character,
    /// The checksum does not match: a character was mistyped.
    #[error("the recovery code's checksum does not match")]
    Checksum,
}

/// Argon2id parameters for deriving the wrapping key from a recovery code. The code carries
/// 160 bits of entropy, so these guard against nothing a brute force could win; they make
/// each attempt cost memory anyway.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KdfParams {
    /// Memory in KiB.
    pub m_kib: u32,
    /// Iterations.
    pub t: u32,
    /// Lanes.
    pub p: u32,
}

impl KdfParams {
    /// The parameters new vaults use (OWASP's Argon2id minimum: 19 MiB, 2 passes).
    pub const DEFAULT: Self = Self {
        m_kib: 19_456,
        t: 2,
        p: 1,
    };

    /// Whether these meet the minimum the app accepts (a weakened header is refused).
    #[must_use]
    pub fn meets_minimum(&self) -> bool {
        self.m_kib >= Self::DEFAULT.m_kib && self.t >= Self::DEFAULT.t && self.p >= 1
    }
}

impl RecoveryCode {
    /// A new random code.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = Zeroizing::new([0u8; CODE_BYTES]);
        OsRng.fill_bytes(bytes.as_mut());
        let groups = u32::try_from((BODY_CHARS + CHECK_CHARS) / GROUP).unwrap_or(9);
        let first = OsRng.next_u32() % groups;
        let second = (first + 1 + OsRng.next_u32() % (groups - 1)) % groups;
        let mut confirm = [first, second];
        confirm.sort_unstable();
        Self { bytes, confirm }
    }

    /// The zero-based groups the user types back at setup to show the code was written down.
    #[must_use]
    pub fn confirmation_groups(&self) -> [u32; 2] {
        self.confirm
    }

    /// Whether `answers` (one per confirmation group, in order) match the code's groups.
    #[must_use]
    pub fn confirm(&self, answers: &[String]) -> bool {
        let shown = self.display();
        let groups: Vec<&str> = shown.split('-').collect();
        answers.len() == self.confirm.len()
            && self.confirm.iter().zip(answers).all(|(i, typed)| {
                let typed = typed.trim().to_ascii_uppercase();
                usize::try_from(*i)
                    .ok()
                    .and_then(|i| groups.get(i))
                    .is_some_and(|g| *g == typed)
            })
    }

    /// Reads a code as a person typed it.
    pub fn parse(typed: &str) -> Result<Self, RecoveryCodeError> {
        let mut clean = Zeroizing::new(String::with_capacity(BODY_CHARS + CHECK_CHARS));
        for ch in typed.chars() {
            let ch = fold_width(ch).to_ascii_uppercase();
            match ch {
                ' ' | '-' | '\t' | '\n' | '\r' | '\u{3000}' => {}
                '0' => clean.push('O'),
                '1' => clean.push('I'),
                '8' => clean.push('B'),
                'A'..='Z' | '2'..='7' => clean.push(ch),
                _ => return Err(RecoveryCodeError::Character),
            }
        }
        if clean.len() != BODY_CHARS + CHECK_CHARS {
            return Err(RecoveryCodeError::Length);
        }
        let (body, check) = clean.split_at(BODY_CHARS);
        let decoded = Zeroizing::new(
            BASE32_NOPAD
                .decode(body.as_bytes())
                .map_err(|_| RecoveryCodeError::Character)?,
        );
        let mut bytes = Zeroizing::new([0u8; CODE_BYTES]);
        if decoded.len() != CODE_BYTES {
            return Err(RecoveryCodeError::Length);
        }
        bytes.copy_from_slice(&decoded);
        let code = Self {
            bytes,
            confirm: [0, 8],
        };
        if code.checksum() != check {
            return Err(RecoveryCodeError::Checksum);
        }
        Ok(code)
    }

    fn checksum(&self) -> String {
        let digest = Sha256::new_with_prefix(b"ledgerlock/recovery-check/v1")
            .chain_update(self.bytes.as_ref())
            .finalize();
        let encoded = BASE32_NOPAD.encode(digest.get(..3).unwrap_or_default());
        encoded.chars().take(CHECK_CHARS).collect()
    }

    /// The code as printed: nine groups of four characters joined by dashes.
    #[must_use]
    pub fn display(&self) -> Zeroizing<String> {
        let mut all = Zeroizing::new(BASE32_NOPAD.encode(self.bytes.as_ref()));
        all.push_str(&self.checksum());
        let mut out = Zeroizing::new(String::with_capacity(all.len() + all.len() / GROUP));
        for (i, ch) in all.chars().enumerate() {
            if i > 0 && i % GROUP == 0 {
                out.push('-');
            }
            out.push(ch);
        }
        all.zeroize();
        out
    }

    /// Derives the key that wraps the vault key, with Argon2id over the code's bytes.
    pub fn wrapping_key(&self, salt: &[u8], params: KdfParams) -> Option<SecretKey> {
        if !params.meets_minimum() {
            return None;
        }
        let argon = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(params.m_kib, params.t, params.p, Some(32)).ok()?,
        );
        let mut out = [0u8; 32];
        argon
            .hash_password_into(self.bytes.as_ref(), salt, &mut out)
            .ok()?;
        let key = SecretKey::from_bytes(out);
        out.zeroize();
        Some(key)
    }
}

impl PartialEq for RecoveryCode {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl Eq for RecoveryCode {}

impl std::fmt::Debug for RecoveryCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryCode(…)")
    }
}

/// Folds full-width ASCII forms (U+FF01–U+FF5E) to ASCII and the ideographic space to a space.
fn fold_width(ch: char) -> char {
    match ch {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch),
        '\u{3000}' => ' ',
        _ => ch,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn display_parses_back() {
        let code = RecoveryCode::generate();
        let shown = code.display();
        assert_eq!(shown.len(), 36 + 8);
        assert_eq!(shown.split('-').count(), 9);
        assert_eq!(RecoveryCode::parse(&shown).unwrap(), code);
    }

    #[test]
    fn forgiving_reading() {
        let code = RecoveryCode::generate();
        let shown = code.display().to_lowercase().replace('-', " ");
        assert_eq!(RecoveryCode::parse(&shown).unwrap(), code);
        // Full-width, as a Chinese input method types it.
        let wide: String = code
            .display()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    char::from_u32(c as u32 + 0xFEE0).unwrap()
                } else {
                    c
                }
            })
            .collect();
        assert_eq!(RecoveryCode::parse(&wide).unwrap(), code);
        // O typed as 0, I as 1, B as 8.
        let confusable = code
            .display()
            .replace('O', "0")
            .replace('I', "1")
            .replace('B', "8");
        assert_eq!(RecoveryCode::parse(&confusable).unwrap(), code);
    }

    #[test]
    fn a_typo_is_a_checksum_error_not_a_wrong_code() {
        let code = RecoveryCode::generate();
        let shown = code.display();
        let mut chars: Vec<char> = shown.chars().collect();
        chars[0] = if chars[0] == 'A' { 'C' } else { 'A' };
        let typo: String = chars.into_iter().collect();
        assert_eq!(RecoveryCode::parse(&typo), Err(RecoveryCodeError::Checksum));
        assert_eq!(RecoveryCode::parse("ABCD"), Err(RecoveryCodeError::Length));
        assert_eq!(
            RecoveryCode::parse("ABCD!"),
            Err(RecoveryCodeError::Character)
        );
    }

    #[test]
    fn wrapping_key_depends_on_code_and_salt_and_refuses_weak_params() {
        let a = RecoveryCode::generate();
        let b = RecoveryCode::generate();
        let p = KdfParams::DEFAULT;
        let salt = [1u8; 16];
        assert_eq!(a.wrapping_key(&salt, p), a.wrapping_key(&salt, p));
        assert_ne!(a.wrapping_key(&salt, p), b.wrapping_key(&salt, p));
        assert_ne!(a.wrapping_key(&salt, p), a.wrapping_key(&[2u8; 16], p));
        let weak = KdfParams {
            m_kib: 8,
            t: 1,
            p: 1,
        };
        assert!(a.wrapping_key(&salt, weak).is_none());
    }

    #[test]
    fn confirmation_checks_two_distinct_groups() {
        for _ in 0..50 {
            let code = RecoveryCode::generate();
            let [a, b] = code.confirmation_groups();
            assert!(a < b && b < 9);
            let shown = code.display();
            let groups: Vec<&str> = shown.split('-').collect();
            let right = vec![
                groups[a as usize].to_lowercase(),
                groups[b as usize].to_owned(),
            ];
            assert!(code.confirm(&right));
            let wrong = vec![groups[a as usize].to_owned(), "ZZZZ".to_owned()];
            assert!(!code.confirm(&wrong));
            assert!(!code.confirm(&right[..1]));
        }
    }

    proptest! {
        #[test]
        fn parse_never_panics(s in ".*") {
            let _ = RecoveryCode::parse(&s);
        }
    }
}
