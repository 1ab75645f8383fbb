//! The plan: which artifacts a run builds, as [`Job`]s, from the workspace and a
//! [`Selection`]; a shard's share of them ([`shards`]); and the folders a run writes
//! ([`folder`], [`pseudo_folder`]). `--dry-run` prints exactly the [`plan`] that
//! [`run`](super::run) builds.

use std::path::Path;

use crate::bundle::Pseudo;
use crate::diagnostic::{Error, Problem, Result};
use crate::manifest::ArtifactKind;
use crate::workspace::Workspace;

/// Which artifacts to build.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `Some`: bundles only (`alliance bundle`), of these locales (all when empty, none
    /// when empty and `pseudo` is not), added to the existing release folder. `None`: the
    /// whole release.
    pub bundles_only: Option<Vec<String>>,
    /// `Some`: vendor installers only (`alliance package`), of these packages (all when
    /// empty), added to the existing release folder.
    pub installers_only: Option<Vec<String>>,
    /// Pseudo-locale bundles to build as well, into their own folder ([`pseudo_folder`]),
    /// never into the release.
    pub pseudo: Vec<Pseudo>,
    /// `Some((i, n))`: build only shard `i` of `n` (1-based) of the plan, into
    /// `dist/<release>.shard-<i>-of-<n>/`, for `alliance manifest merge` ([`Selection::shard`]
    /// reads it as a [`Shard`]).
    pub shard: Option<(usize, usize)>,
}

impl Selection {
    /// The shard to build, if only one is.
    pub fn shard(&self) -> Option<Shard> {
        self.shard.map(|(index, count)| Shard { index, count })
    }

    /// Whether the run adds some artifacts to the existing release folder (`bundle`,
    /// `package`) rather than building the whole release.
    pub fn partial(&self) -> bool {
        self.bundles_only.is_some() || self.installers_only.is_some()
    }
}

/// One share of a release split over machines: `release --shard <index>/<count>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// This share, 1-based.
    pub index: usize,
    /// How many shares there are.
    pub count: usize,
}

/// One artifact to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The artifact's file name.
    pub artifact: String,
    /// Installer or bundle.
    pub kind: ArtifactKind,
    /// Index of the package in the workspace.
    pub package: usize,
    /// The locale of a bundle.
    pub locale: Option<String>,
    /// Bytes of its inputs, for progress and for balancing shards.
    pub estimate: u64,
    /// A pseudo-locale bundle: built into [`pseudo_folder`], signed with the development
    /// key, never listed in the release's index.
    pub pseudo: bool,
}

impl Job {
    /// The artifact's file name without `.zip` (the top folder inside it) or `.deb`.
    pub fn stem(&self) -> &str {
        crate::manifest::stem(&self.artifact)
    }
}

/// The folder of the pseudo-locale bundles of `release`, beside the release folder:
/// `<release>-pseudo`. It is also the release its index, manifests and trusted comments
/// name, so that none of its artifacts can pass for one of the release.
pub fn pseudo_folder(release: &str) -> String {
    format!("{release}{}", crate::workspace::PSEUDO_SUFFIX)
}

/// The folder a run of `selection` writes in the output folder, for `release` its own:
/// the release's, or its shard's (`<release>.shard-<i>-of-<n>`).
pub fn folder(release: &str, selection: &Selection) -> String {
    match selection.shard() {
        Some(Shard { index, count }) => format!("{release}.shard-{index}-of-{count}"),
        None => release.to_string(),
    }
}

/// The artifact jobs of `selection`, in a stable order: with a shard, only its share of
/// the whole plan. `--dry-run` prints exactly this; [`run`](super::run) builds exactly this.
pub fn plan(ws: &Workspace, selection: &Selection) -> Vec<Job> {
    let jobs = whole_plan(ws, selection);
    match selection.shard() {
        Some(shard) => {
            let assignment = shards(&jobs, shard.count);
            jobs.into_iter()
                .zip(assignment)
                .filter(|(_, s)| *s + 1 == shard.index)
                .map(|(j, _)| j)
                .collect()
        }
        None => jobs,
    }
}

/// The plan of a run, checked: something to build, and only packages that exist.
pub(super) struct Plan<'s> {
    /// What this run builds ([`plan`]).
    pub jobs: Vec<Job>,
    /// Every artifact of the whole plan, every shard's, sorted.
    pub whole: Vec<String>,
    /// Time stamp of every archive entry.
    pub epoch: i64,
    pub selection: &'s Selection,
    /// The artifacts left to their vendors under a root of trust (artifact, vendor): this
    /// run's key is not delegated for their packages.
    pub left: Vec<(String, String)>,
}

impl<'s> Plan<'s> {
    /// The plan of `selection`, its archive entries stamped `epoch`; refuses an unknown
    /// vendor package and, but for a shard, an empty plan.
    pub fn make(ws: &Workspace, selection: &'s Selection, epoch: i64) -> Result<Plan<'s>> {
        if let Some(only) = &selection.installers_only {
            check_installers(ws, only)?;
        }
        let jobs = plan(ws, selection);
        let whole = whole_plan(ws, selection)
            .into_iter()
            .map(|j| j.artifact)
            .collect();
        if jobs.is_empty() && selection.shard.is_none() {
            let what = if selection.bundles_only.is_some() {
                "no localized package"
            } else {
                "no package"
            };
            return Err(Error::Invalid(vec![
                Problem::new(crate::package::PACKAGES_DIR, format!("there is nothing to build: {what}"))
                    .with_help("add a package with a `package.yaml` under `packages/<id>/` (`localized: true` for bundles)"),
            ]));
        }
        Ok(Plan {
            jobs,
            whole,
            epoch,
            selection,
            left: Vec::new(),
        })
    }

    /// Bytes of the inputs of every job.
    pub fn bytes(&self) -> u64 {
        self.jobs.iter().map(|j| j.estimate).sum()
    }

    /// Whether the run writes the release's folder (or its shard's): not for pseudo-locale
    /// bundles alone.
    pub fn writes_release(&self) -> bool {
        self.selection.shard.is_some() || self.jobs.iter().any(|j| !j.pseudo)
    }

    /// Whether the run builds pseudo-locale bundles.
    pub fn has_pseudo(&self) -> bool {
        self.jobs.iter().any(|j| j.pseudo)
    }
}

/// Refuses the ids of `only` that name no vendor package of the workspace.
fn check_installers(ws: &Workspace, only: &[String]) -> Result<()> {
    let ids: Vec<&String> = ws
        .packages
        .iter()
        .filter(|p| !p.localized)
        .map(|p| &p.id)
        .collect();
    let unknown: Vec<Problem> =
        only.iter()
            .filter(|id| !ids.contains(id))
            .map(|id| {
                Problem::new(
                    Path::new(crate::package::PACKAGES_DIR).join(id),
                    format!(
                        "there is no vendor package `{}`",
                        crate::diagnostic::escape::escape(id)
                    ),
                )
                .with_help(
                    crate::diagnostic::suggest::did_you_mean(id, ids.iter().copied())
                        .unwrap_or_else(|| {
                            format!(
                                "the vendor packages are {}",
                                ids.iter()
                                    .map(|i| i.as_str())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        }),
                )
            })
            .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(Error::Invalid(unknown))
    }
}

/// The artifact jobs of `selection`, every shard's.
fn whole_plan(ws: &Workspace, selection: &Selection) -> Vec<Job> {
    let mut jobs = Vec::new();
    let reference_bytes: u64 = ws
        .reference()
        .files
        .iter()
        .map(|f| f.source().len() as u64)
        .sum();
    for (index, package) in ws.packages.iter().enumerate() {
        let payload: u64 = package.files.iter().map(|f| f.size).sum();
        if package.localized && selection.installers_only.is_none() {
            let tags: Vec<&str> = match &selection.bundles_only {
                Some(only) if !only.is_empty() => only.iter().map(String::as_str).collect(),
                // `bundle --pseudo KIND` alone builds the pseudo-locales alone.
                Some(_) if !selection.pseudo.is_empty() => Vec::new(),
                _ => ws.locales.iter().map(|l| l.tag.as_str()).collect(),
            };
            // A tag of a selected pseudo-locale is that pseudo-locale, never a release bundle.
            let tags = tags
                .into_iter()
                .filter(|t| !selection.pseudo.iter().any(|p| p.tag() == *t))
                .map(|t| (t, false));
            let pseudo = selection.pseudo.iter().map(|p| (p.tag(), true));
            for (tag, pseudo) in tags.chain(pseudo) {
                jobs.push(Job {
                    artifact: format!("{}-{}-{tag}.zip", package.id, package.version),
                    kind: ArtifactKind::Bundle,
                    package: index,
                    locale: Some(tag.to_string()),
                    estimate: payload + reference_bytes,
                    pseudo,
                });
            }
        } else if !package.localized
            && selection.bundles_only.is_none()
            && selection
                .installers_only
                .as_ref()
                .is_none_or(|only| only.is_empty() || only.contains(&package.id))
        {
            use crate::package::def::Format;
            for format in &package.formats {
                let (artifact, kind) = match format {
                    Format::Zip => (
                        format!("{}-{}.zip", package.id, package.version),
                        ArtifactKind::Installer,
                    ),
                    Format::Deb => (
                        crate::package::deb::artifact_name(package),
                        ArtifactKind::Deb,
                    ),
                };
                jobs.push(Job {
                    artifact,
                    kind,
                    package: index,
                    locale: None,
                    estimate: payload,
                    pseudo: false,
                });
            }
        }
    }
    jobs.sort_by(|a, b| a.artifact.cmp(&b.artifact));
    jobs.dedup_by(|a, b| a.artifact == b.artifact);
    jobs
}

/// Each job's shard (0-based) of `n`: the largest jobs first, each to the least loaded
/// shard (ties to the lowest), so the shares are balanced by estimated size and the
/// assignment depends only on the plan.
pub fn shards(jobs: &[Job], n: usize) -> Vec<usize> {
    let n = n.max(1);
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by(|&a, &b| {
        jobs[b]
            .estimate
            .cmp(&jobs[a].estimate)
            .then(jobs[a].artifact.cmp(&jobs[b].artifact))
    });
    let mut load = vec![0u64; n];
    let mut assignment = vec![0; jobs.len()];
    for i in order {
        let shard = (0..n).min_by_key(|&s| (load[s], s)).unwrap_or(0);
        load[shard] += jobs[i].estimate.max(1);
        assignment[i] = shard;
    }
    assignment
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// The sample workspace: the repository's root.
    fn sample() -> Workspace {
        Workspace::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
            .expect("the sample loads")
    }

    fn names(jobs: &[Job]) -> Vec<&str> {
        jobs.iter().map(|j| j.artifact.as_str()).collect()
    }

    fn job(artifact: &str, estimate: u64) -> Job {
        Job {
            artifact: artifact.to_string(),
            kind: ArtifactKind::Installer,
            package: 0,
            locale: None,
            estimate,
            pseudo: false,
        }
    }

    #[test]
    fn the_whole_plan_is_an_installer_per_vendor_package_and_a_bundle_per_locale() {
        let ws = sample();
        let jobs = plan(&ws, &Selection::default());
        let vendors: Vec<&crate::package::Package> =
            ws.packages.iter().filter(|p| !p.localized).collect();
        let messenger = ws.packages.iter().find(|p| p.localized).expect("messenger");
        assert_eq!(
            jobs.len(),
            vendors.len() + ws.locales.len(),
            "{:?}",
            names(&jobs)
        );
        assert_eq!(jobs.len(), 16, "{:?}", names(&jobs));
        for vendor in vendors {
            let installer = format!("{}-{}.zip", vendor.id, vendor.version);
            let found = jobs
                .iter()
                .find(|j| j.artifact == installer)
                .expect("planned");
            assert_eq!(found.kind, ArtifactKind::Installer);
            assert_eq!(found.locale, None);
            assert_eq!(
                found.estimate,
                vendor.files.iter().map(|f| f.size).sum::<u64>()
            );
        }
        for locale in &ws.locales {
            let bundle = format!("{}-{}-{}.zip", messenger.id, messenger.version, locale.tag);
            let found = jobs.iter().find(|j| j.artifact == bundle).expect("planned");
            assert_eq!(found.kind, ArtifactKind::Bundle);
            assert_eq!(found.locale.as_deref(), Some(locale.tag.as_str()));
            assert_eq!(ws.packages[found.package].id, messenger.id);
        }
        assert!(jobs.iter().all(|j| !j.pseudo));
        let mut sorted = names(&jobs);
        sorted.sort();
        assert_eq!(names(&jobs), sorted, "in a stable order");
        assert_eq!(jobs[0].stem(), jobs[0].artifact.trim_end_matches(".zip"));
    }

    #[test]
    fn bundles_only_plans_the_messenger_in_the_locales_given_or_all() {
        let ws = sample();
        let only = |tags: &[&str]| Selection {
            bundles_only: Some(tags.iter().map(|t| t.to_string()).collect()),
            ..Selection::default()
        };
        assert_eq!(
            names(&plan(&ws, &only(&["fr", "de", "fr"]))),
            [
                "spark-messenger-3.2.1-de.zip",
                "spark-messenger-3.2.1-fr.zip"
            ]
        );
        let all = plan(&ws, &only(&[]));
        assert_eq!(all.len(), ws.locales.len());
        assert!(all.iter().all(|j| j.kind == ArtifactKind::Bundle));
        assert!(only(&[]).partial() && !Selection::default().partial());
    }

    #[test]
    fn installers_only_plans_the_packages_given_or_every_vendor_package() {
        let ws = sample();
        let only = |ids: &[&str]| Selection {
            installers_only: Some(ids.iter().map(|t| t.to_string()).collect()),
            ..Selection::default()
        };
        assert_eq!(
            names(&plan(&ws, &only(&["ledgerline"]))),
            ["ledgerline-4.2.0.zip"]
        );
        let all = plan(&ws, &only(&[]));
        assert_eq!(all.len(), 4, "{:?}", names(&all));
        assert!(all.iter().all(|j| j.kind == ArtifactKind::Installer));
        // The messenger has no installer to ask for.
        assert!(plan(&ws, &only(&["spark-messenger"])).is_empty());
        match Plan::make(&ws, &only(&["ledgerlin"]), 0) {
            Err(Error::Invalid(problems)) => {
                assert_eq!(problems.len(), 1);
                assert_eq!(
                    problems[0].message,
                    "there is no vendor package `ledgerlin`"
                );
                let help = problems[0].help.as_deref().unwrap_or_default();
                assert!(help.contains("ledgerline"), "{help}");
            }
            other => panic!("not refused: {:?}", other.map(|p| p.jobs)),
        }
    }

    #[test]
    fn the_shares_of_all_shards_partition_the_whole_plan() {
        let ws = sample();
        let whole = plan(&ws, &Selection::default());
        for count in 1..=6 {
            let mut seen: Vec<Job> = Vec::new();
            for index in 1..=count {
                let selection = Selection {
                    shard: Some((index, count)),
                    ..Selection::default()
                };
                let share = plan(&ws, &selection);
                // Exactly its share of the balancing, in the plan's order.
                let assignment = shards(&whole, count);
                let expected: Vec<&Job> = whole
                    .iter()
                    .zip(&assignment)
                    .filter(|(_, s)| **s + 1 == index)
                    .map(|(j, _)| j)
                    .collect();
                assert_eq!(share.iter().collect::<Vec<_>>(), expected);
                assert_eq!(
                    folder("1995.08", &selection),
                    format!("1995.08.shard-{index}-of-{count}")
                );
                seen.extend(share);
            }
            let artifacts: BTreeSet<&str> = seen.iter().map(|j| j.artifact.as_str()).collect();
            assert_eq!(seen.len(), whole.len(), "no job in two shares of {count}");
            assert_eq!(artifacts, names(&whole).into_iter().collect(), "of {count}");
        }
        // A share has a plan even when empty: the whole plan is recorded in `shard.yaml`.
        let beyond = Selection {
            shard: Some((20, 20)),
            ..Selection::default()
        };
        let made = Plan::make(&ws, &beyond, 0).expect("a shard may be empty");
        assert!(made.jobs.is_empty());
        assert_eq!(made.whole, names(&whole));
        assert!(made.writes_release());
    }

    #[test]
    fn pseudo_locales_are_pseudo_jobs_and_alone_write_no_release() {
        let ws = sample();
        let alone = Selection {
            bundles_only: Some(Vec::new()),
            pseudo: vec![Pseudo::Bidi, Pseudo::Accented],
            ..Selection::default()
        };
        let made = Plan::make(&ws, &alone, 0).expect("planned");
        assert_eq!(
            names(&made.jobs),
            [
                "spark-messenger-3.2.1-ar-XB.zip",
                "spark-messenger-3.2.1-en-XA.zip"
            ]
        );
        assert!(
            made.jobs
                .iter()
                .all(|j| j.pseudo && j.kind == ArtifactKind::Bundle)
        );
        assert!(made.has_pseudo() && !made.writes_release());
        // Asked for by tag too, a pseudo-locale is still the pseudo-locale, once.
        let with = Selection {
            bundles_only: Some(vec!["de".into(), "en-XA".into()]),
            pseudo: vec![Pseudo::Accented],
            ..Selection::default()
        };
        let jobs = plan(&ws, &with);
        assert_eq!(
            jobs.iter()
                .map(|j| (j.artifact.as_str(), j.pseudo))
                .collect::<Vec<_>>(),
            [
                ("spark-messenger-3.2.1-de.zip", false),
                ("spark-messenger-3.2.1-en-XA.zip", true)
            ]
        );
        assert_eq!(pseudo_folder("1995.08"), "1995.08-pseudo");
    }

    #[test]
    fn the_largest_jobs_go_first_each_to_the_least_loaded_share() {
        let jobs = [
            job("a.zip", 10),
            job("b.zip", 70),
            job("c.zip", 30),
            job("d.zip", 30),
            job("e.zip", 0),
        ];
        // b (70) → 0; c (30) → 1; d (30) → 1 (load 30 < 70); a (10) → 1 (60 < 70);
        // e (counts as 1) → 0 (70 = 70, the lower share).
        assert_eq!(shards(&jobs, 2), [1, 0, 1, 1, 0]);
        // The plan's order does not matter, only the jobs.
        let mut reversed = jobs.clone();
        reversed.reverse();
        let mut again = shards(&reversed, 2);
        again.reverse();
        assert_eq!(again, [1, 0, 1, 1, 0]);
        // One share takes everything; more shares than jobs leave some empty.
        assert_eq!(shards(&jobs, 1), [0; 5]);
        assert_eq!(shards(&jobs, 0), [0; 5]);
        let spread = shards(&jobs, 9);
        let mut used = spread.clone();
        used.sort();
        used.dedup();
        assert_eq!(used.len(), 5, "{spread:?}");
    }
}
