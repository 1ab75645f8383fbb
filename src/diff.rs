//! `alliance manifest diff` and `show`: what a release holds, and what changed between two.
//!
//! [`diff`] compares two release indexes (read, and their signatures checked, by
//! [`crate::verify::load_index`]): artifacts added, removed and changed (by SHA-256), the version of each
//! package before and after, and each locale's own translation coverage before and after.
//! [`detail`] then says what changed inside each changed artifact: its entries (from the two
//! manifests) and, for a bundle, the messages its locale translates (a translator's
//! changelog: a message counts as translated where its text differs from the reference
//! bundle's).

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use serde::Serialize;

use crate::manifest::{ArtifactManifest, ReleaseIndex};

/// An artifact that is in both releases with other bytes.
#[derive(Debug, Clone, Serialize)]
pub struct Changed {
    /// The artifact's file name, the key of both indexes.
    pub artifact: String,
    /// Its size in bytes in the older release.
    pub old_size: u64,
    /// Its size in bytes in the newer release.
    pub new_size: u64,
    /// Its SHA-256 in the older release, lowercase hex.
    pub old_sha256: String,
    /// Its SHA-256 in the newer release, lowercase hex.
    pub new_sha256: String,
    /// Its entries added, removed and changed (by the two manifests); `None` when a manifest
    /// could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entries: Option<Names>,
    /// For a bundle: per locale, the messages whose translation was added, removed or
    /// changed.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub messages: BTreeMap<String, Names>,
}

/// Names added, removed and changed, each sorted.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Names {
    /// Only on the newer side.
    pub added: Vec<String>,
    /// Only on the older side.
    pub removed: Vec<String>,
    /// On both sides, with other content.
    pub changed: Vec<String>,
}

impl Names {
    /// Compares two maps of name -> content.
    fn of<T: PartialEq>(old: &BTreeMap<String, T>, new: &BTreeMap<String, T>) -> Names {
        let mut names = Names::default();
        for (name, value) in new {
            match old.get(name) {
                None => names.added.push(name.clone()),
                Some(before) if before != value => names.changed.push(name.clone()),
                Some(_) => {}
            }
        }
        names.removed = old
            .keys()
            .filter(|n| !new.contains_key(*n))
            .cloned()
            .collect();
        names
    }

    /// Whether nothing was added, removed or changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// A value before and after (`None`: absent on that side).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Change<T> {
    /// The value in the older release.
    pub old: Option<T>,
    /// The value in the newer release.
    pub new: Option<T>,
}

/// The difference between two releases.
#[derive(Debug, Clone, Serialize)]
pub struct Diff {
    /// The older release's name, from its index.
    pub old_release: String,
    /// The newer release's name, from its index.
    pub new_release: String,
    /// Artifacts (file names, sorted) only the newer release holds.
    pub added: Vec<String>,
    /// Artifacts (file names, sorted) only the older release holds.
    pub removed: Vec<String>,
    /// Artifacts both releases hold with other bytes, sorted by file name.
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
                entries: None,
                messages: BTreeMap::new(),
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

/// Fills in what changed inside each changed artifact of `diff`, reading the manifests and
/// bundles of the release folders `old_dir` and `new_dir` (whose indexes are `old` and
/// `new`). What cannot be read (a file missing, too large, not a zip) is left out.
pub fn detail(
    diff: &mut Diff,
    (old_dir, old): (&Path, &ReleaseIndex),
    (new_dir, new): (&Path, &ReleaseIndex),
) {
    for changed in &mut diff.changed {
        let name = changed.artifact.as_str();
        let (Some(a), Some(b)) = (old.artifacts.get(name), new.artifacts.get(name)) else {
            continue;
        };
        let files = |dir: &Path, manifest: &str| -> Option<BTreeMap<String, String>> {
            let manifest = read_manifest(&dir.join(manifest))?;
            Some(
                manifest
                    .files
                    .into_iter()
                    .map(|f| (f.path, f.sha256))
                    .collect(),
            )
        };
        if let (Some(before), Some(after)) =
            (files(old_dir, &a.manifest), files(new_dir, &b.manifest))
        {
            changed.entries = Some(Names::of(&before, &after));
        }
        let Some(locale) = &b.locale else { continue };
        let translated = |dir: &Path, index: &ReleaseIndex| -> Option<BTreeMap<String, String>> {
            let own = bundle_messages(dir, name, locale)?;
            if *locale == index.reference_locale {
                return Some(own);
            }
            // The reference's bundle of the same package: what the locale shows untranslated.
            let reference = index.artifacts.iter().find(|(_, e)| {
                e.package == b.package && e.locale.as_deref() == Some(&index.reference_locale)
            });
            let reference = match reference {
                Some((reference_name, _)) => {
                    bundle_messages(dir, reference_name, &index.reference_locale)?
                }
                None => BTreeMap::new(),
            };
            Some(
                own.into_iter()
                    .filter(|(id, text)| reference.get(id) != Some(text))
                    .collect(),
            )
        };
        if let (Some(before), Some(after)) = (translated(old_dir, old), translated(new_dir, new)) {
            let names = Names::of(&before, &after);
            if !names.is_empty() {
                changed.messages.insert(locale.clone(), names);
            }
        }
    }
}

/// The most Fluent text [`detail`] reads from one bundle, uncompressed.
const MAX_FLUENT_TEXT: u64 = 64 << 20;

fn read_manifest(path: &Path) -> Option<ArtifactManifest> {
    let data = crate::untrusted::read_capped(path, crate::manifest::MAX_MANIFEST_BYTES).ok()?;
    let text = std::str::from_utf8(&data).ok()?;
    crate::manifest::read(path, text).ok()
}

/// The messages and terms of the Fluent files of bundle `name` for `locale` in `dir`: id ->
/// its entry, serialized (so that a change of text, attribute or variant shows).
fn bundle_messages(dir: &Path, name: &str, locale: &str) -> Option<BTreeMap<String, String>> {
    // A bundle's translations are a few hundred kilobytes: a bundle holding more (the
    // index of `diff` may be unsigned) is not read further.
    bundle_messages_within(dir, name, locale, MAX_FLUENT_TEXT)
}

/// [`bundle_messages`], reading at most `cap` bytes of Fluent text (`None` beyond).
fn bundle_messages_within(
    dir: &Path,
    name: &str,
    locale: &str,
    cap: u64,
) -> Option<BTreeMap<String, String>> {
    let file = crate::untrusted::open_regular(&dir.join(name)).ok()?;
    let mut archive = zip::ZipArchive::new(file).ok()?;
    let folder = format!("/locales/{locale}/");
    let mut messages = BTreeMap::new();
    let mut read = 0u64;
    for i in 0..archive.len().min(crate::archive::MAX_ENTRIES) {
        let mut file = archive.by_index(i).ok()?;
        let Ok(path) = file.name().map(|n| n.to_string()) else {
            continue;
        };
        if !(path.contains(&folder) && path.ends_with(".ftl")) {
            continue;
        }
        let mut text = String::new();
        let left = cap.saturating_sub(read);
        (&mut file)
            .take(left.saturating_add(1))
            .read_to_string(&mut text)
            .ok()?;
        if text.len() as u64 > left {
            return None;
        }
        read += text.len() as u64;
        let resource =
            fluent_syntax::parser::parse_runtime(text.as_str()).unwrap_or_else(|(r, _)| r);
        for entry in resource.body {
            let id = match &entry {
                fluent_syntax::ast::Entry::Message(m) => m.id.name.to_string(),
                fluent_syntax::ast::Entry::Term(t) => format!("-{}", t.id.name),
                _ => continue,
            };
            let one = fluent_syntax::ast::Resource { body: vec![entry] };
            messages.insert(id, fluent_syntax::serializer::serialize(&one));
        }
    }
    Some(messages)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{ArtifactEntry, ArtifactKind, Signer};

    /// (artifact, version, locale, SHA-256, coverage).
    type Row<'a> = (&'a str, &'a str, Option<&'a str>, &'a str, Option<f64>);

    fn index(release: &str, artifacts: &[Row<'_>]) -> ReleaseIndex {
        ReleaseIndex {
            schema: crate::manifest::RELEASE_SCHEMA.to_string(),
            release: release.to_string(),
            reference_locale: "en-US".to_string(),
            source_date_epoch: 0,
            sequence: 1,
            expires: None,
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: false,
            },
            public_key: "minisign.pub".to_string(),
            checksums: "SHA256SUMS".to_string(),
            artifacts: artifacts
                .iter()
                .map(|&(name, version, locale, sha256, coverage)| {
                    (
                        name.to_string(),
                        ArtifactEntry {
                            kind: if locale.is_some() {
                                ArtifactKind::Bundle
                            } else {
                                ArtifactKind::Installer
                            },
                            package: name.split('-').next().unwrap_or(name).to_string(),
                            locale: locale.map(str::to_string),
                            version: version.to_string(),
                            size: 1,
                            sha256: sha256.to_string(),
                            signature: format!("{name}.minisig"),
                            manifest: format!("{name}.manifest.yaml"),
                            key_id: "0".repeat(16),
                            coverage,
                            direction: None,
                        },
                    )
                })
                .collect(),
        }
    }

    #[test]
    fn added_removed_changed_versions_and_coverage() {
        let old = index(
            "1",
            &[
                ("ledger-1.0.zip", "1.0", None, "a", None),
                ("spark-de.zip", "3", Some("de"), "b", Some(50.0)),
                ("spark-it.zip", "3", Some("it"), "c", Some(10.0)),
            ],
        );
        let new = index(
            "2",
            &[
                ("ledger-1.1.zip", "1.1", None, "d", None),
                ("spark-de.zip", "3", Some("de"), "e", Some(60.0)),
                ("spark-it.zip", "3", Some("it"), "c", Some(10.0)),
            ],
        );
        let d = diff(&old, &new);
        assert_eq!((d.old_release.as_str(), d.new_release.as_str()), ("1", "2"));
        assert_eq!(d.added, ["ledger-1.1.zip"]);
        assert_eq!(d.removed, ["ledger-1.0.zip"]);
        let changed: Vec<&str> = d.changed.iter().map(|c| c.artifact.as_str()).collect();
        assert_eq!(changed, ["spark-de.zip"]);
        assert_eq!(
            d.versions["ledger"],
            Change {
                old: Some("1.0".to_string()),
                new: Some("1.1".to_string())
            }
        );
        assert_eq!(d.coverage.keys().collect::<Vec<_>>(), ["de"]);
        assert_eq!(
            d.coverage["de"],
            Change {
                old: Some(50.0),
                new: Some(60.0)
            }
        );
        assert!(!d.is_empty());
        assert!(diff(&new, &new).is_empty());
    }

    #[test]
    fn names_compare_two_maps() {
        let map = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let names = Names::of(
            &map(&[("a", "1"), ("b", "2")]),
            &map(&[("b", "3"), ("c", "4")]),
        );
        assert_eq!(names.added, ["c"]);
        assert_eq!(names.removed, ["a"]);
        assert_eq!(names.changed, ["b"]);
        assert!(Names::of(&map(&[("a", "1")]), &map(&[("a", "1")])).is_empty());
    }

    #[test]
    fn a_bundle_with_more_fluent_text_than_allowed_is_not_read() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("b-1-de/locales/de/a.ftl", options)
            .expect("entry");
        std::io::Write::write_all(&mut zip, b"hello = Hallo\n-brand = Spark\n").expect("write");
        zip.start_file("b-1-de/README.txt", options).expect("entry");
        let bytes = zip.finish().expect("zip").into_inner();
        std::fs::write(dir.path().join("b-1-de.zip"), bytes).expect("write");

        let messages = bundle_messages_within(dir.path(), "b-1-de.zip", "de", 1000).expect("read");
        assert_eq!(messages.keys().collect::<Vec<_>>(), ["-brand", "hello"]);
        assert!(bundle_messages_within(dir.path(), "b-1-de.zip", "de", 10).is_none());
    }
}
