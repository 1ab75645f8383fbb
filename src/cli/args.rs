//! The command line's clap derive types: every command, flag, help text and example.
//!
//! These types never enter the library; the `cmd_*` functions of [`crate::cli`] convert them
//! into library options at the edge.
//!
//! A doc comment on a field or variant that is an argument or a command is its `--help`
//! text. On a `#[command(flatten)]` or `#[command(subcommand)]` field clap ignores the doc
//! comment, so those document the code only.

use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use super::complete;

/// Localized messenger bundles and signed installers for the software alliance.
#[derive(Debug, Parser)]
#[command(
    name = "alliance",
    version,
    about,
    max_term_width = 100,
    after_help = "The workspace is the nearest folder holding `alliance.yaml`, from the current \
                  folder up, unless `--root DIR` names one.\n\n\
                  Examples:\n  \
                  # what a release would build, and where\n  \
                  alliance release --dry-run\n\n  \
                  # every problem of the German translation\n  \
                  alliance l10n check de"
)]
pub struct Cli {
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

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build, sign and record the whole release into `dist/<release>/`.
    #[command(
        after_help = "Examples:\n  # build, sign and record dist/<release>/\n  alliance release\n\n  # what share 2 of 3 would build, and where\n  alliance release --dry-run --shard 2/3"
    )]
    Release(ReleaseArgs),
    /// Build the localized messenger bundles into `dist/<release>/` (pseudo-locales into
    /// `dist/<release>-pseudo/`).
    #[command(
        after_help = "Examples:\n  # the Italian and Arabic bundles\n  alliance bundle it ar\n\n  # en-XA alone, into dist/<release>-pseudo/\n  alliance bundle --pseudo accented"
    )]
    Bundle(BundleArgs),
    /// Build the installers of vendor packages into `dist/<release>/`, or only check the
    /// package definitions (`--check`).
    #[command(
        after_help = "Examples:\n  # validate every package.yaml, build nothing\n  alliance package --check\n\n  # build and sign one installer\n  alliance package ledgerline"
    )]
    Package(PackageArgs),
    /// Create `packages/ID/` with a commented `package.yaml` to fill in.
    #[command(
        after_help = "Examples:\n  # packages/word-wizard/ with a package.yaml to fill in\n  alliance init-package word-wizard"
    )]
    InitPackage(InitPackageArgs),
    /// Create a minisign key pair: `keys/NAME.pub` of the workspace to publish, the secret
    /// `NAME.key` in your configuration folder, outside every workspace.
    #[command(
        after_help = "Examples:\n  # keys/shop.pub to publish; the secret key goes to your configuration folder\n  alliance keygen shop\n\n  # both halves outside the workspace\n  alliance keygen --out ~/keys/shop"
    )]
    Keygen(KeygenArgs),
    /// Check artifacts (or whole release folders): signature by a trusted key, trusted
    /// comment, SHA-256, every entry; for a folder also its signed index and checksums.
    #[command(
        after_help = "Examples:\n  # a whole release folder\n  alliance verify dist/1995.08 --key alliance.pub\n\n  # one download, with your trust store\n  alliance verify ledgerline-4.2.0.zip"
    )]
    Verify(VerifyArgs),
    /// Verify an installer, then install its files into a new folder (or upgrade the same
    /// package in place); with --from, fetch it from a mirror first.
    #[command(
        after_help = "Examples:\n  # verify with your trust store, then install (or upgrade)\n  alliance install ledgerline-4.2.0.zip --prefix /opt/ledgerline\n\n  # the newest release of a mirror's channel, trusting the keys you pinned\n  alliance install ledgerline --from https://m.example/channel.yaml --prefix ~/ledgerline\n\n  # the messenger in German (without --locale: the language of LANG)\n  alliance install spark-messenger --locale de --from https://m.example --prefix ~/spark"
    )]
    Install(InstallArgs),
    /// Install the newer version of what a folder holds from a mirror, if it has one.
    #[command(
        after_help = "Examples:\n  # the newest release of the channel it was installed through\n  alliance upgrade --prefix /opt/ledgerline\n\n  # from another mirror\n  alliance upgrade --prefix ~/ledgerline --from https://other.example/channel.yaml"
    )]
    Upgrade(UpgradeArgs),
    /// Copy a release folder from a mirror into a local folder, keeping only what verifies
    /// against its signed index, to serve it again.
    #[command(
        after_help = "Examples:\n  alliance mirror https://m.example/1995.08 /srv/www/1995.08 --key alliance.pub\n\n  # what the copy holds verifies\n  alliance verify /srv/www/1995.08 --key alliance.pub"
    )]
    Mirror(MirrorArgs),
    /// Remove what `alliance install` put into a folder (files changed since are kept).
    #[command(
        after_help = "Examples:\n  # remove what install put there\n  alliance uninstall --prefix /opt/ledgerline"
    )]
    Uninstall(UninstallArgs),
    /// What folders `alliance install` installed into hold: package, version, release,
    /// signing key, and the files changed since the install.
    #[command(
        visible_alias = "installed",
        after_help = "Examples:\n  # what it holds, what changed\n  alliance list --prefix /opt/ledgerline\n\n  alliance list --prefix /opt/a --prefix /opt/b --format json"
    )]
    List(ListArgs),
    /// Your trust store: the publishers' public keys that `install` and `verify` trust.
    #[command(
        subcommand,
        after_help = "Examples:\n  # trust a publisher's key\n  alliance trust add alliance.pub\n\n  # the keys you trust\n  alliance trust list"
    )]
    Trust(TrustCommand),
    /// Add your key's co-signatures to a release folder, where its root of trust asks more
    /// than one signature of the index or of a package's vendor.
    #[command(
        after_help = "Examples:\n  # the second index key signs release.yaml\n  alliance cosign dist/1995.08 --secret-key ~/keys/release-b.key"
    )]
    Cosign(CosignArgs),
    /// The alliance's root of trust: write a root version, sign it, show it.
    #[command(
        subcommand,
        after_help = "Examples:\n  # root/1.yaml from `trust:` of alliance.yaml\n  alliance root init\n\n  # one founder signs (each on their own machine)\n  alliance root sign root/1.yaml --secret-key ~/keys/founder-a.key\n\n  # roles, keys, thresholds, signatures\n  alliance root show root/1.yaml"
    )]
    Root(RootCommand),
    /// Release manifests: show one, compare two, merge shards.
    #[command(
        subcommand,
        after_help = "Examples:\n  # the release as a table\n  alliance manifest show dist/1995.08\n\n  # what changed\n  alliance manifest diff old/1995.07 dist/1995.08"
    )]
    Manifest(ManifestCommand),
    /// Translators' commands: check, status, add.
    #[command(
        subcommand,
        after_help = "Examples:\n  # every problem of every locale\n  alliance l10n check\n\n  # one row per locale\n  alliance l10n status"
    )]
    L10n(L10nCommand),
    /// A Fluent language server over stdio: an editor shows the findings of `l10n check`
    /// as you type, hovers show the reference text, definitions lead to it.
    #[command(
        after_help = "Examples:\n  # started by the editor, which speaks to it on stdin and stdout (see the README's\n  # \"In your editor\" for Neovim, Helix and VS Code)\n  alliance lsp"
    )]
    Lsp,
    /// Print the shell completion script (see the README for where to put it).
    #[command(
        after_help = "Examples:\n  alliance completions bash > ~/.local/share/bash-completion/completions/alliance\n\n  alliance completions fish > ~/.config/fish/completions/alliance.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(
        after_help = "Examples:\n  # read it now\n  alliance man | man -l -\n\n  alliance man --out ~/.local/share/man/man1"
    )]
    Man(ManArgs),
}

/// Options of `alliance completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `alliance man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `alliance.1` and one `alliance-COMMAND.1` per command into this folder (made if
    /// missing) instead of printing `alliance.1`.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

impl Command {
    /// The `--root` given to a command that works in a workspace (`None`: not given, or a
    /// command that needs none).
    pub fn root(&self) -> Option<&Path> {
        let root = match self {
            Command::Release(a) => &a.workspace.root,
            Command::Bundle(a) => &a.workspace.root,
            Command::Package(a) => &a.workspace.root,
            Command::InitPackage(a) => &a.workspace.root,
            Command::Keygen(a) => &a.workspace.root,
            Command::Root(RootCommand::Init(a)) => &a.workspace.root,
            Command::Cosign(a) => &a.workspace.root,
            Command::Verify(a) => &a.own_output.root,
            Command::Manifest(ManifestCommand::Diff(a)) => &a.own_output.root,
            Command::Manifest(ManifestCommand::Show(a)) => &a.own_output.root,
            Command::Manifest(ManifestCommand::Merge(a)) => &a.workspace.root,
            Command::L10n(L10nCommand::Check(a)) => &a.workspace.root,
            Command::L10n(L10nCommand::Status(a)) => &a.workspace.root,
            Command::L10n(L10nCommand::Add(a)) => &a.workspace.root,
            Command::L10n(L10nCommand::Accept(a)) => &a.workspace.root,
            Command::L10n(L10nCommand::Format(a)) => &a.workspace.root,
            Command::Install(_)
            | Command::Upgrade(_)
            | Command::Mirror(_)
            | Command::Uninstall(_)
            | Command::List(_)
            | Command::Trust(_)
            | Command::Root(RootCommand::Sign(_) | RootCommand::Show(_))
            | Command::Completions(_)
            | Command::Lsp
            | Command::Man(_) => &None,
        };
        root.as_deref()
    }
}

/// `--root`, for the commands that work in a workspace.
#[derive(Debug, Args)]
pub struct WorkspaceArg {
    /// The workspace folder, the one holding `alliance.yaml` (default: the nearest one from
    /// the current folder up).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// `--root`, for the commands that read release folders.
#[derive(Debug, Args)]
pub struct OwnOutputArg {
    /// The workspace whose `keys/*.pub` (and, with `--allow-dev`, development key) count
    /// for files in its own output folder (default: the current folder, if it is one; never
    /// a workspace found above it, which a download could fake).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
}

/// `alliance trust …`.
#[derive(Debug, Subcommand)]
pub enum TrustCommand {
    /// Trust a minisign public key (kept in your configuration folder, never in a workspace).
    #[command(
        after_help = "Examples:\n  # trust it as `alliance`\n  alliance trust add minisign.pub --name alliance"
    )]
    Add(TrustAddArgs),
    /// The trusted keys: name, key id, file.
    #[command(after_help = "Examples:\n  # for programs\n  alliance trust list --format json")]
    List(TrustListArgs),
    /// Stop trusting a key (by name or key id).
    #[command(after_help = "Examples:\n  # by name or key id\n  alliance trust remove alliance")]
    Remove(TrustRemoveArgs),
    /// Pin an alliance's root of trust (its first version, obtained from its founders):
    /// from then on, newer roots carried by releases are followed by themselves.
    #[command(
        after_help = "Examples:\n  # root/1.yaml with its signature files beside it\n  alliance trust add-root root/1.yaml"
    )]
    AddRoot(TrustAddRootArgs),
}

/// Options of `alliance trust add-root`.
#[derive(Debug, Args)]
pub struct TrustAddRootArgs {
    /// The root file (`root/1.yaml`), its `.minisig` files beside it.
    #[arg(value_name = "ROOT")]
    pub file: PathBuf,
    /// Replace the root you pinned with one that does not follow from it (another
    /// alliance, or a new start): all trust then comes from this file alone.
    #[arg(long)]
    pub replace: bool,
}

/// `alliance root …`.
#[derive(Debug, Subcommand)]
pub enum RootCommand {
    /// Write `root/N.yaml` from `trust:` of `alliance.yaml`: version 1, or the next version
    /// when the roles changed (a rotation); unsigned.
    #[command(after_help = "Examples:\n  alliance root init")]
    Init(RootInitArgs),
    /// Sign a root with one founder's secret key: writes `N.yaml.<KEYID>.minisig` beside it
    /// (signatures are collected, never keys).
    #[command(
        after_help = "Examples:\n  alliance root sign root/2.yaml --secret-key ~/keys/founder-b.key"
    )]
    Sign(RootSignArgs),
    /// A root's roles, keys and thresholds, and which signatures are present and valid.
    #[command(after_help = "Examples:\n  alliance root show root/1.yaml --format json")]
    Show(RootShowArgs),
}

/// Options of `alliance cosign`.
#[derive(Debug, Args)]
pub struct CosignArgs {
    /// The release folder (with its `root/` chain).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Your minisign secret key (its password from `ALLIANCE_KEY_PASSWORD`, else asked on
    /// the terminal).
    #[arg(long, value_name = "FILE")]
    pub secret_key: PathBuf,
    /// Sign with a secret key inside a workspace or a git work tree (refused by default).
    #[arg(long)]
    pub allow_key_in_workspace: bool,
    /// The alliance's workspace, whose root chain (`root/`) the folder is checked against
    /// (default: the nearest one from the current folder up; else your pinned root).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance root init`.
#[derive(Debug, Args)]
pub struct RootInitArgs {
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance root sign`.
#[derive(Debug, Args)]
pub struct RootSignArgs {
    /// The root file to sign.
    #[arg(value_name = "ROOT")]
    pub file: PathBuf,
    /// The founder's minisign secret key (its password from `ALLIANCE_KEY_PASSWORD`, else
    /// asked on the terminal).
    #[arg(long, value_name = "FILE")]
    pub secret_key: PathBuf,
    /// Sign with a secret key inside a workspace or a git work tree (refused by default).
    #[arg(long)]
    pub allow_key_in_workspace: bool,
}

/// Options of `alliance root show`.
#[derive(Debug, Args)]
pub struct RootShowArgs {
    /// The root file.
    #[arg(value_name = "ROOT")]
    pub file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Options of `alliance trust add`.
#[derive(Debug, Args)]
pub struct TrustAddArgs {
    /// The publisher's public key file (`minisign.pub`, `keys/NAME.pub`).
    #[arg(value_name = "PUB")]
    pub key: PathBuf,
    /// The name to trust it under (default: the file name without `.pub`): letters,
    /// digits, `.`, `_` and `-`; never 16 hexadecimal digits (that is a key id), never a
    /// trusted key's name in another case.
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
    /// The key's id (16 hexadecimal digits, as `trust list` shows it), or the name it was
    /// added under (a name never looks like a key id).
    #[arg(add = ArgValueCandidates::new(complete::trusted_keys))]
    pub name: String,
}

/// `alliance manifest …`.
#[derive(Debug, Subcommand)]
pub enum ManifestCommand {
    /// What changed between two releases: artifacts, package versions, locale coverage.
    #[command(
        after_help = "Examples:\n  # added, removed, changed, coverage\n  alliance manifest diff old/1995.07 dist/1995.08\n\n  # for programs\n  alliance manifest diff old/1995.07 dist/1995.08 --format json"
    )]
    Diff(DiffArgs),
    /// A release as a table.
    #[command(
        after_help = "Examples:\n  # checking the index with your key\n  alliance manifest show dist/1995.08 --key alliance.pub"
    )]
    Show(ShowArgs),
    /// Join the shards of `release --shard I/N` into one signed release.
    #[command(
        after_help = "Examples:\n  # join every share\n  alliance manifest merge shards/1995.08.shard-* --out dist/1995.08"
    )]
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
    /// Time stamp and signing key of what is built.
    #[command(flatten)]
    pub build: BuildArgs,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
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
    /// The workspace whose keys count for its own output (`--root`).
    #[command(flatten)]
    pub own_output: OwnOutputArg,
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
    /// The workspace whose keys count for its own output (`--root`).
    #[command(flatten)]
    pub own_output: OwnOutputArg,
}

/// `alliance l10n …`.
#[derive(Debug, Subcommand)]
pub enum L10nCommand {
    /// Every problem of the translations, with file, line, column and a hint
    /// (exit 1 if any error).
    #[command(
        after_help = "Examples:\n  # what breaks the German translation\n  alliance l10n check de --severity error\n\n  # every finding, for programs\n  alliance l10n check --format json"
    )]
    Check(CheckArgs),
    /// One row per locale: total, translated, stale, missing, obsolete, errors, warnings,
    /// completion.
    #[command(after_help = "Examples:\n  # two locales' figures\n  alliance l10n status it ja")]
    Status(StatusArgs),
    /// Start a new language: one file per reference file, every message ready to translate.
    #[command(after_help = "Examples:\n  # start Ukrainian\n  alliance l10n add uk")]
    Add(AddArgs),
    /// Confirm translations as current after review: a `stale` finding goes away (records
    /// the reference text each translates in `locales/<LOCALE>/l10n.lock`).
    #[command(
        after_help = "Examples:\n  # the French translation of login-failed is up to date again\n  alliance l10n accept fr login-failed\n\n  # start the record (stale translations stay stale)\n  alliance l10n accept fr"
    )]
    Accept(AcceptArgs),
    /// A message as the bundle shows it: the locale's plural rules and number formats
    /// (CLDR, through ICU4X), and the locale of the fallback chain it comes from.
    #[command(
        after_help = "Examples:\n  # the form Russian shows for 3\n  alliance l10n format ru contacts-online-count --arg count=3\n\n  # every message, with samples\n  alliance l10n format de --all"
    )]
    Format(FormatArgs),
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

/// How a check reports its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// For people.
    Text,
    /// For programs (documented in the README).
    Json,
    /// GitHub Actions workflow commands: each finding on its file's line in a pull request.
    Github,
    /// SARIF 2.1.0, for code scanning dashboards.
    Sarif,
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
    #[arg(value_name = "LOCALE", add = ArgValueCandidates::new(complete::locales))]
    pub locales: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
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
    /// Show each untranslated message with its snippet (by default one line per file
    /// names them, as for missing messages).
    #[arg(long, short)]
    pub verbose: bool,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
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
    #[arg(value_name = "LOCALE", add = ArgValueCandidates::new(complete::locales))]
    pub locales: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance l10n add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The new locale's BCP 47 tag, such as `uk` or `pt-PT`.
    pub locale: String,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance l10n accept`.
#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The locale whose translations are confirmed.
    #[arg(add = ArgValueCandidates::new(complete::locales))]
    pub locale: String,
    /// The messages and terms to confirm as current (`-brand-name` for a term); none: record
    /// every translation that is not stale, and keep the stale ones stale.
    #[arg(allow_hyphen_values = true)]
    pub ids: Vec<String>,
    /// Confirm every translation of the locale as current, stale ones too.
    #[arg(long, conflicts_with = "ids")]
    pub all: bool,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance l10n format`.
#[derive(Debug, Args)]
pub struct FormatArgs {
    /// The locale to show the message in.
    #[arg(add = ArgValueCandidates::new(complete::locales))]
    pub locale: String,
    /// The message (`id`, or `id.attribute`); leave it out with `--all`.
    #[arg(required_unless_present = "all")]
    pub id: Option<String>,
    /// A value for a variable, `NAME=VALUE` (a number when it reads as one); repeat for
    /// several.
    #[arg(long = "arg", value_name = "NAME=VALUE", value_parser = parse_arg)]
    pub args: Vec<(String, String)>,
    /// Every message of the locale and its fallbacks, a number variable with one sample of
    /// each plural category of the locale.
    #[arg(long, conflicts_with = "id")]
    pub all: bool,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

fn parse_arg(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() => {
            Ok((name.trim_start_matches('$').to_string(), value.to_string()))
        }
        _ => Err(format!("`{text}` is not NAME=VALUE: write `--arg count=3`")),
    }
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
    /// A vendor's release folder whose artifacts go into this release (repeatable): under
    /// the workspace's root of trust, each verified against its package's delegation, as
    /// its vendor signed it; this run's key signs the index.
    #[arg(long = "contribution", value_name = "DIR")]
    pub contributions: Vec<PathBuf>,
    /// Time stamp and signing key of what is built.
    #[command(flatten)]
    pub build: BuildArgs,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// `I/N`: share I (1-based) of N.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// Which share, from 1 to `count`.
    pub index: usize,
    /// How many shares the plan is split into; at least 1.
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
    #[arg(value_name = "LOCALE", add = ArgValueCandidates::new(complete::locales))]
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
    /// Time stamp and signing key of what is built.
    #[command(flatten)]
    pub build: BuildArgs,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
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

    /// The minisign secret key to sign with: a file, or the name of a key made by `alliance
    /// keygen NAME` (default: `signing.secret_key` of `alliance.yaml`, else a development key).
    #[arg(long, env = "ALLIANCE_SECRET_KEY", value_name = "FILE")]
    pub secret_key: Option<PathBuf>,

    /// Sign with a secret key inside the workspace or a git work tree (refused by default:
    /// `git add .` would offer it for commit).
    #[arg(long)]
    pub allow_key_in_workspace: bool,

    /// When the signed index stops being trusted: `2027-01-31` (the end of that day, UTC),
    /// `2027-01-31T12:00:00Z`, or `30d` from now (default: `expires` of `alliance.yaml`,
    /// else never). Clients refuse an expired index: a mirror cannot freeze them in time.
    #[arg(long, value_name = "WHEN", value_parser = parse_expiry)]
    pub expires: Option<crate::date::Expiry>,

    /// The index's sequence number, which clients never accept going down (default: the
    /// time stamp, else the time now, in seconds; at least one above any other release in
    /// the output folder). At most 18446744073709551614: the largest number would leave no
    /// room for a later release.
    #[arg(long, value_name = "N")]
    pub sequence: Option<u64>,
}

/// `--expires WHEN`.
fn parse_expiry(text: &str) -> Result<crate::date::Expiry, String> {
    crate::date::Expiry::parse(text).ok_or_else(|| {
        format!("`{text}` is not a date (2027-01-31), a time (2027-01-31T12:00:00Z) or days (30d)")
    })
}

/// Options of `alliance package`.
#[derive(Debug, Args)]
pub struct PackageArgs {
    /// Packages to build (default: all vendor packages).
    #[arg(value_name = "PACKAGE", add = ArgValueCandidates::new(complete::packages))]
    pub packages: Vec<String>,
    /// Only validate every `package.yaml` and its files; build nothing.
    #[arg(long)]
    pub check: bool,
    /// How `--check` reports what it finds.
    #[arg(long, value_enum, default_value = "text", requires = "check")]
    pub format: ReportFormat,
    /// Time stamp and signing key of what is built.
    #[command(flatten)]
    pub build: BuildArgs,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance init-package`.
#[derive(Debug, Args)]
pub struct InitPackageArgs {
    /// The new package's id: lowercase letters, digits and `-`.
    pub id: String,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
}

/// Options of `alliance keygen`.
#[derive(Debug, Args)]
pub struct KeygenArgs {
    /// The key's name: the public key goes to `keys/NAME.pub` of the workspace, the secret
    /// key to `$XDG_CONFIG_HOME/alliance/keys/NAME.key` (else `~/.config/alliance/keys/`; on
    /// Windows `%APPDATA%\alliance\keys\`). Sign with it by name: `--secret-key NAME`.
    #[arg(default_value = "release", value_name = "NAME")]
    pub name: String,
    /// Write the pair as `PATH.pub` and `PATH.key` instead; PATH must be outside every
    /// workspace.
    #[arg(long, value_name = "PATH", conflicts_with = "name")]
    pub out: Option<PathBuf>,
    /// Write the secret key without a password (for tests and throw-away keys only).
    #[arg(long)]
    pub unencrypted: bool,
    /// The workspace to work in (`--root`).
    #[command(flatten)]
    pub workspace: WorkspaceArg,
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
    /// The keys to trust, and where the release's manifests are.
    #[command(flatten)]
    pub trust: TrustArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: ReportFormat,
    /// The workspace whose keys count for its own output (`--root`).
    #[command(flatten)]
    pub own_output: OwnOutputArg,
}

/// Options of `alliance install`.
#[derive(Debug, Args)]
pub struct InstallArgs {
    /// The installer (a zip of the release); with --from, the id of the package to fetch.
    #[arg(value_name = "INSTALLER|PACKAGE")]
    pub installer: PathBuf,
    /// Fetch the package from a mirror (`http://` or `https://`), trusting only pinned keys:
    /// its channel (`…/channel.yaml`, or the folder holding it) for the newest release, or a
    /// release folder (the one holding `release.yaml`) for that release.
    #[arg(long, value_name = "URL", conflicts_with = "release")]
    pub from: Option<String>,
    /// With --from: install the messenger bundle of this locale (or the closest the release
    /// has) rather than an installer.
    #[arg(long, value_name = "LOCALE", requires = "from")]
    pub locale: Option<String>,
    /// With --from: how the mirror is fetched.
    #[command(flatten)]
    pub fetch: FetchArgs,
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
    /// Install over a version signed by another key: the package changes hands to the new
    /// key, which later upgrades must then be signed by (said loudly).
    #[arg(long)]
    pub allow_key_change: bool,
    /// Install an installer built for other systems only (a Windows-only package on Linux).
    #[arg(long)]
    pub any_target: bool,
    /// Run the vendor's post-install script, if the package has one (without this it is
    /// installed, said, and not run).
    #[arg(long)]
    pub run_scripts: bool,
    /// The keys to trust, and where the release's manifests are.
    #[command(flatten)]
    pub trust: TrustArgs,
}

/// How a mirror is fetched.
#[derive(Debug, Args)]
pub struct FetchArgs {
    /// Accept a release index past its signed expiry (a mirror may be hiding newer
    /// releases); said loudly.
    #[arg(long)]
    pub allow_expired: bool,
    /// Seconds to wait for the mirror to connect, to answer, and to send more.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,
    /// Seconds a file of no signed size (the index, a signature, a manifest) may take as a
    /// whole.
    #[arg(long, value_name = "SECONDS", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86400))]
    pub deadline: u64,
    /// The lowest average speed, in KiB a second, a body may arrive at once the timeout has
    /// passed; a file of a signed size may take the timeout plus its size at this speed.
    #[arg(long, value_name = "KIB", default_value_t = 4, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub min_speed: u64,
}

/// Options of `alliance upgrade`.
#[derive(Debug, Args)]
pub struct UpgradeArgs {
    /// The folder `alliance install` installed into.
    #[arg(long, value_name = "DIR")]
    pub prefix: PathBuf,
    /// The channel or release folder to look in (default: the channel the install came
    /// through or its release names, else the release folder it came from).
    #[arg(long, value_name = "URL")]
    pub from: Option<String>,
    /// Upgrade to a version signed by another key than the installed one: the package
    /// changes hands to the new key (said loudly).
    #[arg(long)]
    pub allow_key_change: bool,
    /// Run the vendor's post-install script of the new version, if it has one.
    #[arg(long)]
    pub run_scripts: bool,
    /// Fetch the whole installer (by default only the parts of it whose contents the
    /// folder does not hold already are fetched, where the mirror serves parts of files).
    #[arg(long)]
    pub full: bool,
    /// Say whether there is a newer version and how much of its installer the upgrade would
    /// fetch; change nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// The keys to trust.
    #[command(flatten)]
    pub trust: PinnedArgs,
    /// How the mirror is fetched.
    #[command(flatten)]
    pub fetch: FetchArgs,
}

/// The keys a command that fetches from a mirror trusts.
#[derive(Debug, Args)]
pub struct PinnedArgs {
    /// A trusted public key (repeatable; default: your trust store).
    #[arg(long = "key", value_name = "PUB")]
    pub keys: Vec<PathBuf>,
    /// Accept a release signed with a development key.
    #[arg(long)]
    pub allow_dev: bool,
}

/// Options of `alliance mirror`.
#[derive(Debug, Args)]
pub struct MirrorArgs {
    /// The release folder to copy (`http://` or `https://`, the folder holding
    /// `release.yaml`).
    #[arg(value_name = "URL")]
    pub url: String,
    /// The local folder to copy it into (made if missing; what it holds already and
    /// verifies is not fetched again).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// The keys to trust.
    #[command(flatten)]
    pub trust: PinnedArgs,
    /// How the mirror is fetched.
    #[command(flatten)]
    pub fetch: FetchArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Show every check of every artifact (by default one line per artifact, and the
    /// checks of those that fail).
    #[arg(long, short)]
    pub verbose: bool,
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
    /// Run the vendor's pre-remove script first, if the package has one; if it fails,
    /// nothing is removed.
    #[arg(long)]
    pub run_scripts: bool,
}
