//! The on-disk schemas of a release: serde types, every field documented, and their one
//! reader.
//!
//! Each artifact gets an [`ArtifactManifest`] (`<artifact stem>.manifest.yaml`), the
//! release an index of them, [`ReleaseIndex`] (`release.yaml`), and a shard of a release
//! split over machines a [`ShardManifest`] (`shard.yaml`). Each carries a `schema` field;
//! [`read`] refuses a schema the document's type does not accept ([`Schema`]). Maps are
//! ordered, so the files are reproducible. The README documents the format for people who
//! read it without this tool.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Problem;

/// The `schema` of an artifact manifest. Version 2 renamed a bundle's `coverage` (per
/// locale of the chain) to `taken_from` and added `rejected`.
pub const ARTIFACT_SCHEMA: &str = "alliance.artifact/2";
/// The earlier `schema` of an artifact manifest, still read (its `coverage` is read as
/// `taken_from`).
pub const ARTIFACT_SCHEMA_1: &str = "alliance.artifact/1";
/// The `schema` of `release.yaml`. Version 2 added `sequence` and `expires`, version 3
/// `channel`.
pub const RELEASE_SCHEMA: &str = "alliance.release/3";
/// The `schema` of `release.yaml` before it named its channel, still read.
pub const RELEASE_SCHEMA_2: &str = "alliance.release/2";
/// The earliest `schema` of `release.yaml`, still read: it has no `sequence` (read as 0)
/// and never expires.
pub const RELEASE_SCHEMA_1: &str = "alliance.release/1";
/// The `schema` of `channel.yaml`.
pub const CHANNEL_SCHEMA: &str = "alliance.channel/1";
/// The file name of a channel, at the root of the output folder (and of a mirror), beside
/// the release folders it lists.
pub const CHANNEL_FILE: &str = "channel.yaml";
/// Where a release's index finds its channel, relative to the release folder.
pub const CHANNEL_FROM_RELEASE: &str = "../channel.yaml";
/// The `release` a channel's signature names in its trusted comment.
pub const CHANNEL_RELEASE: &str = "channel";
/// The `schema` of `shard.yaml`.
pub const SHARD_SCHEMA: &str = "alliance.shard/1";
/// The file a shard writes beside its artifacts.
pub const SHARD_FILE: &str = "shard.yaml";
/// The file name of the release index.
pub const RELEASE_FILE: &str = "release.yaml";
/// The file name of the checksum list.
pub const CHECKSUMS_FILE: &str = "SHA256SUMS";
/// The folder of a bundle's translations, inside the artifact and in the prefix it installs
/// into (`locales/<locale>/…`).
pub const LOCALES_DIR: &str = "locales";
/// The folder of an artifact holding a package's payload (`<stem>/files/X` installs as
/// `X`), as in the package (`packages/<id>/files/`).
pub const FILES_DIR: &str = "files";
/// The file name of the signing key's public half in a release.
pub const PUBLIC_KEY_FILE: &str = "minisign.pub";

pub use crate::archive::MAX_ENTRIES;

/// The largest manifest read: 100,000 entries with long paths fit well within it.
pub const MAX_MANIFEST_BYTES: u64 = 128 << 20;

/// Writing direction of a locale.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Left to right (`ltr`), as English.
    Ltr,
    /// Right to left (`rtl`), as Arabic and Hebrew.
    Rtl,
}

/// Parses a manifest or release index (the text of `path`), with a YAML budget large enough
/// for an artifact of [`MAX_ENTRIES`] entries (each a mapping of four keys and values).
pub fn parse<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, Problem> {
    const NODES_PER_ENTRY: usize = 12;
    let source = std::sync::Arc::from(text);
    crate::yaml::parse_large(
        path,
        &source,
        MAX_ENTRIES * NODES_PER_ENTRY + 100_000,
        usize::try_from(MAX_MANIFEST_BYTES).unwrap_or(usize::MAX),
    )
}

/// A document of one of the schemas above: the `schema` values [`read`] accepts for it.
pub trait Schema: serde::de::DeserializeOwned {
    /// The `schema` values read, the one written first.
    const ACCEPTED: &'static [&'static str];

    /// Its `schema` field.
    fn schema(&self) -> &str;

    /// What is said of the document at `path`, of schema `found`, which is not accepted.
    fn unknown_schema(path: &Path, found: &str) -> Problem {
        Problem::new(
            path,
            format!(
                "schema `{found}`; this alliance reads `{}`",
                Self::ACCEPTED.join("` and `")
            ),
        )
    }
}

/// Why [`read`] refused a document.
#[derive(Debug)]
pub enum Refused {
    /// It is not YAML of the document's shape: where, and why.
    Malformed(Problem),
    /// Its `schema` is none the document's type accepts ([`Schema::unknown_schema`]).
    Schema(Problem),
}

impl From<Refused> for Problem {
    fn from(refused: Refused) -> Problem {
        match refused {
            Refused::Malformed(problem) | Refused::Schema(problem) => problem,
        }
    }
}

/// Reads the document of type `T` whose text is `text` (the contents of `path`): parsed
/// ([`parse`]), then its `schema` checked against [`Schema::ACCEPTED`]. Every on-disk
/// document of a release is read here.
pub fn read<T: Schema>(path: &Path, text: &str) -> Result<T, Refused> {
    let document: T = parse(path, text).map_err(Refused::Malformed)?;
    if T::ACCEPTED.contains(&document.schema()) {
        Ok(document)
    } else {
        Err(Refused::Schema(T::unknown_schema(path, document.schema())))
    }
}

impl Schema for ArtifactManifest {
    // Version 1 is read with its bundle's `coverage` as `taken_from` (`BundleInfo`).
    const ACCEPTED: &'static [&'static str] = &[ARTIFACT_SCHEMA, ARTIFACT_SCHEMA_1];

    fn schema(&self) -> &str {
        &self.schema
    }

    fn unknown_schema(path: &Path, found: &str) -> Problem {
        Problem::new(
            path,
            format!(
                "`{}` has schema `{found}`, not `{ARTIFACT_SCHEMA}`",
                path.display()
            ),
        )
    }
}

impl Schema for ReleaseIndex {
    const ACCEPTED: &'static [&'static str] = &[RELEASE_SCHEMA, RELEASE_SCHEMA_2, RELEASE_SCHEMA_1];

    fn schema(&self) -> &str {
        &self.schema
    }
}

impl Schema for Channel {
    const ACCEPTED: &'static [&'static str] = &[CHANNEL_SCHEMA];

    fn schema(&self) -> &str {
        &self.schema
    }
}

impl Schema for ShardManifest {
    const ACCEPTED: &'static [&'static str] = &[SHARD_SCHEMA];

    fn schema(&self) -> &str {
        &self.schema
    }
}

/// What an artifact is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ArtifactKind {
    /// A vendor package's installer.
    Installer,
    /// The messenger localized for one locale.
    Bundle,
    /// A vendor package as a Debian package (`.deb`), for dpkg and apt to install.
    Deb,
}

/// An artifact's file name without its extension (`.zip`, `.deb`): what its manifest and
/// (for a zip) its top folder are named after.
pub fn stem(artifact: &str) -> &str {
    artifact
        .strip_suffix(".zip")
        .or_else(|| artifact.strip_suffix(".deb"))
        .unwrap_or(artifact)
}

/// The key that signed a release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    /// minisign key id, 16 uppercase hex digits, as `minisign -V` prints it.
    pub key_id: String,
    /// `true` for a throw-away development key: not to be trusted for distribution.
    pub development: bool,
}

/// One file inside an artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileRecord {
    /// `/`-separated path inside the zip.
    pub path: String,
    /// Size in bytes, uncompressed.
    pub size: u64,
    /// SHA-256 of the uncompressed contents, lowercase hex.
    pub sha256: String,
    /// Unix permissions, written in octal (`"0644"`); a number in memory (a manifest of
    /// 100,000 files holds no string per mode).
    #[serde(with = "octal")]
    pub mode: u32,
}

/// Permission bits as manifests and receipts write them: an octal string of four digits
/// (`"0644"`).
pub(crate) mod octal {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(mode: &u32, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&format_args!("{mode:04o}"))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
        let text = std::borrow::Cow::<str>::deserialize(deserializer)?;
        match u32::from_str_radix(&text, 8) {
            Ok(mode) if mode <= 0o7777 && !text.starts_with('+') => Ok(mode),
            _ => Err(serde::de::Error::custom(format_args!(
                "`{text}` is not permissions in octal, like \"0644\""
            ))),
        }
    }
}

impl From<&crate::archive::EntryRecord> for FileRecord {
    fn from(entry: &crate::archive::EntryRecord) -> FileRecord {
        FileRecord::from(entry.clone())
    }
}

impl From<crate::archive::EntryRecord> for FileRecord {
    fn from(entry: crate::archive::EntryRecord) -> FileRecord {
        FileRecord {
            path: entry.name,
            size: entry.size,
            sha256: crate::archive::hex(&entry.sha256),
            mode: entry.mode,
        }
    }
}

/// `<artifact stem>.manifest.yaml`: everything about one artifact.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactManifest {
    /// Always [`ARTIFACT_SCHEMA`].
    pub schema: String,
    /// The artifact's file name.
    pub name: String,
    /// Installer or bundle.
    pub kind: ArtifactKind,
    /// The package id it was built from.
    pub package: String,
    /// The locale of a bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The package version.
    pub version: String,
    /// The release it belongs to.
    pub release: String,
    /// Size of the artifact in bytes.
    pub size: u64,
    /// SHA-256 of the artifact, lowercase hex.
    pub sha256: String,
    /// The file name of its minisign signature.
    pub signature: String,
    /// The key that signed it.
    pub signed_by: Signer,
    /// For a bundle: where its messages came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bundle: Option<BundleInfo>,
    /// Every file inside, sorted by path.
    pub files: Vec<FileRecord>,
    /// The configuration files of an installer's payload, as they install (relative to the
    /// prefix), sorted: an upgrade keeps the user's changed copy of one, the new version
    /// beside it; any other file the user changed is replaced, their copy saved beside it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub config: Vec<String>,
}

impl ArtifactManifest {
    /// Where the entry `name` of the artifact installs, relative to the prefix, if it is
    /// payload: `<stem>/files/X` installs as `X`, and a bundle's translations,
    /// `<stem>/locales/<locale>/Y`, as `locales/<locale>/Y`. The READMEs, licence and
    /// install scripts beside them are not payload. `alliance install` and the artifact's
    /// install scripts install exactly these entries.
    pub fn payload_path<'n>(&self, name: &'n str) -> Option<&'n str> {
        let stem = self.name.strip_suffix(".zip").unwrap_or(&self.name);
        let inside = name.strip_prefix(stem)?.strip_prefix('/')?;
        if let Some(rel) = inside
            .strip_prefix(FILES_DIR)
            .and_then(|r| r.strip_prefix('/'))
        {
            return (!rel.is_empty()).then_some(rel);
        }
        let locale = self.locale.as_deref()?;
        let translation = inside
            .strip_prefix(LOCALES_DIR)?
            .strip_prefix('/')?
            .strip_prefix(locale)?
            .strip_prefix('/')?;
        (self.kind == ArtifactKind::Bundle && !translation.is_empty()).then_some(inside)
    }

    /// The payload entries ([`ArtifactManifest::payload_path`]): each file record with the
    /// path it installs to, in the manifest's order.
    pub fn payload(&self) -> Vec<(&FileRecord, &str)> {
        self.files
            .iter()
            .filter_map(|f| self.payload_path(&f.path).map(|rel| (f, rel)))
            .collect()
    }
}

impl ArtifactManifest {
    /// This manifest with `entries` (the archive's, as written) as its files, to be
    /// serialized: each file's record is made as it is serialized, never all at once
    /// (`self.files` is not used). The YAML is what serializing the manifest with those
    /// records in `files` gives.
    pub fn with_entries<'a>(
        &'a self,
        entries: &'a [crate::archive::EntryRecord],
    ) -> impl Serialize + 'a {
        WithEntries {
            manifest: self,
            entries,
            part: Part::Whole,
        }
    }

    /// Writes `self` with `entries` as its files (see [`with_entries`](Self::with_entries))
    /// as YAML into `out`: the same bytes as serializing `with_entries`, which a test holds
    /// them to. A long list of files (a line per field, four per entry) is made in pieces
    /// on all cores, a few pieces at a time, and written in order.
    pub fn write_with_entries(
        &self,
        entries: &[crate::archive::EntryRecord],
        mut out: &mut dyn std::io::Write,
    ) -> Result<(), serde_saphyr::ser::Error> {
        use rayon::prelude::*;
        let io = |error| serde_saphyr::ser::Error::IO { error };
        if entries.len() <= PIECE {
            return serde_saphyr::to_io_writer(&mut out, &self.with_entries(entries));
        }
        let part = |part| WithEntries {
            manifest: self,
            entries,
            part,
        };
        serde_saphyr::to_io_writer(&mut out, &part(Part::Head))?;
        // A list of maps under a key is written as it is at the top: `- path: …`, flush
        // left, each further field indented by two.
        out.write_all(b"files:\n").map_err(io)?;
        let pieces: Vec<&[crate::archive::EntryRecord]> = entries.chunks(PIECE).collect();
        for run in pieces.chunks(rayon::current_num_threads().max(1) * 2) {
            let texts = run
                .par_iter()
                .map(|piece| serde_saphyr::to_string(&EntryFiles(piece)))
                .collect::<Result<Vec<_>, _>>()?;
            for text in texts {
                out.write_all(text.as_bytes()).map_err(io)?;
            }
        }
        if self.config.is_empty() {
            Ok(())
        } else {
            serde_saphyr::to_io_writer(&mut out, &part(Part::Tail))
        }
    }
}

/// How many entries of a manifest's list of files [`ArtifactManifest::write_with_entries`]
/// makes in one piece.
const PIECE: usize = 4096;

/// Which fields of a manifest [`WithEntries`] writes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    /// Every field.
    Whole,
    /// The fields before `files`.
    Head,
    /// The fields after `files`.
    Tail,
}

/// See [`ArtifactManifest::with_entries`]: the fields in the order, and with the omissions,
/// of the derived serialization of [`ArtifactManifest`].
struct WithEntries<'a> {
    manifest: &'a ArtifactManifest,
    entries: &'a [crate::archive::EntryRecord],
    part: Part,
}

impl Serialize for WithEntries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let m = self.manifest;
        let mut out = serializer.serialize_struct("ArtifactManifest", 14)?;
        if self.part == Part::Tail {
            out.serialize_field("config", &m.config)?;
            return out.end();
        }
        out.serialize_field("schema", &m.schema)?;
        out.serialize_field("name", &m.name)?;
        out.serialize_field("kind", &m.kind)?;
        out.serialize_field("package", &m.package)?;
        match &m.locale {
            Some(locale) => out.serialize_field("locale", locale)?,
            None => out.skip_field("locale")?,
        }
        out.serialize_field("version", &m.version)?;
        out.serialize_field("release", &m.release)?;
        out.serialize_field("size", &m.size)?;
        out.serialize_field("sha256", &m.sha256)?;
        out.serialize_field("signature", &m.signature)?;
        out.serialize_field("signed_by", &m.signed_by)?;
        match &m.bundle {
            Some(bundle) => out.serialize_field("bundle", bundle)?,
            None => out.skip_field("bundle")?,
        }
        if self.part == Part::Head {
            return out.end();
        }
        out.serialize_field("files", &EntryFiles(self.entries))?;
        if m.config.is_empty() {
            out.skip_field("config")?;
        } else {
            out.serialize_field("config", &m.config)?;
        }
        out.end()
    }
}

/// Entries serialized as the [`FileRecord`]s of a manifest, each made as it is written.
struct EntryFiles<'a>(&'a [crate::archive::EntryRecord]);

impl Serialize for EntryFiles<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(FileRecord::from))
    }
}

/// One artifact in `release.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArtifactEntry {
    /// Installer or bundle.
    pub kind: ArtifactKind,
    /// The package id.
    pub package: String,
    /// The locale of a bundle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// The package version.
    pub version: String,
    /// Size in bytes.
    pub size: u64,
    /// SHA-256, lowercase hex.
    pub sha256: String,
    /// The file name of its signature.
    pub signature: String,
    /// The file name of its manifest.
    pub manifest: String,
    /// minisign key id of the key that signed it.
    pub key_id: String,
    /// For a bundle: percent of the messages and terms its locale translates itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coverage: Option<f64>,
    /// For a bundle: the writing direction of its locale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<Direction>,
}

impl ArtifactEntry {
    /// The index entry of the artifact `manifest` describes, whose manifest file is
    /// `manifest_file`: everything in it comes from the (signed) manifest.
    pub fn of(manifest: &ArtifactManifest, manifest_file: &str) -> ArtifactEntry {
        ArtifactEntry {
            kind: manifest.kind,
            package: manifest.package.clone(),
            locale: manifest.locale.clone(),
            version: manifest.version.clone(),
            size: manifest.size,
            sha256: manifest.sha256.clone(),
            signature: manifest.signature.clone(),
            manifest: manifest_file.to_string(),
            key_id: manifest.signed_by.key_id.clone(),
            coverage: manifest.bundle.as_ref().map(|b| b.translated),
            direction: manifest.bundle.as_ref().map(|b| b.direction),
        }
    }
}

/// A bundle's locale: its fallback chain and what each link contributed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BundleInfo {
    /// The fallback chain, the locale first, the reference last.
    pub chain: Vec<String>,
    /// Messages and terms taken from each locale of the chain (text a locale keeps
    /// identical to the reference counts for that locale here, not in `translated`).
    #[serde(alias = "coverage")]
    pub taken_from: BTreeMap<String, usize>,
    /// Percent of the reference's messages and terms the locale translates: the completion
    /// `alliance l10n status` shows, computed by the same function.
    pub translated: f64,
    /// Messages of a locale of the chain that `alliance l10n check` rejects (an error
    /// finding): each was taken from the next locale of the chain instead.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rejected: Vec<RejectedMessage>,
    /// Messages of the locale whose reference text changed since they were translated
    /// (`stale` of `alliance l10n check`): shipped as translated unless `l10n.stale:
    /// fallback` (then they are in `rejected` too, with code `stale`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stale: Vec<String>,
    /// `ltr` or `rtl`.
    pub direction: Direction,
}

/// A message a bundle did not take from a locale because `alliance l10n check` finds an
/// error in it there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RejectedMessage {
    /// The message or term id (`-brand-name` for a term).
    pub id: String,
    /// The locale whose translation was rejected.
    pub locale: String,
    /// The code of the error finding (`unknown-variable`).
    pub code: String,
    /// For a whole file of the locale that gave the bundle nothing (no entry of it parses,
    /// or every one is rejected): `id` is the file, relative to the locale's folder
    /// (`messenger.ftl`), `code` the first error `l10n check` finds in it, and this the
    /// number of the reference's messages and terms of that file the bundle took from the
    /// next locale of its chain instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub messages: Option<usize>,
}

/// `release.yaml`: the index of a release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReleaseIndex {
    /// Always [`RELEASE_SCHEMA`].
    pub schema: String,
    /// The release name.
    pub release: String,
    /// The reference locale of the translations.
    pub reference_locale: String,
    /// Seconds since the Unix epoch stamped on every archive entry.
    pub source_date_epoch: i64,
    /// Goes up with every release of the workspace: a client that has seen an index of
    /// sequence N refuses one below N (a mirror cannot roll it back). 0 in schema 1.
    #[serde(default)]
    pub sequence: u64,
    /// When the index stops being trusted (RFC 3339, UTC: `2027-01-31T23:59:59Z`): a
    /// client refuses it after that (a mirror cannot freeze it in time). None: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The key that signed every artifact.
    pub signed_by: Signer,
    /// The file holding the signing key's public half.
    pub public_key: String,
    /// The checksum file (coreutils format).
    pub checksums: String,
    /// The channel that lists this release and the later ones, relative to the release
    /// folder ([`CHANNEL_FROM_RELEASE`]): where a client installed from this release asks
    /// for newer ones. None before schema 3, and for the pseudo-locales' folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Every artifact by file name.
    pub artifacts: BTreeMap<String, ArtifactEntry>,
}

/// `channel.yaml`: the releases of an output folder (a mirror's root), signed like an
/// index, so that a client finds the newest release from one stable address. It is the
/// model of TUF's timestamp and snapshot roles: it expires, its sequence never goes down,
/// and it binds each release's index by size and SHA-256.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Channel {
    /// Always [`CHANNEL_SCHEMA`].
    pub schema: String,
    /// The highest sequence of the releases it lists: a client that has seen an index or a
    /// channel of sequence N refuses a channel below N.
    pub sequence: u64,
    /// When the channel stops being trusted (RFC 3339, UTC), as the newest release's index.
    /// None: never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    /// The releases, by sequence, lowest first.
    pub releases: Vec<ChannelRelease>,
}

/// One release of a [`Channel`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChannelRelease {
    /// The release name, as its index says.
    pub release: String,
    /// Its folder, beside the channel: one path segment.
    pub folder: String,
    /// Its index's sequence.
    pub sequence: u64,
    /// The size of its `release.yaml` in bytes.
    pub size: u64,
    /// The SHA-256 of its `release.yaml`, lowercase hex.
    pub sha256: String,
}

/// `shard.yaml`: a shard's share of a release and what it was planned from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShardManifest {
    /// Always [`SHARD_SCHEMA`].
    pub schema: String,
    /// The name of the release the shard is a share of.
    pub release: String,
    /// This shard (1-based) and how many there are.
    pub shard: usize,
    /// How many shards the release is split into.
    pub of: usize,
    /// SHA-256 over every input of the release (configuration, locales, packages,
    /// templates, time stamp): shards of one release have the same.
    pub inputs: String,
    /// Every artifact of the whole plan, sorted.
    pub plan: Vec<String>,
    /// The reference locale of the translations.
    pub reference_locale: String,
    /// Seconds since the Unix epoch stamped on every archive entry.
    pub source_date_epoch: i64,
    /// The key that signed this shard's artifacts.
    pub signed_by: Signer,
    /// This shard's artifacts.
    pub artifacts: BTreeMap<String, ArtifactEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest a build writes, its files made as they are serialized (a long list in
    /// pieces on all cores), is the YAML of the manifest with those files: every field, the
    /// optional ones set and not, names that YAML must quote, a short list and a list of
    /// several pieces.
    #[test]
    fn a_manifest_written_from_its_entries_is_the_manifest_serialized() {
        let names = [
            "a/files/x.txt",
            "a/files/ü y",
            "true",
            "0123",
            "~",
            "- dash",
            "#hash",
            "a/files/key: value",
            "a/files/'quote\"",
            " lead and trail ",
            "tab\there",
            "[x]",
        ];
        for count in [2, 3 * PIECE + 5] {
            let entries: Vec<crate::archive::EntryRecord> = (0..count)
                .map(|i| crate::archive::EntryRecord {
                    name: if i < names.len() {
                        names[i].to_string()
                    } else {
                        format!("{}{i}", names[i % names.len()])
                    },
                    mode: 0o644 | ((i % 2) as u32 * 0o111),
                    size: i as u64 * 7,
                    sha256: [i as u8; 32],
                })
                .collect();
            manifest_written_as_serialized(&entries);
        }
    }

    fn manifest_written_as_serialized(entries: &[crate::archive::EntryRecord]) {
        let mut manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.into(),
            name: "a-1.0.zip".into(),
            kind: ArtifactKind::Bundle,
            package: "a".into(),
            locale: Some("de".into()),
            version: "1.0".into(),
            release: "r".into(),
            size: 9,
            sha256: "0".repeat(64),
            signature: "a-1.0.zip.minisig".into(),
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: true,
            },
            bundle: Some(BundleInfo {
                chain: vec!["de".into(), "en-US".into()],
                taken_from: BTreeMap::from([("de".into(), 3)]),
                translated: 50.0,
                rejected: vec![RejectedMessage {
                    id: "m".into(),
                    locale: "de".into(),
                    code: "unknown-variable".into(),
                    messages: Some(2),
                }],
                stale: vec!["n".into()],
                direction: Direction::Ltr,
            }),
            files: Vec::new(),
            config: vec!["etc/a.conf".into()],
        };
        for optional in [true, false] {
            if !optional {
                manifest.locale = None;
                manifest.bundle = None;
                manifest.config.clear();
            }
            let streamed =
                serde_saphyr::to_string(&manifest.with_entries(entries)).expect("serialized");
            let whole = ArtifactManifest {
                files: entries.iter().map(FileRecord::from).collect(),
                ..manifest.clone()
            };
            let whole = serde_saphyr::to_string(&whole).expect("serialized");
            assert_eq!(streamed, whole);
            let mut written = Vec::new();
            manifest
                .write_with_entries(entries, &mut written)
                .expect("written");
            assert!(
                String::from_utf8(written).expect("text") == whole,
                "{} entries, optional fields {optional}: written in pieces, not as serialized",
                entries.len()
            );
        }
    }

    /// Issue 9, item 6: a manifest of [`MAX_ENTRIES`] entries is read (the parser's default
    /// budget stops at about 27,800) and one of a longer path each too.
    #[test]
    fn a_manifest_at_the_entry_limit_parses_and_the_default_budget_would_not() {
        let manifest = ArtifactManifest {
            schema: ARTIFACT_SCHEMA.into(),
            name: "big-1.0.0.zip".into(),
            kind: ArtifactKind::Installer,
            package: "big".into(),
            locale: None,
            version: "1.0.0".into(),
            release: "r".into(),
            size: 1,
            sha256: "0".repeat(64),
            signature: "big-1.0.0.zip.minisig".into(),
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: false,
            },
            bundle: None,
            files: (0..MAX_ENTRIES)
                .map(|i| FileRecord {
                    path: format!("big-1.0.0/files/{}/{i:06}.txt", "deep/".repeat(20)),
                    size: i as u64,
                    sha256: format!("{i:064x}"),
                    mode: 0o644,
                })
                .collect(),
            config: Vec::new(),
        };
        let text = crate::yaml::to_string(&manifest).expect("yaml");
        let parsed: ArtifactManifest =
            parse(Path::new("big.manifest.yaml"), &text).expect("parses");
        assert_eq!(parsed, manifest);
        let default: Result<ArtifactManifest, _> =
            crate::yaml::parse(Path::new("big.manifest.yaml"), &std::sync::Arc::from(text));
        assert!(
            default.is_err(),
            "the default budget is too small for the limit"
        );
    }

    /// A file's mode is written as four octal digits and read back as a number; what is
    /// not octal permissions is an error at its place, naming the value.
    #[test]
    fn a_file_s_mode_is_octal_text_and_anything_else_is_refused_where_it_is() {
        let record = FileRecord {
            path: "a/files/run".into(),
            size: 1,
            sha256: "0".repeat(64),
            mode: 0o755,
        };
        let text = crate::yaml::to_string(&record).expect("yaml");
        assert!(
            text.contains("mode: '0755'") || text.contains("mode: \"0755\""),
            "{text}"
        );
        let back: FileRecord = parse(Path::new("m.yaml"), &text).expect("parses");
        assert_eq!(back, record);
        for bad in ["'rw-r--r--'", "'0x1ed'", "'10000'", "'+644'", "''"] {
            let text = format!(
                "path: a\nsize: 1\nsha256: '{}'\nmode: {bad}\n",
                "0".repeat(64)
            );
            let error = parse::<FileRecord>(Path::new("m.yaml"), &text).expect_err(bad);
            let shown = format!("{error:?}");
            assert!(
                shown.contains("is not permissions in octal")
                    && shown.contains("position: Some((4, 7))"),
                "{bad}: {shown}"
            );
        }
    }

    #[test]
    fn a_bundle_manifest_of_schema_1_is_read_with_its_coverage_as_taken_from() {
        let text = "chain: [it, en-US]\ncoverage:\n  it: 78\n  en-US: 76\ntranslated: 50.6\ndirection: ltr\n";
        let info: BundleInfo = parse(Path::new("it.manifest.yaml"), text).expect("parses");
        assert_eq!(info.taken_from["it"], 78);
        assert!(info.rejected.is_empty());
        let written = crate::yaml::to_string(&info).expect("yaml");
        assert!(
            written.contains("taken_from:") && !written.contains("rejected"),
            "{written}"
        );
    }

    #[test]
    fn read_refuses_a_schema_its_type_does_not_accept() {
        let index = ReleaseIndex {
            schema: RELEASE_SCHEMA.into(),
            release: "r".into(),
            reference_locale: "en-US".into(),
            source_date_epoch: 0,
            sequence: 1,
            expires: None,
            signed_by: Signer {
                key_id: "0".repeat(16),
                development: true,
            },
            public_key: PUBLIC_KEY_FILE.into(),
            checksums: CHECKSUMS_FILE.into(),
            channel: Some(CHANNEL_FROM_RELEASE.into()),
            artifacts: BTreeMap::new(),
        };
        let text = crate::yaml::to_string(&index).expect("yaml");
        let path = Path::new("release.yaml");
        assert_eq!(read::<ReleaseIndex>(path, &text).expect("read"), index);
        let other = text.replace(RELEASE_SCHEMA, "alliance.release/9");
        match read::<ReleaseIndex>(path, &other) {
            Err(Refused::Schema(p)) => assert_eq!(
                p.to_string(),
                "release.yaml: schema `alliance.release/9`; this alliance reads `alliance.release/3` and `alliance.release/2` and `alliance.release/1`"
            ),
            other => panic!("{other:?}"),
        }
        // An index is no artifact manifest, whatever its schema says.
        assert!(matches!(
            read::<ArtifactManifest>(path, &text),
            Err(Refused::Malformed(_))
        ));
        let artifact = other.replace("alliance.release/9", ARTIFACT_SCHEMA_1);
        assert!(matches!(
            read::<ReleaseIndex>(path, &artifact),
            Err(Refused::Schema(_))
        ));
        assert_eq!(
            ArtifactManifest::unknown_schema(Path::new("a.manifest.yaml"), "x/1").message,
            "`a.manifest.yaml` has schema `x/1`, not `alliance.artifact/2`"
        );
    }
}
