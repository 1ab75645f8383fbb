//! `alliance manifest diff` and `show`: what a release holds, and what changed between two.
//!
//! [`diff`] compares two release indexes (read, and their signatures checked, by
//! [`crate::verify::load_index`]): artifacts added, removed and changed (by SHA-256), the version of each
//! package before and after, and each locale's own translation coverage before and after.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::manifest::ReleaseIndex;

/// An artifact that is in both releases with other bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    pub artifact: String,
    pub old_size: u64,
    pub new_size: u64,
    pub old_sha256: String,
    pub new_sha256: String,
}

/// A value before and after (`None`: absent on that side).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change<T> {
    pub old: Option<T>,
    pub new: Option<T>,
}

/// The difference between two releases.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    pub old_release: String,
    pub new_release: String,
    pub added: Vec<String>,
    pub removed: Vec<String>,
    pub changed: Vec<Changed>,
    /// Packages whose version differs (or that appear or disappear).
    pub versions: BTreeMap<String, Change<String>>,
    /// Locales whose own translation coverage (percent) differs.
    pub coverage: BTreeMap<String, Change<f64>>,
}

impl Diff {
    /// Whether the releases hold the same artifacts with the same bytes.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares two release indexes.
pub fn diff(old: &ReleaseIndex, new: &ReleaseIndex) -> Diff {
    let names = |i: &ReleaseIndex| i.artifacts.keys().cloned().collect::<BTreeSet<String>>();
    let (old_names, new_names) = (names(old), names(new));
    let changed = old_names
        .intersection(&new_names)
        .filter_map(|name| {
            let (a, b) = (&old.artifacts[name], &new.artifacts[name]);
            (a.sha256 != b.sha256).then(|| Changed {
                artifact: name.clone(),
                old_size: a.size,
                new_size: b.size,
                old_sha256: a.sha256.clone(),
                new_sha256: b.sha256.clone(),
            })
        })
        .collect();
    let versions_of = |i: &ReleaseIndex| -> BTreeMap<String, String> {
        i.artifacts
            .values()
            .map(|a| (a.package.clone(), a.version.clone()))
            .collect()
    };
    let (old_versions, new_versions) = (versions_of(old), versions_of(new));
    let packages: BTreeSet<&String> = old_versions.keys().chain(new_versions.keys()).collect();
    let versions = packages
        .into_iter()
        .filter_map(|p| {
            let change = Change {
                old: old_versions.get(p).cloned(),
                new: new_versions.get(p).cloned(),
            };
            (change.old != change.new).then(|| (p.clone(), change))
        })
        .collect();
    let coverage_of = |i: &ReleaseIndex| -> BTreeMap<String, f64> {
        i.artifacts
            .values()
            .filter_map(|a| Some((a.locale.clone()?, a.coverage?)))
            .collect()
    };
    let (old_coverage, new_coverage) = (coverage_of(old), coverage_of(new));
    let locales: BTreeSet<&String> = old_coverage.keys().chain(new_coverage.keys()).collect();
    let coverage = locales
        .into_iter()
        .filter_map(|l| {
            let change = Change {
                old: old_coverage.get(l).copied(),
                new: new_coverage.get(l).copied(),
            };
            (change.old != change.new).then(|| (l.clone(), change))
        })
        .collect();
    Diff {
        old_release: old.release.clone(),
        new_release: new.release.clone(),
        added: new_names.difference(&old_names).cloned().collect(),
        removed: old_names.difference(&new_names).cloned().collect(),
        changed,
        versions,
        coverage,
    }
}
