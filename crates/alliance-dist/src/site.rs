//! The download page: `index.html` of a release, rendered from
//! `templates/site/index.html.tera`.
//!
//! [`download_page`] gathers, from the release index, every installer (with its name and
//! description in each language that translates them) and every bundle (with its
//! language's own name and coverage), and renders the page in the reference locale. The
//! page is static: no scripts, no outside resources.

use crate::l10n::tag::Tag;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::bundle::{Catalog, Direction, Localizer};
use crate::diagnostic::{Error, Result};
use crate::manifest::{ArtifactEntry, ReleaseIndex};
use crate::package::Package;
use crate::templates::Templates;
use crate::workspace::Workspace;

/// The download page of a release, and its template.
pub const PAGE_FILE: &str = "index.html";
const PAGE_TEMPLATE: &str = "site/index.html.tera";

#[derive(Serialize)]
struct PageContext<'a> {
    locale: &'a str,
    release: PageRelease<'a>,
    messenger: String,
    installers: Vec<PageInstaller<'a>>,
    bundles: Vec<PageBundle<'a>>,
}

#[derive(Serialize)]
struct PageRelease<'a> {
    name: &'a str,
    reference_locale: &'a str,
    key_id: &'a str,
    development: bool,
    public_key: &'a str,
    checksums: &'a str,
}

#[derive(Serialize)]
struct PageInstaller<'a> {
    artifact: &'a str,
    package: &'a str,
    name: String,
    vendor: &'a str,
    version: &'a str,
    size: u64,
    sha256: &'a str,
    signature: &'a str,
    manifest: &'a str,
    /// The name and description in every language that translates them.
    names: Vec<PageName>,
}

#[derive(Serialize)]
struct PageName {
    locale: String,
    /// The language's name in itself ([`language_name`]).
    language: String,
    dir: Direction,
    name: String,
    description: String,
}

#[derive(Serialize)]
struct PageBundle<'a> {
    artifact: &'a str,
    locale: &'a str,
    /// The language's name in itself.
    language: String,
    dir: Direction,
    coverage: f64,
    size: u64,
    sha256: &'a str,
    signature: &'a str,
    manifest: &'a str,
}

/// The message holding each language's name in itself.
const LANGUAGE_NAME: &str = "bundle-language-name";

/// The name of the language of `tag` in that language (`українська` for `uk`), from CLDR
/// (ICU4X's display names); `None` where CLDR has none.
pub fn endonym(tag: &Tag) -> Option<String> {
    use icu_experimental::displaynames::{DisplayNamesOptions, LocaleDisplayNamesFormatter};
    let locale = tag.icu()?;
    let formatter =
        LocaleDisplayNamesFormatter::try_new(locale.clone().into(), DisplayNamesOptions::default())
            .ok()?;
    let name = formatter.of(&locale).into_owned();
    // Without data, the formatter echoes the tag (`xx`, `xx (YY)`).
    let language = locale.id.language.as_str();
    (!name.is_empty() && *tag != name && !name.starts_with(language)).then_some(name)
}

/// The language of `locale` named in itself: its translation of [`LANGUAGE_NAME`] (not
/// the reference's text, which a new locale still holds), else CLDR's name ([`endonym`]),
/// else its tag.
fn language_name(
    catalogs: &BTreeMap<String, Catalog>,
    localizer: &Localizer,
    reference: &str,
    locale: &Tag,
) -> String {
    let say = |tag: &str| localizer.message(tag, LANGUAGE_NAME).ok();
    let translated = catalogs
        .get(locale.as_str())
        .is_some_and(|c| c.translates(LANGUAGE_NAME))
        .then(|| say(locale))
        .flatten()
        .filter(|name| *locale == reference || Some(name) != say(reference).as_ref());
    translated
        .or_else(|| endonym(locale))
        .unwrap_or_else(|| locale.to_string())
}

/// Renders `templates/site/index.html.tera` for the release, if the workspace has it.
pub fn download_page(
    ws: &Workspace,
    templates: &Templates,
    localizer: &Localizer,
    catalogs: &BTreeMap<String, Catalog>,
    index: &ReleaseIndex,
) -> Result<Option<String>> {
    if !templates.contains(PAGE_TEMPLATE) {
        return Ok(None);
    }
    let reference = &ws.config.reference_locale;
    let mut installers = Vec::new();
    let mut bundles = Vec::new();
    for (name, entry) in &index.artifacts {
        match &entry.locale {
            None => installers.push(page_installer(ws, localizer, catalogs, name, entry)),
            Some(locale) => {
                let tag = Tag::new(locale.as_str());
                bundles.push(PageBundle {
                    artifact: name,
                    locale,
                    language: language_name(catalogs, localizer, reference, &tag),
                    dir: entry
                        .direction
                        .unwrap_or_else(|| crate::bundle::direction(&tag)),
                    coverage: entry.coverage.unwrap_or(0.0),
                    size: entry.size,
                    sha256: &entry.sha256,
                    signature: &entry.signature,
                    manifest: &entry.manifest,
                });
            }
        }
    }
    let messenger = ws
        .packages
        .iter()
        .find(|p| p.localized)
        .map_or_else(|| "The messenger".to_string(), |p| p.name.clone());
    let context = PageContext {
        locale: reference,
        release: PageRelease {
            name: &index.release,
            reference_locale: &index.reference_locale,
            key_id: &index.signed_by.key_id,
            development: index.signed_by.development,
            public_key: &index.public_key,
            checksums: &index.checksums,
        },
        messenger,
        installers,
        bundles,
    };
    let context = tera::Context::from_serialize(&context).unwrap_or_default();
    templates
        .render(PAGE_TEMPLATE, &context)
        .map(Some)
        .map_err(|p| Error::Invalid(vec![p]))
}

/// The download page's row of installer `name`, listed in the index as `entry`.
fn page_installer<'a>(
    ws: &'a Workspace,
    localizer: &Localizer,
    catalogs: &BTreeMap<String, Catalog>,
    name: &'a str,
    entry: &'a ArtifactEntry,
) -> PageInstaller<'a> {
    let reference = &ws.config.reference_locale;
    let say = |locale: &str, id: &str| localizer.message(locale, id).ok();
    let package = ws.packages.iter().find(|p| p.id == entry.package);
    let names = package
        .and_then(|p| p.name_message.as_deref().map(|m| (p, m)))
        .map(|(p, message)| page_names(p, message, localizer, catalogs, reference))
        .unwrap_or_default();
    PageInstaller {
        artifact: name,
        package: &entry.package,
        name: package.map_or_else(
            || entry.package.clone(),
            |p| {
                p.name_message
                    .as_deref()
                    .and_then(|m| say(reference, m))
                    .unwrap_or_else(|| p.name.clone())
            },
        ),
        vendor: package.map_or("", |p| p.vendor.as_str()),
        version: &entry.version,
        size: entry.size,
        sha256: &entry.sha256,
        signature: &entry.signature,
        manifest: &entry.manifest,
        names,
    }
}

/// The name (`message`) and description of package `p` in every language that translates
/// them.
fn page_names(
    p: &Package,
    message: &str,
    localizer: &Localizer,
    catalogs: &BTreeMap<String, Catalog>,
    reference: &str,
) -> Vec<PageName> {
    let say = |locale: &str, id: &str| localizer.message(locale, id).ok();
    catalogs
        .values()
        .filter(|c| c.translates(message))
        // A description the locale lacks would show the reference's text again, under
        // another language's name.
        .filter(|c| {
            c.tag == reference
                || p.description_message
                    .as_deref()
                    .is_none_or(|d| c.translates(d))
        })
        // A text still as the reference writes it (the copy `l10n add` made) is no
        // translation: shown under the language's name it would be English labelled as
        // Polish. The description decides (a name often stays as it is).
        .filter(|c| {
            let shown = p.description_message.as_deref().unwrap_or(message);
            c.tag == reference || say(&c.tag, shown) != say(reference, shown)
        })
        .filter_map(|c| {
            let description = p
                .description_message
                .as_deref()
                .and_then(|d| say(&c.tag, d));
            Some(PageName {
                locale: c.tag.to_string(),
                language: language_name(catalogs, localizer, reference, &c.tag),
                dir: c.direction,
                name: say(&c.tag, message)?,
                // Without a translated description, none: the reference's would be
                // labelled with this language.
                description: description.unwrap_or_else(|| {
                    if c.tag == reference {
                        p.description.clone()
                    } else {
                        String::new()
                    }
                }),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_named_in_themselves_by_cldr() {
        assert_eq!(endonym(&Tag::new("uk")).as_deref(), Some("українська"));
        assert_eq!(endonym(&Tag::new("de")).as_deref(), Some("Deutsch"));
        assert_eq!(endonym(&Tag::new("ja")).as_deref(), Some("日本語"));
        assert_eq!(endonym(&Tag::new("zz")), None);
        assert_eq!(endonym(&Tag::new("not a tag")), None);
    }
}
