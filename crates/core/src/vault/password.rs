//! Passwords: the rules shown before the user types, Argon2id hashing with enforced
//! minimum parameters, and the increasing delay after failed logins.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use rand_core::OsRng;

use crate::error::{CoreError, CoreResult};

/// Minimum length in characters.
pub const MIN_LENGTH: usize = 10;

/// Argon2id memory (KiB), iterations and lanes for new hashes; stored hashes with less are
/// refused (a weakened hash in the file is tampering, not a password).
const M_KIB: u32 = 19_456;
const T: u32 = 2;
const P: u32 = 1;

/// Checks the rules: at least [`MIN_LENGTH`] characters, letters and digits, not the username.
pub fn check_rules(password: &str, username: &str) -> CoreResult<()> {
    let rule = |r: &str| Err(CoreError::WeakPassword { rule: r.to_owned() });
    if password.chars().count() < MIN_LENGTH {
        return rule("length");
    }
    let letters = password.chars().any(char::is_alphabetic);
    let digits = password.chars().any(|c| c.is_ascii_digit());
    if !(letters && digits) {
        return rule("letters_and_digits");
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return rule("not_username");
    }
    Ok(())
}

fn argon() -> CoreResult<Argon2<'static>> {
    let params = Params::new(M_KIB, T, P, None).map_err(|e| CoreError::Storage(e.to_string()))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password (PHC string with its parameters and salt).
pub fn hash(password: &str) -> CoreResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| CoreError::Storage(e.to_string()))
}

/// Whether `password` matches the stored `phc` hash. A hash that is not Argon2id or is
/// below the minimum parameters is reported as damage.
pub fn verify(password: &str, phc: &str) -> CoreResult<bool> {
    let damaged = || CoreError::VaultDamaged {
        part: "users".to_owned(),
    };
    let parsed = PasswordHash::new(phc).map_err(|_| damaged())?;
    if parsed.algorithm.as_str() != "argon2id" {
        return Err(damaged());
    }
    let params = Params::try_from(&parsed).map_err(|_| damaged())?;
    if params.m_cost() < M_KIB || params.t_cost() < T || params.p_cost() < P {
        return Err(damaged());
    }
    Ok(Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok())
}

/// When the next attempt is allowed after `failures` consecutive failures at `now`: free for
/// the first three, then 2, 4, 8 … seconds, at most 5 minutes.
#[must_use]
pub fn next_attempt_after(failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if failures < 3 {
        return None;
    }
    let exp = (failures - 2).min(9);
    let seconds = (1i64 << exp).min(300);
    Some(now + Duration::seconds(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert!(check_rules("short1", "a").is_err());
        assert!(check_rules("onlyletters", "a").is_err());
        assert!(check_rules("1234567890", "a").is_err());
        assert!(check_rules("wang123456", "Wang123456").is_err());
        assert!(check_rules("账安的密码很长很长很长1", "a").is_ok());
        assert!(check_rules("correct horse 9", "admin").is_ok());
    }

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse 9").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("correct horse 9", &h).unwrap());
        assert!(!verify("wrong horse 9", &h).unwrap());
    }

    #[test]
    fn weakened_hash_is_damage() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(1024, 1, 1, None).unwrap(),
        )
        .hash_password(b"x", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert!(matches!(
            verify("x", &weak),
            Err(CoreError::VaultDamaged { .. })
        ));
        assert!(verify("x", "not a hash").is_err());
    }

    #[test]
    fn delays_grow_and_cap() {
        let now = Utc::now();
        assert_eq!(next_attempt_after(2, now), None);
        assert_eq!(next_attempt_after(3, now), Some(now + Duration::seconds(2)));
        assert_eq!(next_attempt_after(4, now), Some(now + Duration::seconds(4)));
        assert_eq!(
            next_attempt_after(40, now),
            Some(now + Duration::seconds(300))
        );
    }
}
