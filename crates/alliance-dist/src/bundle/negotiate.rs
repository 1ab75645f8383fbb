//! Which locales a bundle is made of: the fallback chain of a locale (configured, else
//! negotiated: pt-PT takes pt-BR), the closest locale a release has, the writing direction,
//! and the pseudo-locales.

use unic_langid::LanguageIdentifier;

use super::*;

/// A pseudo-locale for testers, made from the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pseudo {
    /// `en-XA`: accented letters, about 30% longer, to find clipped and hard-coded text.
    Accented,
    /// `ar-XB`: mirrored letters between right-to-left marks, to find layout that breaks.
    Bidi,
}

impl Pseudo {
    /// The tag of the pseudo-locale.
    pub fn tag(self) -> &'static str {
        match self {
            Pseudo::Accented => "en-XA",
            Pseudo::Bidi => "ar-XB",
        }
    }

    pub(super) fn transform(self, text: &str) -> String {
        match self {
            Pseudo::Accented => fluent_pseudo::transform(text, false, true).into_owned(),
            Pseudo::Bidi => format!(
                "\u{202E}{}\u{202C}",
                fluent_pseudo::transform(text, true, false)
            ),
        }
    }
}

/// Writing direction of a locale (part of the manifest schema; also here, where it is
/// decided).
pub use crate::manifest::Direction;

/// The writing direction of `tag` (Arabic, Hebrew, Persian … are right to left).
pub fn direction(tag: &Tag) -> Direction {
    if tag.is_rtl() {
        Direction::Rtl
    } else {
        Direction::Ltr
    }
}

/// What `alliance.yaml` says about fallback: the reference, the last link of every chain,
/// and the configured chains.
#[derive(Debug, Clone, Copy)]
pub struct Fallback<'c> {
    /// The tag of the reference locale.
    pub reference: &'c str,
    /// Configured fallback chains (without the locale itself and the reference), by tag.
    pub configured: &'c BTreeMap<String, Vec<String>>,
    /// `l10n.stale: fallback`: a stale translation is taken from the next locale of the
    /// chain, like a rejected one, instead of shipping as it is.
    pub stale_fallback: bool,
}

/// The fallback chain of `tag` among `locales`: itself, the configured or negotiated
/// fallbacks, the reference.
pub fn chain(locales: &[Locale], fallback: Fallback<'_>, tag: &Tag) -> Vec<String> {
    let reference = fallback.reference;
    if *tag == reference {
        return vec![tag.to_string()];
    }
    let mut chain = vec![tag.to_string()];
    let known = |t: &str| locales.iter().any(|l| l.tag == t);
    if let Some(configured) = fallback.configured.get(tag.as_str()) {
        // The reference comes last whatever the configuration says, and no link twice.
        for link in configured {
            if known(link) && link != reference && !chain.contains(link) {
                chain.push(link.clone());
            }
        }
    } else {
        let others: Vec<&Tag> = locales
            .iter()
            .map(|l| &l.tag)
            .filter(|t| *t != tag && **t != reference)
            .collect();
        chain.extend(closest_locale(tag, &others));
    }
    if !chain.iter().any(|link| link == reference) {
        chain.push(reference.to_string());
    }
    chain
}

/// The locale of `available` closest to `tag` by language negotiation (`pt-PT` takes
/// `pt-BR`, `de-AT` takes `de`), never across scripts (Simplified Chinese is no fallback for
/// Traditional); `None` when none is close.
pub fn closest_locale(tag: &Tag, available: &[&Tag]) -> Option<String> {
    let requested = tag.id()?.clone();
    let available: Vec<LanguageIdentifier> =
        available.iter().filter_map(|t| t.id().cloned()).collect();
    let matches = fluent_langneg::negotiate_languages(
        std::slice::from_ref(&requested),
        &available,
        None,
        fluent_langneg::NegotiationStrategy::Filtering,
    );
    let script = |id: &LanguageIdentifier| {
        let mut id = id.clone();
        id.maximize();
        id.script
    };
    let wanted = script(&requested);
    matches
        .into_iter()
        .find(|m| script(m) == wanted)
        .map(ToString::to_string)
}
