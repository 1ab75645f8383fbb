//! The download page: `index.html` of a release, rendered from
//! `templates/site/index.html.tera`.
//!
//! [`download_page`] gathers, from the release index, every installer (with its name and
//! description in each language that translates them) and every bundle (with its
//! language's own name and coverage), and renders the page in the reference locale. The
//! page is static: no scripts, no outside resources.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::bundle::{Catalog, Direction, Localizer};
use crate::error::{Error, Result};
use crate::manifest::ReleaseIndex;
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
    /// The language's name in itself (the locale's `bundle-language-name`), else its tag.
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
    let no_args = fluent_bundle::FluentArgs::new();
    let say = |locale: &str, id: &str| localizer.format(locale, id, &no_args).ok();
    let mut installers = Vec::new();
    let mut bundles = Vec::new();
    for (name, entry) in &index.artifacts {
        let package = ws.packages.iter().find(|p| p.id == entry.package);
        match &entry.locale {
            None => {
                let names = package
                    .and_then(|p| p.name_message.as_deref().map(|m| (p, m)))
                    .map(|(p, message)| {
                        catalogs
                            .values()
                            .filter(|c| c.translates(message))
                            // A description the locale lacks would show the reference's
                            // text again, under another language's name.
                            .filter(|c| {
                                &c.tag == reference
                                    || p.description_message
                                        .as_deref()
                                        .is_none_or(|d| c.translates(d))
                            })
                            .filter_map(|c| {
                                let description = p
                                    .description_message
                                    .as_deref()
                                    .and_then(|d| say(&c.tag, d));
                                let language = if c.translates(LANGUAGE_NAME) {
                                    say(&c.tag, LANGUAGE_NAME)
                                } else {
                                    None
                                };
                                Some(PageName {
                                    locale: c.tag.clone(),
                                    language: language.unwrap_or_else(|| c.tag.clone()),
                                    dir: c.direction,
                                    name: say(&c.tag, message)?,
                                    description: description
                                        .unwrap_or_else(|| p.description.clone()),
                                })
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                installers.push(PageInstaller {
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
                });
            }
            Some(locale) => bundles.push(PageBundle {
                artifact: name,
                locale,
                language: say(locale, LANGUAGE_NAME).unwrap_or_else(|| locale.clone()),
                dir: entry
                    .direction
                    .unwrap_or_else(|| crate::bundle::direction(locale)),
                coverage: entry.coverage.unwrap_or(0.0),
                size: entry.size,
                sha256: &entry.sha256,
                signature: &entry.signature,
                manifest: &entry.manifest,
            }),
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
