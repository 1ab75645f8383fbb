//! A package as a Debian package (`formats: [deb]`): its name and version in Debian's
//! rules, where its files go, its `control` fields, `conffiles` and maintainer scripts.
//!
//! - **Name:** the package id (lowercase letters, digits and `-`: already Debian's rules).
//! - **Version:** the semantic version with its pre-release after `~` (sorts before the
//!   release, as in semver) and its build metadata after `+`: `4.2.0-rc.1+7` is
//!   `4.2.0~rc.1+7`. A `-` inside the pre-release or build has no place in a native Debian
//!   version and is refused.
//! - **Architecture:** `all`.
//! - **Files:** the payload under `prefix.unix` (which must be below `/opt/`, `/usr/lib/`
//!   or `/usr/share/`), the licence as `/usr/share/doc/<id>/copyright`, a one-entry
//!   `changelog.gz` beside it, the vendor's Unix scripts under
//!   `<prefix>/.alliance-scripts/` (as `alliance install` places them), and lintian
//!   overrides for what a vendor's package does on purpose (`/opt`, configuration files
//!   under the prefix).
//! - **Configuration files** (`files.config`) are `conffiles`: dpkg keeps a user's changed
//!   copy on upgrade, as `alliance upgrade` does.
//! - **Scripts:** `postinst` runs the vendor's post-install script on `configure`, `prerm`
//!   its pre-remove script on `remove`, with the environment `alliance install` gives it.

use std::io::Write;

use crate::archive::deb::Control;
use crate::archive::stream::{Input, Source};
use crate::package::Package;
use crate::package::def::{Hook, Target};

/// The folders a Debian package's payload may be installed below.
pub const ROOTS: &[&str] = &["/opt/", "/usr/lib/", "/usr/share/"];

/// The Debian version of semantic version `version`, or why it has none.
pub fn version(version: &str) -> Result<String, String> {
    let parsed = semver::Version::parse(version).map_err(|e| e.to_string())?;
    let mut out = format!("{}.{}.{}", parsed.major, parsed.minor, parsed.patch);
    for (part, mark, what) in [
        (parsed.pre.as_str(), '~', "pre-release"),
        (parsed.build.as_str(), '+', "build metadata"),
    ] {
        if part.is_empty() {
            continue;
        }
        if part.contains('-') {
            return Err(format!(
                "its {what} `{part}` holds a `-`, which a Debian version without a revision cannot"
            ));
        }
        out.push(mark);
        out.push_str(part);
    }
    Ok(out)
}

/// Checks one dependency as Debian writes them: `name`, `name (>= 1.2)`, alternatives
/// joined by `|`, an architecture qualifier `name:any`.
pub fn check_dependency(text: &str) -> Result<(), String> {
    if text.chars().any(char::is_control) {
        return Err("a dependency is one line, without control characters".to_string());
    }
    for alternative in text.split('|') {
        let alternative = alternative.trim();
        let (name, rest) = match alternative.find(|c: char| c == '(' || c.is_whitespace()) {
            Some(at) => (&alternative[..at], alternative[at..].trim()),
            None => (alternative, ""),
        };
        let (bare, qualifier) = name.split_once(':').unwrap_or((name, "any"));
        if qualifier.is_empty()
            || !qualifier
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(format!(
                "`{name}` has no architecture Debian knows after `:` (such as `any` or `native`)"
            ));
        }
        if !is_package_name(bare) {
            return Err(format!(
                "`{name}` is not a Debian package name (lowercase letters, digits, `+`, `-`, `.`; at least two, starting with a letter or digit)"
            ));
        }
        if rest.is_empty() {
            continue;
        }
        let inner = rest
            .strip_prefix('(')
            .and_then(|r| r.strip_suffix(')'))
            .ok_or_else(|| {
                format!(
                    "`{rest}` after `{name}` should be a version in brackets, such as `(>= 1.2)`"
                )
            })?;
        let inner = inner.trim();
        let op = ["<<", "<=", ">=", ">>", "="]
            .into_iter()
            .find(|op| inner.starts_with(op))
            .ok_or_else(|| {
                format!("`({inner})` has no relation: write `<<`, `<=`, `=`, `>=` or `>>` before the version")
            })?;
        let wanted = inner[op.len()..].trim();
        if wanted.is_empty()
            || !wanted.starts_with(|c: char| c.is_ascii_digit())
            || !wanted
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".+-~:".contains(c))
        {
            return Err(format!("`{wanted}` is not a Debian version"));
        }
    }
    Ok(())
}

/// Whether `name` is a Debian package name.
fn is_package_name(name: &str) -> bool {
    name.len() >= 2
        && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+-.".contains(c))
}

/// Checks a maintainer as Debian writes one: `Full Name <address@domain>`.
pub fn check_maintainer(text: &str) -> Result<(), String> {
    let shaped = !text.chars().any(char::is_control)
        && text
            .strip_suffix('>')
            .and_then(|t| t.split_once(" <"))
            .is_some_and(|(name, address)| {
                !name.trim().is_empty()
                    && !name.contains(['<', '>', ','])
                    && address
                        .split_once('@')
                        .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
                    && !address.contains(char::is_whitespace)
            });
    if shaped {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is not a maintainer as Debian writes one: `Full Name <address@example.com>`"
        ))
    }
}

/// Checks that `prefix` is a clean absolute folder below one of [`ROOTS`].
pub fn check_prefix(prefix: &str) -> Result<(), String> {
    let clean = prefix.starts_with('/')
        && !prefix.ends_with('/')
        && crate::archive::safe_name(&prefix[1..]).is_ok()
        && prefix[1..]
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    let below = ROOTS.iter().any(|root| {
        prefix
            .strip_prefix(root)
            .is_some_and(|rest| !rest.is_empty())
    });
    if clean && below {
        Ok(())
    } else {
        Err(format!(
            "`{prefix}` is not a folder a Debian package may install into: use one below {}",
            ROOTS.join(", ")
        ))
    }
}

/// The package file's name: `<id>_<version>_all.deb`.
pub fn artifact_name(package: &Package) -> String {
    let version = version(&package.version).unwrap_or_else(|_| package.version.clone());
    format!("{}_{version}_all.deb", package.id)
}

/// Everything the package installs, by path from the root (`opt/x/…`), and its control
/// archive's contents; `epoch` dates the changelog's one entry.
pub fn contents(package: &Package, epoch: i64) -> (Vec<Input>, Control) {
    let prefix = package.prefix_unix.trim_start_matches('/');
    let doc = format!("usr/share/doc/{}", package.id);
    let mut inputs = package.payload_inputs(prefix);
    inputs.push(Input {
        name: format!("{doc}/copyright"),
        mode: 0o644,
        source: Source::File(package.license.clone().into()),
        listed_size: None,
    });
    inputs.push(bytes(
        &format!("{doc}/changelog.gz"),
        changelog(package, epoch),
    ));
    let unix_scripts: Vec<_> = package
        .scripts
        .iter()
        .filter(|s| s.target == Target::Unix)
        .collect();
    let mut scripts = Vec::new();
    for script in &unix_scripts {
        let installed = format!(
            "{}/{}/{}.sh",
            package.prefix_unix,
            crate::package::scripts::PREFIX_SCRIPTS_DIR,
            script.hook.as_str()
        );
        inputs.push(Input {
            name: installed.trim_start_matches('/').to_string(),
            mode: 0o755,
            source: Source::File(script.path.clone().into()),
            listed_size: None,
        });
        let (name, when) = match script.hook {
            Hook::PostInstall => ("postinst", "configure"),
            Hook::PreRemove => ("prerm", "remove"),
        };
        scripts.push((
            name.to_string(),
            maintainer_script(package, when, &installed),
        ));
    }
    let conffiles: Vec<String> = package
        .files
        .iter()
        .filter(|f| f.config)
        .map(|f| format!("{}/{}", package.prefix_unix, f.rel))
        .collect();
    let overrides = lintian_overrides(package, !conffiles.is_empty());
    if !overrides.is_empty() {
        inputs.push(bytes(
            &format!("usr/share/lintian/overrides/{}", package.id),
            overrides.into_bytes(),
        ));
    }
    let control = Control {
        fields: fields(package),
        conffiles,
        scripts,
    };
    (inputs, control)
}

/// Two Debian packages of the workspace that would install the same path (one's file where
/// the other has a file, or a folder of its files): dpkg refuses to install the second over
/// the first. Each package is named once, with the first path it clashes on.
pub fn clashes(packages: &[Package]) -> Vec<crate::diagnostic::Problem> {
    use crate::package::def::Format;
    let debs: Vec<&Package> = packages
        .iter()
        .filter(|p| p.formats.contains(&Format::Deb))
        .collect();
    let mut owner: std::collections::BTreeMap<String, &str> = std::collections::BTreeMap::new();
    for package in &debs {
        for path in installed_paths(package) {
            owner.entry(path).or_insert(&package.id);
        }
    }
    let mut problems = Vec::new();
    for package in &debs {
        let clash = installed_paths(package).into_iter().find_map(|path| {
            let same = owner.get(&path).filter(|id| **id != package.id);
            let below = owner
                .range(format!("{path}/")..)
                .take_while(|(p, _)| p.starts_with(&format!("{path}/")))
                .find(|(_, id)| **id != package.id)
                .map(|(_, id)| id);
            same.or(below).map(|id| (path, (*id).to_string()))
        });
        if let Some((path, other)) = clash {
            problems.push(
                crate::diagnostic::Problem::new(
                    package.definition.clone(),
                    format!(
                        "its Debian package would install `/{path}`, where the Debian package of `{other}` installs too"
                    ),
                )
                .with_help(format!(
                    "give each package its own `prefix.unix` (such as `/opt/{}`), or leave `deb` out of one's `formats`",
                    package.id
                )),
            );
        }
    }
    problems
}

/// Every file the Debian package of `package` installs, from the root.
fn installed_paths(package: &Package) -> Vec<String> {
    contents(package, 0)
        .0
        .into_iter()
        .map(|input| input.name)
        .collect()
}

fn bytes(name: &str, data: Vec<u8>) -> Input {
    Input {
        name: name.to_string(),
        mode: 0o644,
        source: Source::Bytes(data),
        listed_size: None,
    }
}

/// The `control` fields, in the order `dpkg-deb` shows them.
fn fields(package: &Package) -> Vec<(String, String)> {
    let mut fields = vec![
        ("Package", package.id.clone()),
        (
            "Version",
            version(&package.version).unwrap_or_else(|_| package.version.clone()),
        ),
        ("Architecture", "all".to_string()),
        (
            "Maintainer",
            package
                .maintainer
                .clone()
                .unwrap_or_else(|| package.vendor.clone()),
        ),
    ];
    if !package.deb_depends.is_empty() {
        fields.push(("Depends", package.deb_depends.join(", ")));
    }
    fields.push(("Section", "misc".to_string()));
    fields.push(("Priority", "optional".to_string()));
    if let Some(homepage) = &package.homepage {
        fields.push(("Homepage", homepage.clone()));
    }
    fields.push(("Description", description(package)));
    fields
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect()
}

/// The synopsis ([`synopsis`]) and the description, wrapped at 79 columns, each line after
/// the first starting with a space; a paragraph break is ` .`.
fn description(package: &Package) -> String {
    let mut out = synopsis(&package.description);
    for (i, paragraph) in package.description.split("\n\n").enumerate() {
        if i > 0 {
            out.push_str("\n .");
        }
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + 1 + word.len() > 78 {
                out.push_str(&format!("\n {line}"));
                line.clear();
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            out.push_str(&format!("\n {line}"));
        }
    }
    out
}

/// The description's first sentence without its full stop, cut at its last `,` or `;`
/// (else word) within 80 characters: Debian's one-line synopsis, which the product's name
/// cannot be (it would start with the package's name).
fn synopsis(description: &str) -> String {
    let flat = description.split_whitespace().collect::<Vec<_>>().join(" ");
    let first = flat
        .split(". ")
        .next()
        .unwrap_or_default()
        .trim_end_matches('.');
    if first.chars().count() <= 80 {
        return first.to_string();
    }
    let cut = first
        .char_indices()
        .take_while(|(i, _)| *i <= 80)
        .map(|(i, _)| i)
        .last()
        .unwrap_or(0);
    let head = &first[..cut];
    let at = head
        .rfind([',', ';'])
        .filter(|&at| at > 0)
        .or_else(|| head.rfind(' '))
        .unwrap_or(cut);
    first[..at].to_string()
}

/// `changelog.gz`: one entry for this version, dated `epoch`, compressed as Debian wants
/// (best compression, no name or time in the gzip header).
fn changelog(package: &Package, epoch: i64) -> Vec<u8> {
    let version = version(&package.version).unwrap_or_else(|_| package.version.clone());
    let maintainer = package.maintainer.as_deref().unwrap_or(&package.vendor);
    let text = format!(
        "{id} ({version}) stable; urgency=medium\n\n  * {name} {release}, packaged by alliance.\n\n -- {maintainer}  {date}\n",
        id = package.id,
        name = package.name,
        release = package.version,
        date = crate::date::rfc2822(epoch),
    );
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing to memory cannot fail.
    let _ = gz.write_all(text.as_bytes());
    gz.finish().unwrap_or_default()
}

/// A maintainer script that runs the vendor's script at `installed` when dpkg calls it
/// with `when`, as `alliance install --run-scripts` would.
fn maintainer_script(package: &Package, when: &str, installed: &str) -> Vec<u8> {
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    format!(
        "#!/bin/sh\n# Made by alliance: runs the vendor's script.\nset -e\nif [ \"$1\" = {when} ]; then\n    ALLIANCE_PREFIX={prefix} ALLIANCE_PACKAGE={id} ALLIANCE_VERSION={version} \\\n        sh {script} {prefix}\nfi\n",
        prefix = quote(&package.prefix_unix),
        id = quote(&package.id),
        version = quote(&package.version),
        script = quote(installed),
    )
    .into_bytes()
}

/// The lintian tags a vendor's package raises on purpose, each with why.
fn lintian_overrides(package: &Package, conffiles: bool) -> String {
    let mut out = String::new();
    if package.prefix_unix.starts_with("/opt/") {
        out.push_str(&format!(
            "# A vendor's add-on product installs below /opt, as the FHS reserves it for.\n{}: dir-or-file-in-opt *\n",
            package.id
        ));
    }
    if conffiles {
        out.push_str(&format!(
            "# The product reads its configuration from its own folder; dpkg keeps a user's changes.\n{}: non-etc-file-marked-as-conffile *\n",
            package.id
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn semantic_versions_map_to_debian_versions_that_sort_the_same_way() {
        assert_eq!(version("4.2.0").expect("ok"), "4.2.0");
        assert_eq!(version("4.2.0-rc.1").expect("ok"), "4.2.0~rc.1");
        assert_eq!(
            version("4.2.0-rc.1+build.7").expect("ok"),
            "4.2.0~rc.1+build.7"
        );
        assert!(
            version("4.2.0-rc-1")
                .expect_err("refused")
                .contains("`rc-1`")
        );
        assert!(version("4.2").is_err());
    }

    #[test]
    fn the_synopsis_is_the_first_sentence_within_80_characters() {
        assert_eq!(synopsis("Short and sweet.  More here."), "Short and sweet");
        assert_eq!(
            synopsis(
                "Double-entry bookkeeping for shops and small firms, with a ready-made chart\n  of accounts, sales-tax codes and a sample company to practise on."
            ),
            "Double-entry bookkeeping for shops and small firms"
        );
        let words = "word ".repeat(30);
        let cut = synopsis(&words);
        assert!(cut.len() <= 80 && cut.ends_with("word"), "{cut}");
    }

    #[test]
    fn dependencies_are_checked_in_debian_s_syntax() {
        for good in [
            "libc6",
            "libc6 (>= 2.31)",
            "python3 | python3-minimal (>> 3.9~)",
            "libssl3:any",
        ] {
            assert_eq!(check_dependency(good), Ok(()), "{good}");
        }
        for (bad, says) in [
            ("LibC6", "not a Debian package name"),
            ("libc6 >= 2.31", "in brackets"),
            ("libc6 (2.31)", "no relation"),
            ("libc6 (>= two)", "not a Debian version"),
            ("a", "not a Debian package name"),
            ("libc6:any,evil", "no architecture"),
            ("libc6\n", "one line"),
        ] {
            let e = check_dependency(bad).expect_err("refused");
            assert!(e.contains(says), "{bad}: {e}");
        }
    }

    #[test]
    fn maintainers_and_prefixes_are_checked() {
        assert_eq!(check_maintainer("Abacus Row <pkg@abacus.example>"), Ok(()));
        for bad in [
            "Abacus Row",
            "<pkg@abacus.example>",
            "A <no-at>",
            "A <a@b>",
            "A\nEssential: yes\nX: a <p@x.example>",
        ] {
            assert!(check_maintainer(bad).is_err(), "{bad}");
        }
        assert_eq!(check_prefix("/opt/ledgerline"), Ok(()));
        assert_eq!(check_prefix("/usr/lib/ledgerline"), Ok(()));
        for bad in [
            "/opt",
            "/opt/",
            "/etc/x",
            "/opt/../etc",
            "opt/x",
            "/usr/bin/x",
        ] {
            assert!(check_prefix(bad).is_err(), "{bad}");
        }
    }
}
