//! SSH signatures of history entries.
//!
//! An entry is signed over the exact bytes of its file, in the `sshsig` format that
//! `ssh-keygen -Y sign` writes (namespace `jalon`), and the armoured signature is kept beside it
//! as `history/<entry>.ron.sig`: what `ssh-keygen -Y verify -n jalon -s <entry>.ron.sig` reads.
//! The entry names its signer's public key in its own (hashed) content, so a removed signature
//! file is noticed. The `ssh-key` crate (RustCrypto) parses the keys and makes and checks the
//! signatures; nothing here is cryptography of our own.

use std::path::{Path, PathBuf};

use ssh_key::{HashAlg, LineEnding, PrivateKey, PublicKey, SshSig};

use dossier::signatures::Seal;

use crate::error::{Diagnostic, Result, StorageError};
use crate::fsio;
use crate::history::{EntryFileInfo, sha256_hex};

/// The `sshsig` namespace of jalon's signatures (`ssh-keygen -Y verify -n jalon`).
pub const NAMESPACE: &str = "jalon";
/// What a signature file's name adds to its entry's.
pub const SUFFIX: &str = ".sig";

/// A private key to sign entries with.
pub struct SigningKey {
    key: PrivateKey,
    public: String,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Reads an OpenSSH private key file (`~/.ssh/id_ed25519`). A passphrase-protected key is
    /// refused with what to do instead.
    pub fn load(path: &Path) -> Result<SigningKey> {
        let text = fsio::read_text(path)?;
        let bad = |message: String| {
            StorageError::invalid(Diagnostic::new(path, message).hint(
                "give an OpenSSH private key (`ssh-keygen -t ed25519 -f FILE`), not its `.pub`",
            ))
        };
        let text = text.trim();
        if parse_public_key(text).is_ok() {
            return Err(bad(
                "this is a public key: jalon signs with the private key".to_owned(),
            ));
        }
        if !text.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----") {
            return Err(bad(
                "not an OpenSSH private key (it does not start with `-----BEGIN OPENSSH PRIVATE KEY-----`)"
                    .to_owned(),
            ));
        }
        let key = PrivateKey::from_openssh(text)
            .map_err(|e| bad(format!("not an OpenSSH private key: {e}")))?;
        if key.is_encrypted() {
            return Err(StorageError::invalid(
                Diagnostic::new(
                    path,
                    "this private key is protected by a passphrase, which jalon does not ask for",
                )
                .hint("sign with a key kept for jalon without a passphrase, on a protected disk"),
            ));
        }
        let public = canonical(key.public_key());
        Ok(SigningKey { key, public })
    }

    /// The public key, as a team act declares it.
    pub fn public_key(&self) -> &str {
        &self.public
    }

    /// Signs `bytes` (an entry file's content); the armoured signature.
    fn sign(&self, bytes: &[u8], path: &Path) -> Result<String> {
        let failed = |e: ssh_key::Error| {
            StorageError::invalid(Diagnostic::new(path, format!("cannot sign the entry: {e}")))
        };
        self.key
            .sign(NAMESPACE, HashAlg::Sha512, bytes)
            .and_then(|sig| sig.to_pem(LineEnding::LF))
            .map_err(failed)
    }

    /// Signs the entry `text` and writes its signature beside `entry` (before the entry
    /// itself: a crash between the two leaves a signature of nothing, never an entry that names
    /// a signer without its signature). Returns the signature file's path.
    pub(crate) fn write(&self, entry: &Path, text: &str, durable: bool) -> Result<PathBuf> {
        let armour = self.sign(text.as_bytes(), entry)?;
        let path = signature_path(entry);
        if durable {
            fsio::create_atomic(&path, armour.as_bytes())?;
        } else {
            fsio::create_unsynced(&path, armour.as_bytes())?;
        }
        Ok(path)
    }
}

/// A key as jalon keeps it: its OpenSSH text without comment (`ssh-ed25519 AAAA…`).
fn canonical(key: &PublicKey) -> String {
    let mut key = key.clone();
    key.set_comment("");
    key.to_openssh()
        .map(|s| s.trim().to_owned())
        .unwrap_or_default()
}

/// Reads a public key: a `.pub` file (`ssh-ed25519 AAAA… comment`), or an `allowed_signers`
/// line whose key it takes. Its canonical text.
pub fn read_public_key(path: &Path) -> Result<String> {
    let text = fsio::read_text(path)?;
    parse_public_key(&text).map_err(|message| {
        StorageError::invalid(Diagnostic::new(path, message).hint(
            "give the public key file (`id_ed25519.pub`), as `ssh-keygen -t ed25519` writes it",
        ))
    })
}

/// The canonical text of the first public key in `text` (a `.pub` file's line, or the key
/// fields of an `allowed_signers` line).
pub fn parse_public_key(text: &str) -> std::result::Result<String, String> {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .ok_or_else(|| "no public key in it".to_owned())?;
    if line.starts_with("-----BEGIN") {
        return Err("this is a private key: give its public key (the `.pub` file)".to_owned());
    }
    // The key is the `type base64` pair, wherever it stands on the line.
    let words: Vec<&str> = line.split_whitespace().collect();
    for pair in words.windows(2) {
        if let Ok(key) = PublicKey::from_openssh(&format!("{} {}", pair[0], pair[1])) {
            return Ok(canonical(&key));
        }
    }
    Err("not an OpenSSH public key (`ssh-ed25519 AAAA…`)".to_owned())
}

/// The SHA-256 fingerprint of a key kept as canonical text (`SHA256:…`, as `ssh-keygen -l`
/// shows it); the text itself if it does not parse.
pub fn fingerprint(public: &str) -> String {
    PublicKey::from_openssh(public)
        .map(|k| k.fingerprint(HashAlg::Sha256).to_string())
        .unwrap_or_else(|_| public.to_owned())
}

/// Where the signature of the entry at `entry` is kept.
pub fn signature_path(entry: &Path) -> PathBuf {
    let mut name = entry.as_os_str().to_owned();
    name.push(SUFFIX);
    PathBuf::from(name)
}

/// Reads and checks the signature beside each entry of `files` (in `root`): none, one that does
/// not verify over the entry's bytes, or a valid one with its key. Reads every signature file
/// and entry again: this is `verify`'s work, not a command's.
pub fn seals(root: &Path, files: &[EntryFileInfo]) -> Vec<Seal> {
    files.iter().map(|f| seal(root, f)).collect()
}

fn seal(root: &Path, file: &EntryFileInfo) -> Seal {
    let entry = root.join(&file.path);
    let sig_path = signature_path(&entry);
    if std::fs::symlink_metadata(&sig_path).is_err() {
        return Seal::None;
    }
    let armour = match fsio::read_text(&sig_path) {
        Ok(a) => a,
        Err(e) => return Seal::Invalid(format!("its signature file cannot be read: {e}")),
    };
    let sig = match SshSig::from_pem(armour.trim()) {
        Ok(sig) => sig,
        Err(e) => return Seal::Invalid(format!("not an SSH signature: {e}")),
    };
    if sig.namespace() != NAMESPACE {
        return Seal::Invalid(format!(
            "a signature for `{}`, not for jalon",
            sig.namespace()
        ));
    }
    let Ok(text) = fsio::read_text(&entry) else {
        return Seal::Invalid("its entry cannot be read".to_owned());
    };
    // Signed as written: with LF line endings, whatever a checkout did to them.
    let text = if sha256_hex(text.as_bytes()) != file.hash && text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    };
    let key = PublicKey::new(sig.public_key().clone(), "");
    match key.verify(NAMESPACE, text.as_bytes(), &sig) {
        Ok(()) => Seal::Valid(canonical(&key)),
        Err(_) => Seal::Invalid(format!(
            "it does not verify over the entry's content (signed by {})",
            key.fingerprint(HashAlg::Sha256)
        )),
    }
}
