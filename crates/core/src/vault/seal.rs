//! Authenticated encryption of every sensitive value: AES-256-GCM with associated data that
//! binds each ciphertext to its place (table, column, row id, key version). A ciphertext
//! copied to another row or column fails to open.
//!
//! Format of a sealed value: `[format 0x01][nonce: 12 bytes][ciphertext + 16-byte tag]`.
//! Nonces are random (96 bits, from a CSPRNG); per-client keys keep each key far below 2^32
//! messages.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use rand::RngCore;
use zeroize::Zeroizing;

use super::key::SecretKey;

const FORMAT_V1: u8 = 0x01;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;

/// Where a sealed value lives: its associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place<'a> {
    /// Table (or record kind), e.g. `users`.
    pub table: &'a str,
    /// Column (or field), e.g. `data`.
    pub column: &'a str,
    /// The row's id (or another stable identity of the record).
    pub row: &'a str,
    /// Version of the key the value is sealed with.
    pub key_version: u32,
}

/// Associated data is built on the stack when it fits (it always does for ids and names of
/// tables and columns); sealing is on the hot path of every scan.
const AD_INLINE: usize = 192;

impl Place<'_> {
    fn associated_data_len(&self) -> usize {
        18 + 3 * 8 + self.table.len() + self.column.len() + self.row.len() + 4
    }

    /// Writes the associated data into `out` (which has exactly the right length).
    fn write_associated_data(&self, out: &mut [u8]) {
        // Length-prefixed so that no two places share an encoding.
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            if let Some(dst) = out.get_mut(at..at + bytes.len()) {
                dst.copy_from_slice(bytes);
            }
            at += bytes.len();
        };
        put(b"ledgerlock/seal/v1");
        for part in [self.table, self.column, self.row] {
            put(&(part.len() as u64).to_be_bytes());
            put(part.as_bytes());
        }
        put(&self.key_version.to_be_bytes());
    }

    /// Calls `f` with the associated data, on the stack when it fits.
    fn with_associated_data<T>(&self, f: impl FnOnce(&[u8]) -> T) -> T {
        let len = self.associated_data_len();
        if len <= AD_INLINE {
            let mut buf = [0u8; AD_INLINE];
            let ad = buf.get_mut(..len).unwrap_or_default();
            self.write_associated_data(ad);
            f(ad)
        } else {
            let mut buf = vec![0u8; len];
            self.write_associated_data(&mut buf);
            f(&buf)
        }
    }

    #[cfg(test)]
    fn associated_data(&self) -> Vec<u8> {
        self.with_associated_data(<[u8]>::to_vec)
    }
}

/// Why a sealed value did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Too short or an unknown format byte: the bytes are not a sealed value.
    #[error("not a sealed value")]
    Malformed,
    /// The tag did not verify: wrong key, wrong place, or the bytes were changed.
    #[error("the sealed value did not authenticate")]
    Unauthentic,
    /// The cipher refused to encrypt (cannot happen with valid inputs).
    #[error("encryption failed")]
    Encrypt,
}

/// Seals and opens values with one key.
pub struct Sealer {
    cipher: Aes256Gcm,
}

impl Sealer {
    /// A sealer for `key`.
    #[must_use]
    pub fn new(key: &SecretKey) -> Self {
        Self {
            cipher: Aes256Gcm::new(key.expose().into()),
        }
    }

    /// Seals `plaintext` for `place`.
    pub fn seal(&self, place: &Place<'_>, plaintext: &[u8]) -> Result<Vec<u8>, SealError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let mut out = Vec::with_capacity(1 + NONCE_LEN + plaintext.len() + TAG_LEN);
        out.push(FORMAT_V1);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let body = out.get_mut(1 + NONCE_LEN..).ok_or(SealError::Encrypt)?;
        let tag = place
            .with_associated_data(|aad| {
                self.cipher
                    .encrypt_in_place_detached(Nonce::from_slice(&nonce), aad, body)
            })
            .map_err(|_| SealError::Encrypt)?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// Opens a value sealed for `place`. The plaintext is wiped when dropped.
    pub fn open(&self, place: &Place<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let (format, rest) = sealed.split_first().ok_or(SealError::Malformed)?;
        if *format != FORMAT_V1 || rest.len() < NONCE_LEN + TAG_LEN {
            return Err(SealError::Malformed);
        }
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let (ct, tag) = body.split_at(body.len() - TAG_LEN);
        let mut plain = Zeroizing::new(ct.to_vec());
        place
            .with_associated_data(|aad| {
                self.cipher.decrypt_in_place_detached(
                    Nonce::from_slice(nonce),
                    aad,
                    &mut plain,
                    Tag::from_slice(tag),
                )
            })
            .map_err(|_| SealError::Unauthentic)?;
        Ok(plain)
    }
}

impl Sealer {
    /// Opens the sealed value that fills `sealed`, decrypting it where it lies; returns the
    /// range of `sealed` that now holds the plaintext (bulk reads open many values inside one
    /// buffer this way). On failure the whole slice is wiped.
    ///
    /// # Errors
    /// [`SealError::Malformed`] or [`SealError::Unauthentic`] as [`Sealer::open`].
    pub fn open_slice_in_place(
        &self,
        place: &Place<'_>,
        sealed: &mut [u8],
    ) -> Result<std::ops::Range<usize>, SealError> {
        let len = sealed.len();
        let well_formed = sealed.first() == Some(&FORMAT_V1) && len >= 1 + NONCE_LEN + TAG_LEN;
        if !well_formed {
            return Err(SealError::Malformed);
        }
        let mut nonce = [0u8; NONCE_LEN];
        let mut tag = [0u8; TAG_LEN];
        nonce.copy_from_slice(sealed.get(1..=NONCE_LEN).ok_or(SealError::Malformed)?);
        tag.copy_from_slice(sealed.get(len - TAG_LEN..).ok_or(SealError::Malformed)?);
        let plain = 1 + NONCE_LEN..len - TAG_LEN;
        let body = sealed.get_mut(plain.clone()).ok_or(SealError::Malformed)?;
        let opened = place.with_associated_data(|aad| {
            self.cipher.decrypt_in_place_detached(
                Nonce::from_slice(&nonce),
                aad,
                body,
                Tag::from_slice(&tag),
            )
        });
        if opened.is_err() {
            zeroize::Zeroize::zeroize(sealed);
            return Err(SealError::Unauthentic);
        }
        Ok(plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(row: &str) -> Place<'_> {
        Place {
            table: "clients",
            column: "name",
            row,
            key_version: 1,
        }
    }

    #[test]
    fn round_trip() {
        let s = Sealer::new(&SecretKey::generate());
        let sealed = s
            .seal(&place("1"), "杭州华瑞科技有限公司".as_bytes())
            .unwrap();
        let opened = s.open(&place("1"), &sealed).unwrap();
        assert_eq!(opened.as_slice(), "杭州华瑞科技有限公司".as_bytes());
    }

    #[test]
    fn ciphertext_moved_to_another_row_or_column_fails() {
        let s = Sealer::new(&SecretKey::generate());
        let sealed = s.seal(&place("1"), b"secret").unwrap();
        assert_eq!(s.open(&place("2"), &sealed), Err(SealError::Unauthentic));
        let other_column = Place {
            column: "address",
            ..place("1")
        };
        assert_eq!(s.open(&other_column, &sealed), Err(SealError::Unauthentic));
        let other_version = Place {
            key_version: 2,
            ..place("1")
        };
        assert_eq!(s.open(&other_version, &sealed), Err(SealError::Unauthentic));
    }

    #[test]
    fn place_encoding_is_unambiguous() {
        let a = Place {
            table: "ab",
            column: "c",
            row: "1",
            key_version: 1,
        };
        let b = Place {
            table: "a",
            column: "bc",
            row: "1",
            key_version: 1,
        };
        assert_ne!(a.associated_data(), b.associated_data());
    }

    #[test]
    fn flipped_byte_or_wrong_key_fails() {
        let s = Sealer::new(&SecretKey::generate());
        let mut sealed = s.seal(&place("1"), b"secret").unwrap();
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(s.open(&place("1"), &sealed), Err(SealError::Unauthentic));
        let other = Sealer::new(&SecretKey::generate());
        let sealed = s.seal(&place("1"), b"secret").unwrap();
        assert_eq!(
            other.open(&place("1"), &sealed),
            Err(SealError::Unauthentic)
        );
        assert_eq!(s.open(&place("1"), &[1, 2, 3]), Err(SealError::Malformed));
        assert_eq!(s.open(&place("1"), &[]), Err(SealError::Malformed));
    }

    #[test]
    fn same_plaintext_seals_differently() {
        let s = Sealer::new(&SecretKey::generate());
        assert_ne!(
            s.seal(&place("1"), b"x").unwrap(),
            s.seal(&place("1"), b"x").unwrap()
        );
    }

    #[test]
    fn opening_in_place_gives_the_plaintext_and_refuses_a_moved_value() {
        let s = Sealer::new(&SecretKey::generate());
        let sealed = s
            .seal(&place("7"), b"\xe6\x9d\xad\xe5\xb7\x9e 123")
            .unwrap();
        let mut buf = sealed.clone();
        let plain = s.open_slice_in_place(&place("7"), &mut buf).unwrap();
        assert_eq!(&buf[plain], b"\xe6\x9d\xad\xe5\xb7\x9e 123");
        let mut moved = sealed;
        assert_eq!(
            s.open_slice_in_place(&place("8"), &mut moved),
            Err(SealError::Unauthentic)
        );
        assert!(moved.iter().all(|b| *b == 0), "a refused value is wiped");
        let mut short = vec![FORMAT_V1, 0, 1];
        assert_eq!(
            s.open_slice_in_place(&place("7"), &mut short),
            Err(SealError::Malformed)
        );
        // Inside a larger buffer: the plaintext's range is given; a moved value is wiped.
        let a = s.seal(&place("1"), b"first").unwrap();
        let b = s.seal(&place("2"), b"second").unwrap();
        let mut arena = [a.as_slice(), b.as_slice()].concat();
        let (left, right) = arena.split_at_mut(a.len());
        let plain = s.open_slice_in_place(&place("1"), left).unwrap();
        assert_eq!(&left[plain], b"first");
        assert_eq!(
            s.open_slice_in_place(&place("3"), right),
            Err(SealError::Unauthentic)
        );
        assert!(right.iter().all(|b| *b == 0));
    }
}
