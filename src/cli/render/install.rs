//! What the end user's commands print: each artifact's checks (`verify`), what `install`
//! did or why it refused, what `list` finds in each prefix, what `uninstall` removed.

use std::io::{self, Write};
use std::path::Path;

use super::Output;
use crate::diagnostic::{Result, plural};
use crate::install::scripts::{ScriptOutcome, ScriptRun};
use crate::install::{
    Installed, Listing, ListingState, NEW_SUFFIX, Receipt, Recovered, RecoveredHow, Refused,
    Removed,
};
use crate::package::def::Hook;
use crate::remote::{self, Mirrored, SignedIndex};
use crate::verify::Verification;

/// What an upgrade fetches of an installer, `delta` (the folder `lacked` or `lacks` the
/// parts, as it is told before or after).
fn fetched(delta: &remote::delta::Delta, lacked: &str) -> String {
    match delta {
        remote::delta::Delta::Parts(saved) => format!(
            "{} of the {} installer: the {} of its {} entries the folder {lacked} ({})",
            indicatif::HumanBytes(saved.fetched),
            indicatif::HumanBytes(saved.size),
            saved.changed,
            saved.entries,
            plural(saved.requests, "request"),
        ),
        remote::delta::Delta::Whole(why) => format!("the whole installer: {why}"),
    }
}

impl Output {
    /// How an upgrade came by its installer: the parts the prefix lacked, with what that
    /// saved, or the whole file, and why.
    pub fn delta(&mut self, delta: &remote::delta::Delta) -> Result<()> {
        let what = fetched(delta, "lacked");
        self.print_with(|w| writeln!(w, "fetched {what}"))
    }

    /// What `upgrade --dry-run` would do: upgrade `receipt`'s package in `prefix` to
    /// `offered`, fetching `fetch`.
    pub fn would_upgrade(
        &mut self,
        prefix: &Path,
        receipt: &Receipt,
        offered: &str,
        fetch: &remote::delta::Delta,
    ) -> Result<()> {
        let what = fetched(fetch, "lacks");
        self.print_with(|w| {
            writeln!(
                w,
                "would upgrade {} {} to {offered} in {}, fetching {what}; nothing was changed (--dry-run)",
                receipt.package,
                receipt.version,
                prefix.display(),
            )
        })
    }

    /// A listener for long work on an artifact (downloading, verifying, installing): on a
    /// terminal, a bar in bytes; otherwise one line per artifact downloaded; on stderr.
    pub fn transfer_progress(&self) -> remote::Progress {
        use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
        use std::io::IsTerminal;
        let terminal = io::stderr().is_terminal();
        // A bar of its own for each piece of work: its first frame is drawn at once, however
        // soon after the last one's.
        let current: std::sync::Mutex<Option<ProgressBar>> = std::sync::Mutex::new(None);
        let with_bar = move |f: &dyn Fn(&mut Option<ProgressBar>)| {
            if let Ok(mut bar) = current.lock() {
                f(&mut bar);
            }
        };
        remote::Progress::new(move |step| match step {
            remote::Transfer::Started { work, name, size } if terminal => with_bar(&|bar| {
                let new = ProgressBar::with_draw_target(Some(size), ProgressDrawTarget::stderr());
                if let Ok(style) = ProgressStyle::with_template(
                    "{spinner} {msg} {bar:30} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
                ) {
                    new.set_style(style);
                }
                new.set_message(format!(
                    "{} {}",
                    work.as_str(),
                    crate::diagnostic::escape::escape(name)
                ));
                new.tick();
                if let Some(old) = bar.replace(new) {
                    old.finish_and_clear();
                }
            }),
            remote::Transfer::Bytes(bytes) if terminal => with_bar(&|bar| {
                if let Some(bar) = bar {
                    bar.inc(bytes);
                }
            }),
            remote::Transfer::Done { .. } if terminal => with_bar(&|bar| {
                if let Some(bar) = bar.take() {
                    bar.finish_and_clear();
                }
            }),
            // Without a terminal, what a download fetched; the rest is in the result.
            remote::Transfer::Done {
                work: remote::Work::Fetching,
                name,
                size,
            } => {
                let _ = writeln!(
                    io::stderr(),
                    "fetched {} ({size} bytes)",
                    crate::diagnostic::escape::escape(name)
                );
            }
            _ => {}
        })
    }

    /// Prints each artifact's checks.
    pub fn verifications(&mut self, results: &[Verification]) -> Result<()> {
        self.print_with(|w| {
            for result in results {
                writeln!(
                    w,
                    "{} {}",
                    if result.ok { "ok    " } else { "FAILED" },
                    result.artifact.display()
                )?;
                for check in &result.checks {
                    writeln!(
                        w,
                        "  {} {:16} {}",
                        if check.ok { "✓" } else { "✗" },
                        check.name,
                        check.detail
                    )?;
                }
            }
            let good = results.iter().filter(|r| r.ok).count();
            writeln!(
                w,
                "{good} of {} verified",
                plural(results.len(), "artifact")
            )
        })
    }

    /// Prints what was installed.
    pub fn installed(&mut self, prefix: &Path, installed: &Installed) -> Result<()> {
        let receipt = &installed.receipt;
        if installed.unchanged {
            return self.print_with(|w| {
                writeln!(
                    w,
                    "{} {} ({}) is already installed in {}; nothing was changed (--reinstall installs it again)",
                    receipt.package,
                    receipt.version,
                    receipt.artifact,
                    prefix.display()
                )
            });
        }
        if let Some(old_key) = &installed.key_changed {
            self.warn(&format!(
                "{} changed hands: the installed {} was signed by {old_key}, this version by {}; \
                 from now on only {} may upgrade it (--allow-key-change)",
                receipt.package,
                installed
                    .previous
                    .as_ref()
                    .map_or("version", |p| p.version.as_str()),
                receipt.key,
                receipt.key,
            ));
        }
        let what = what_was_installed(prefix, installed);
        self.print_with(|w| {
            writeln!(
                w,
                "{what}: {}, signed by {}",
                plural(receipt.files.len(), "file"),
                receipt.key,
            )?;
            if let Some(source) = &receipt.source {
                writeln!(
                    w,
                    "fetched from {} (release {}, index sequence {}); `alliance upgrade --prefix {}` looks {} for newer versions",
                    source.url,
                    receipt.release,
                    source.sequence,
                    prefix.display(),
                    source
                        .channel
                        .as_ref()
                        .map_or_else(|| "there".to_string(), |c| format!("in the channel {c}"))
                )?;
            }
            writeln!(w, "to remove it: alliance uninstall --prefix {}", prefix.display())
        })?;
        self.print_with(|w| yours(w, installed))?;
        if let Some(script) = &installed.script {
            self.script(prefix, script, &installed.receipt)?;
        }
        Ok(())
    }

    /// Says what became of a vendor's script (`--run-scripts`): run, failed (on stderr), or
    /// not run, with how to run it by hand.
    fn script(&mut self, prefix: &Path, script: &ScriptRun, receipt: &Receipt) -> Result<()> {
        let hook = script.hook.as_str();
        match &script.outcome {
            ScriptOutcome::Succeeded => {
                self.print_with(|w| writeln!(w, "ran the vendor's {hook} script (--run-scripts)"))
            }
            ScriptOutcome::Failed(_) => {
                self.script_failed(prefix, script);
                Ok(())
            }
            ScriptOutcome::NotRun => self.print_with(|w| {
                let shell = if cfg!(windows) { "cmd /C" } else { "sh" };
                writeln!(
                    w,
                    "{} {} has a {hook} script, which alliance runs only with --run-scripts; \
                     to run it yourself after reading it: {shell} {} {}",
                    receipt.package,
                    receipt.version,
                    script.path.display(),
                    prefix.display()
                )
            }),
        }
    }

    /// Says on stderr that a vendor's script failed, and what that left.
    pub fn script_failed(&mut self, prefix: &Path, script: &ScriptRun) {
        let ScriptOutcome::Failed(why) = &script.outcome else {
            return;
        };
        let left = match script.hook {
            Hook::PostInstall => format!("the files are installed in {}", prefix.display()),
            Hook::PreRemove => format!("nothing was removed from {}", prefix.display()),
        };
        self.eprint_with(|w| {
            writeln!(
                w,
                "error: the vendor's {} script `{}` failed: {why}; {left}",
                script.hook.as_str(),
                script.path.display()
            )
        });
    }

    /// Prints why an install was refused, on stderr.
    pub fn refused(&mut self, installer: &Path, refused: &Refused) {
        self.eprint_with(|w| {
            writeln!(
                w,
                "error: {} was not installed; nothing was written",
                installer.display()
            )?;
            match refused {
                Refused::Unverified(verification) => {
                    for check in verification.checks.iter().filter(|c| !c.ok) {
                        writeln!(w, "  ✗ {:16} {}", check.name, check.detail)?;
                    }
                    Ok(())
                }
                Refused::Archive(why) => writeln!(w, "  ✗ the archive is unsafe: {why}"),
                Refused::Downgrade(why) | Refused::NoLocale(why) | Refused::Target(why) => {
                    writeln!(w, "  ✗ {why}")
                }
                Refused::KeyChanged {
                    package,
                    installed,
                    installed_key,
                    new_key,
                } => writeln!(
                    w,
                    "  ✗ {package} {installed} was installed signed by {installed_key}; this one is signed by {new_key}. \
                     Trusting a key lets it sign its own packages, not take over another's: an upgrade must be signed \
                     by the key that signed the installed version. If the publisher really changed keys, \
                     pass --allow-key-change (the new key is recorded)"
                ),
            }
        });
    }

    /// Says what was done with what a killed run left in `prefix`, on stderr.
    pub fn recovered(&mut self, prefix: &Path, recovered: &Recovered) {
        let message = match &recovered.outcome {
            RecoveredHow::Discarded => format!(
                "a killed alliance run had begun a change in {} without making it; what it had \
                 prepared was removed, the folder is as it was",
                prefix.display()
            ),
            RecoveredHow::Finished => format!(
                "a killed alliance run had left {} unfinished in {}; it is finished now",
                recovered.what,
                prefix.display()
            ),
            RecoveredHow::RolledBack(why) => format!(
                "a killed alliance run had left {} unfinished in {}; it was undone{}, the \
                 folder holds what it held before",
                recovered.what,
                prefix.display(),
                why.as_ref()
                    .map(|w| format!(" (it could not be finished: {w})"))
                    .unwrap_or_default()
            ),
        };
        self.warn(&message);
    }

    /// Prints that `upgrade` found nothing newer than what `prefix` holds.
    pub fn up_to_date(
        &mut self,
        prefix: &Path,
        receipt: &Receipt,
        offered: &str,
        index: &SignedIndex,
    ) -> Result<()> {
        let offer = if offered == receipt.version {
            String::new()
        } else {
            format!(" (it offers the older {offered}, which is not installed over it)")
        };
        self.print_with(|w| {
            writeln!(
                w,
                "{} {} in {} is up to date: release {} of the mirror has nothing newer{offer}",
                receipt.package,
                receipt.version,
                prefix.display(),
                index.index.release,
            )
        })
    }

    /// Prints what `mirror` copied, and the verification of the copy: one line per artifact
    /// (every check with `verbose`, and always those of an artifact that fails).
    pub fn mirrored(&mut self, mirrored: &Mirrored, verbose: bool) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "release {} (index sequence {}, signed by {}) into {}: {} fetched, {} already there and verified",
                mirrored.index.index.release,
                mirrored.index.index.sequence,
                mirrored.index.key,
                mirrored.dir.display(),
                plural(mirrored.fetched.len(), "artifact"),
                mirrored.present.len(),
            )?;
            for (file, why) in &mirrored.skipped {
                writeln!(w, "not copied: {file} ({why})")?;
            }
            if !mirrored.removed.is_empty() {
                writeln!(
                    w,
                    "removed {} of an earlier release that this one does not list: {}",
                    plural(mirrored.removed.len(), "artifact"),
                    mirrored.removed.join(", ")
                )?;
            }
            Ok(())
        })?;
        if verbose {
            return self.verifications(&mirrored.verified);
        }
        self.print_with(|w| {
            // The copy's own result is its signed index; the others are its artifacts.
            let (index, artifacts): (Vec<&Verification>, Vec<&Verification>) = mirrored
                .verified
                .iter()
                .partition(|v| v.artifact == mirrored.dir);
            for result in index.iter().chain(&artifacts) {
                let name = if result.artifact == mirrored.dir {
                    "release.yaml (the signed index)".to_string()
                } else {
                    result.artifact.file_name().map_or_else(
                        || result.artifact.display().to_string(),
                        |n| n.to_string_lossy().into_owned(),
                    )
                };
                writeln!(w, "{} {name}", if result.ok { "✓" } else { "✗" })?;
                for check in result.checks.iter().filter(|c| !c.ok) {
                    writeln!(w, "    ✗ {:16} {}", check.name, check.detail)?;
                }
            }
            let good = artifacts.iter().filter(|r| r.ok).count();
            let index_ok = index.iter().all(|r| r.ok);
            writeln!(
                w,
                "{good} of {} verified, {} (`--verbose` shows every check)",
                plural(artifacts.len(), "artifact"),
                if index_ok {
                    "and the signed index"
                } else {
                    "but not the signed index"
                }
            )
        })
    }

    /// Prints what each prefix holds (`alliance list`).
    pub fn listings(&mut self, listings: &[Listing]) -> Result<()> {
        self.print_with(|w| {
            for l in listings {
                write_listing(w, l)?;
            }
            Ok(())
        })
    }

    /// Prints what `uninstall` removed and kept.
    pub fn uninstalled(&mut self, prefix: &Path, removed: &Removed) -> Result<()> {
        if let Some(script) = &removed.script {
            let hook = script.hook.as_str();
            self.print_with(|w| match script.outcome {
                ScriptOutcome::Succeeded => {
                    writeln!(w, "ran the vendor's {hook} script first (--run-scripts)")
                }
                _ => writeln!(
                    w,
                    "{} {} had a {hook} script, not run (--run-scripts runs it first)",
                    removed.package, removed.version
                ),
            })?;
        }
        self.print_with(|w| {
            writeln!(
                w,
                "removed {} {}: {} from {}",
                removed.package,
                removed.version,
                plural(removed.removed, "file"),
                prefix.display()
            )?;
            if !removed.kept.is_empty() {
                writeln!(
                    w,
                    "kept {} changed since the install: {}",
                    plural(removed.kept.len(), "file"),
                    removed.kept.join(", ")
                )?;
            }
            if !removed.saved.is_empty() {
                writeln!(
                    w,
                    "kept {} of yours that upgrades saved: {}",
                    plural(removed.saved.len(), "file"),
                    removed.saved.join(", ")
                )?;
            }
            if !removed.left.is_empty() {
                writeln!(
                    w,
                    "left {} alliance did not install: {}",
                    plural(removed.left.len(), "file"),
                    removed.left.join(", ")
                )?;
            }
            if let Some(record) = &removed.record {
                writeln!(
                    w,
                    "what stays is listed in {}; `alliance install` into {} keeps it",
                    record.display(),
                    prefix.display()
                )?;
            }
            Ok(())
        })
    }
}

/// What an install did with the user's files: configuration kept with the new version
/// beside it, other changed files replaced with the user's copy saved, changed files the new
/// version no longer has kept.
fn yours(w: &mut dyn Write, installed: &Installed) -> io::Result<()> {
    let receipt = &installed.receipt;
    if !receipt.beside.is_empty() {
        writeln!(
            w,
            "kept {} of yours; the new version of each is beside it:",
            plural(receipt.beside.len(), "file")
        )?;
        for rel in &receipt.beside {
            writeln!(w, "  {rel} (new: {rel}{NEW_SUFFIX})")?;
        }
    }
    let saved = installed
        .previous
        .as_ref()
        .map_or(&receipt.saved, |p| &p.saved);
    if !saved.is_empty() {
        writeln!(
            w,
            "replaced {} you had changed; your copy of each is saved beside it:",
            plural(saved.len(), "file")
        )?;
        for (copy, rel) in saved {
            writeln!(w, "  {rel} (yours: {copy})")?;
        }
    }
    let dropped: Vec<&String> = receipt
        .dropped
        .iter()
        .filter(|rel| {
            installed
                .previous
                .as_ref()
                .is_some_and(|p| p.kept.contains(rel))
        })
        .collect();
    if !dropped.is_empty() {
        writeln!(
            w,
            "kept {} you had changed that {} {} no longer has:",
            plural(dropped.len(), "file"),
            receipt.package,
            receipt.version
        )?;
        for rel in dropped {
            writeln!(w, "  {rel}")?;
        }
    }
    Ok(())
}

/// The first line of what `install` did: installed, or upgraded, downgraded or reinstalled
/// over the version the prefix held.
fn what_was_installed(prefix: &Path, installed: &Installed) -> String {
    let receipt = &installed.receipt;
    let Some(previous) = &installed.previous else {
        return format!(
            "installed {} {} ({}) into {}",
            receipt.package,
            receipt.version,
            receipt.artifact,
            prefix.display()
        );
    };
    let order = crate::install::version_order(&receipt.version, &previous.version);
    let verb = match order {
        std::cmp::Ordering::Greater => "upgraded",
        std::cmp::Ordering::Less => "downgraded",
        std::cmp::Ordering::Equal => "reinstalled",
    };
    let mut kept = String::new();
    if !previous.kept.is_empty() {
        kept.push_str(&format!(", {} of yours kept", previous.kept.len()));
    }
    if !previous.saved.is_empty() {
        kept.push_str(&format!(", {} of yours saved", previous.saved.len()));
    }
    format!(
        "{verb} {} {} to {} ({}) in {} ({} new, {} changed, {} removed{kept})",
        receipt.package,
        previous.version,
        receipt.version,
        receipt.artifact,
        prefix.display(),
        previous.added.len(),
        previous.changed.len(),
        previous.removed.len()
    )
}

/// What one prefix holds: the install and its changes, or only what an uninstall kept.
fn write_listing(w: &mut dyn Write, l: &Listing) -> io::Result<()> {
    let prefix = l.prefix.display();
    if l.state == ListingState::Kept {
        return writeln!(
            w,
            "{prefix}: nothing installed; {} kept when {} {} was uninstalled: {}",
            plural(l.kept.len(), "file"),
            l.package,
            l.version,
            l.kept.join(", ")
        );
    }
    writeln!(
        w,
        "{prefix}: {} {}, release {}, signed by key {} ({})",
        l.package,
        l.version,
        l.release.as_deref().unwrap_or("?"),
        l.key_id.as_deref().unwrap_or("?"),
        l.artifact.as_deref().unwrap_or("?"),
    )?;
    if l.changed.is_empty() {
        writeln!(
            w,
            "  {}, none changed since the install",
            plural(l.files, "file")
        )?;
    } else {
        writeln!(
            w,
            "  {}, {} changed since the install: {}",
            plural(l.files, "file"),
            l.changed.len(),
            l.changed.join(", ")
        )?;
    }
    if !l.missing.is_empty() {
        writeln!(w, "  {} missing: {}", l.missing.len(), l.missing.join(", "))?;
    }
    for rel in &l.beside {
        writeln!(w, "  yours kept: {rel} (new version: {rel}{NEW_SUFFIX})")?;
    }
    for rel in &l.dropped {
        writeln!(
            w,
            "  yours kept: {rel} (you changed it; {} {} no longer has it)",
            l.package, l.version
        )?;
    }
    for (copy, rel) in &l.saved {
        writeln!(
            w,
            "  yours saved: {copy} (your copy of {rel}, which an upgrade replaced)"
        )?;
    }
    Ok(())
}
