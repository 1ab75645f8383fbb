//! The payload of a package: which files under `files/` it ships, and with which mode.
//!
//! Include and exclude globs are matched against paths relative to `files/` (`*` stays within
//! one folder, `**` crosses folders). A symbolic link is followed only while it stays inside
//! the package folder. The result is sorted, so archives built from it are reproducible.

use std::path::Path;
use std::sync::Arc;

use globset::{Glob, GlobBuilder, GlobMatcher};
use rayon::prelude::*;

use super::FILES_DIR;
use super::def::FilesFile;
use crate::diagnostic::{Error, Problem, Result};
use crate::yaml::{self, Spanned};

/// One payload file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayloadFile {
    /// Path relative to `files/`, `/`-separated.
    pub rel: String,
    /// Where to read it (shared with the archive writer's inputs).
    pub path: Arc<Path>,
    /// Unix permission bits in the archive.
    pub mode: u32,
    /// Size in bytes when the workspace was loaded (for planning).
    pub size: u64,
    /// What the system said of it then (where it can say enough), before it was read: what
    /// the build cache remembers its digest by after a cold build (`Cache::learn`), so that
    /// the file is not asked about again.
    pub seen: Option<crate::fs::Stat>,
    /// A configuration file (`files.config`): an upgrade keeps the user's changed copy.
    pub config: bool,
}

/// How many walked files are looked at together, on all cores.
const WALK_RUN: usize = 4096;

/// Resolves the payload of the package in `dir`; `rel` and `source` are its `package.yaml`.
pub fn collect(
    dir: &Path,
    rel: &Path,
    source: &Arc<str>,
    spec: &FilesFile,
    problems: &mut Vec<Problem>,
) -> Result<Vec<PayloadFile>> {
    let files_dir = dir.join(FILES_DIR);
    if !files_dir.is_dir() {
        problems.push(
            Problem::new(rel, format!("the package has no `{FILES_DIR}/` folder")).with_help(
                format!(
                    "put the files to ship in `{}`",
                    Path::new(rel.parent().unwrap_or(rel))
                        .join(FILES_DIR)
                        .display()
                ),
            ),
        );
        return Ok(Vec::new());
    }
    let default_include = [Spanned::new(
        "**".to_string(),
        serde_saphyr::Location::UNKNOWN,
        serde_saphyr::Location::UNKNOWN,
    )];
    let include_specs: &[Spanned<String>] = if spec.include.is_empty() {
        &default_include
    } else {
        &spec.include
    };
    let include = compile_all(rel, source, include_specs, problems);
    let exclude = compile_all(rel, source, &spec.exclude, problems);
    let modes = compile_modes(rel, source, spec, problems);
    let config = compile_all(rel, source, &spec.config, problems);

    let canonical_dir = dir.canonicalize().map_err(|e| Error::io("read", dir, e))?;
    let globs = Globs {
        include: &include,
        exclude: &exclude,
        modes: &modes,
    };
    let (mut files, used) = walk_payload(&files_dir, &globs, rel, &canonical_dir, problems)?;
    unused_includes(rel, source, include_specs, &include, &used, problems);
    let mut config_used = vec![false; config.len()];
    for file in &mut files {
        for (i, glob) in config.iter().enumerate() {
            if glob.as_ref().is_some_and(|g| g.is_match(&file.rel)) {
                config_used[i] = true;
                file.config = true;
            }
        }
    }
    // An include glob that matched nothing is the likelier mistake, and told already.
    if used.iter().all(|u| *u) {
        unused_config(rel, source, &spec.config, &config, &config_used, problems);
    }
    let files_dir_shown = rel.parent().unwrap_or(rel).join(FILES_DIR);
    for clash in crate::archive::name_clashes(files.iter().map(|f| f.rel.as_str())) {
        problems.push(
            Problem::new(&files_dir_shown, format!("payload names clash: {clash}"))
                .with_help("rename one of them: they would install as one file on some systems"),
        );
    }
    if files.is_empty() && include.iter().all(Option::is_some) && used.iter().any(|u| *u) {
        problems.push(Problem::new(rel, "every payload file is excluded"));
    }
    Ok(files)
}

/// The payload files under `files_dir` (of the package whose `package.yaml` is `rel`), and
/// which include globs matched a file. The walk reads folders in order; what is done with
/// each file it finds (globs, name checks, a stat) is done on all cores, a run of files at a
/// time, the results taken in the walk's order.
fn walk_payload(
    files_dir: &Path,
    globs: &Globs<'_>,
    rel: &Path,
    canonical_dir: &Path,
    problems: &mut Vec<Problem>,
) -> Result<(Vec<PayloadFile>, Vec<bool>)> {
    let mut used = vec![false; globs.include.len()];
    let mut files = Vec::new();
    // The walk goes on in a thread of its own while the cores look at the run before: it
    // reads folders, they stat files, and neither waits for the other.
    let (runs, walked) = std::sync::mpsc::sync_channel::<Result<Vec<_>>>(2);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut walk = crate::fs::walk(files_dir, None);
            loop {
                let run = walk
                    .by_ref()
                    .take(WALK_RUN)
                    .collect::<std::result::Result<Vec<_>, _>>()
                    .map_err(Error::from);
                let last = run.as_ref().map_or(true, Vec::is_empty);
                // A send fails when the looking stopped at an error: so does the walk.
                if runs.send(run).is_err() || last {
                    return;
                }
            }
        });
        for run in walked {
            let run = run?;
            if run.is_empty() {
                break;
            }
            let found: Vec<_> = run
                .into_par_iter()
                .map(|walked| look_at(walked, globs, rel, canonical_dir))
                .collect::<Result<_>>()?;
            for (matched, file, found) in found {
                for i in matched {
                    used[i] = true;
                }
                files.extend(file);
                problems.extend(found);
            }
        }
        Ok((files, used))
    })
}

/// The globs of `package.yaml`'s `files`, compiled (a glob that did not compile is `None`).
struct Globs<'a> {
    include: &'a [Option<GlobMatcher>],
    exclude: &'a [Option<GlobMatcher>],
    modes: &'a [(GlobMatcher, u32)],
}

/// What the walk found in `walked` (the package's `package.yaml` is `rel`): the include
/// globs that match it, its payload file if it is one, and its problems.
fn look_at(
    walked: crate::fs::Walked,
    globs: &Globs<'_>,
    rel: &Path,
    canonical_dir: &Path,
) -> Result<(Vec<usize>, Option<PayloadFile>, Vec<Problem>)> {
    let crate::fs::Walked {
        rel: rel_path,
        entry,
    } = walked;
    let matched: Vec<usize> = globs
        .include
        .iter()
        .enumerate()
        .filter(|(_, m)| m.as_ref().is_some_and(|m| m.is_match(&rel_path)))
        .map(|(i, _)| i)
        .collect();
    if matched.is_empty()
        || globs
            .exclude
            .iter()
            .flatten()
            .any(|m| m.is_match(&rel_path))
    {
        return Ok((Vec::new(), None, Vec::new()));
    }
    // Where a problem is shown: made only for a file that has one.
    let shown = |rel_path: &str| rel.parent().unwrap_or(rel).join(FILES_DIR).join(rel_path);
    let mut problems = Vec::new();
    let file = payload_file(
        &entry,
        rel_path,
        shown,
        canonical_dir,
        globs.modes,
        &mut problems,
    )?;
    Ok((matched, file, problems))
}

/// The payload file of walked `entry` (`rel_path` under `files/`, named in problems as
/// `shown` gives), with its mode; `None` (and a problem) for a name that does not install
/// everywhere or a link that leads to a folder or outside the package folder
/// `canonical_dir`.
fn payload_file(
    entry: &walkdir::DirEntry,
    rel_path: String,
    shown: impl Fn(&str) -> std::path::PathBuf,
    canonical_dir: &Path,
    modes: &[(GlobMatcher, u32)],
    problems: &mut Vec<Problem>,
) -> Result<Option<PayloadFile>> {
    // Every name must install safely everywhere, Windows included.
    if let Err(why) = crate::archive::safe_name(&rel_path) {
        problems.push(
            Problem::new(shown(&rel_path), format!("this file name {why}"))
                .with_help("rename the file"),
        );
        return Ok(None);
    }
    let mut path = entry.path().to_path_buf();
    if entry.file_type().is_symlink() {
        match path.canonicalize() {
            Ok(target) if target.starts_with(canonical_dir) && target.is_file() => path = target,
            Ok(target) if target.starts_with(canonical_dir) => {
                problems.push(
                    Problem::new(shown(&rel_path), "symbolic link to a folder")
                        .with_help("list the folder's files through the link's target instead"),
                );
                return Ok(None);
            }
            _ => {
                problems.push(
                    Problem::new(
                        shown(&rel_path),
                        "symbolic link leads outside the package folder",
                    )
                    .with_help("copy the file into the package folder, or exclude the link"),
                );
                return Ok(None);
            }
        }
    }
    // One stat for both.
    let metadata = std::fs::metadata(&path).map_err(|e| Error::io("read", &path, e))?;
    let executable = is_executable(&metadata);
    let size = metadata.len();
    let mode = modes
        .iter()
        .find(|(m, _)| m.is_match(&rel_path))
        .map_or(if executable { 0o755 } else { 0o644 }, |(_, bits)| *bits);
    Ok(Some(PayloadFile {
        rel: rel_path,
        path: path.into(),
        mode,
        size,
        seen: crate::fs::Stat::of(&metadata),
        config: false,
    }))
}

/// The `modes` of `package.yaml`: glob and permission bits; a bad glob or mode is a problem.
fn compile_modes(
    rel: &Path,
    source: &Arc<str>,
    spec: &FilesFile,
    problems: &mut Vec<Problem>,
) -> Vec<(GlobMatcher, u32)> {
    let mut modes = Vec::new();
    for (glob, mode) in &spec.modes {
        let parsed = u32::from_str_radix(mode.value.trim_start_matches("0o"), 8)
            .ok()
            .filter(|m| *m <= 0o777);
        match (compile(glob), parsed) {
            (Ok(m), Some(bits)) => modes.push((m, bits)),
            (Err(e), _) => problems.push(yaml::problem_at(
                rel,
                source,
                mode,
                format!("`{glob}` is not a valid glob: {e}"),
            )),
            (_, None) => problems.push(
                yaml::problem_at(
                    rel,
                    source,
                    mode,
                    format!("`{}` is not a file mode", mode.value),
                )
                .with_help("write an octal mode as a string, such as `\"0755\"` or `\"0644\"`"),
            ),
        }
    }
    modes
}

/// A problem for each valid include glob that matched no file (`used`).
fn unused_includes(
    rel: &Path,
    source: &Arc<str>,
    include_specs: &[Spanned<String>],
    include: &[Option<GlobMatcher>],
    used: &[bool],
    problems: &mut Vec<Problem>,
) {
    let unused = Unused {
        what: format!("no file in `{FILES_DIR}/`"),
        help: format!("globs are relative to `{FILES_DIR}/`; fix the pattern or remove it"),
    };
    unused.report(rel, source, include_specs, include, used, problems);
}

/// A problem for each valid `config` glob that matched no payload file (`used`).
fn unused_config(
    rel: &Path,
    source: &Arc<str>,
    specs: &[Spanned<String>],
    config: &[Option<GlobMatcher>],
    used: &[bool],
    problems: &mut Vec<Problem>,
) {
    let unused = Unused {
        what: "no payload file".to_string(),
        help: format!(
            "`config` globs are relative to `{FILES_DIR}/` and name files the payload includes; fix the pattern or remove it"
        ),
    };
    unused.report(rel, source, specs, config, used, problems);
}

/// How globs that matched nothing are told.
struct Unused {
    /// What they match: "no payload file".
    what: String,
    /// How to fix one.
    help: String,
}

impl Unused {
    /// A problem at each of `specs` that compiled and was not `used`.
    fn report(
        &self,
        rel: &Path,
        source: &Arc<str>,
        specs: &[Spanned<String>],
        compiled: &[Option<GlobMatcher>],
        used: &[bool],
        problems: &mut Vec<Problem>,
    ) {
        for (i, spec) in specs.iter().enumerate() {
            if compiled[i].is_some() && !used[i] {
                problems.push(
                    yaml::problem_at(
                        rel,
                        source,
                        spec,
                        format!("`{}` matches {}", spec.value, self.what),
                    )
                    .with_label("matches nothing")
                    .with_help(self.help.clone()),
                );
            }
        }
    }
}

fn compile(glob: &str) -> std::result::Result<GlobMatcher, globset::Error> {
    GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map(|g: Glob| g.compile_matcher())
}

fn compile_all(
    rel: &Path,
    source: &Arc<str>,
    specs: &[Spanned<String>],
    problems: &mut Vec<Problem>,
) -> Vec<Option<GlobMatcher>> {
    specs
        .iter()
        .map(|spec| match compile(&spec.value) {
            _ if spec.value.starts_with('/') || spec.value.split('/').any(|c| c == "..") => {
                problems.push(
                    yaml::problem_at(rel, source, spec, format!("`{}` points outside `{FILES_DIR}/`", spec.value))
                        .with_help(format!("globs are relative to `{FILES_DIR}/` and stay inside it; copy the files there")),
                );
                None
            }
            Ok(m) => Some(m),
            Err(e) => {
                problems.push(yaml::problem_at(
                    rel,
                    source,
                    spec,
                    format!("`{}` is not a valid glob: {}", spec.value, e.kind()),
                ));
                None
            }
        })
        .collect()
}

#[cfg(unix)]
fn is_executable(metadata: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    metadata.permissions().mode() & 0o111 != 0
}

#[cfg(not(unix))]
fn is_executable(_metadata: &std::fs::Metadata) -> bool {
    false
}
