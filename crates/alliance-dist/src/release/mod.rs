//! The release, in four stages: plan → build → record → publish.
//!
//! - `plan` turns the workspace and a [`Selection`] into an ordered list of
//!   artifact [`Job`]s: one installer per vendor package, one bundle per locale (and
//!   pseudo-locale) for a localized package (the messenger); with `--shard I/N`, a balanced
//!   share of them. `--dry-run` prints exactly what [`run`] builds.
//! - `build` builds every locale's catalog and proves it formats, then builds the jobs in
//!   parallel (staged entries → deterministic zip → SHA-256) and signs each artifact.
//! - `record` locks the folders the run writes, writes each artifact's manifest,
//!   `release.yaml`, `SHA256SUMS`, the public key and the download page (or a shard's
//!   `shard.yaml`). `alliance bundle` and `package` keep the release's other artifacts,
//!   each verified with the signing key before it is signed into the new index
//!   (`record::reverify`): nothing is signed that was not built or verified in the same
//!   run.
//! - `publish` writes a staging folder beside the output and publishes it as
//!   `dist/<release>/` by one rename: the output is either the complete new release or
//!   untouched. Only writing is done under the output folder's [`lock`]; first, what dead
//!   runs left there is removed.
//!
//! `merge` is `alliance manifest merge`: the shards joined, sealed and published
//! by the same stages. Pseudo-locale bundles (`bundle --pseudo`) never enter the release:
//! they are published the same way into their own folder, `dist/<release>-pseudo/`
//! ([`pseudo_folder`]), with its own index, signed with the workspace's development key as
//! release `<release>-pseudo`; a run of pseudo-locales alone neither locks nor reads nor
//! writes the release folder.

mod build;
mod cache;
mod channel;
mod federation;
mod merge;
mod plan;
mod publish;
mod record;

use std::path::PathBuf;

pub use build::{BUNDLE_TEMPLATES, COMMON_TEMPLATES};
pub use merge::merge;
pub use plan::{Job, Selection, Shard, folder, plan, pseudo_folder, shards};
pub use publish::{Content, Files, Published, lock, publish};
pub use record::summary;

use crate::diagnostic::Result;
use crate::manifest::{ReleaseIndex, Signer};
use crate::sign::{KeySource, SigningKey};
use crate::workspace::Workspace;

/// How to run a release.
#[derive(Clone, Default)]
pub struct Options {
    /// Time stamp of every archive entry; default: `date` of `alliance.yaml`, else 1980-01-01.
    pub source_date_epoch: Option<i64>,
    /// When the index expires (`--expires`, `expires`); default: never.
    pub expires: Option<crate::date::Expiry>,
    /// The index's sequence (`--sequence`); default: [`record::sequence`].
    pub sequence: Option<u64>,
    /// The signing key.
    pub key: KeySource,
    /// Which artifacts to build.
    pub selection: Selection,
    /// Refuse to build a bundle with a message `l10n check` rejects (`--strict`,
    /// `l10n.strict`), rather than taking it from the next locale of the chain.
    pub strict: bool,
    /// Told about each step, for progress bars and logs.
    pub progress: Option<Progress>,
    /// Release folders of vendors (`--contribution DIR`) whose artifacts, each verified
    /// against its package's delegation in the workspace's root of trust, go into this
    /// release unsigned again.
    pub contributions: Vec<std::path::PathBuf>,
}

/// A listener for the steps of a run.
pub type Progress = std::sync::Arc<dyn Fn(Step<'_>) + Send + Sync>;

/// A step of a run.
#[derive(Debug, Clone, Copy)]
pub enum Step<'a> {
    /// The plan is made: how many artifacts, how many input bytes.
    Planned {
        /// Artifacts to build.
        jobs: usize,
        /// Bytes of the inputs of every artifact.
        bytes: u64,
    },
    /// Catalogs are built and proven; building starts.
    Building,
    /// One artifact is built and signed.
    Built {
        /// The artifact's file name.
        artifact: &'a str,
        /// Its size in bytes.
        size: u64,
        /// Taken unchanged from the build cache rather than built.
        cached: bool,
        /// Of its entries, how many had their compressed data copied from the last build
        /// rather than compressed again.
        copied: usize,
        /// Its entries.
        entries: usize,
        /// The bytes of its inputs, as planned.
        input: u64,
    },
    /// Building read and compressed this many more bytes of input (of any artifact).
    Read {
        /// The bytes.
        bytes: u64,
    },
    /// Everything is written and published.
    Published,
}

/// What a run published into one folder, for the CLI to report.
#[derive(Debug)]
pub struct Report {
    /// The release folder (or the pseudo-locales' folder).
    pub dir: PathBuf,
    /// The index that was written.
    pub index: ReleaseIndex,
    /// The artifacts built by this run (others were kept).
    pub built: Vec<String>,
    /// Of those, the ones taken from the build cache (their inputs had not changed).
    pub cached: Vec<String>,
    /// Whether a development key signed it.
    pub development_key: bool,
    /// Where the signing key lives.
    pub key_path: PathBuf,
    /// What went wrong after the release was published (it stands, and verifies).
    pub warnings: Vec<String>,
    /// The pseudo-locales' folder ([`pseudo_folder`]), not the release.
    pub pseudo: bool,
}

/// A folder a run writes, while it is being filled ([`record`]) until it is published
/// ([`publish`](mod@publish)): the release (or a shard of it), or the pseudo-locales' folder
/// ([`pseudo_folder`]).
struct Folder {
    /// Its name in the output folder.
    dir_name: String,
    /// The release its index, manifests and trusted comments name.
    release: String,
    /// The key that signs everything in it.
    key: SigningKey,
    signer: Signer,
    /// The pseudo-locales' folder.
    pseudo: bool,
    /// Its index, so far.
    index: ReleaseIndex,
    /// Its files, so far.
    files: publish::Files,
    /// The artifacts this run built into it.
    built: Vec<String>,
    /// Of those, the ones taken from the build cache.
    cached: Vec<String>,
    /// Held until the run ends: no other run writes the folder meanwhile.
    _lock: std::fs::File,
}

/// Builds, signs, records and publishes the selected artifacts: one report per folder
/// written, the release's (or its shard's) first, then the pseudo-locales'.
pub fn run(ws: &Workspace, options: &Options) -> Result<Vec<Report>> {
    let tell = |step: Step<'_>| {
        if let Some(progress) = &options.progress {
            progress(step);
        }
    };
    let epoch = options
        .source_date_epoch
        .or(ws.config.date_epoch)
        .unwrap_or(crate::archive::ZIP_EPOCH);
    let plan = plan::Plan::make(ws, &options.selection, epoch)?;
    build::check_job_locales(ws, &plan.jobs, &options.selection.pseudo)?;
    tell(Step::Planned {
        jobs: plan.jobs.len(),
        bytes: plan.bytes(),
    });
    // Translations and the key are checked before the output folder is touched.
    let selection = &options.selection;
    let catalogs = build::catalogs(ws, &plan.jobs, &selection.pseudo, options.strict)?;
    let inputs = build::Inputs::of(ws, catalogs.by_tag)?;
    let keys = build::Keys::open(ws, &plan, &options.key)?;
    // Under a root of trust, this key builds what it is delegated for; the rest is left to
    // the vendors, whose contributions (and what the release folder already holds of
    // theirs) are verified before anything is built.
    let root = crate::root::workspace_chain(&ws.root)?;
    if root.is_none() {
        record::check_kept_key(ws, &plan, &keys.release)?;
    }
    let mut plan = plan;
    let mut warnings = federation::leave_to_vendors(ws, &mut plan, root.as_ref(), &keys.release)?;
    let mut contributed = federation::contributions(
        &options.contributions,
        &ws.config.release,
        root.as_ref(),
        &plan,
        &ws.config
            .output
            .join(plan::folder(&ws.config.release, &options.selection)),
    )?;
    warnings.extend(contributed.left_warning(&plan.left, &keys.release.key_id));
    warnings.append(&mut contributed.warnings);
    // So is the index's sequence.
    let freshness = record::Freshness::of(ws, options)?;
    tell(Step::Building);
    // Artifacts are written as they are built, into a spool beside the release folder.
    let spool = build::Spool::new(&ws.config.output, cache::Cache::of(&ws.root))?;
    let built = build::build_all(ws, &inputs, &keys, &plan, &spool, &tell)?;
    warnings.extend(catalogs.warnings);
    warnings.extend(built.iter().filter_map(|b| b.warning.clone()));
    // The cache writes down what it learnt while the manifests are written.
    let folders = std::thread::scope(|scope| {
        scope.spawn(|| spool.remember());
        record::record(ws, &plan, &inputs, keys, &freshness, built, contributed)
    })?;
    warnings.extend(freshness.warning());
    let reports = publish::publish_folders(&ws.config.output, folders, warnings)?;
    drop(spool);
    tell(Step::Published);
    Ok(reports)
}
