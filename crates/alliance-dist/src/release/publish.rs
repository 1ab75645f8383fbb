//! Publishing: the lock of a release folder ([`lock`], [`Error::Locked`]), the staging
//! folder beside it, the swap into place ([`publish`]), the cleanup of what dead runs left,
//! and the reports of what a run published.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::{Folder, Report};
use crate::diagnostic::{Error, IoContext, Result};

/// One file of a folder to publish.
#[derive(Debug)]
pub enum Content {
    /// Bytes made in memory: a manifest, a signature, the index, a kept artifact.
    Bytes(Vec<u8>),
    /// An artifact the build wrote into its spool in the output folder: moved into place.
    Spooled(PathBuf),
    /// A kept artifact, copied from the open file that was verified.
    Copy(crate::archive::SharedReader),
}

impl From<Vec<u8>> for Content {
    fn from(bytes: Vec<u8>) -> Self {
        Content::Bytes(bytes)
    }
}

/// The files of a folder to publish, by name.
pub type Files = BTreeMap<String, Content>;

/// Publishes each filled folder into `output`, in order; the run's `warnings` (the
/// catalogs' fallbacks, the build cache's copies thrown away) are told with the release's
/// folder, or with the pseudo-locales' when the run wrote no other.
pub(super) fn publish_folders(
    output: &Path,
    folders: Vec<Folder>,
    mut warnings: Vec<String>,
) -> Result<Vec<Report>> {
    let mut reports = Vec::new();
    // A run of pseudo-locales alone tells its warnings with their folder.
    let pseudo_alone = folders.iter().all(|f| f.pseudo);
    for folder in folders {
        let mut published = publish(output, &folder.dir_name, &folder.files)?;
        // A shard is no release: only the whole release enters the channel.
        if !folder.pseudo && folder.dir_name == folder.release {
            let expires = folder.index.expires.as_deref();
            published
                .warnings
                .extend(super::channel::write(output, &folder.key, expires)?);
            root_beside_channel(output, &output.join(&folder.dir_name))?;
        }
        reports.push(Report {
            dir: output.join(&folder.dir_name),
            index: folder.index,
            built: folder.built,
            cached: folder.cached,
            development_key: folder.key.development,
            key_path: folder.key.secret_path,
            // What bundles did not take from a locale is told with the release's folder.
            warnings: if folder.pseudo && !pseudo_alone {
                published.warnings
            } else {
                std::mem::take(&mut warnings)
                    .into_iter()
                    .chain(published.warnings)
                    .collect()
            },
            pseudo: folder.pseudo,
        });
    }
    Ok(reports)
}

/// Takes the lock of release folder `name` in `output` for the whole run: a second run on
/// it (from this workspace or any other sharing the output folder) refuses at once. The
/// lock is `output/.<name>.lock`, one per release folder, so that shards of one release may
/// run side by side.
pub fn lock(output: &Path, name: &str) -> Result<std::fs::File> {
    let work = output.join(WORK_DIR);
    std::fs::create_dir_all(&work).at("create", &work)?;
    let path = work.join(format!("{name}.lock"));
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .at("open", &path)?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(std::fs::TryLockError::WouldBlock) => Err(Error::Locked {
            folder: output.join(name),
            lock: path,
        }),
        Err(std::fs::TryLockError::Error(e)) => Err(Error::io("lock", &path, e)),
    }
}

/// What publishing left behind, to be told as warnings: the release is published.
#[derive(Debug, Default)]
pub struct Published {
    /// One sentence each: what could not be cleaned up, and where.
    pub warnings: Vec<String>,
}

/// Writes `files` into a staging folder in `output` and renames it to `output/<release>`;
/// first removes what runs killed while publishing `release` left there. The caller holds
/// the lock of `output/<release>` ([`lock`]).
pub fn publish(output: &Path, release: &str, files: &Files) -> Result<Published> {
    publish_with(output, release, files, |dir| std::fs::remove_dir_all(dir))
}

/// [`publish`], removing folders with `remove` (tests make it fail).
fn publish_with(
    output: &Path,
    release: &str,
    files: &Files,
    remove: impl Fn(&Path) -> std::io::Result<()>,
) -> Result<Published> {
    let work = output.join(WORK_DIR);
    std::fs::create_dir_all(&work).at("create", &work)?;
    let mut published = Published::default();
    for leftover in leftovers(output, release)? {
        if let Err(e) = remove(&leftover) {
            published.warnings.push(format!(
                "cannot remove `{}`, left by an earlier run: {e}",
                leftover.display()
            ));
        }
    }
    let staging = tempfile::Builder::new()
        .prefix(&format!("{release}{STAGING}"))
        .tempdir_in(&work)
        .at("create a staging folder in", &work)?;
    for (name, content) in files {
        let path = staging.path().join(name);
        // The root chain lies in a folder of its own (`root/1.yaml`).
        if let Some(parent) = path.parent()
            && parent != staging.path()
        {
            std::fs::create_dir_all(parent).at("create", parent)?;
        }
        match content {
            Content::Bytes(data) => std::fs::write(&path, data).at("write", &path)?,
            // The spool is in the output folder too: a rename, never a copy.
            Content::Spooled(spooled) => std::fs::rename(spooled, &path).at("move", spooled)?,
            Content::Copy(reader) => {
                let mut out = std::fs::File::create(&path).at("create", &path)?;
                std::io::copy(&mut reader.from_start(), &mut out).at("write", &path)?;
            }
        }
    }
    let target = output.join(release);
    let staged = staging.keep();
    match swap_into_place(&staged, &target, &work) {
        Ok(None) => {}
        Ok(Some(previous)) => {
            if let Err(e) = remove(&previous) {
                published.warnings.push(format!(
                    "the release is published, but the previous one could not be removed from `{}` ({e}); the next run removes it",
                    previous.display()
                ));
            }
        }
        Err(e) => {
            let _ = remove(&staged);
            return Err(e);
        }
    }
    Ok(published)
}

/// Copies the root chain of the release just published in `release_dir` (if it carries
/// one) beside the channel, into `output/root/`: a client that starts from the channel
/// walks it before it trusts the channel's signature. A chain only grows: what is there
/// stays.
fn root_beside_channel(output: &Path, release_dir: &Path) -> Result<()> {
    let from = release_dir.join(crate::root::ROOT_DIR);
    if !from.is_dir() {
        return Ok(());
    }
    let to = output.join(crate::root::ROOT_DIR);
    std::fs::create_dir_all(&to).at("create", &to)?;
    for entry in std::fs::read_dir(&from).at("read folder", &from)? {
        let entry = entry.at("read folder", &from)?;
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let data = std::fs::read(entry.path()).at("read", &entry.path())?;
            crate::fs::write_whole(&to.join(entry.file_name()), &data)?;
        }
    }
    Ok(())
}

/// alliance's own folder in the output folder: the runs' locks, spools and staging
/// folders, kept out of the release folders beside it, which are what gets published.
pub const WORK_DIR: &str = ".alliance";

/// Marks a staging folder: `<release>.staging-XXXXXX` in [`WORK_DIR`].
const STAGING: &str = ".staging-";
/// Marks a previous release moved aside: `<release>.previous-<pid>` in [`WORK_DIR`].
const PREVIOUS: &str = ".previous-";

/// The folders that runs publishing `release` leave when they die: staging folders and
/// previous releases moved aside, in [`WORK_DIR`] (and, as older versions named them,
/// `.<release>.staging-…` in `output` itself).
fn leftovers(output: &Path, release: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for (dir, dot) in [(output.join(WORK_DIR), ""), (output.to_path_buf(), ".")] {
        let staging = format!("{dot}{release}{STAGING}");
        let previous = format!("{dot}{release}{PREVIOUS}");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let entry = entry.at("read", &dir)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let ours = name.strip_prefix(&staging).is_some_and(|rest| {
                rest.len() == 6 && rest.chars().all(|c| c.is_ascii_alphanumeric())
            }) || name
                .strip_prefix(&previous)
                .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()));
            if ours && entry.file_type().is_ok_and(|t| t.is_dir()) {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Moves `staged` to `target`; an existing `target` is replaced in one step where the
/// system can (Linux `renameat2(RENAME_EXCHANGE)`), and is left as it was on failure.
/// Returns where the previous release now is, to be removed.
fn swap_into_place(staged: &Path, target: &Path, work: &Path) -> Result<Option<PathBuf>> {
    match std::fs::rename(staged, target) {
        Ok(()) => return Ok(None),
        Err(e) if !target.is_dir() => {
            return Err(Error::io("rename the staging folder to", target, e));
        }
        Err(_) => {}
    }
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE).is_ok() {
            // `staged` now holds the previous release.
            return Ok(Some(staged.to_path_buf()));
        }
    }
    let old = work.join(format!(
        "{}{PREVIOUS}{}",
        target
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
        std::process::id()
    ));
    std::fs::rename(target, &old).at("move aside", target)?;
    if let Err(e) = std::fs::rename(staged, target) {
        let _ = std::fs::rename(&old, target);
        return Err(Error::io("rename the staging folder to", target, e));
    }
    Ok(Some(old))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(text: &str) -> Files {
        BTreeMap::from([("a.txt".to_string(), text.as_bytes().to_vec().into())])
    }

    /// Issue 9, item 11: a previous release that cannot be removed after the swap is a
    /// warning naming where it is, the new release stands, and the next run removes it.
    #[test]
    fn a_previous_release_that_cannot_be_removed_is_a_warning_and_cleaned_next_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let output = dir.path().join("dist");
        publish(&output, "r", &files("one")).expect("first");
        let failing = |_: &Path| Err(std::io::Error::other("busy"));
        let published = publish_with(&output, "r", &files("two"), failing).expect("published");
        assert_eq!(
            std::fs::read_to_string(output.join("r/a.txt")).expect("read"),
            "two",
            "the new release is in place"
        );
        assert_eq!(published.warnings.len(), 1, "{:?}", published.warnings);
        let warning = &published.warnings[0];
        assert!(
            warning.contains("could not be removed") && warning.contains("busy"),
            "{warning}"
        );
        let left = leftovers(&output, "r").expect("listed");
        assert_eq!(left.len(), 1, "{left:?}");
        assert!(
            warning.contains(&left[0].display().to_string()),
            "{warning}"
        );
        assert_eq!(
            std::fs::read_to_string(left[0].join("a.txt")).expect("read"),
            "one",
            "what is left is the previous release"
        );
        let published = publish(&output, "r", &files("three")).expect("third");
        assert!(published.warnings.is_empty(), "{:?}", published.warnings);
        assert!(!left[0].exists(), "cleaned by the next run");
        assert!(leftovers(&output, "r").expect("listed").is_empty());
    }
}
