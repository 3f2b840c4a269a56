//! Secret keys: 256-bit, random, zeroized when dropped, never printed.

use hkdf::Hkdf;
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// A 256-bit secret key. Its memory is wiped on drop; `Debug` prints nothing of it.
#[derive(Clone, Zeroize, ZeroizeOnDrop, PartialEq, Eq)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    /// Length in bytes.
    pub const LEN: usize = 32;

    /// A fresh key from the operating system's random source.
    #[must_use]
    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::LEN];
        OsRng.fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// Wraps existing key material (which the caller should then zeroize).
    #[must_use]
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Key material from a slice of exactly 32 bytes.
    #[must_use]
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(Self(arr))
    }

    /// The raw bytes, for the cipher.
    #[must_use]
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }

    /// Derives an independent sub-key for one `purpose` (HKDF-SHA256), so that one key is
    /// never used for two algorithms (sealing and the audit MAC, say).
    #[must_use]
    pub fn derive(&self, purpose: &str) -> Self {
        let hk = Hkdf::<Sha256>::new(Some(b"ledgerlock/v1"), &self.0);
        let mut out = [0u8; 32];
        // 32 bytes is far below HKDF-SHA256's limit of 8160: this cannot fail.
        if hk.expand(purpose.as_bytes(), &mut out).is_err() {
            out.zeroize();
        }
        Self(out)
    }
}

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_random_and_debug_hides_them() {
        let a = SecretKey::generate();
        let b = SecretKey::generate();
        assert_ne!(a, b);
        assert_eq!(format!("{a:?}"), "SecretKey(…)");
    }

    #[test]
    fn derived_keys_differ_per_purpose_and_are_stable() {
        let k = SecretKey::from_bytes([7; 32]);
        assert_eq!(k.derive("seal"), k.derive("seal"));
        assert_ne!(k.derive("seal"), k.derive("audit"));
        assert_ne!(&k.derive("seal"), &k);
    }
}
