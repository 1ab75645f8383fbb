//! The `.style` attributes of a message (`width: 20em`), as compare-locales checks them:
//! the same properties with the same units as the reference's.

use super::*;

/// compare-locales' check of `.style` attributes: the same properties with the same units.
pub(super) fn compare_styles(
    findings: &mut Findings<'_>,
    file: usize,
    unit: &Unit<'_, '_>,
    reference: &Unit<'_, '_>,
    tag: &str,
) {
    let Some(style) = unit.attributes.iter().find(|a| a.id.name == "style") else {
        return;
    };
    let Some(reference_style) = reference.attributes.iter().find(|a| a.id.name == "style") else {
        return;
    };
    let Some(expected) = StyleShape::of(&reference_style.value) else {
        return;
    };
    let range = ast::range(findings.src(file), style.id.name);
    let maps = match StyleShape::of(&style.value) {
        // Another message's `.style`: what it holds is checked where it is defined.
        Some(StyleShape::Reference(_)) => return,
        Some(StyleShape::Sizes(maps)) => maps,
        None => {
            let like = match &expected {
                StyleShape::Sizes(maps) if maps.len() == 1 => {
                    format!("like {tag}'s `{}`", maps[0].0)
                }
                StyleShape::Sizes(_) => format!("as every variant of the {tag} `.style` is"),
                StyleShape::Reference(r) => format!("as the {tag} `{{ {r} }}` is"),
            };
            findings.add(
                Code::StyleSyntax,
                file,
                Some(unit.id),
                range,
                format!("`{}.style` is not a list of sizes {like}", unit.id),
                Some("write `property: number unit;` pairs such as `width: 32em;`".to_string()),
            );
            return;
        }
    };
    // Properties and units are compared with a plain reference only: the variants of a
    // select may differ among themselves.
    let StyleShape::Sizes(reference_maps) = expected else {
        return;
    };
    let [(reference_text, reference_map)] = reference_maps.as_slice() else {
        return;
    };
    for (_, map) in maps {
        let mut notes = Vec::new();
        for (property, unit_name) in &map {
            match reference_map.get(property) {
                None => notes.push(format!("`{property}` only in the translation")),
                Some(expected) if expected != unit_name => {
                    notes.push(format!(
                        "units for `{property}` differ (`{unit_name}`, {tag} `{expected}`)"
                    ));
                }
                Some(_) => {}
            }
        }
        for property in reference_map.keys().filter(|p| !map.contains_key(*p)) {
            notes.push(format!("`{property}` only in {tag}"));
        }
        if !notes.is_empty() {
            findings.add(
                Code::StyleMismatch,
                file,
                Some(unit.id),
                range,
                format!(
                    "`{}.style` does not match {tag}: {}",
                    unit.id,
                    notes.join(", ")
                ),
                Some(format!(
                    "use the properties and units of {tag}: `{reference_text}`"
                )),
            );
            return;
        }
    }
}

/// What a `.style` attribute holds, as compare-locales reads it.
pub(super) enum StyleShape<'s> {
    /// Size lists (`width: 20em`): the text, or every variant of a select.
    Sizes(Vec<(&'s str, BTreeMap<String, String>)>),
    /// Another message's style, `{ panel.style }`.
    Reference(String),
}

impl<'s> StyleShape<'s> {
    /// `None` when the pattern is neither (a malformed size list included).
    fn of(pattern: &Pattern<&'s str>) -> Option<StyleShape<'s>> {
        let sizes = |text: &'s str| match css_spec(text) {
            Some(Ok(map)) => Some((text, map)),
            _ => None,
        };
        if let Some(text) = plain_text(pattern) {
            return sizes(text).map(|one| StyleShape::Sizes(vec![one]));
        }
        let [PatternElement::Placeable { expression }] = pattern.elements.as_slice() else {
            return None;
        };
        match expression {
            fluent_syntax::ast::Expression::Select { variants, .. } => variants
                .iter()
                .map(|v| plain_text(&v.value).and_then(sizes))
                .collect::<Option<Vec<_>>>()
                .map(StyleShape::Sizes),
            fluent_syntax::ast::Expression::Inline(InlineExpression::MessageReference {
                id,
                attribute: Some(attribute),
            }) if attribute.name == "style" => {
                Some(StyleShape::Reference(format!("{}.style", id.name)))
            }
            fluent_syntax::ast::Expression::Inline(_) => None,
        }
    }
}

/// The text of a pattern made of one text element only.
pub(super) fn plain_text<'s>(pattern: &Pattern<&'s str>) -> Option<&'s str> {
    match pattern.elements.as_slice() {
        [PatternElement::TextElement { value }] => Some(value),
        _ => None,
    }
}

/// `width: 20em; min-height: 3ch` as property -> unit; `None` when it is not a size list at
/// all, `Some(Err)` when it is malformed.
pub(super) fn css_spec(text: &str) -> Option<Result<BTreeMap<String, String>, ()>> {
    let mut map = BTreeMap::new();
    let declarations: Vec<&str> = text
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .collect();
    if declarations.is_empty() {
        return None;
    }
    for (i, declaration) in declarations.iter().enumerate() {
        let parsed = declaration.split_once(':').and_then(|(property, value)| {
            let property = property.trim();
            let value = value.trim();
            let base = property
                .trim_start_matches("min-")
                .trim_start_matches("max-");
            if base != "width" && base != "height" {
                return None;
            }
            let split = value.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
            let (number, unit) = value.split_at(split);
            let units = ["ch", "em", "ex", "rem", "px", "cm", "mm", "in", "pc", "pt"];
            (number.parse::<f64>().is_ok() && units.contains(&unit))
                .then(|| (property.to_string(), unit.to_string()))
        });
        match parsed {
            Some((property, unit)) => {
                map.insert(property, unit);
            }
            None if i == 0 => return None,
            None => return Some(Err(())),
        }
    }
    Some(Ok(map))
}
