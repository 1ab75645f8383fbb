//! `alliance manifest diff` and `show`: what a release holds, and what changed between two.
//!
//! [`diff`] compares two release indexes (read, and their signatures checked, by
//! [`crate::verify::load_index`]): artifacts added, removed and changed (by SHA-256), the version of each
//! package before and after, and each locale's own translation coverage before and after.
//! [`detail`] then says what changed inside each changed artifact: its entries (from the two
//! manifests) and, for a bundle, the messages its locale translates (a translator's
//! changelog: a message counts as translated where its text differs from the reference
//! bundle's).
//!
//! The folders compared are not trusted (an index may be unsigned): an artifact is opened
//! only by a plain file name, and a bundle is read only through the hostile-input reader
//! ([`crate::archive::read_checked_from`]), whole, against its manifest. A bundle that
//! reader refuses, or that is not what its manifest says, refuses the diff
//! ([`Error::ArchiveRefused`]): nothing of it is shown.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;

use crate::archive::{self, Limits, SharedReader};
use crate::diagnostic::{Error, Problem, Result};
use crate::manifest::{ArtifactManifest, RELEASE_FILE, ReleaseIndex};
use crate::verify::ArtifactFiles;

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
/// `new`). A manifest or bundle that is not there is left out; a bundle that is there is
/// read whole through the hostile-input reader, and refuses the diff if it is not what its
/// manifest says ([`Error::ArchiveRefused`]), as does an artifact name that is not a plain
/// file name.
pub fn detail(
    diff: &mut Diff,
    (old_dir, old): (&Path, &ReleaseIndex),
    (new_dir, new): (&Path, &ReleaseIndex),
) -> Result<()> {
    let mut bundles = Bundles::default();
    for changed in &mut diff.changed {
        let name = changed.artifact.as_str();
        let (Some(a), Some(b)) = (old.artifacts.get(name), new.artifacts.get(name)) else {
            continue;
        };
        let (old_files, new_files) = (files_of(old_dir, name)?, files_of(new_dir, name)?);
        let entries = |dir: &Path, files: &ArtifactFiles| -> Option<BTreeMap<String, String>> {
            let manifest = read_manifest(&dir.join(&files.manifest))?;
            Some(
                manifest
                    .files
                    .into_iter()
                    .map(|f| (f.path, f.sha256))
                    .collect(),
            )
        };
        if let (Some(before), Some(after)) =
            (entries(old_dir, &old_files), entries(new_dir, &new_files))
        {
            changed.entries = Some(Names::of(&before, &after));
        }
        let Some(locale) = &b.locale else { continue };
        let before = bundles.translated(old_dir, old, name, &a.package, locale)?;
        let after = bundles.translated(new_dir, new, name, &b.package, locale)?;
        if let (Some(before), Some(after)) = (before, after) {
            let names = Names::of(&before, &after);
            if !names.is_empty() {
                changed.messages.insert(locale.clone(), names);
            }
        }
    }
    Ok(())
}

/// The files of artifact `name` in the release folder `dir`; refused when `name` (from an
/// index that may be unsigned) is not a plain artifact file name.
fn files_of(dir: &Path, name: &str) -> Result<ArtifactFiles> {
    ArtifactFiles::of(name).ok_or_else(|| {
        Error::Invalid(vec![
            Problem::new(
                dir.join(RELEASE_FILE),
                format!("`{name}` is not the file name of an artifact"),
            )
            .with_help("an artifact is a plain `*.zip` file name in the release folder"),
        ])
    })
}

/// The most Fluent text [`detail`] reads from one bundle, uncompressed.
const MAX_FLUENT_TEXT: u64 = 64 << 20;

fn read_manifest(path: &Path) -> Option<ArtifactManifest> {
    let data = crate::untrusted::read_capped(path, crate::manifest::MAX_MANIFEST_BYTES).ok()?;
    let text = std::str::from_utf8(&data).ok()?;
    crate::manifest::read(path, text).ok()
}

/// The messages of the bundles read so far, by file: a reference bundle is read once.
#[derive(Default)]
struct Bundles(HashMap<PathBuf, Option<BTreeMap<String, String>>>);

impl Bundles {
    /// The messages bundle `name` of `package` in `dir` (whose index is `index`) translates
    /// for `locale`: those whose text differs from the reference locale's bundle of the
    /// same package (all of them in the reference's own bundle); `None` when a bundle or
    /// its manifest is not there.
    fn translated(
        &mut self,
        dir: &Path,
        index: &ReleaseIndex,
        name: &str,
        package: &str,
        locale: &str,
    ) -> Result<Option<BTreeMap<String, String>>> {
        let Some(own) = self.messages(dir, name, locale)? else {
            return Ok(None);
        };
        if locale == index.reference_locale {
            return Ok(Some(own));
        }
        // The reference's bundle of the same package: what the locale shows untranslated.
        let reference = index.artifacts.iter().find(|(_, e)| {
            e.package == package && e.locale.as_deref() == Some(&index.reference_locale)
        });
        let reference = match reference {
            Some((reference_name, _)) => {
                match self.messages(dir, reference_name, &index.reference_locale)? {
                    Some(messages) => messages,
                    None => return Ok(None),
                }
            }
            None => BTreeMap::new(),
        };
        Ok(Some(
            own.into_iter()
                .filter(|(id, text)| reference.get(id) != Some(text))
                .collect(),
        ))
    }

    /// [`bundle_messages`], read once per file.
    fn messages(
        &mut self,
        dir: &Path,
        name: &str,
        locale: &str,
    ) -> Result<Option<BTreeMap<String, String>>> {
        let files = files_of(dir, name)?;
        let path = dir.join(name);
        if let Some(messages) = self.0.get(&path) {
            return Ok(messages.clone());
        }
        let messages = bundle_messages(dir, name, &files.manifest, locale, MAX_FLUENT_TEXT)?;
        self.0.insert(path, messages.clone());
        Ok(messages)
    }
}

/// The messages and terms of the Fluent files for `locale` of bundle `name` in `dir`: id ->
/// its entry, serialized (so that a change of text, attribute or variant shows); `None`
/// when the bundle or its manifest `manifest` is not there. The bundle is read whole
/// through the hostile-input reader against its manifest; it is refused when that reader
/// refuses it or it is not what the manifest says, and when its Fluent files declare more
/// than `cap` bytes (a bundle's translations are a few hundred kilobytes).
fn bundle_messages(
    dir: &Path,
    name: &str,
    manifest: &str,
    locale: &str,
    cap: u64,
) -> Result<Option<BTreeMap<String, String>>> {
    let path = dir.join(name);
    let refuse = |why: String| Error::ArchiveRefused {
        path: path.clone(),
        why,
    };
    let Some(manifest) = read_manifest(&dir.join(manifest)) else {
        return Ok(None);
    };
    let file = match crate::untrusted::open_regular(&path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(Error::io("read", &path, e)),
    };
    let expected = crate::verify::expected_entries(&manifest);
    let folder = format!("/locales/{locale}/");
    let wanted: BTreeSet<&str> = expected
        .keys()
        .filter(|n| n.contains(&folder) && n.ends_with(".ftl"))
        .copied()
        .collect();
    // Every entry is read no further than its declared size: the declarations bound what
    // is kept.
    let declared: u64 = wanted
        .iter()
        .map(|n| expected.get(*n).map_or(0, |e| e.0))
        .fold(0, u64::saturating_add);
    if declared > cap {
        return Err(refuse(format!(
            "its manifest declares {declared} bytes of Fluent text for `{locale}`, more than the {cap} a diff reads"
        )));
    }
    let reader = SharedReader::from_file(file).map_err(|e| Error::io("read", &path, e))?;
    let texts = Mutex::new(BTreeMap::<String, Vec<u8>>::new());
    let open = |entry: &str, _mode: u32| -> Result<Option<Collect<'_>>> {
        Ok(wanted.contains(entry).then(|| Collect {
            name: entry.to_string(),
            into: &texts,
        }))
    };
    let (mismatch, _) = archive::read_checked_from(&reader, &expected, Limits::default(), open)
        .map_err(|e| refuse(e.to_string()))?;
    if !mismatch.is_empty() {
        return Err(refuse(mismatch.describe()));
    }
    let texts = texts.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut messages = BTreeMap::new();
    for text in texts.values() {
        let text = String::from_utf8_lossy(text);
        let resource = fluent_syntax::parser::parse_runtime(&*text).unwrap_or_else(|(r, _)| r);
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
    Ok(Some(messages))
}

/// Keeps the bytes of one archive entry, as the reader hands them over.
struct Collect<'a> {
    name: String,
    into: &'a Mutex<BTreeMap<String, Vec<u8>>>,
}

impl std::io::Write for Collect<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let mut texts = self
            .into
            .lock()
            .map_err(|_| std::io::Error::other("a reader failed"))?;
        texts
            .entry(self.name.clone())
            .or_default()
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{ArtifactEntry, ArtifactKind, FileRecord, Signer};

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
            channel: None,
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

    /// Writes bundle `b-1-de.zip` of `entries` (name, contents) into `dir`, with its
    /// manifest `b-1-de.manifest.yaml`; `declared` changes what the manifest says of them.
    fn bundle(dir: &Path, entries: &[(&str, &[u8])], declared: impl Fn(&mut FileRecord)) {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().unix_permissions(0o644);
        for (name, data) in entries {
            zip.start_file(*name, options).expect("entry");
            std::io::Write::write_all(&mut zip, data).expect("write");
        }
        let bytes = zip.finish().expect("zip").into_inner();
        std::fs::write(dir.join("b-1-de.zip"), &bytes).expect("write");
        let manifest = ArtifactManifest {
            schema: crate::manifest::ARTIFACT_SCHEMA.to_string(),
            name: "b-1-de.zip".to_string(),
            kind: ArtifactKind::Bundle,
            package: "b".to_string(),
            locale: Some("de".to_string()),
            version: "1".to_string(),
            release: "1".to_string(),
            size: bytes.len() as u64,
            sha256: crate::archive::sha256_hex(&bytes),
            signature: "b-1-de.zip.minisig".to_string(),
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: false,
            },
            bundle: None,
            files: entries
                .iter()
                .map(|(name, data)| {
                    let mut record = FileRecord {
                        path: (*name).to_string(),
                        size: data.len() as u64,
                        sha256: crate::archive::sha256_hex(data),
                        mode: 0o644,
                    };
                    declared(&mut record);
                    record
                })
                .collect(),
            config: Vec::new(),
        };
        let text = serde_saphyr::to_string(&manifest).expect("yaml");
        std::fs::write(dir.join("b-1-de.manifest.yaml"), text).expect("write");
    }

    /// The bundle read by [`bundle_messages`] with at most `cap` bytes of Fluent text.
    fn read(dir: &Path, cap: u64) -> Result<Option<BTreeMap<String, String>>> {
        bundle_messages(dir, "b-1-de.zip", "b-1-de.manifest.yaml", "de", cap)
    }

    #[test]
    fn a_bundle_is_read_against_its_manifest_within_a_cap_of_fluent_text() {
        let dir = tempfile::tempdir().expect("temp dir");
        let entries: &[(&str, &[u8])] = &[
            (
                "b-1-de/locales/de/a.ftl",
                b"hello = Hallo\n-brand = Spark\n",
            ),
            ("b-1-de/README.txt", b"read me"),
        ];
        bundle(dir.path(), entries, |_| {});
        let messages = read(dir.path(), 1000).expect("read").expect("there");
        assert_eq!(messages.keys().collect::<Vec<_>>(), ["-brand", "hello"]);
        // More Fluent text than a diff reads.
        let refused = read(dir.path(), 10).expect_err("refused");
        assert!(
            refused
                .to_string()
                .contains("more than the 10 a diff reads"),
            "{refused}"
        );
        // An entry that is not what its manifest says refuses the whole bundle, whichever.
        bundle(dir.path(), entries, |r| {
            if r.path.ends_with("README.txt") {
                r.sha256 = "0".repeat(64);
            }
        });
        let refused = read(dir.path(), 1000).expect_err("refused");
        assert!(
            matches!(&refused, Error::ArchiveRefused { path, why }
                if path.ends_with("b-1-de.zip") && why.contains("changed: `b-1-de/README.txt`")),
            "{refused}"
        );
        assert_eq!(refused.exit_code(), 1);
        // No bundle there: left out.
        std::fs::remove_file(dir.path().join("b-1-de.zip")).expect("remove");
        assert!(read(dir.path(), 1000).expect("read").is_none());
    }
}
