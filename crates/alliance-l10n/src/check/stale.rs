//! `stale`: a translation whose reference text changed since it was made or accepted
//! (see [`crate::stale`] for where that is recorded).

use super::{Code, Findings, Pair, id_range};
use crate::ast::Unit;
use crate::stale::{Reference, Source};

/// Whether translation `unit` (of locale file `li`) is stale against `reference_unit`;
/// if so, a finding with the old and the new reference text.
pub(super) fn stale(
    findings: &mut Findings<'_>,
    pair: &Pair<'_>,
    (ri, li): (usize, usize),
    unit: &Unit<'_, '_>,
    reference_unit: &Unit<'_, '_>,
) -> bool {
    let Some(record) = pair.record else {
        return false;
    };
    let rel = findings.file(li).rel.as_str();
    let id = unit.id.to_string();
    let Some(accepted) = record.accepted(rel, &id) else {
        return false;
    };
    let Some(now) = pair
        .reference_texts
        .get(ri)
        .and_then(|texts| texts.get(&reference_unit.id))
    else {
        return false;
    };
    if accepted.fingerprint == now.fingerprint {
        return false;
    }
    let own = match accepted.translated {
        Some(_) => Reference::of(unit).fingerprint,
        None => accepted.fingerprint,
    };
    if !accepted.is_stale(own, now.fingerprint) {
        return false;
    }
    let reference_tag = pair.reference_tag();
    let was = match &accepted.text {
        Some(text) => format!("it was `{text}`"),
        None => "the earlier text is not on record".to_string(),
    };
    let since = match accepted.source {
        Source::Lock => "changed since this translation was accepted",
        Source::History => "changed in a commit after the translation's last one",
    };
    let tag = pair.parsed.locale.tag.as_str();
    let range = id_range(findings.src(li), unit.id);
    findings.add(
        Code::Stale,
        li,
        Some(unit.id),
        range,
        format!(
            "the {reference_tag} text of `{id}` {since}: {was}, it is now `{}`",
            now.text
        ),
        Some(format!(
            "bring the translation up to date, then confirm it with `alliance l10n accept {tag} {id}`"
        )),
    );
    true
}
