//! Errors and problems: the leaf every module reports through.
//!
//! [`Problem`], [`Finding`], [`source`], [`suggest`] and [`escape`] are the `alliance-diagnostic` crate's,
//! which the libraries below this one (`alliance-l10n`) report through; its errors become
//! this crate's ([`Error::Invalid`], [`Error::Io`]) with `?`.
//!
//! A [`Problem`] is one thing wrong with the user's input, pinned to a file and, where there
//! is one, a line and column, with a hint how to fix it. Loading and building collect every
//! problem they find before giving up, so a user fixes them all in one round; they travel as
//! [`Error::Invalid`]. Everything else that can stop a command is a typed [`Error`] variant
//! that says what failed and carries its exit code ([`Error::exit_code`]); every I/O error
//! names its path. [`source`] reads text and turns byte offsets into lines and columns;
//! [`suggest`] finds the name a typo meant; [`escape`] writes control characters as
//! escapes wherever text is shown.

use std::path::{Path, PathBuf};

pub use alliance_diagnostic::{
    Finding, FindingCode, Problem, ProblemDiagnostic, Related, Severity, escape, finding, io_help,
    plural, shown, source, suggest,
};

/// The result type of the whole library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can stop a command.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The workspace or a command's input is wrong; every problem found is listed.
    #[error("{} found", plural(.0.len(), "problem"))]
    Invalid(Vec<Problem>),
    /// Files from outside that must be genuine are not (an artifact kept from an earlier
    /// run, a shard to merge): nothing is signed; exit code 1.
    #[error("{} that could not be verified", plural(.0.len(), "file"))]
    Unverified(Vec<Problem>),
    /// Reading or writing a file failed.
    #[error("cannot {action} `{}`: {source}", shown(.path))]
    Io {
        /// What was being done: "read", "write", "create" …
        action: &'static str,
        /// The file or folder.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The reader of standard output went away (`alliance … | head`): not a failure; exit
    /// code 0.
    #[error("standard output was closed")]
    BrokenPipe,
    /// Writing to standard output failed for another reason.
    #[error("cannot write to standard output: {0}")]
    Stdout(std::io::Error),
    /// Another run holds the lock of a release folder: nothing was done; run again later
    /// (exit code 3).
    #[error(
        "another alliance run is writing `{}` (it holds `{}`)",
        shown(.folder),
        shown(.lock)
    )]
    Locked {
        /// The release folder.
        folder: PathBuf,
        /// The lock file the other run holds.
        lock: PathBuf,
    },
    /// A key's password is missing, wrong or could not be read.
    #[error(transparent)]
    Password(#[from] PasswordError),
    /// A key file is not a usable minisign key.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// A named secret key exists nowhere it is looked for.
    #[error(
        "no secret key `{name}`: neither the file `{}` nor `{dir}{name}.key` exists",
        shown(.configured)
    )]
    NoSecretKey {
        /// The key's name, as configured or given.
        name: String,
        /// The file it names, from the workspace.
        configured: PathBuf,
        /// The user's key folder, as shown.
        dir: String,
    },
    /// `keygen` would overwrite a key.
    #[error("`{}` already exists", shown(.0))]
    KeyExists(PathBuf),
    /// The minisign library failed at something that should not fail (generating or
    /// encoding a key, signing).
    #[error("cannot {action}: {reason}")]
    Minisign {
        /// "generate a key", "sign" …
        action: &'static str,
        /// What the library said.
        reason: String,
    },
    /// A signature to check is not one, or does not match.
    #[error(transparent)]
    Signature(#[from] SignatureError),
    /// A trusted comment to sign is not one short line.
    #[error("a trusted comment must be one line of at most 4096 bytes")]
    TrustedComment,
    /// What is to be signed was signed by another key, and this run would mix the two.
    #[error("{what} signed by key {signed_by}, {but}")]
    OtherKey {
        /// "`dist/1995.08` was", "the shards were".
        what: String,
        /// The id of the key that signed it.
        signed_by: String,
        /// The rest of the sentence: which key this run signs with, and what to do.
        but: String,
    },
    /// An archive could not be written.
    #[error("cannot write {what}: {source}")]
    ArchiveWrite {
        /// "archive entry `x`", "archive".
        what: String,
        /// What the zip library said.
        source: zip::result::ZipError,
    },
    /// Two entries of one archive have the same name.
    #[error("two archive entries are both named `{0}`")]
    DuplicateEntry(String),
    /// An archive from outside is not a zip archive we can read.
    #[error("{what}: {source}")]
    ArchiveRead {
        /// "not a readable zip archive", "entry 3 of the archive cannot be read".
        what: String,
        /// What the zip library said.
        source: zip::result::ZipError,
    },
    /// A release index would get the largest sequence there is (`u64::MAX`), or one past
    /// it: no later release could be numbered above it, and clients, which never accept a
    /// sequence going down, would have no rollback protection from there on.
    #[error("{what}, and clients never accept a sequence going down")]
    SequenceExhausted {
        /// Where the sequence comes from, and why nothing can follow it:
        /// "`--sequence 18446744073709551615` is the largest sequence there is: no later
        /// release could be numbered above it".
        what: String,
        /// What to do.
        help: String,
    },
    /// An archive from outside that the hostile-input reader refuses (unsafe names, links,
    /// more entries or bytes than allowed, an entry larger than declared), or that is not
    /// what its manifest says: nothing of it was used; exit code 1.
    #[error(
        "`{}` is refused: {why}; it is not the archive its manifest describes",
        .path.display()
    )]
    ArchiveRefused {
        /// The archive.
        path: PathBuf,
        /// What the reader found.
        why: String,
    },
    /// `manifest merge` without a shard folder.
    #[error("no shard folder given")]
    NoShards,
    /// A value could not be written as YAML.
    #[error("cannot write YAML: {0}")]
    YamlWrite(String),
    /// An install or uninstall cannot go ahead with what the prefix holds.
    #[error(transparent)]
    Prefix(#[from] PrefixError),
    /// A mirror did not serve a file as asked (unreachable, stalled, larger than allowed,
    /// redirected too often): nothing was installed or kept; exit code 1.
    #[error(transparent)]
    Fetch(#[from] FetchError),
    /// A mirror served what is not to be trusted (an index that is unsigned, tampered
    /// with, expired or older than one seen before) or lacks what was asked: nothing was
    /// installed or kept; exit code 1.
    #[error("{url}: {why}")]
    Mirror {
        /// The address of the file or release folder.
        url: String,
        /// What is wrong, and what to do.
        why: String,
    },
}

/// Why a file could not be fetched from a mirror. Every message names the address.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// The address is not `http://` or `https://`.
    #[error("`{0}` is not an http:// or https:// address of a release folder")]
    Scheme(String),
    /// The server answered with an error status.
    #[error("{url}: the server answered {status}{}", if *.status == 404 { " (not found)" } else { "" })]
    Status {
        /// The address.
        url: String,
        /// The HTTP status.
        status: u16,
    },
    /// The address has a user name or password in it.
    #[error(
        "an address with a user name or password is not taken: it would be shown in every message and kept in the install receipt"
    )]
    Credentials,
    /// The body is longer than the signed index (or the cap of its kind) allows.
    #[error("{url}: the server sends more than the {cap} bytes allowed for it; stopped there")]
    TooLarge {
        /// The address.
        url: String,
        /// The most that was allowed.
        cap: u64,
    },
    /// The body is shorter than the signed index says.
    #[error("{url}: the server sent {got} bytes where the signed index says {want}")]
    Short {
        /// The address.
        url: String,
        /// Bytes received.
        got: u64,
        /// Bytes expected.
        want: u64,
    },
    /// The server did not answer, or stopped sending, within the timeout.
    #[error("{url}: the server {what} for {seconds} s; gave up")]
    Timeout {
        /// The address.
        url: String,
        /// "did not connect", "sent nothing".
        what: &'static str,
        /// The timeout.
        seconds: u64,
    },
    /// The body arrives too slowly.
    #[error(
        "{url}: the server sent {size} bytes in {seconds} s, slower than the {rate} bytes a second allowed; gave up"
    )]
    TooSlow {
        /// The address.
        url: String,
        /// Bytes received.
        size: u64,
        /// Seconds taken.
        seconds: u64,
        /// The slowest rate allowed, in bytes a second.
        rate: u64,
    },
    /// A file took longer than its deadline.
    #[error("{url}: took longer than the {seconds} s allowed for it; gave up")]
    Deadline {
        /// The address.
        url: String,
        /// The deadline.
        seconds: u64,
    },
    /// A redirect to an address that is not `http://` or `https://`.
    #[error("{url}: redirected to `{to}`, which is not an http:// or https:// address; refused")]
    RedirectedAway {
        /// The address redirected from.
        url: String,
        /// Where it led.
        to: String,
    },
    /// Redirects went on too long (a loop).
    #[error("{url}: redirected more than {max} times (a redirect loop?); gave up")]
    Redirects {
        /// The address first asked.
        url: String,
        /// The most redirects followed.
        max: u32,
    },
    /// A part of a file asked for with `Range` came back as another part, or with more or
    /// fewer bytes than asked.
    #[error("{url}: asked for bytes {asked}, the server {why}; refused")]
    Range {
        /// The address.
        url: String,
        /// The bytes asked for (`first-last` of `total`).
        asked: String,
        /// What it did instead.
        why: String,
    },
    /// Anything else the network or the server did.
    #[error("{url}: {detail}")]
    Network {
        /// The address.
        url: String,
        /// What went wrong.
        detail: String,
    },
}

/// Why a key's password is missing, wrong or could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    /// An encrypted secret key and no way to get its password.
    #[error("the secret key `{}` needs its password", shown(.0))]
    Needed(PathBuf),
    /// The password does not open the key.
    #[error(
        "cannot unlock the secret key `{}` ({reason})",
        shown(.path)
    )]
    Wrong {
        /// The secret key file.
        path: PathBuf,
        /// What the library said.
        reason: String,
    },
    /// The terminal could not be read.
    #[error("cannot read the password from the terminal: {0}")]
    Unreadable(std::io::Error),
    /// `ALLIANCE_KEY_PASSWORD` is set but empty, for a new key.
    #[error("ALLIANCE_KEY_PASSWORD is empty, and a key needs a password")]
    EmptyVariable,
    /// No terminal to ask for a new key's password.
    #[error("no terminal to ask for the new key's password")]
    NoTerminal,
    /// The two entries of a new password differ.
    #[error("the two passwords differ; nothing was written")]
    Differ,
    /// A new password is empty.
    #[error("an empty password protects nothing; nothing was written")]
    Empty,
}

/// What is wrong with a key file.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// Not a minisign key of the expected kind ("secret", "public").
    #[error("`{}` is not a minisign {kind} key: {why}", shown(.path))]
    NotAKey {
        /// The key file.
        path: PathBuf,
        /// "secret" or "public".
        kind: &'static str,
        /// What does not read.
        why: String,
    },
    /// A public key file holding more than one key: which one is meant cannot be told.
    #[error(
        "`{}` holds {count} public keys",
        shown(.path)
    )]
    SeveralKeys {
        /// The key file.
        path: PathBuf,
        /// How many public keys it holds.
        count: usize,
    },
    /// A secret key given where a public key is read (`--key`, `trust add`).
    #[error("`{}` is a minisign secret key, not a public key", shown(.path))]
    SecretNotPublic {
        /// The secret key file.
        path: PathBuf,
        /// Where its public half would be: the same name, ending in `.pub`.
        public: PathBuf,
        /// Whether that file is there.
        beside: bool,
    },
    /// A secret key whose bytes do not add up.
    #[error("the secret key `{}` is damaged ({why})", shown(.path))]
    Damaged {
        /// The key file.
        path: PathBuf,
        /// What does not add up.
        why: String,
    },
    /// The workspace's development key does not read; it can be made anew.
    #[error(
        "the development key `{}` is damaged ({why})",
        shown(.path)
    )]
    DevelopmentDamaged {
        /// The key file.
        path: PathBuf,
        /// What does not read.
        why: String,
    },
    /// The secret half has a layout we do not know.
    #[error("the secret key has an unknown layout")]
    UnknownLayout,
    /// The secret half does not belong to the public half.
    #[error("the secret key does not match its public key")]
    Mismatched,
}

/// Why a signature does not check.
#[derive(Debug, thiserror::Error)]
pub enum SignatureError {
    /// Not four lines of the right lengths.
    #[error("not a well-formed minisign signature file")]
    Malformed,
    /// The signature does not read.
    #[error("not a minisign signature: {0}")]
    NotASignature(String),
    /// No key of those trusted has the signature's key id.
    #[error("signed by key {signer}, {}", if .trusted.is_empty() {
        "and no key is trusted".to_string()
    } else {
        format!("which is none of the trusted keys {}", .trusted.join(", "))
    })]
    UnknownKey {
        /// The key id the signature names.
        signer: String,
        /// The keys trusted, as `name (id)`.
        trusted: Vec<String>,
    },
    /// The signature does not match the data and the trusted key of its id.
    #[error("the signature does not match (key {key}): {why}")]
    Mismatch {
        /// The trusted key tried (its name).
        key: String,
        /// What the check said.
        why: String,
    },
    /// The trusted comment does not read.
    #[error("unreadable trusted comment: {0}")]
    Comment(String),
}

/// Why an install or uninstall cannot use a prefix.
#[derive(Debug, thiserror::Error)]
pub enum PrefixError {
    /// The prefix holds another package.
    #[error(
        "`{}` holds {installed} {version}, not {wanted}",
        shown(.prefix)
    )]
    OtherPackage {
        /// The folder.
        prefix: PathBuf,
        /// The package it holds.
        installed: String,
        /// Its version.
        version: String,
        /// The package to install.
        wanted: String,
    },
    /// A file kept from an earlier uninstall stands where the artifact puts something.
    #[error("cannot install into `{}`: {why}; nothing was changed", shown(.prefix))]
    InTheWay {
        /// The folder.
        prefix: PathBuf,
        /// Which file, and what the artifact puts there.
        why: String,
    },
    /// A file of the artifact cannot be written into the prefix.
    #[error("{0}")]
    Unwritable(String),
    /// The prefix holds files alliance did not install.
    #[error(
        "`{}` is not empty: alliance did not install what it holds",
        shown(.0)
    )]
    NotEmpty(PathBuf),
    /// The prefix holds no install receipt.
    #[error("`{}` has no install receipt (`{file}`): alliance did not install it", shown(.prefix))]
    NoReceipt {
        /// The folder.
        prefix: PathBuf,
        /// The receipt's file name.
        file: &'static str,
    },
    /// The prefix holds only the files an uninstall kept.
    #[error(
        "`{}` holds only the {} kept when {package} {version} was uninstalled (listed in `{file}`), nothing to remove",
        shown(.prefix),
        plural(*.files, "file")
    )]
    OnlyKept {
        /// The folder.
        prefix: PathBuf,
        /// How many files were kept.
        files: usize,
        /// The package that was uninstalled.
        package: String,
        /// Its version.
        version: String,
        /// The file listing the kept files.
        file: &'static str,
    },
    /// Another command holds the lock of the prefix (exit code 3).
    #[error(
        "another alliance command is changing `{}` (it holds the folder's lock)",
        .0.display()
    )]
    InUse(PathBuf),
    /// The prefix is a symbolic link to something that is no folder.
    #[error(
        "`{}` is a symbolic link to `{}`, which is not a folder",
        .prefix.display(),
        .target.display()
    )]
    Link {
        /// The link.
        prefix: PathBuf,
        /// Where it points.
        target: PathBuf,
    },
    /// A file of the artifact cannot be written (a full disk, a quota, no permission).
    #[error(
        "cannot write `{entry}` into `{}`: {source}; nothing was changed",
        .prefix.display()
    )]
    CannotWrite {
        /// The prefix.
        prefix: PathBuf,
        /// The archive entry.
        entry: String,
        /// What the system said.
        source: std::io::Error,
    },
    /// The prefix is a file.
    #[error("`{}` is not a folder", .0.display())]
    NotAFolder(PathBuf),
    /// A change that a killed run left in the prefix could neither be finished nor undone.
    #[error(
        "`{}` holds an unfinished change that could not be finished or undone: {why}; nothing else was done",
        .prefix.display()
    )]
    Stuck {
        /// The folder.
        prefix: PathBuf,
        /// What went wrong.
        why: String,
    },
}

impl Error {
    /// The error in one line, for a check's detail: each problem's file, message and help.
    pub fn problems_text(&self) -> String {
        match self {
            Error::Invalid(problems) | Error::Unverified(problems) => problems
                .iter()
                .map(|p| {
                    let help = p
                        .help
                        .as_ref()
                        .map(|h| format!(" ({h})"))
                        .unwrap_or_default();
                    format!("{}: {}{help}", p.path.display(), p.message)
                })
                .collect::<Vec<_>>()
                .join("; "),
            other => other.to_string(),
        }
    }

    /// The process exit code: 0 for a closed pipe (the reader had enough), 1 for a failed
    /// verification, 3 for a held lock, 2 for everything else (a mistake in the input, the
    /// configuration or the command line, or a failure to read or write).
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::BrokenPipe => 0,
            Error::Unverified(_)
            | Error::ArchiveRefused { .. }
            | Error::Fetch(_)
            | Error::Mirror { .. } => 1,
            Error::Locked { .. } | Error::Prefix(PrefixError::InUse(_)) => 3,
            _ => 2,
        }
    }

    /// What to do next: the help printed after the message (`help: …`), kept apart from
    /// it. Every variant is decided here (no catch-all): `None` only where there is nothing
    /// to do (a closed pipe), where each problem carries its own help ([`Problem::help`]),
    /// or where the message is assembled with its next step by the code that knows it.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            Error::Io { source, path, .. } => return io_help(source, path),
            Error::BrokenPipe | Error::Invalid(_) | Error::Unverified(_) => return None,
            Error::OtherKey { .. } | Error::Mirror { .. } => return None,
            Error::Password(e) => return Some(e.help()),
            Error::Key(e) => return Some(e.help()),
            Error::Signature(e) => return Some(e.help()),
            Error::Prefix(e) => return e.help(),
            Error::Fetch(fetch) => return fetch.help(),
            Error::SequenceExhausted { help, .. } => return Some(help.clone()),
            Error::NoSecretKey { name, .. } => {
                return Some(format!("`alliance keygen {name}` puts a new key there"));
            }
            Error::Stdout(_) => "check where the output goes: a full disk, a closed terminal",
            Error::Locked { .. } => "wait for it to finish, then run again",
            Error::KeyExists(_) => "choose another name, or move the file away",
            Error::Minisign { .. } => {
                "run the command again; if it fails again, check the key file with `minisign -V`"
            }
            Error::TrustedComment => "give a trusted comment of one line",
            Error::ArchiveWrite { .. } => {
                "check that the output folder has room and can be written, then run again"
            }
            Error::DuplicateEntry(_) => "give each file of the payload its own name",
            Error::ArchiveRead { .. } => {
                "the file is damaged or is no zip archive: download it again from its publisher"
            }
            Error::ArchiveRefused { .. } => {
                "download it again from its publisher; `alliance verify` checks the whole release folder"
            }
            Error::NoShards => "give the shard folders to merge: `alliance manifest merge DIR…`",
            Error::YamlWrite(_) => "run the command again; the value could not be written as YAML",
        };
        Some(text.to_string())
    }

    /// An I/O error on `path` while doing `action` ("read", "write", "create" …).
    pub fn io(action: &'static str, path: &Path, source: std::io::Error) -> Self {
        Error::Io {
            action,
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Adds the path to an I/O result, so that no I/O error reaches the user without one.
pub trait IoContext<T> {
    /// Tags an I/O error with what was being done to which path.
    fn at(self, action: &'static str, path: &Path) -> Result<T>;
}

impl<T> IoContext<T> for std::io::Result<T> {
    fn at(self, action: &'static str, path: &Path) -> Result<T> {
        self.map_err(|e| Error::io(action, path, e))
    }
}

impl FetchError {
    /// What to do next about a file a mirror did not serve as asked.
    pub fn help(&self) -> Option<String> {
        let text = match self {
            FetchError::Status { status, .. } if *status == 404 => {
                "check the address: a release folder (the one holding `release.yaml`), or a mirror's channel (`…/channel.yaml`, or the folder holding it)"
            }
            FetchError::Range { .. } => {
                "the whole file can be fetched instead (`alliance upgrade --full`); or try another mirror"
            }
            FetchError::Status { .. }
            | FetchError::TooLarge { .. }
            | FetchError::Short { .. }
            | FetchError::RedirectedAway { .. }
            | FetchError::Redirects { .. } => {
                "try another mirror of the release, or this one later"
            }
            FetchError::Network { .. } => {
                "check the address and the network (a proxy is taken from HTTPS_PROXY), or try another mirror"
            }
            FetchError::TooSlow { .. } => {
                "try another mirror, or a slower lowest speed with --min-speed KIB"
            }
            FetchError::Scheme(_) => {
                "give the address of the release folder, such as `https://mirror.example/1995.08/`"
            }
            FetchError::Credentials => "give the mirror's public address",
            FetchError::Timeout { .. } => {
                "try another mirror, or wait longer with --timeout SECONDS"
            }
            FetchError::Deadline { .. } => {
                "--deadline SECONDS allows more for files of no signed size, --min-speed KIB for the others"
            }
        };
        Some(text.to_string())
    }
}

impl PasswordError {
    /// What to do next about a key's password.
    pub fn help(&self) -> String {
        match self {
            PasswordError::Needed(_) => "set ALLIANCE_KEY_PASSWORD".to_string(),
            PasswordError::Wrong { .. } => "check ALLIANCE_KEY_PASSWORD".to_string(),
            PasswordError::Unreadable(_) => {
                "set ALLIANCE_KEY_PASSWORD instead of typing the password".to_string()
            }
            PasswordError::EmptyVariable | PasswordError::NoTerminal => {
                "set ALLIANCE_KEY_PASSWORD, or pass --unencrypted for a test key".to_string()
            }
            PasswordError::Differ => {
                "run the command again and type the same password twice".to_string()
            }
            PasswordError::Empty => "run the command again and choose a password".to_string(),
        }
    }
}

impl KeyError {
    /// What to do next about a key file.
    pub fn help(&self) -> String {
        match self {
            KeyError::NotAKey { kind, .. } => format!(
                "give a minisign {kind} key, as `alliance keygen` or `minisign -G` make them"
            ),
            KeyError::SeveralKeys { .. } => {
                "give one key per file (split it, and trust each under a name of its own)"
                    .to_string()
            }
            KeyError::SecretNotPublic {
                public,
                beside: true,
                ..
            } => format!(
                "give its public half, `{}` beside it, and never share the secret key",
                shown(public)
            ),
            KeyError::SecretNotPublic { path, public, .. } => format!(
                "give its public half (the `.pub` made with it: `alliance keygen` puts it in the workspace's keys/; `minisign -R -s {} -p {}` writes it again), and never share the secret key",
                shown(path),
                shown(public)
            ),
            KeyError::Damaged { .. } => "use its backup".to_string(),
            KeyError::DevelopmentDamaged { .. } => "delete it and a new one is made".to_string(),
            KeyError::UnknownLayout | KeyError::Mismatched => {
                "use the key's backup, or make a new key with `alliance keygen`".to_string()
            }
        }
    }
}

impl SignatureError {
    /// What to do next about a signature that does not check.
    pub fn help(&self) -> String {
        match self {
            SignatureError::Malformed
            | SignatureError::NotASignature(_)
            | SignatureError::Comment(_) => {
                "the signature file is damaged: download it again from the publisher".to_string()
            }
            SignatureError::UnknownKey { .. } => {
                "if the publisher's key is genuine, trust it with `alliance trust add NAME KEY.pub` or give it with --key".to_string()
            }
            SignatureError::Mismatch { .. } => {
                "the file or its signature changed after signing: download both again from the publisher, and use nothing of them until they check".to_string()
            }
        }
    }
}

impl PrefixError {
    /// What to do next about a prefix that cannot be used.
    pub fn help(&self) -> Option<String> {
        Some(match self {
            PrefixError::OtherPackage { prefix, .. } => format!(
                "`alliance uninstall --prefix {}` first, or install into another folder",
                shown(prefix)
            ),
            PrefixError::NotEmpty(prefix) => format!(
                "install into a new folder, or `alliance uninstall --prefix {}` first",
                shown(prefix)
            ),
            PrefixError::InTheWay { .. } => {
                "move that file away, then run the command again".to_string()
            }
            PrefixError::Unwritable(_) => return None,
            PrefixError::NoReceipt { .. } => {
                "give the folder alliance installed into; `alliance list --prefix DIR` shows what a folder holds".to_string()
            }
            PrefixError::OnlyKept { .. } => {
                "`alliance install` into it keeps them, or delete the folder yourself".to_string()
            }
            PrefixError::InUse(_) => "wait for it to finish, then run again".to_string(),
            PrefixError::Link { .. } => {
                "create that folder, or give the folder to install into itself".to_string()
            }
            PrefixError::CannotWrite { .. } => "make room, or install elsewhere".to_string(),
            PrefixError::NotAFolder(_) => "give a folder to install into".to_string(),
            PrefixError::Stuck { .. } => {
                "fix the cause and run the command again: it tries again. The files of the previous version are in `.alliance-txn/old`, the new ones in `.alliance-txn/new`".to_string()
            }
        })
    }
}

impl From<alliance_archive::Error> for Error {
    fn from(error: alliance_archive::Error) -> Self {
        match error {
            alliance_archive::Error::Diagnostic(e) => e.into(),
            alliance_archive::Error::Write { what, source } => Error::ArchiveWrite { what, source },
            alliance_archive::Error::DuplicateEntry(name) => Error::DuplicateEntry(name),
            alliance_archive::Error::Read { what, source } => Error::ArchiveRead { what, source },
            alliance_archive::Error::Stopped(e) => Error::Stdout(e),
            alliance_archive::Error::Earlier(why) => Error::Io {
                action: "copy entries from",
                path: std::path::PathBuf::from(".alliance/cache"),
                source: std::io::Error::other(why),
            },
        }
    }
}

impl From<alliance_diagnostic::Error> for Error {
    fn from(error: alliance_diagnostic::Error) -> Self {
        match error {
            alliance_diagnostic::Error::Invalid(problems) => Error::Invalid(problems),
            alliance_diagnostic::Error::Io {
                action,
                path,
                source,
            } => Error::Io {
                action,
                path,
                source,
            },
        }
    }
}
