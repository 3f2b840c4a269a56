//! The backup file format: a clear, authenticated header and the snapshot sealed in chunks.
//!
//! ```text
//! "LLBKUP" | format: u16 BE | header length: u32 BE | header (JSON)
//! then records: final flag: u8 | length: u32 BE | AES-256-GCM ciphertext + tag
//! ```
//!
//! The header carries what a restore needs before it has a key (vault id, created-at, app and
//! schema version, the audit chain's head, the SHA-256 of the snapshot, the vault header with
//! its keychain- and recovery-code-wrapped vault key) and a manifest (record counts, the last
//! audit entry, the firm's name) sealed with the backup key. The backup key is derived from
//! the vault key and the backup's random id, so the recovery code alone opens a backup.
//!
//! Each chunk (1 MiB of plaintext) is sealed with the nonce `final flag ‖ 0 ‖ index` and the
//! associated data `"ledgerlock/backup/v1" ‖ SHA-256(header)`: changing the header, reordering,
//! dropping or appending chunks, or cutting the file short all fail authentication.

use std::io::{Read, Write};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{CoreError, CoreResult};
use crate::vault::header::Header;
use crate::vault::key::SecretKey;
use crate::vault::seal::{Place, Sealer};

/// The file's magic bytes.
pub const MAGIC: &[u8; 6] = b"LLBKUP";
/// The newest file format this build writes and reads.
pub const FORMAT: u16 = 1;
/// Plaintext bytes per sealed chunk.
pub const CHUNK: usize = 1 << 20;
/// File name extension of a backup.
pub const EXTENSION: &str = "llbak";
/// Longest header accepted (a header is about 1 KiB).
const MAX_HEADER: u32 = 1 << 20;
const TAG_LEN: usize = 16;
const AD_PREFIX: &[u8] = b"ledgerlock/backup/v1";

/// The newest entry of the audit chain when the snapshot was taken.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    /// Its sequence number (0 for an empty log).
    pub seq: i64,
    /// Its MAC (hex).
    pub mac: String,
}

/// The backup header, in clear but authenticated by every chunk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupHeader {
    /// The backup's random id (UUID); also salts its key.
    pub backup_id: String,
    /// The vault's id.
    pub vault_id: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The app version that wrote it.
    pub app_version: String,
    /// The vault schema version of the snapshot.
    pub schema_version: u32,
    /// The audit chain's head in the snapshot.
    pub audit_head: AuditHead,
    /// SHA-256 of the snapshot's plaintext (hex).
    pub content_digest: String,
    /// Length of the snapshot's plaintext in bytes.
    pub content_len: u64,
    /// The manifest, sealed with the backup key (hex).
    pub manifest: String,
    /// The vault header: both wraps of the vault key (keychain, recovery code).
    pub vault_header: Header,
}

/// What a backup holds, sealed in its header so a preview needs no full decryption.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct BackupManifest {
    /// The firm's name.
    pub firm_name: String,
    /// Record counts.
    pub counts: RecordCounts,
    /// The last audit entry in the snapshot.
    pub last_audit: Option<LastAudit>,
}

/// Rows per kind of record.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct RecordCounts {
    /// Clients (destroyed ones excluded).
    pub clients: u32,
    /// Client versions.
    pub client_versions: u32,
    /// Consent records.
    pub consents: u32,
    /// Users.
    pub users: u32,
    /// Audit entries.
    pub audit_entries: u32,
}

/// The newest audit entry of a snapshot, as a preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "camelCase")]
pub struct LastAudit {
    /// Sequence number.
    #[cfg_attr(feature = "specta", specta(type = specta_typescript::Number))]
    pub seq: i64,
    /// When.
    pub at: String,
    /// Action code.
    pub action: String,
}

pub(crate) fn damaged(part: &str) -> CoreError {
    CoreError::BackupDamaged {
        part: part.to_owned(),
    }
}

/// Maps an I/O error on a backup file to the core's (full disk recognised).
pub(crate) fn io_err(path: &std::path::Path, e: std::io::Error) -> CoreError {
    if e.kind() == std::io::ErrorKind::StorageFull || e.raw_os_error() == Some(28) {
        CoreError::DiskFull
    } else {
        CoreError::io(path, e)
    }
}

/// The key that seals one backup.
pub(crate) fn backup_key(vault_key: &SecretKey, backup_id: &str) -> SecretKey {
    vault_key.derive(&format!("backup/v1/{backup_id}"))
}

fn manifest_place(backup_id: &str) -> Place<'_> {
    Place {
        table: "backup",
        column: "manifest",
        row: backup_id,
        key_version: 1,
    }
}

/// Seals the manifest for the header.
pub(crate) fn seal_manifest(
    key: &SecretKey,
    backup_id: &str,
    manifest: &BackupManifest,
) -> CoreResult<String> {
    let plain = serde_json::to_vec(manifest).map_err(|e| CoreError::Storage(e.to_string()))?;
    let sealed = Sealer::new(&key.derive("manifest"))
        .seal(&manifest_place(backup_id), &plain)
        .map_err(|e| CoreError::Storage(e.to_string()))?;
    Ok(data_encoding::HEXLOWER.encode(&sealed))
}

/// Opens the header's manifest (fails if the key is wrong or the header was changed).
pub(crate) fn open_manifest(key: &SecretKey, header: &BackupHeader) -> CoreResult<BackupManifest> {
    let sealed = data_encoding::HEXLOWER
        .decode(header.manifest.as_bytes())
        .map_err(|_| damaged("header"))?;
    let plain = Sealer::new(&key.derive("manifest"))
        .open(&manifest_place(&header.backup_id), &sealed)
        .map_err(|_| damaged("header"))?;
    serde_json::from_slice(&plain).map_err(|_| damaged("header"))
}

/// Writes the magic, format and header; returns the header's hash for the chunks.
pub(crate) fn write_header(
    out: &mut impl Write,
    header: &BackupHeader,
) -> std::io::Result<[u8; 32]> {
    let bytes = serde_json::to_vec(header).map_err(std::io::Error::other)?;
    let len = u32::try_from(bytes.len()).map_err(std::io::Error::other)?;
    out.write_all(MAGIC)?;
    out.write_all(&FORMAT.to_be_bytes())?;
    out.write_all(&len.to_be_bytes())?;
    out.write_all(&bytes)?;
    Ok(Sha256::digest(&bytes).into())
}

/// Reads the magic, format and header, refusing a newer format before parsing anything
/// else. Returns the header and its hash.
pub fn read_header(input: &mut impl Read) -> CoreResult<(BackupHeader, [u8; 32])> {
    let mut fixed = [0u8; 12];
    input
        .read_exact(&mut fixed)
        .map_err(|_| damaged("not_a_backup"))?;
    let (magic, rest) = fixed.split_at(6);
    if magic != MAGIC {
        return Err(damaged("not_a_backup"));
    }
    let (format, len) = rest.split_at(2);
    let format = u16::from_be_bytes(format.try_into().map_err(|_| damaged("header"))?);
    if format > FORMAT {
        return Err(CoreError::BackupTooNew {
            found: u32::from(format),
            supported: u32::from(FORMAT),
        });
    }
    if format == 0 {
        return Err(damaged("header"));
    }
    let len = u32::from_be_bytes(len.try_into().map_err(|_| damaged("header"))?);
    if len > MAX_HEADER {
        return Err(damaged("header"));
    }
    let mut bytes = vec![0u8; len as usize];
    input
        .read_exact(&mut bytes)
        .map_err(|_| damaged("header"))?;
    let header: BackupHeader = serde_json::from_slice(&bytes).map_err(|_| damaged("header"))?;
    let supported = crate::vault::schema::latest();
    if header.schema_version > supported {
        return Err(CoreError::BackupTooNew {
            found: header.schema_version,
            supported,
        });
    }
    Ok((header, Sha256::digest(&bytes).into()))
}

fn nonce(index: u64, last: bool) -> [u8; 12] {
    let mut n = [0u8; 12];
    n[0] = u8::from(last);
    n[4..].copy_from_slice(&index.to_be_bytes());
    n
}

fn associated_data(header_hash: &[u8; 32]) -> Vec<u8> {
    let mut ad = AD_PREFIX.to_vec();
    ad.extend_from_slice(header_hash);
    ad
}

/// Seals a stream into chunks. Call [`ChunkWriter::finish`] to write the final chunk.
pub(crate) struct ChunkWriter<W: Write> {
    out: W,
    cipher: Aes256Gcm,
    ad: Vec<u8>,
    index: u64,
    buf: Vec<u8>,
}

impl<W: Write> ChunkWriter<W> {
    pub(crate) fn new(out: W, key: &SecretKey, header_hash: &[u8; 32]) -> Self {
        Self {
            out,
            cipher: Aes256Gcm::new(key.derive("chunks").expose().into()),
            ad: associated_data(header_hash),
            index: 0,
            buf: Vec::with_capacity(CHUNK),
        }
    }

    fn emit(&mut self, last: bool) -> std::io::Result<()> {
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce(self.index, last)),
                Payload {
                    msg: &self.buf,
                    aad: &self.ad,
                },
            )
            .map_err(|_| std::io::Error::other("encryption failed"))?;
        let len = u32::try_from(sealed.len()).map_err(std::io::Error::other)?;
        self.out.write_all(&[u8::from(last)])?;
        self.out.write_all(&len.to_be_bytes())?;
        self.out.write_all(&sealed)?;
        self.index += 1;
        self.buf.clear();
        Ok(())
    }

    /// Adds plaintext.
    pub(crate) fn write_all(&mut self, mut data: &[u8]) -> std::io::Result<()> {
        while !data.is_empty() {
            if self.buf.len() == CHUNK {
                self.emit(false)?;
            }
            let take = (CHUNK - self.buf.len()).min(data.len());
            let (now, later) = data.split_at(take);
            self.buf.extend_from_slice(now);
            data = later;
        }
        Ok(())
    }

    /// Writes the final chunk and returns the output.
    pub(crate) fn finish(mut self) -> std::io::Result<W> {
        self.emit(true)?;
        Ok(self.out)
    }
}

/// Opens the chunks that follow the header, handing each plaintext chunk to `sink`. Fails on
/// any change, reordering, truncation or trailing data.
pub(crate) fn read_chunks(
    input: &mut impl Read,
    key: &SecretKey,
    header_hash: &[u8; 32],
    mut sink: impl FnMut(&[u8]) -> CoreResult<()>,
) -> CoreResult<()> {
    let cipher = Aes256Gcm::new(key.derive("chunks").expose().into());
    let ad = associated_data(header_hash);
    let mut buf = Vec::with_capacity(CHUNK + TAG_LEN);
    for index in 0u64.. {
        let mut fixed = [0u8; 5];
        input
            .read_exact(&mut fixed)
            .map_err(|_| damaged("truncated"))?;
        let [flag, l0, l1, l2, l3] = fixed;
        let last = match flag {
            0 => false,
            1 => true,
            _ => return Err(damaged("content")),
        };
        let len = u32::from_be_bytes([l0, l1, l2, l3]) as usize;
        if !(TAG_LEN..=CHUNK + TAG_LEN).contains(&len) {
            return Err(damaged("content"));
        }
        buf.resize(len, 0);
        input
            .read_exact(&mut buf)
            .map_err(|_| damaged("truncated"))?;
        let plain = zeroize::Zeroizing::new(
            cipher
                .decrypt(
                    Nonce::from_slice(&nonce(index, last)),
                    Payload {
                        msg: &buf,
                        aad: &ad,
                    },
                )
                .map_err(|_| damaged("content"))?,
        );
        sink(&plain)?;
        if last {
            let mut extra = [0u8; 1];
            return match input.read(&mut extra) {
                Ok(0) => Ok(()),
                _ => Err(damaged("content")),
            };
        }
    }
    Err(damaged("content"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal_bytes(data: &[u8], key: &SecretKey, hash: &[u8; 32]) -> Vec<u8> {
        let mut w = ChunkWriter::new(Vec::new(), key, hash);
        w.write_all(data).unwrap();
        w.finish().unwrap()
    }

    fn open_bytes(sealed: &[u8], key: &SecretKey, hash: &[u8; 32]) -> CoreResult<Vec<u8>> {
        let mut out = Vec::new();
        read_chunks(&mut &sealed[..], key, hash, |c| {
            out.extend_from_slice(c);
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn chunks_round_trip_at_every_boundary() {
        let key = SecretKey::generate();
        let hash = [3u8; 32];
        for len in [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 5] {
            let data: Vec<u8> = (0..len).map(|i| u8::try_from(i % 251).unwrap()).collect();
            let sealed = seal_bytes(&data, &key, &hash);
            assert_eq!(open_bytes(&sealed, &key, &hash).unwrap(), data, "len {len}");
        }
    }

    #[test]
    fn truncation_flips_reordering_and_other_headers_fail() {
        let key = SecretKey::generate();
        let hash = [3u8; 32];
        let data = vec![7u8; CHUNK + 10];
        let sealed = seal_bytes(&data, &key, &hash);
        // Cut at a chunk boundary: the final chunk is missing.
        let first_len = 5 + CHUNK + TAG_LEN;
        assert!(open_bytes(&sealed[..first_len], &key, &hash).is_err());
        assert!(open_bytes(&sealed[..sealed.len() - 1], &key, &hash).is_err());
        let mut flipped = sealed.clone();
        flipped[100] ^= 1;
        assert!(open_bytes(&flipped, &key, &hash).is_err());
        let mut longer = sealed.clone();
        longer.push(0);
        assert!(open_bytes(&longer, &key, &hash).is_err());
        assert!(open_bytes(&sealed, &key, &[4u8; 32]).is_err());
        assert!(open_bytes(&sealed, &SecretKey::generate(), &hash).is_err());
        // Marking the first chunk final does not pass either.
        let mut early = sealed[..first_len].to_vec();
        early[0] = 1;
        assert!(open_bytes(&early, &key, &hash).is_err());
    }

    #[test]
    fn a_newer_format_is_refused_before_parsing() {
        let mut bytes = MAGIC.to_vec();
        bytes.extend_from_slice(&(FORMAT + 1).to_be_bytes());
        bytes.extend_from_slice(&3u32.to_be_bytes());
        bytes.extend_from_slice(b"{x}");
        assert!(matches!(
            read_header(&mut &bytes[..]),
            Err(CoreError::BackupTooNew { .. })
        ));
        assert!(matches!(
            read_header(&mut &b"not a backup at all"[..]),
            Err(CoreError::BackupDamaged { .. })
        ));
    }
}
