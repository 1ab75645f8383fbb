//! `alliance init-package ID`: a new vendor folder that `alliance package --check` accepts,
//! with every key of `package.yaml` explained in comments, for the vendor to fill in.

use std::path::{Path, PathBuf};

use super::def::{PLACEHOLDER_LICENSE, PLACEHOLDER_LICENSE_END, PLACEHOLDER_PAYLOAD};
use super::{FILES_DIR, PACKAGE_FILE, PACKAGES_DIR};
use crate::diagnostic::{Error, IoContext, Problem, Result};

const EXAMPLE: &str = include_str!("package.yaml.example");

/// Creates `packages/<id>/` under `root`; returns the files written (relative to `root`).
pub fn init_package(root: &Path, id: &str) -> Result<Vec<PathBuf>> {
    let dir = Path::new(PACKAGES_DIR).join(id);
    if !super::def::is_valid_id(id) {
        return Err(Error::Invalid(vec![
            Problem::new(&dir, format!("`{}` is not a valid package id", crate::diagnostic::escape::escape(id)))
                .with_help("use lowercase letters, digits and `-`, starting with a letter, such as `ledgerline`"),
        ]));
    }
    if root.join(&dir).exists() {
        return Err(Error::Invalid(vec![
            Problem::new(&dir, format!("`{}` already exists", dir.display())).with_help(format!(
                "check it with `alliance package --check`, or pick another id than `{id}`"
            )),
        ]));
    }
    let name = id.split('-').map(capitalize).collect::<Vec<_>>().join(" ");
    let files: Vec<(PathBuf, String)> = vec![
        (
            dir.join(PACKAGE_FILE),
            EXAMPLE.replace("{id}", id).replace("{name}", &name),
        ),
        (
            dir.join("LICENSE.txt"),
            format!("{PLACEHOLDER_LICENSE}{name}{PLACEHOLDER_LICENSE_END}"),
        ),
        (
            dir.join(FILES_DIR).join("README.txt"),
            format!("{name}\n\n{PLACEHOLDER_PAYLOAD}"),
        ),
    ];
    // Written into a staging folder and renamed, so the package appears whole or not at all.
    let packages = root.join(PACKAGES_DIR);
    std::fs::create_dir_all(&packages).at("create", &packages)?;
    let staging = tempfile::Builder::new()
        .prefix(&format!(".{id}.new-"))
        .tempdir_in(&packages)
        .at("create a folder in", &packages)?;
    for (rel, text) in &files {
        let path = staging.path().join(rel.strip_prefix(&dir).unwrap_or(rel));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).at("create", parent)?;
        }
        std::fs::write(&path, text).at("write", &path)?;
    }
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, root.join(&dir)) {
        let _ = std::fs::remove_dir_all(&staged);
        return Err(Error::io("create", &root.join(&dir), e));
    }
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
