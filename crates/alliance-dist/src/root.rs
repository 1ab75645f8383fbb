//! The alliance's root of trust: which keys may sign what, signed by the founders.
//!
//! A root is a versioned file, `root/N.yaml`, that names the keys by role, each role with a
//! threshold (how many of its keys must sign): `root` (the founders' keys, which sign every
//! root), `index` (the keys that sign a release's index) and `vendors` (one delegation per
//! vendor: its keys and the package ids, as globs, that it alone may sign; the first
//! delegation whose globs match a package id decides). The public keys are written in the
//! file itself, so that a root read from a release needs nothing beside it.
//!
//! Each signature is a minisign file of its own beside the root (`N.yaml.<KEYID>.minisig`),
//! so that stock `minisign -Vm N.yaml -x N.yaml.<KEYID>.minisig -p founder.pub` checks any
//! one of them. A client pins a first root once (`alliance trust add-root`), then follows
//! rotations by itself ([`walk`]): version N+1 is accepted only when the threshold of
//! version N's root keys **and** of its own signed it, and its version is exactly N+1
//! (TUF's root update); the newest must not have expired, and no release may carry a chain
//! older than the root already trusted. Nothing in a root file is trusted before its
//! signatures are: everything read here is checked as hostile input first ([`Signed::read`]).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostic::escape::escape;
use crate::diagnostic::{Error, IoContext, Problem, Result};
use crate::sign::{self, Origin, SigningKey, TrustedKey};

/// Where a workspace, a release folder and a trust store keep the root chain.
pub const ROOT_DIR: &str = "root";
/// The `type` of a root file.
const ROOT_TYPE: &str = "alliance-root";
/// The largest root file read.
const MAX_ROOT_BYTES: u64 = 1 << 20;
/// The largest signature file read.
const MAX_SIGNATURE_BYTES: u64 = 64 << 10;
/// The most versions a chain may hold.
const MAX_VERSIONS: u64 = 10_000;

/// A root, read and checked for shape (not yet for its signatures: see [`Signed`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Root {
    /// The root's version: 1, then one more at each rotation.
    pub version: u64,
    /// When it expires (seconds since the epoch).
    pub expires: i64,
    /// Every key the roles name, by key id.
    pub keys: BTreeMap<String, RootKey>,
    /// The founders' keys: they sign every root.
    pub root: Role,
    /// The keys that sign a release's index (`release.yaml`, `SHA256SUMS`, the page).
    pub index: Role,
    /// One delegation per vendor, in the order they are tried.
    pub vendors: Vec<Delegation>,
}

/// A key of a root.
#[derive(Debug, Clone)]
pub struct RootKey {
    /// What the root calls it (the file name it was made from).
    pub name: String,
    /// The key, ready to check signatures.
    pub key: TrustedKey,
}

impl PartialEq for RootKey {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.key.same_key(&other.key)
    }
}

/// Keys and how many of them must sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// How many of `keys` must sign.
    pub threshold: usize,
    /// Key ids.
    pub keys: Vec<String>,
}

/// A vendor's delegation: its keys, its threshold and the package ids it alone may sign.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delegation {
    /// The vendor's name.
    pub name: String,
    /// How many of `keys` must sign.
    pub threshold: usize,
    /// Key ids.
    pub keys: Vec<String>,
    /// Package ids, as globs (`*`, `?`, `[…]`).
    pub packages: Vec<String>,
}

/// A root file as written.
#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RootFile {
    #[serde(rename = "type")]
    kind: String,
    version: u64,
    expires: String,
    keys: BTreeMap<String, KeyFile>,
    roles: RolesFile,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    name: String,
    public: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RolesFile {
    root: Role,
    index: Role,
    #[serde(default)]
    vendors: Vec<Delegation>,
}

/// A root with the bytes it was read from and the signature files found beside it.
#[derive(Debug, Clone)]
pub struct Signed {
    /// Where it was read.
    pub path: PathBuf,
    /// The root.
    pub root: Root,
    /// Its bytes: what every signature signs.
    pub bytes: Vec<u8>,
}

/// What the roles of a new root are made from: the `trust` section of `alliance.yaml`,
/// its key files read.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The keys, by id.
    pub keys: BTreeMap<String, RootKey>,
    /// The founders' role.
    pub root: Role,
    /// The index role.
    pub index: Role,
    /// The vendors' delegations, in order.
    pub vendors: Vec<Delegation>,
}

impl Root {
    /// The trusted keys of `role`, to check a signature with.
    pub fn keys_of(&self, role: &Role) -> Vec<TrustedKey> {
        role.keys
            .iter()
            .filter_map(|id| self.keys.get(id))
            .map(|k| k.key.clone())
            .collect()
    }

    /// The delegation that decides who signs `package` (the first whose globs match).
    pub fn delegation_for(&self, package: &str) -> Option<&Delegation> {
        self.vendors
            .iter()
            .find(|d| d.packages.iter().any(|glob| glob_matches(glob, package)))
    }

    /// Whether the delegation that decides who signs `package` holds key `key_id`.
    pub fn delegates(&self, package: &str, key_id: &str) -> bool {
        self.delegation_for(package)
            .is_some_and(|d| d.keys.iter().any(|k| k == key_id))
    }

    /// The ids of the keys of `role` that signed `bytes`, the root file at `path`: each
    /// `<file>.<KEYID>.minisig` beside it for a key of the role, read (capped) and checked
    /// with that key. Only the role's own key ids are looked for: files of other names
    /// never hide them.
    pub fn signers(&self, role: &Role, bytes: &[u8], path: &Path) -> BTreeSet<String> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        let mut signers = BTreeSet::new();
        for id in &role.keys {
            let Some(key) = self.keys.get(id) else {
                continue;
            };
            let file = path.with_file_name(format!("{name}.{id}.minisig"));
            let Ok(data) = crate::untrusted::read_capped(&file, MAX_SIGNATURE_BYTES) else {
                continue;
            };
            let keys = [key.key.clone()];
            if sign::verify_trusted(&keys, &String::from_utf8_lossy(&data), bytes).is_ok() {
                signers.insert(id.clone());
            }
        }
        signers
    }

    /// The name and id of key `id`, as a message shows it.
    pub fn describe_key(&self, id: &str) -> String {
        match self.keys.get(id) {
            Some(key) => format!("{} ({id})", key.name),
            None => id.to_string(),
        }
    }

    /// The text of root version `version` with these roles, expiring at `expires`.
    fn to_yaml(&self) -> Result<String> {
        let file = RootFile {
            kind: ROOT_TYPE.to_string(),
            version: self.version,
            expires: crate::date::timestamp(self.expires),
            keys: self
                .keys
                .iter()
                .map(|(id, k)| {
                    (
                        id.clone(),
                        KeyFile {
                            name: k.name.clone(),
                            public: k.key.base64(),
                        },
                    )
                })
                .collect(),
            roles: RolesFile {
                root: self.root.clone(),
                index: self.index.clone(),
                vendors: self.vendors.clone(),
            },
        };
        let body = crate::yaml::to_string(&file)?;
        Ok(format!(
            "# The alliance's root of trust, version {}: which keys sign roots, the index and\n\
             # each vendor's packages. Founders sign it with\n\
             #   alliance root sign root/{}.yaml --secret-key FILE\n\
             # Do not edit a signed root: make the next version with `alliance root init`.\n{body}",
            self.version, self.version
        ))
    }
}

impl Signed {
    /// Reads the root at `path` and the signature files beside it; its shape is checked
    /// (every key a key, every role's keys in `keys`, thresholds that can be met), its
    /// signatures are not.
    pub fn read(path: &Path) -> Result<Signed> {
        let bytes = crate::untrusted::read_capped(path, MAX_ROOT_BYTES).at("read root", path)?;
        let root = parse(path, &bytes)?;
        Ok(Signed {
            path: path.to_path_buf(),
            root,
            bytes,
        })
    }

    /// The ids of the keys of `by`'s role `role` that signed this root.
    fn signed_by(&self, by: &Root, role: &Role) -> BTreeSet<String> {
        by.signers(role, &self.bytes, &self.path)
    }

    /// Checks that the threshold of its own root keys signed it.
    pub fn check_self_signed(&self) -> Result<()> {
        let signers = self.signed_by(&self.root, &self.root.root);
        threshold_met(
            &self.root,
            &self.root.root,
            &signers,
            &self.root,
            &self.path,
        )
    }

    /// Accepts this root as the successor of `trusted`: exactly one version more, signed by
    /// the threshold of `trusted`'s root keys and of its own.
    pub fn check_successor_of(&self, trusted: &Root) -> Result<()> {
        let expected = trusted.version + 1;
        if self.root.version != expected {
            return Err(refused(
                &self.path,
                format!(
                    "root version {} cannot follow root version {}: the next root must be version {expected}",
                    self.root.version, trusted.version
                ),
                "a client walks the chain one version at a time: publish every version in between",
            ));
        }
        let old = self.signed_by(trusted, &trusted.root);
        threshold_met(&self.root, &trusted.root, &old, trusted, &self.path)?;
        self.check_self_signed()
    }
}

/// Whether `signers` (ids of `role`'s keys, as `of` names them) meet `role`'s threshold
/// for `root`; the refusal names the role, the keys and the versions.
fn threshold_met(
    root: &Root,
    role: &Role,
    signers: &BTreeSet<String>,
    of: &Root,
    path: &Path,
) -> Result<()> {
    if signers.len() >= role.threshold {
        return Ok(());
    }
    let signed: Vec<String> = signers.iter().map(|id| of.describe_key(id)).collect();
    let missing: Vec<String> = role
        .keys
        .iter()
        .filter(|id| !signers.contains(*id))
        .map(|id| of.describe_key(id))
        .collect();
    let whose = if of.version == root.version {
        format!("its own root keys (root version {})", of.version)
    } else {
        format!("the root keys of root version {}", of.version)
    };
    Err(refused(
        path,
        format!(
            "root version {} is signed by {} of {whose}, and needs {}: signed by [{}], not by [{}]",
            root.version,
            signers.len(),
            role.threshold,
            signed.join(", "),
            missing.join(", ")
        ),
        format!(
            "collect the missing signatures: each founder runs `alliance root sign root/{}.yaml --secret-key FILE` and sends the `.minisig` file it writes",
            root.version
        ),
    ))
}

/// A refusal of a root: a verification failure, with what to do.
fn refused(path: &Path, message: impl Into<String>, help: impl Into<String>) -> Error {
    Error::Unverified(vec![Problem::new(path, message).with_help(help)])
}

/// Reads and checks the shape of a root file.
fn parse(path: &Path, bytes: &[u8]) -> Result<Root> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Error::Invalid(vec![Problem::new(
            path,
            "a root file is UTF-8 text; this one is not",
        )])
    })?;
    let source: Arc<str> = Arc::from(text);
    let file: RootFile = crate::yaml::parse(path, &source).map_err(|p| Error::Invalid(vec![p]))?;
    let mut problems = Vec::new();
    let problem = |message: String| Problem::new(path, message);
    if file.kind != ROOT_TYPE {
        problems.push(problem(format!(
            "`type` is `{}`, not `{ROOT_TYPE}`: this is no alliance root",
            escape(&file.kind)
        )));
    }
    if !(1..=MAX_VERSIONS).contains(&file.version) {
        problems.push(problem(format!(
            "`version` is {}: a root's version is 1 to {MAX_VERSIONS}",
            file.version
        )));
    }
    let expires = crate::date::parse_timestamp(&file.expires);
    if expires.is_none() {
        problems.push(problem(format!(
            "`expires` is `{}`, not a time such as 2027-12-31T00:00:00Z",
            escape(&file.expires)
        )));
    }
    let keys = parse_keys(path, &file.keys, &mut problems);
    check_role(
        path,
        &file.keys,
        "role `root`".to_string(),
        &file.roles.root,
        &mut problems,
    );
    check_role(
        path,
        &file.keys,
        "role `index`".to_string(),
        &file.roles.index,
        &mut problems,
    );
    check_vendors(path, &file, &mut problems);
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    Ok(Root {
        version: file.version,
        expires: expires.unwrap_or_default(),
        keys,
        root: file.roles.root,
        index: file.roles.index,
        vendors: file.roles.vendors,
    })
}

/// The keys of a root file, each checked to be the key its id names.
fn parse_keys(
    path: &Path,
    files: &BTreeMap<String, KeyFile>,
    problems: &mut Vec<Problem>,
) -> BTreeMap<String, RootKey> {
    let mut keys = BTreeMap::new();
    let mut seen: BTreeMap<Vec<u8>, &str> = BTreeMap::new();
    for (id, key) in files {
        // One Ed25519 key under two ids would count one signature twice toward a threshold.
        if let Ok(parsed) = TrustedKey::parse(&key.public, key.name.clone())
            && let Some(other) = seen.insert(parsed.ed25519(), id)
        {
            problems.push(Problem::new(
                path,
                format!(
                    "keys `{}` and `{}` are one Ed25519 key under two ids: one signature would count twice",
                    escape(other),
                    escape(id)
                ),
            ));
        }
        // Names are shown in messages: plain names only (a root file is untrusted input).
        if !plain_name(&key.name) {
            problems.push(Problem::new(
                path,
                format!(
                    "key `{}` has the name `{}`: {NAME_RULE}",
                    escape(id),
                    escape(&key.name)
                ),
            ));
            continue;
        }
        match TrustedKey::parse(&key.public, key.name.clone()) {
            Ok(parsed) if parsed.key_id == *id => {
                keys.insert(
                    id.clone(),
                    RootKey {
                        name: key.name.clone(),
                        key: parsed.with_origin(Origin::Root),
                    },
                );
            }
            Ok(parsed) => problems.push(Problem::new(
                path,
                format!(
                    "key `{}` ({}) is the public key of key id {}",
                    escape(id),
                    key.name,
                    parsed.key_id
                ),
            )),
            Err(why) => problems.push(Problem::new(
                path,
                format!(
                    "key `{}` ({}) is not a minisign public key: {why}",
                    escape(id),
                    key.name
                ),
            )),
        }
    }
    keys
}

/// The rule of key and vendor names in a root, as a refusal says it.
const NAME_RULE: &str =
    "a name is at most 64 letters, digits, `.`, `_` and `-`, not starting with `.` or `-`";

/// Whether `name` is a plain name ([`NAME_RULE`]).
fn plain_name(name: &str) -> bool {
    name.len() <= 64 && sign::valid_key_name(name)
}

/// Whether `glob` is a plain package glob.
fn plain_glob(glob: &str) -> bool {
    !glob.is_empty()
        && glob.len() <= 128
        && glob.chars().all(|c| {
            c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '*' | '?' | '[' | ']' | '!')
        })
}

/// Checks the vendors' delegations of a root file.
fn check_vendors(path: &Path, file: &RootFile, problems: &mut Vec<Problem>) {
    let mut names = BTreeSet::new();
    for d in &file.roles.vendors {
        if !plain_name(&d.name) {
            problems.push(Problem::new(
                path,
                format!("a vendor is named `{}`: {NAME_RULE}", escape(&d.name)),
            ));
            continue;
        }
        if let Some(glob) = d.packages.iter().find(|g| !plain_glob(g)) {
            problems.push(Problem::new(
                path,
                format!(
                    "vendor `{}` has the package glob `{}`: a glob is at most 128 of letters, digits, `.`, `_`, `-`, `*`, `?`, `[`, `]` and `!`",
                    d.name,
                    escape(glob)
                ),
            ));
            continue;
        }
        let role = Role {
            threshold: d.threshold,
            keys: d.keys.clone(),
        };
        check_role(
            path,
            &file.keys,
            format!("vendor `{}`", d.name),
            &role,
            problems,
        );
        if !names.insert(d.name.as_str()) {
            problems.push(Problem::new(
                path,
                format!("vendor `{}` is delegated twice", d.name),
            ));
        }
        if d.packages.is_empty() {
            problems.push(Problem::new(
                path,
                format!("vendor `{}` has no packages", d.name),
            ));
        }
        for glob in &d.packages {
            if globset::Glob::new(glob).is_err() {
                problems.push(Problem::new(
                    path,
                    format!("vendor `{}` has `{glob}`, which is not a glob", d.name),
                ));
            }
        }
    }
}

/// Checks that `role` (`what`, in messages) names keys of `keys`, each once, with a
/// threshold it can meet.
fn check_role(
    path: &Path,
    keys: &BTreeMap<String, KeyFile>,
    what: String,
    role: &Role,
    problems: &mut Vec<Problem>,
) {
    let mut seen = BTreeSet::new();
    for id in &role.keys {
        if !keys.contains_key(id) {
            problems.push(Problem::new(
                path,
                format!(
                    "{what} names key `{}`, which `keys` does not hold",
                    escape(id)
                ),
            ));
        }
        if !seen.insert(id) {
            problems.push(Problem::new(
                path,
                format!("{what} names key `{}` twice", escape(id)),
            ));
        }
    }
    if role.threshold == 0 || role.threshold > role.keys.len() {
        problems.push(Problem::new(
            path,
            format!(
                "{what} has threshold {} with {} keys: it must be 1 to the number of its keys",
                role.threshold,
                role.keys.len()
            ),
        ));
    }
}

/// Whether package id `package` matches `glob` (a glob checked when the root was read).
fn glob_matches(glob: &str, package: &str) -> bool {
    globset::Glob::new(glob).is_ok_and(|g| g.compile_matcher().is_match(package))
}

/// The root chain accepted from a trusted root: the newest root, and for each key any
/// version of the chain trusted, the last version that did (for "no longer trusts").
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The newest root accepted.
    pub root: Root,
    /// Key id → the last root version of the chain that held it.
    pub last_held: BTreeMap<String, u64>,
    /// Whether the chain went past the root trusted before.
    pub advanced: bool,
    /// The newest root's bytes, to keep in the trust store.
    pub bytes: Vec<u8>,
}

impl Accepted {
    /// Every key of the newest root, once each.
    pub fn all_keys(&self) -> Vec<TrustedKey> {
        self.root.keys.values().map(|k| k.key.clone()).collect()
    }

    /// The keys that may sign package `package`: its delegation's; a refusal (in words)
    /// when no delegation matches it.
    pub fn keys_for_package(&self, package: &str) -> std::result::Result<Vec<TrustedKey>, String> {
        let version = self.root.version;
        let Some(d) = self.root.delegation_for(package) else {
            return Err(format!(
                "root version {version} delegates package `{package}` to no vendor: nobody may sign it"
            ));
        };
        Ok(self.root.keys_of(&Role {
            threshold: d.threshold,
            keys: d.keys.clone(),
        }))
    }

    /// How many signatures package `package` needs, and the role that gives them, in
    /// words (`vendor `abacus` of root version 2`).
    pub fn package_threshold(&self, package: &str) -> (usize, String) {
        match self.root.delegation_for(package) {
            Some(d) => (
                d.threshold,
                format!("vendor `{}` of root version {}", d.name, self.root.version),
            ),
            None => (1, String::new()),
        }
    }

    /// How many signatures an index needs, and the role in words.
    pub fn index_threshold(&self) -> (usize, String) {
        (
            self.root.index.threshold,
            format!("the `index` role of root version {}", self.root.version),
        )
    }

    /// Why a signature of package `package` by key `signer` is refused: revoked, or not of
    /// the delegation that root version N gives the package to.
    pub fn refuse_package(&self, signer: &str, package: &str) -> String {
        let whose = match self.root.delegation_for(package) {
            Some(d) => {
                let keys: Vec<String> =
                    d.keys.iter().map(|id| self.root.describe_key(id)).collect();
                format!(
                    "; `{package}` needs a key of vendor `{}`: {}",
                    d.name,
                    keys.join(", ")
                )
            }
            None => String::new(),
        };
        format!(
            "{}{whose}",
            self.why_not(signer, &format!("package `{package}`"))
        )
    }

    /// The keys that may sign a release's index: the `index` role's.
    pub fn index_keys(&self) -> std::result::Result<Vec<TrustedKey>, String> {
        Ok(self.root.keys_of(&self.root.index))
    }

    /// Why a signature by key `id` does not count for `what` in the newest root: revoked
    /// (an older root of the chain held it) or never in it.
    pub fn why_not(&self, id: &str, what: &str) -> String {
        match self.last_held.get(id) {
            Some(&last) if last < self.root.version => format!(
                "signed by key {id}, which root version {} no longer trusts (root version {last} was the last to list it)",
                self.root.version
            ),
            _ => format!(
                "signed by key {id}, which root version {} does not trust for {what}",
                self.root.version
            ),
        }
    }
}

/// The versions of the chain in `dir` (`N.yaml` files), sorted.
pub fn versions_in(dir: &Path) -> Result<Vec<u64>> {
    let mut versions = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(versions),
        Err(e) => return Err(e).at("read folder", dir),
    };
    for entry in entries {
        let entry = entry.at("read folder", dir)?;
        let name = entry.file_name();
        let Some(stem) = name.to_str().and_then(|n| n.strip_suffix(".yaml")) else {
            continue;
        };
        if let Ok(version) = stem.parse::<u64>()
            && version.to_string() == stem
            && (1..=MAX_VERSIONS).contains(&version)
        {
            versions.push(version);
        }
    }
    versions.sort_unstable();
    Ok(versions)
}

/// Walks the chain in `dir` from `trusted` (a root the user pinned or accepted before):
/// each version after it in turn, each signed by the threshold of the one before and of
/// its own (TUF's root update); the newest must not have expired at `now`. A chain whose
/// newest version is older than `trusted` is a rollback, refused; a version of the chain
/// equal to `trusted` must be the same root.
pub fn walk(trusted: &Root, dir: &Path, now: i64) -> Result<Accepted> {
    let versions = versions_in(dir)?;
    let mut last_held: BTreeMap<String, u64> = BTreeMap::new();
    let hold = |root: &Root, last_held: &mut BTreeMap<String, u64>| {
        for id in root.keys.keys() {
            last_held.insert(id.clone(), root.version);
        }
    };
    // The versions before the trusted one only word a refusal ("no longer trusts"): they
    // are read, never trusted.
    for &version in versions.iter().filter(|v| **v < trusted.version) {
        if let Ok(older) = Signed::read(&dir.join(format!("{version}.yaml"))) {
            hold(&older.root, &mut last_held);
        }
    }
    hold(trusted, &mut last_held);
    // No version at all: nothing newer (a mirror that serves no chain, an empty folder).
    let newest = versions.last().copied().unwrap_or(trusted.version);
    if newest < trusted.version {
        return Err(refused(
            dir,
            format!(
                "the chain's newest root is version {newest}, older than root version {} that you already trust: a rollback",
                trusted.version
            ),
            "a mirror may serve an old release, never an old root: take the release from a mirror that is up to date",
        ));
    }
    if versions.contains(&trusted.version) {
        let same = Signed::read(&dir.join(format!("{}.yaml", trusted.version)))?;
        if same.root != *trusted {
            return Err(refused(
                &same.path,
                format!(
                    "root version {} here is not the root version {} you trust",
                    trusted.version, trusted.version
                ),
                "two roots with one version: the chain was forged; pin the alliance's root again only from its founders",
            ));
        }
    }
    let mut current = trusted.clone();
    let mut bytes = Vec::new();
    for version in trusted.version + 1..=newest {
        let path = dir.join(format!("{version}.yaml"));
        if !versions.contains(&version) {
            return Err(refused(
                &path,
                format!(
                    "root version {newest} is presented without root version {version}: a root is accepted only from the version before it"
                ),
                "publish every root version since the first in the release's root/ folder",
            ));
        }
        let next = Signed::read(&path)?;
        next.check_successor_of(&current)?;
        current = next.root;
        bytes = next.bytes;
        hold(&current, &mut last_held);
    }
    if current.expires <= now {
        return Err(refused(
            &dir.join(format!("{}.yaml", current.version)),
            format!(
                "root version {} expired at {}",
                current.version,
                crate::date::timestamp(current.expires)
            ),
            "the founders must sign a new root version (`alliance root init`, then `alliance root sign`); until then nothing signed under this root is trusted",
        ));
    }
    Ok(Accepted {
        advanced: current.version > trusted.version,
        root: current,
        last_held,
        bytes,
    })
}

/// The root chain of the workspace at `ws_root` (`root/`), checked as a client walks it
/// from version 1 (which must carry its own threshold); `None` when it has none.
pub fn workspace_chain(ws_root: &Path) -> Result<Option<Accepted>> {
    let dir = ws_root.join(ROOT_DIR);
    if versions_in(&dir)?.is_empty() {
        return Ok(None);
    }
    let first = Signed::read(&dir.join("1.yaml"))?;
    first.check_self_signed()?;
    walk(&first.root, &dir, crate::date::now()).map(Some)
}

impl Plan {
    /// Reads the key files of `trust` (the `trust:` section of `alliance.yaml`).
    pub fn of(trust: &crate::workspace::TrustConfig) -> Result<Plan> {
        let mut keys = BTreeMap::new();
        let mut problems = Vec::new();
        let mut role = |what: &str, config: &crate::workspace::RoleConfig| -> Result<Role> {
            let mut ids = Vec::new();
            for path in &config.keys {
                let name = path
                    .file_stem()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                let key = TrustedKey::read(path, name.clone())?.with_origin(Origin::Root);
                if let Some(other) = keys.values().find(|k: &&RootKey| {
                    k.key.ed25519() == key.ed25519() && k.key.key_id != key.key_id
                }) {
                    problems.push(
                        Problem::new(
                            path.clone(),
                            format!(
                                "is the Ed25519 key of `{}` under another key id: one signature would count twice",
                                other.name
                            ),
                        )
                        .with_help("give each role's holder a key of their own (`alliance keygen`)"),
                    );
                }
                if !ids.contains(&key.key_id) {
                    ids.push(key.key_id.clone());
                }
                keys.entry(key.key_id.clone())
                    .or_insert(RootKey { name, key });
            }
            if config.threshold == 0 || config.threshold > ids.len() {
                problems.push(
                    Problem::new(
                        crate::workspace::CONFIG_FILE,
                        format!(
                            "`trust` gives {what} threshold {} with {} keys",
                            config.threshold,
                            ids.len()
                        ),
                    )
                    .with_help("a threshold is 1 to the number of the role's keys"),
                );
            }
            Ok(Role {
                threshold: config.threshold,
                keys: ids,
            })
        };
        let root = role("the root", &trust.root)?;
        let index = role("the index", &trust.index)?;
        let mut vendors = Vec::new();
        for (name, config, packages) in &trust.vendors {
            let r = role(&format!("vendor `{name}`"), config)?;
            vendors.push(Delegation {
                name: name.clone(),
                threshold: r.threshold,
                keys: r.keys,
                packages: packages.clone(),
            });
        }
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(Plan {
            keys,
            root,
            index,
            vendors,
        })
    }

    /// The root that follows `previous` (version 1 when there is none) with these roles,
    /// expiring at `expires`; `None` when `previous` already says all this.
    pub fn next_root(&self, previous: Option<&Root>, expires: i64) -> Option<Root> {
        let same = previous.is_some_and(|p| {
            p.keys == self.keys
                && p.root == self.root
                && p.index == self.index
                && p.vendors == self.vendors
        });
        if same {
            return None;
        }
        Some(Root {
            version: previous.map_or(1, |p| p.version + 1),
            expires,
            keys: self.keys.clone(),
            root: self.root.clone(),
            index: self.index.clone(),
            vendors: self.vendors.clone(),
        })
    }
}

/// Writes `root` as `dir/N.yaml` (a new file: a root version is never rewritten).
pub fn write(dir: &Path, root: &Root) -> Result<PathBuf> {
    std::fs::create_dir_all(dir).at("create folder", dir)?;
    let path = dir.join(format!("{}.yaml", root.version));
    let text = root.to_yaml()?;
    // The text read back is the root written: what founders sign is what clients read.
    let back = parse(&path, text.as_bytes())?;
    debug_assert!(back == *root);
    if path.exists() {
        return Err(Error::Invalid(vec![
            Problem::new(&path, format!("root version {} exists already", root.version))
                .with_help("a root version is never rewritten: change `trust` in alliance.yaml and run `alliance root init` for the next one"),
        ]));
    }
    crate::fs::write_whole(&path, text.as_bytes())?;
    Ok(path)
}

/// Signs the root at `path` with `key` (which must be one of its root keys, or of the
/// version before it beside it); writes `<path>.<KEYID>.minisig` and returns its path.
pub fn sign(path: &Path, key: &SigningKey) -> Result<PathBuf> {
    let signed = Signed::read(path)?;
    let mut may_sign = signed.root.root.keys.contains(&key.key_id);
    if let Some(dir) = path.parent()
        && signed.root.version > 1
    {
        let before = dir.join(format!("{}.yaml", signed.root.version - 1));
        if let Ok(previous) = Signed::read(&before) {
            may_sign |= previous.root.root.keys.contains(&key.key_id);
        }
    }
    if !may_sign {
        return Err(Error::Invalid(vec![
            Problem::new(
                path,
                format!(
                    "key {} is not a root key of root version {} (nor of the version before it)",
                    key.key_id, signed.root.version
                ),
            )
            .with_help("a root is signed by the founders' keys that its `roles.root` lists"),
        ]));
    }
    let comment = format!("alliance-root version:{}", signed.root.version);
    let text = key.sign(&signed.bytes, &comment)?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("root.yaml");
    let out = path.with_file_name(format!("{name}.{}.minisig", key.key_id));
    crate::fs::write_whole(&out, text.as_bytes())?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_decide_in_order() {
        let d = |name: &str, packages: &[&str]| Delegation {
            name: name.to_string(),
            threshold: 1,
            keys: Vec::new(),
            packages: packages.iter().map(|p| p.to_string()).collect(),
        };
        let root = Root {
            version: 1,
            expires: 0,
            keys: BTreeMap::new(),
            root: Role {
                threshold: 1,
                keys: Vec::new(),
            },
            index: Role {
                threshold: 1,
                keys: Vec::new(),
            },
            vendors: vec![d("abacus", &["ledgerline"]), d("alliance", &["*"])],
        };
        assert_eq!(
            root.delegation_for("ledgerline").map(|d| &d.name[..]),
            Some("abacus")
        );
        assert_eq!(
            root.delegation_for("spark-messenger").map(|d| &d.name[..]),
            Some("alliance")
        );
    }
}
