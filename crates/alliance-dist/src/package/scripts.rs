//! A vendor's own scripts (`scripts:` of `package.yaml`): a post-install script that the
//! generated installers and `alliance install --run-scripts` run after the files are in
//! place, and a pre-remove script that `alliance uninstall --run-scripts` runs first. Each
//! ships in the installer as `<stem>/scripts/<hook>.sh` or `.cmd` ([`Script::entry`]), never
//! as payload.
//!
//! Also here: a payload file at the top of `files/` named like a file alliance generates
//! there (`install.sh`, `install.cmd`, from `templates/installer/<target>/`) is refused. It
//! would ship as a plain file beside the generated one and never run.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::FILES_DIR;
use super::collect::PayloadFile;
use super::def::{Hook, ScriptLine, Target};
use crate::diagnostic::Problem;
use crate::yaml;

/// One script of a package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// When it runs.
    pub hook: Hook,
    /// The systems it is for.
    pub target: Target,
    /// Where to read it.
    pub path: PathBuf,
}

impl Script {
    /// Its name inside the artifact, below the top folder: `scripts/post-install.sh`.
    pub fn entry(hook: Hook, target: Target) -> String {
        let extension = match target {
            Target::Unix => "sh",
            Target::Windows => "cmd",
        };
        format!("{SCRIPTS_DIR}/{}.{extension}", hook.as_str())
    }
}

/// The folder of an installer holding the vendor's scripts (`<stem>/scripts/`), and of a
/// prefix holding them once installed (`.alliance-scripts/`, alliance's own name).
pub const SCRIPTS_DIR: &str = "scripts";

/// The folder of a prefix holding the vendor's scripts: alliance's own name (where
/// `alliance install` and a Debian package put them).
pub const PREFIX_SCRIPTS_DIR: &str = ".alliance-scripts";

/// The scripts `lines` declare for the package in `dir` (with `targets`): each for one of
/// the package's targets, a file inside the package folder and outside `files/`.
pub fn validate(
    dir: &Path,
    rel: &Path,
    source: &Arc<str>,
    lines: &[ScriptLine],
    targets: &[Target],
    problems: &mut Vec<Problem>,
) -> Vec<Script> {
    let mut scripts = Vec::new();
    for line in lines {
        let value = &line.path.value;
        let at = |message: String, help: &str| {
            yaml::problem_at(rel, source, &line.path, message).with_help(help.to_string())
        };
        let plain = Path::new(value)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !targets.contains(&line.target) {
            problems.push(at(
                format!(
                    "a `{}` script for `{}`, which is not one of the package's `targets`",
                    line.hook.as_str(),
                    line.target.as_str()
                ),
                "add the target to `targets`, or remove the script",
            ));
        } else if !plain {
            problems.push(at(
                format!("script `{value}` is outside the package folder"),
                "put the script inside the package folder and name it relative to it",
            ));
        } else if !dir.join(value).is_file() {
            problems.push(at(
                format!("script `{value}` does not exist"),
                "create it, or fix the path (relative to the package folder)",
            ));
        } else if Path::new(value).starts_with(FILES_DIR) {
            problems.push(at(
                format!(
                    "script `{value}` is inside `{FILES_DIR}/`, so it would also ship as payload"
                ),
                "move it out of files/, for example into scripts/",
            ));
        } else {
            scripts.push(Script {
                hook: line.hook,
                target: line.target,
                path: dir.join(value),
            });
        }
    }
    scripts.sort_by_key(|s| (s.hook, s.target));
    scripts.dedup_by_key(|s| (s.hook, s.target));
    scripts
}

/// A problem for each payload file at the top of `files/` named like a file alliance
/// generates at the top of the package's installers (`generated`, lowercased).
pub fn generated_clashes(
    rel: &Path,
    files: &[PayloadFile],
    generated: &[String],
    problems: &mut Vec<Problem>,
) {
    for file in files.iter().filter(|f| !f.rel.contains('/')) {
        if generated.contains(&file.rel.to_lowercase()) {
            let shown = rel.parent().unwrap_or(rel).join(FILES_DIR).join(&file.rel);
            problems.push(
                Problem::new(
                    &shown,
                    format!(
                        "`{FILES_DIR}/{}` has the name of a file alliance writes at the top of the installer: it would ship as a plain payload file beside that one and never run",
                        file.rel
                    ),
                )
                .with_help(
                    "to run it at install, declare it under `scripts:` (`post_install: {unix: …, windows: …}`) outside files/; else rename it",
                ),
            );
        }
    }
}

/// The names (lowercased) of the installers the templates of `root` write at the top of an
/// artifact for `targets`: `templates/installer/<target>/*` (`install.sh`, `install.cmd`).
/// The common ones (`README.txt`) are documents: a payload file of that name is the
/// product's own.
pub fn generated_names(root: &Path, targets: &[Target]) -> Vec<String> {
    let installer = root.join(crate::templates::TEMPLATES_DIR).join("installer");
    let mut names = Vec::new();
    for folder in targets.iter().map(|t| t.as_str()) {
        let Ok(entries) = std::fs::read_dir(installer.join(folder)) else {
            continue;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(output) = name.strip_suffix(crate::templates::EXTENSION) {
                names.push(output.to_lowercase());
            }
        }
    }
    names.sort();
    names.dedup();
    names
}
