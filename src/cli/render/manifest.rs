//! What the manifest commands print: a release as a table (`manifest show`), the
//! difference between two (`manifest diff`), and either as JSON with its index's signature.

use std::io::{self, Write};

use super::{Align, Output, table};
use crate::diagnostic::Result;
use crate::diff::{Changed, Diff};
use crate::manifest::{ArtifactKind, ReleaseIndex};
use crate::release;
use crate::verify::IndexSignature;

/// How many changed entries of one artifact `manifest diff` names before it counts the rest.
const ENTRIES_SHOWN: usize = 10;

impl Output {
    /// Prints a release as a table.
    pub fn show(&mut self, index: &ReleaseIndex, signature: &IndexSignature) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "release {} (reference {}), signed by key {}{}",
                index.release,
                index.reference_locale,
                index.signed_by.key_id,
                if index.signed_by.development {
                    " (development)"
                } else {
                    ""
                }
            )?;
            writeln!(
                w,
                "sequence {}, {}\n",
                index.sequence,
                index
                    .expires
                    .as_ref()
                    .map_or_else(|| "never expires".to_string(), |e| format!("expires {e}"))
            )?;
            writeln!(
                w,
                "signature: {} {}\n",
                if signature.ok { "✓" } else { "✗" },
                signature.detail
            )?;
            use Align::{Left, Right};
            write!(
                w,
                "{}",
                table(
                    &artifact_rows(index),
                    &[Left, Left, Left, Right, Right, Right]
                )
            )?;
            writeln!(w, "\n{}", release::summary(index))
        })
    }

    /// Prints `value` as JSON with each of `signatures` beside its own fields.
    pub fn json_signed(
        &mut self,
        value: &impl serde::Serialize,
        signatures: &[(&str, &IndexSignature)],
    ) -> Result<()> {
        let mut json = serde_json::to_value(value).unwrap_or_default();
        if let Some(object) = json.as_object_mut() {
            for (name, field) in signatures {
                object.insert(
                    (*name).to_string(),
                    serde_json::to_value(field).unwrap_or_default(),
                );
            }
        }
        self.json(&json)
    }

    /// Prints the difference between two releases.
    pub fn diff(&mut self, d: &Diff) -> Result<()> {
        self.print_with(|w| {
            writeln!(w, "{} → {}", d.old_release, d.new_release)?;
            if d.is_empty() && d.versions.is_empty() && d.coverage.is_empty() {
                writeln!(w, "no difference")?;
            }
            for name in &d.added {
                writeln!(w, "  + {name}")?;
            }
            for name in &d.removed {
                writeln!(w, "  - {name}")?;
            }
            for c in &d.changed {
                write_changed(w, c)?;
            }
            write_versions_and_coverage(w, d)?;
            writeln!(
                w,
                "{} added, {} removed, {} changed",
                d.added.len(),
                d.removed.len(),
                d.changed.len()
            )
        })
    }
}

/// The rows of `manifest show`'s table: a heading, then one row per artifact.
fn artifact_rows(index: &ReleaseIndex) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "artifact",
            "kind",
            "package/locale",
            "version",
            "bytes",
            "coverage",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (name, a) in &index.artifacts {
        let kind = match a.kind {
            ArtifactKind::Installer => "installer",
            ArtifactKind::Bundle => "bundle",
            ArtifactKind::Deb => "deb",
        };
        let what = a
            .locale
            .as_ref()
            .map_or_else(|| a.package.clone(), |l| format!("{}/{l}", a.package));
        let coverage = a.coverage.map_or_else(String::new, |c| format!("{c:.1}%"));
        rows.push(vec![
            name.clone(),
            kind.to_string(),
            what,
            a.version.clone(),
            a.size.to_string(),
            coverage,
        ]);
    }
    rows
}

/// One changed artifact: its sizes, then what changed inside: entries, then each locale's
/// messages.
fn write_changed(w: &mut dyn Write, c: &Changed) -> io::Result<()> {
    writeln!(
        w,
        "  ~ {} ({} → {} bytes)",
        c.artifact, c.old_size, c.new_size
    )?;
    if let Some(entries) = &c.entries {
        let lines: Vec<String> = [
            ("+", &entries.added),
            ("-", &entries.removed),
            ("~", &entries.changed),
        ]
        .into_iter()
        .flat_map(|(mark, names)| names.iter().map(move |n| format!("    {mark} {n}")))
        .collect();
        for line in lines.iter().take(ENTRIES_SHOWN) {
            writeln!(w, "{line}")?;
        }
        if lines.len() > ENTRIES_SHOWN {
            writeln!(w, "    and {} more entries", lines.len() - ENTRIES_SHOWN)?;
        }
    }
    for (locale, names) in &c.messages {
        let ids: Vec<String> = [
            ("+", &names.added),
            ("-", &names.removed),
            ("~", &names.changed),
        ]
        .into_iter()
        .flat_map(|(mark, ids)| ids.iter().map(move |id| format!("{mark} {id}")))
        .collect();
        writeln!(w, "    {locale}: {}", ids.join(", "))?;
    }
    Ok(())
}

/// The packages whose version changed, and the locales whose coverage did.
fn write_versions_and_coverage(w: &mut dyn Write, d: &Diff) -> io::Result<()> {
    let side = |v: &Option<String>| v.clone().unwrap_or_else(|| "(none)".to_string());
    for (package, change) in &d.versions {
        writeln!(
            w,
            "  version {package}: {} → {}",
            side(&change.old),
            side(&change.new)
        )?;
    }
    let percent = |v: &Option<f64>| v.map_or_else(|| "(none)".to_string(), |p| format!("{p:.1}%"));
    for (locale, change) in &d.coverage {
        writeln!(
            w,
            "  coverage {locale} {} → {}",
            percent(&change.old),
            percent(&change.new)
        )?;
    }
    Ok(())
}
