//! Authenticated encryption of every sensitive value: AES-256-GCM with associated data that
//! binds each ciphertext to its place (table, column, row id, key version). A ciphertext
//! copied to another row or column fails to open.
//!
//! Format of a sealed value: `[format][nonce: 12 bytes][ciphertext + 16-byte tag]`.
//! Nonces are random (96 bits, from a CSPRNG); per-client keys keep each key far below 2^32
//! messages.
//!
//! Two formats open; only the second is written:
//! - `0x01`: associated data `"ledgerlock/seal/v1" ‖ len(table) ‖ table ‖ len(column) ‖
//!   column ‖ len(row) ‖ row ‖ key version` (lengths u64, numbers big-endian).
//! - `0x02`: associated data `"LLS2" ‖ key version ‖ len(table) ‖ table ‖ len(column) ‖
//!   column ‖ len(row) ‖ row`, then zeros up to a whole number of 16-byte blocks (lengths and
//!   version u32, big-endian). Length prefixes keep the encoding unambiguous, and the padding's
//!   length follows from what precedes it. The format byte chooses the encoding, so changing
//!   it makes the value fail to open.
//!
//! Why v2 pads: `aes-gcm` 0.10 hashes associated data with GHASH one call per whole-block run
//! and one more for a partial last block, and that extra call costs about as much as several
//! blocks. Measured on 134-byte values (docs/performance.md, Vault): opening took 208 ns with
//! v1's 56 bytes of associated data and 171 ns with v2's 32.

use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce, Tag};
use rand::RngCore;
use zeroize::Zeroizing;

use super::key::SecretKey;

/// The first format: unpadded associated data. Opened, no longer written.
const FORMAT_V1: u8 = 0x01;
/// The current format: compact associated data padded to whole GHASH blocks.
const FORMAT_V2: u8 = 0x02;
const NONCE_LEN: usize = 12;
const TAG_LEN: usize = 16;
/// GHASH's block: v2 associated data is padded to a multiple of it.
const GHASH_BLOCK: usize = 16;

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
    /// Length of the associated data in `format` (a known format).
    fn associated_data_len(&self, format: u8) -> usize {
        let parts = self.table.len() + self.column.len() + self.row.len();
        if format == FORMAT_V1 {
            18 + 3 * 8 + parts + 4
        } else {
            (4 + 4 + 3 * 4 + parts).next_multiple_of(GHASH_BLOCK)
        }
    }

    /// Writes the associated data of `format` into `out` (which has exactly the right length
    /// and is zeroed, so v2's padding is already in place).
    fn write_associated_data(&self, format: u8, out: &mut [u8]) {
        // Length-prefixed so that no two places share an encoding.
        let mut at = 0;
        let mut put = |bytes: &[u8]| {
            if let Some(dst) = out.get_mut(at..at + bytes.len()) {
                dst.copy_from_slice(bytes);
            }
            at += bytes.len();
        };
        let parts = [self.table, self.column, self.row];
        if format == FORMAT_V1 {
            put(b"ledgerlock/seal/v1");
            for part in parts {
                put(&(part.len() as u64).to_be_bytes());
                put(part.as_bytes());
            }
            put(&self.key_version.to_be_bytes());
        } else {
            put(b"LLS2");
            put(&self.key_version.to_be_bytes());
            for part in parts {
                // `fits_v2` has checked that every part's length fits in a u32.
                put(&u32::try_from(part.len()).unwrap_or(u32::MAX).to_be_bytes());
                put(part.as_bytes());
            }
        }
    }

    /// Whether every part's length fits v2's u32 prefix (a part of 4 GiB or more cannot be a
    /// name or an id, but the encoding must stay unambiguous for any input).
    fn fits_v2(&self) -> bool {
        [self.table, self.column, self.row]
            .iter()
            .all(|part| u32::try_from(part.len()).is_ok())
    }

    /// Calls `f` with the associated data of `format`, on the stack when it fits; `None`
    /// when the place cannot be encoded in `format`.
    fn with_associated_data<T>(&self, format: u8, f: impl FnOnce(&[u8]) -> T) -> Option<T> {
        if format == FORMAT_V2 && !self.fits_v2() {
            return None;
        }
        let len = self.associated_data_len(format);
        if len <= AD_INLINE {
            let mut buf = [0u8; AD_INLINE];
            let ad = buf.get_mut(..len).unwrap_or_default();
            self.write_associated_data(format, ad);
            Some(f(ad))
        } else {
            let mut buf = vec![0u8; len];
            self.write_associated_data(format, &mut buf);
            Some(f(&buf))
        }
    }

    #[cfg(test)]
    fn associated_data(&self, format: u8) -> Vec<u8> {
        self.with_associated_data(format, <[u8]>::to_vec)
            .unwrap_or_default()
    }
}

/// The format byte of `sealed` when it is one that opens and the value is long enough.
fn known_format(sealed: &[u8]) -> Option<u8> {
    let format = *sealed.first()?;
    let known = format == FORMAT_V1 || format == FORMAT_V2;
    (known && sealed.len() >= 1 + NONCE_LEN + TAG_LEN).then_some(format)
}

/// Why a sealed value did not open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealError {
    /// Too short or an unknown format byte: the bytes are not a sealed value.
    #[error("not a sealed value")]
    Malformed,
    /// The tag did not verify: wrong key, wrong place, or the bytes were changed (or the place
    /// is too long to encode, so nothing can have been sealed there).
    #[error("the sealed value did not authenticate")]
    Unauthentic,
    /// The cipher refused to encrypt, or the place is too long to encode (cannot happen with
    /// names and ids).
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
        out.push(FORMAT_V2);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(plaintext);
        let body = out.get_mut(1 + NONCE_LEN..).ok_or(SealError::Encrypt)?;
        let tag = place
            .with_associated_data(FORMAT_V2, |aad| {
                self.cipher
                    .encrypt_in_place_detached(Nonce::from_slice(&nonce), aad, body)
            })
            .ok_or(SealError::Encrypt)?
            .map_err(|_| SealError::Encrypt)?;
        out.extend_from_slice(&tag);
        Ok(out)
    }

    /// Opens a value sealed for `place`. The plaintext is wiped when dropped.
    pub fn open(&self, place: &Place<'_>, sealed: &[u8]) -> Result<Zeroizing<Vec<u8>>, SealError> {
        let format = known_format(sealed).ok_or(SealError::Malformed)?;
        let rest = sealed.get(1..).ok_or(SealError::Malformed)?;
        let (nonce, body) = rest.split_at(NONCE_LEN);
        let (ct, tag) = body.split_at(body.len() - TAG_LEN);
        let mut plain = Zeroizing::new(ct.to_vec());
        place
            .with_associated_data(format, |aad| {
                self.cipher.decrypt_in_place_detached(
                    Nonce::from_slice(nonce),
                    aad,
                    &mut plain,
                    Tag::from_slice(tag),
                )
            })
            .ok_or(SealError::Unauthentic)?
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
        let format = known_format(sealed).ok_or(SealError::Malformed)?;
        let mut nonce = [0u8; NONCE_LEN];
        let mut tag = [0u8; TAG_LEN];
        nonce.copy_from_slice(sealed.get(1..=NONCE_LEN).ok_or(SealError::Malformed)?);
        tag.copy_from_slice(sealed.get(len - TAG_LEN..).ok_or(SealError::Malformed)?);
        let plain = 1 + NONCE_LEN..len - TAG_LEN;
        let body = sealed.get_mut(plain.clone()).ok_or(SealError::Malformed)?;
        let opened = place.with_associated_data(format, |aad| {
            self.cipher.decrypt_in_place_detached(
                Nonce::from_slice(&nonce),
                aad,
                body,
                Tag::from_slice(&tag),
            )
        });
        if !matches!(opened, Some(Ok(()))) {
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
        for format in [FORMAT_V1, FORMAT_V2] {
            assert_ne!(a.associated_data(format), b.associated_data(format));
            // A row that differs only by a trailing zero (what v2 padding adds) is distinct.
            let c = Place {
                row: "1\0",
                key_version: 1,
                ..a
            };
            assert_ne!(a.associated_data(format), c.associated_data(format));
        }
    }

    #[test]
    fn v2_associated_data_fills_whole_blocks() {
        for row in ["", "1", "12345", "c-000000000001", &"x".repeat(200)] {
            let ad = place(row).associated_data(FORMAT_V2);
            assert_eq!(ad.len() % GHASH_BLOCK, 0, "row {row:?}");
            assert!(ad.starts_with(b"LLS2\0\0\0\x01"));
            let unpadded = 4 + 4 + 3 * 4 + "clients".len() + "name".len() + row.len();
            assert!(ad.len() - unpadded < GHASH_BLOCK);
            assert!(ad[unpadded..].iter().all(|b| *b == 0));
        }
    }

    /// A value sealed by the first format (written by earlier versions, key `0x11` × 32)
    /// still opens: vaults written before v2 stay readable.
    #[test]
    fn values_sealed_in_the_first_format_still_open() {
        let s = Sealer::new(&SecretKey::from_bytes([0x11; 32]));
        let at = Place {
            table: "clients",
            column: "data",
            row: "c-0001",
            key_version: 3,
        };
        let sealed = hex(
            "01b847da8993f37d7dfaf04b820d4e5a2a858287e7c562372ad75c97ad3bf9e0af533eea6c27228cc\
             0aacc1fd2d34189be2a310af93f4765b699010a64d7f86219e5692b1ace",
        );
        let opened = s.open(&at, &sealed).unwrap();
        assert_eq!(
            opened.as_slice(),
            "杭州华瑞科技有限公司 6222021001".as_bytes()
        );
        let mut buf = sealed.clone();
        let plain = s.open_slice_in_place(&at, &mut buf).unwrap();
        assert_eq!(&buf[plain], "杭州华瑞科技有限公司 6222021001".as_bytes());
        // Relabelled as the current format, it does not open; moved, neither.
        let mut relabelled = sealed.clone();
        relabelled[0] = FORMAT_V2;
        assert_eq!(s.open(&at, &relabelled), Err(SealError::Unauthentic));
        let moved = Place {
            row: "c-0002",
            ..at
        };
        assert_eq!(s.open(&moved, &sealed), Err(SealError::Unauthentic));
    }

    #[test]
    fn new_values_use_the_current_format_and_its_byte_is_bound() {
        let s = Sealer::new(&SecretKey::generate());
        let sealed = s.seal(&place("1"), b"secret").unwrap();
        assert_eq!(sealed[0], FORMAT_V2);
        let mut relabelled = sealed.clone();
        relabelled[0] = FORMAT_V1;
        assert_eq!(
            s.open(&place("1"), &relabelled),
            Err(SealError::Unauthentic)
        );
        let mut unknown = sealed;
        unknown[0] = 0x03;
        assert_eq!(s.open(&place("1"), &unknown), Err(SealError::Malformed));
        assert_eq!(
            s.open_slice_in_place(&place("1"), &mut unknown),
            Err(SealError::Malformed)
        );
    }

    fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text.bytes().filter(u8::is_ascii_hexdigit).collect();
        digits
            .chunks(2)
            .map(|pair| u8::from_str_radix(std::str::from_utf8(pair).unwrap(), 16).unwrap())
            .collect()
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
