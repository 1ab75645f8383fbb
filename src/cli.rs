//! The command line: clap derive types only.
//!
//! These types never enter the library; [`crate::run`] converts them into library options at
//! the edge.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Localized messenger bundles and signed installers for the software alliance.
#[derive(Debug, Parser)]
#[command(name = "alliance", version, about, max_term_width = 100)]
pub struct Cli {
    /// The workspace folder (the one holding `alliance.yaml`).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    /// When to colour diagnostics: `auto` colours a stream that is a terminal, unless
    /// `NO_COLOR` is set (`CLICOLOR_FORCE=1` colours even a pipe); the option wins over both.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    pub color: Color,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build, sign and record the whole release into `dist/<release>/`.
    Release(ReleaseArgs),
    /// Build the localized messenger bundles into `dist/<release>/` (pseudo-locales into
    /// `dist/<release>-pseudo/`).
    Bundle(BundleArgs),
    /// Build the installers of vendor packages into `dist/<release>/`, or only check the
    /// package definitions (`--check`).
    Package(PackageArgs),
    /// Create `packages/ID/` with a commented `package.yaml` to fill in.
    InitPackage(InitPackageArgs),
    /// Create a minisign key pair: `NAME.pub` to publish, `NAME.key` to keep secret.
    Keygen(KeygenArgs),
    /// Check artifacts (or whole release folders): signature by a trusted key, trusted
    /// comment, SHA-256, every entry; for a folder also its signed index and checksums.
    Verify(VerifyArgs),
    /// Verify an installer, then install its files into a new folder (or upgrade the same
    /// package in place).
    Install(InstallArgs),
    /// Remove what `alliance install` put into a folder (files changed since are kept).
    Uninstall(UninstallArgs),
    /// What folders `alliance install` installed into hold: package, version, release,
    /// signing key, and the files changed since the install.
    #[command(visible_alias = "installed")]
    List(ListArgs),
    /// Your trust store: the publishers' public keys that `install` and `verify` trust.
    #[command(subcommand)]
    Trust(TrustCommand),
    /// Release manifests: show one, compare two, merge shards.
    #[command(subcommand)]
    Manifest(ManifestCommand),
    /// Translators' commands: check, status, add.
    #[command(subcommand)]
    L10n(L10nCommand),
}

/// `alliance trust …`.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a minisign public key (kept in your configuration folder, never in a workspace).
    Add(TrustAddArgs),
    /// The trusted keys: name, key id, file.
    List(TrustListArgs),
    /// Stop trusting a key (by name or key id).
    Remove(TrustRemoveArgs),
}

/// Options of `alliance trust add`.
#[derive(Debug, Args)]
pub struct TrustAddArgs {
    /// The publisher's public key file (`minisign.pub`, `keys/NAME.pub`).
    #[arg(value_name = "PUB")]
    pub key: PathBuf,
    /// The name to trust it under (default: the file name without `.pub`).
    #[arg(long)]
    pub name: Option<String>,
}

/// Options of `alliance trust list`.
#[derive(Debug, Args)]
pub struct TrustListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance trust remove`.
#[derive(Debug, Args)]
pub struct TrustRemoveArgs {
    /// The name the key was added under, or its key id.
    pub name: String,
}

/// `alliance manifest …`.
#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// What changed between two releases: artifacts, package versions, locale coverage.
    Diff(DiffArgs),
    /// A release as a table.
    Show(ShowArgs),
    /// Join the shards of `release --shard I/N` into one signed release.
    Merge(MergeArgs),
}

/// Options of `alliance manifest merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The shard folders (`dist/<release>.shard-I-of-N`).
    #[arg(required = true, value_name = "SHARD_DIR")]
    pub shards: Vec<PathBuf>,
    /// Where to write the merged release.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub build: BuildArgs,
}

/// Options of `alliance manifest diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The older release: its folder or its `release.yaml`.
    pub old: PathBuf,
    /// The newer release.
    pub new: PathBuf,
    /// A trusted public key to check the index's signature with (repeatable; default: your
    /// trust store, and in a workspace its keys/ for its own output).
    #[arg(long = "key", value_name = "PUB")]
    pub keys: Vec<PathBuf>,
    /// Also trust this workspace's development key, for its own output.
    #[arg(long)]
    pub allow_dev: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance manifest show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The release: its folder or its `release.yaml`.
    pub release: PathBuf,
    /// A trusted public key to check the index's signature with (repeatable; default: your
    /// trust store, and in a workspace its keys/ for its own output).
    #[arg(long = "key", value_name = "PUB")]
    pub keys: Vec<PathBuf>,
    /// Also trust this workspace's development key, for its own output.
    #[arg(long)]
    pub allow_dev: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// `alliance l10n …`.
#[derive(Debug, Subcommand)]
pub enum L10nCommand {
    /// Every problem of the translations, with file, line, column and a hint
    /// (exit 1 if any error).
    Check(CheckArgs),
    /// One row per locale: total, translated, missing, obsolete, errors, warnings, completion.
    Status(StatusArgs),
    /// Start a new language: one file per reference file, every message ready to translate.
    Add(AddArgs),
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Color {
    /// On a terminal, as the environment allows.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For programs (documented in the README).
    Json,
}

/// Options of `alliance l10n check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Locales to check (default: all).
    #[arg(value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Compare with this locale instead of `reference_locale` of `alliance.yaml`.
    #[arg(long, value_name = "TAG")]
    pub reference: Option<String>,
    /// Exit 1 on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Show findings of this severity and worse only: `error`, or `warning` (everything).
    #[arg(long, value_enum, default_value = "warning")]
    pub severity: SeverityArg,
    /// Show findings of this code only (`unknown-variable`); repeat for several codes.
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub code: Vec<crate::l10n::report::Code>,
}

/// The least severity `l10n check` shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Errors only: what breaks a translation (and keeps a message out of bundles).
    Error,
    /// Everything: errors, missing messages and warnings.
    Warning,
}

fn parse_code(name: &str) -> Result<crate::l10n::report::Code, String> {
    crate::l10n::report::Code::parse(name)
}

/// Options of `alliance l10n status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Locales to show (default: all).
    #[arg(value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance l10n add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The new locale's BCP 47 tag, such as `uk` or `pt-PT`.
    pub locale: String,
}

/// Options of `alliance release`.
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// Print the plan (every artifact to build) and build nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Build only share I of N of the plan (balanced by size), into
    /// `dist/<release>.shard-I-of-N/`; `alliance manifest merge` joins the shares.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Refuse to build when `l10n check` finds an error in a message a bundle would ship,
    /// rather than taking that message from the next locale of the chain
    /// (`l10n.strict: true` in `alliance.yaml` does the same).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub build: BuildArgs,
}

/// `I/N`: share I (1-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl std::str::FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (i, n) = s
            .split_once('/')
            .ok_or_else(|| format!("`{s}` is not I/N, such as 1/3"))?;
        let parse = |v: &str| {
            v.trim()
                .parse::<usize>()
                .map_err(|_| format!("`{s}` is not I/N, such as 1/3"))
        };
        let (index, count) = (parse(i)?, parse(n)?);
        if count == 0 || index == 0 || index > count {
            return Err(format!("`{s}`: I must be between 1 and N"));
        }
        Ok(Shard { index, count })
    }
}

/// Options of `alliance bundle`.
#[derive(Debug, Args)]
pub struct BundleArgs {
    /// Locales to bundle (default: all; none when --pseudo is given).
    #[arg(value_name = "LOCALE")]
    pub locales: Vec<String>,
    /// Also build a pseudo-locale for testers: `accented` (en-XA) or `bidi` (ar-XB), into
    /// `dist/<release>-pseudo/`, signed with the development key, never into the release.
    #[arg(long, value_enum, value_name = "KIND")]
    pub pseudo: Vec<PseudoArg>,
    /// Refuse to build when `l10n check` finds an error in a message a bundle would ship,
    /// rather than taking that message from the next locale of the chain
    /// (`l10n.strict: true` in `alliance.yaml` does the same).
    #[arg(long)]
    pub strict: bool,
    #[command(flatten)]
    pub build: BuildArgs,
}

/// Pseudo-locales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PseudoArg {
    /// en-XA: accented and about 30% longer.
    Accented,
    /// ar-XB: mirrored, right to left.
    Bidi,
}

/// What every building command takes.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Time stamp (seconds since 1970) of every archive entry, for reproducible builds.
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS")]
    pub source_date_epoch: Option<i64>,

    /// The minisign secret key to sign with (default: `signing.secret_key` of
    /// `alliance.yaml`, else a development key).
    #[arg(long, env = "ALLIANCE_SECRET_KEY", value_name = "FILE")]
    pub secret_key: Option<PathBuf>,
}

/// Options of `alliance package`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// Packages to build (default: all vendor packages).
    #[arg(value_name = "PACKAGE")]
    pub packages: Vec<String>,
    /// Only validate every `package.yaml` and its files; build nothing.
    #[arg(long)]
    pub check: bool,
    #[command(flatten)]
    pub build: BuildArgs,
}

/// Options of `alliance init-package`.
#[derive(Debug, Args)]
pub struct InitPackageArgs {
    /// The new package's id: lowercase letters, digits and `-`.
    pub id: String,
}

/// Options of `alliance keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// Where to write the pair: `PATH.pub` and `PATH.key`.
    #[arg(long, default_value = "keys/release", value_name = "PATH")]
    pub out: PathBuf,
    /// Write the secret key without a password (for tests and throw-away keys only).
    #[arg(long)]
    pub unencrypted: bool,
}

/// Which keys to trust, for `verify` and `install`.
#[derive(Debug, Args)]
pub struct TrustArgs {
    /// A trusted public key (repeatable; default: your trust store, see `alliance trust`;
    /// `verify` also trusts a workspace's keys/ for that workspace's own output).
    #[arg(long = "key", value_name = "PUB")]
    pub keys: Vec<PathBuf>,
    /// The release folder with the manifests and signatures (default: beside the artifact).
    #[arg(long = "release", value_name = "DIR")]
    pub release: Option<PathBuf>,
    /// Accept artifacts signed with a development key (`verify` also trusts this
    /// workspace's own development key, for its own output).
    #[arg(long)]
    pub allow_dev: bool,
}

/// Options of `alliance verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The artifacts, or release folders, to check.
    #[arg(required = true, value_name = "ARTIFACT|DIR")]
    pub artifacts: Vec<PathBuf>,
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The installer (a zip of the release).
    pub installer: PathBuf,
    /// The folder to install into; it must not exist, be empty, hold only what an
    /// uninstall kept (`.alliance-kept.yaml`), which stays as it is, or hold an install of
    /// the same package, which is upgraded in place.
    #[arg(long, value_name = "DIR")]
    pub prefix: PathBuf,
    /// Install a lower version over the one in the prefix.
    #[arg(long)]
    pub allow_downgrade: bool,
    /// Install the version the prefix holds again (else nothing is done).
    #[arg(long)]
    pub reinstall: bool,
    #[command(flatten)]
    pub trust: TrustArgs,
}

/// Options of `alliance list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// A folder `alliance install` installed into (repeatable).
    #[arg(long = "prefix", required = true, value_name = "DIR")]
    pub prefixes: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance uninstall`.
#[derive(Debug, Args)]
pub struct UninstallArgs {
    /// The folder `alliance install` installed into.
    #[arg(long, value_name = "DIR")]
    pub prefix: PathBuf,
}
