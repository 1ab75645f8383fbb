//! `alliance l10n add LOCALE`: a new language, ready to translate.
//!
//! [`validate_new_tag`] accepts only a canonical BCP 47 tag for a language CLDR knows, and
//! suggests the tag meant (`zh_cn` → `zh-CN`, `jp` → `ja`) as every command does
//! ([`super::tag`]). [`scaffold`] writes one file per
//! reference file with every message present — still in the reference language, its text
//! repeated in a comment above it — and plural selects already shaped for the new
//! language's CLDR categories, so that `check` reports nothing but `untranslated`.
//! [`register`] adds the locale to an explicit `locales:` list of `alliance.yaml`.

use fluent_syntax::ast::{
    Entry, Expression, InlineExpression, Pattern, PatternElement, Resource, Variant, VariantKey,
};
use fluent_syntax::serializer;

use super::plural::{self, Plurals};
use super::tag::{self, Meant, Tag};
use super::{FtlFile, Locale};
use alliance_diagnostic::suggest::did_you_mean;

/// Checks that `tag` is a canonical BCP 47 tag of a language with CLDR plural rules;
/// the error says why and suggests the tag meant ([`tag::intended`], the same suggestion as
/// every other command's).
pub fn validate_new_tag(tag: &str) -> Result<Tag, String> {
    let parsed = Tag::new(tag);
    let meant = tag::intended(tag);
    if let Some(Meant::CountryCode(right)) = &meant {
        let (what, language) = match tag.split_once(['-', '_']) {
            Some((language, _)) => ("starts with a country code", language),
            None => ("is a country code", tag),
        };
        // `se` is Sweden, and Northern Sami too: that language is written with its region.
        let itself = match parsed.id().cloned() {
            Some(mut id) if tag::known_language(language) && id.region.is_none() => {
                id.maximize();
                id.script = None;
                match id.region {
                    Some(_) => format!(
                        " (for the language `{language}` itself, write it with its region: `{id}`)"
                    ),
                    None => String::new(),
                }
            }
            _ => String::new(),
        };
        return Err(format!(
            "`{tag}` {what}, not a language; did you mean `{right}`?{itself}"
        ));
    }
    let id = match parsed.id() {
        Some(id) => id,
        None => {
            return Err(format!(
                "`{}` is not a BCP 47 language tag; {}",
                alliance_diagnostic::escape::escape(tag),
                meant.map_or_else(
                    || "write a tag such as `de`, `pt-BR` or `zh-TW`".to_string(),
                    |m| format!("did you mean `{}`?", m.tag())
                )
            ));
        }
    };
    if let Some(meant) = meant {
        return Err(format!(
            "`{tag}` is not written as a BCP 47 tag; did you mean `{}`?",
            meant.tag()
        ));
    }
    let language = id.language.as_str();
    // A deprecated code CLDR replaces (`in` for Indonesian, now `id`; `iw`, `ji`, `mo`):
    // ICU4X's canonicalizer, CLDR's aliases.
    if let Ok(mut locale) = icu_locale_core::Locale::try_from_str(tag) {
        let canonicalizer = icu_locale::LocaleCanonicalizer::new_extended();
        canonicalizer.canonicalize(&mut locale);
        let canonical = locale.to_string();
        if locale.id.language.as_str() != language {
            let name = english_name(&locale)
                .map(|n| format!(" of {n}"))
                .unwrap_or_default();
            return Err(format!(
                "`{tag}` is the deprecated code{name}; did you mean `{canonical}`?"
            ));
        }
    }
    let known = tag::known_languages();
    if !known.contains(language) {
        let close = did_you_mean(language, &known)
            .map(|s| format!("; {s}"))
            .unwrap_or_default();
        return Err(format!("`{language}` is not a language CLDR knows{close}"));
    }
    Ok(parsed)
}

/// The English name of `locale`'s language, from CLDR (ICU4X's display names).
fn english_name(locale: &icu_locale_core::Locale) -> Option<String> {
    use icu_experimental::displaynames::{DisplayNamesOptions, LocaleDisplayNamesFormatter};
    let english = icu_locale_core::locale!("en");
    let formatter =
        LocaleDisplayNamesFormatter::try_new(english.into(), DisplayNamesOptions::default())
            .ok()?;
    let language = icu_locale_core::Locale::from(locale.id.language);
    let name = formatter.of(&language).into_owned();
    (name != language.to_string()).then_some(name)
}

/// The files of a new locale `tag`, scaffolded from `reference`: (relative path, text).
pub fn scaffold(reference: &Locale, tag: &Tag) -> Vec<(String, String)> {
    let plurals = Plurals::of(tag);
    reference
        .files
        .iter()
        .map(|file| {
            (
                file.rel.clone(),
                scaffold_file(file, &reference.tag, tag, plurals.as_ref()),
            )
        })
        .collect()
}

fn scaffold_file(
    file: &FtlFile,
    reference_tag: &str,
    tag: &str,
    plurals: Option<&Plurals>,
) -> String {
    let resource = match fluent_syntax::parser::parse(file.source()) {
        Ok(resource) => resource,
        Err((resource, _)) => resource,
    };
    let mut out = format!(
        "### {tag} translation of {rel}, created by `alliance l10n add {tag}` from {reference_tag}.\n\
         ### Translate each message; the comment above it shows the {reference_tag} text.\n",
        rel = file.rel
    );
    for entry in resource.body {
        let (comment, mut entry) = match entry {
            Entry::Message(mut message) => (message.comment.take(), Entry::Message(message)),
            Entry::Term(mut term) => (term.comment.take(), Entry::Term(term)),
            Entry::GroupComment(comment) => {
                out.push('\n');
                out.push_str(&serialize(Entry::GroupComment(comment)));
                continue;
            }
            _ => continue,
        };
        let original = serialize(entry.clone());
        if let Some(plurals) = plurals {
            reshape_entry(&mut entry, plurals);
        }
        out.push('\n');
        if let Some(comment) = comment {
            for line in &comment.content {
                out.push_str(if line.is_empty() { "#\n" } else { "# " });
                if !line.is_empty() {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
        for (i, line) in original.lines().enumerate() {
            out.push_str(if i == 0 { "# " } else { "#   " });
            if i == 0 {
                out.push_str(reference_tag);
                out.push_str(": ");
            }
            out.push_str(line);
            out.push('\n');
        }
        out.push_str(&serialize(entry));
    }
    out
}

fn serialize(entry: Entry<&str>) -> String {
    serializer::serialize(&Resource { body: vec![entry] })
}

fn reshape_entry(entry: &mut Entry<&str>, plurals: &Plurals) {
    match entry {
        Entry::Message(message) => {
            if let Some(value) = &mut message.value {
                reshape(value, plurals);
            }
            for attribute in &mut message.attributes {
                reshape(&mut attribute.value, plurals);
            }
        }
        Entry::Term(term) => {
            reshape(&mut term.value, plurals);
            for attribute in &mut term.attributes {
                reshape(&mut attribute.value, plurals);
            }
        }
        _ => {}
    }
}

/// Gives every plural select of `pattern` exactly the variants `plurals` selects (plus the
/// exact-number variants it had), each with the reference's text for that category or its
/// default text.
fn reshape(pattern: &mut Pattern<&str>, plurals: &Plurals) {
    for element in &mut pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            reshape_expression(expression, plurals);
        }
    }
}

fn reshape_expression(expression: &mut Expression<&str>, plurals: &Plurals) {
    match expression {
        Expression::Select { selector, variants } => {
            if plural::is_plural(selector, variants, &[]) {
                let default = variants
                    .iter()
                    .find(|v| v.default)
                    .or(variants.last())
                    .map(|v| v.value.clone())
                    .unwrap_or(Pattern {
                        elements: Vec::new(),
                    });
                let mut reshaped: Vec<Variant<&str>> = variants
                    .iter()
                    .filter(|v| matches!(v.key, VariantKey::NumberLiteral { .. }))
                    .cloned()
                    .map(|mut v| {
                        v.default = false;
                        v
                    })
                    .collect();
                for category in &plurals.all {
                    let value = variants
                        .iter()
                        .find(|v| matches!(v.key, VariantKey::Identifier { name } if name == *category))
                        .map_or_else(|| default.clone(), |v| v.value.clone());
                    reshaped.push(Variant {
                        key: VariantKey::Identifier { name: category },
                        value,
                        default: *category == "other",
                    });
                }
                *variants = reshaped;
            }
            for variant in variants {
                reshape(&mut variant.value, plurals);
            }
        }
        Expression::Inline(InlineExpression::Placeable { expression }) => {
            reshape_expression(expression, plurals)
        }
        Expression::Inline(_) => {}
    }
}

/// `alliance.yaml` with `tag` added to its `locales:` list; `None` when the file has no
/// explicit list (every folder under `locales/` is then built, the new one included).
pub fn register(config: &str, tag: &str) -> Result<Option<String>, String> {
    let lines: Vec<&str> = config.split_inclusive('\n').collect();
    let Some(at) = lines.iter().position(|l| l.starts_with("locales:")) else {
        return Ok(None);
    };
    let line = lines[at];
    let rest = line["locales:".len()..].trim();
    let rest = rest.split(" #").next().unwrap_or(rest).trim();
    let mut out = String::with_capacity(config.len() + tag.len() + 8);
    if rest.starts_with('[') {
        let Some(close) = line.rfind(']') else {
            return Err(
                "the `locales:` list spans several lines; add the locale to it yourself"
                    .to_string(),
            );
        };
        let inside = line[line.find('[').unwrap_or(0) + 1..close].trim();
        let insert = if inside.is_empty() {
            tag.to_string()
        } else {
            format!(", {tag}")
        };
        for (i, l) in lines.iter().enumerate() {
            if i == at {
                out.push_str(&l[..close]);
                out.push_str(&insert);
                out.push_str(&l[close..]);
            } else {
                out.push_str(l);
            }
        }
    } else if rest.is_empty() {
        let mut last = at;
        let mut indent = "  ".to_string();
        for (i, l) in lines.iter().enumerate().skip(at + 1) {
            let trimmed = l.trim_start();
            if trimmed.starts_with("- ") {
                last = i;
                indent = l[..l.len() - trimmed.len()].to_string();
            } else if !trimmed.is_empty() && !trimmed.starts_with('#') {
                break;
            }
        }
        for (i, l) in lines.iter().enumerate() {
            out.push_str(l);
            if i == last {
                if !l.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str(&format!("{indent}- {tag}\n"));
            }
        }
    } else {
        return Err(format!(
            "cannot read `locales: {rest}` of alliance.yaml; add the locale to it yourself"
        ));
    }
    Ok(Some(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_get_a_suggestion() {
        for (wrong, right) in [
            ("zh_cn", "zh-CN"),
            ("pt-br", "pt-BR"),
            ("jp", "ja"),
            ("ZH-tw", "zh-TW"),
            // Deprecated codes CLDR replaces (issue 23, item 6).
            ("in", "id"),
            ("iw", "he"),
            ("ji", "yi"),
            ("in-ID", "id-ID"),
        ] {
            let err = validate_new_tag(wrong).expect_err(wrong);
            assert!(
                err.contains(&format!("did you mean `{right}`?")),
                "{wrong}: {err}"
            );
        }
        assert!(
            validate_new_tag("qx")
                .expect_err("unknown")
                .contains("not a language CLDR knows")
        );
        assert!(validate_new_tag("de").is_ok());
        assert!(validate_new_tag("sr-Latn").is_ok());
        assert!(validate_new_tag("id").is_ok());
        assert!(
            validate_new_tag("in")
                .expect_err("deprecated")
                .contains("the deprecated code of Indonesian")
        );
    }

    /// Translators' issue, item 9: a country code gets the language meant; one that is a
    /// language too (`se`, Northern Sami) says how to write that language.
    #[test]
    fn country_codes_get_the_language_meant() {
        let ua = validate_new_tag("ua").expect_err("country code");
        assert_eq!(
            ua,
            "`ua` is a country code, not a language; did you mean `uk`?"
        );
        let se = validate_new_tag("se").expect_err("country code");
        assert_eq!(
            se,
            "`se` is a country code, not a language; did you mean `sv`? (for the language `se` itself, write it with its region: `se-NO`)"
        );
        assert!(validate_new_tag("se-NO").is_ok());
        let jp = validate_new_tag("jp_JP").expect_err("country code");
        assert!(
            jp.starts_with("`jp_JP` starts with a country code") && jp.contains("`ja-JP`"),
            "{jp}"
        );
    }

    #[test]
    fn locales_lists_grow_in_both_yaml_styles() {
        let flow = "release: x\nlocales: [en-US, de]  # built\nreference_locale: en-US\n";
        assert_eq!(
            register(flow, "fr").expect("edits").as_deref(),
            Some("release: x\nlocales: [en-US, de, fr]  # built\nreference_locale: en-US\n")
        );
        let block = "locales:\n  - en-US\n  - de\nrelease: x\n";
        assert_eq!(
            register(block, "fr").expect("edits").as_deref(),
            Some("locales:\n  - en-US\n  - de\n  - fr\nrelease: x\n")
        );
        assert_eq!(
            register("release: x\n", "fr").expect("nothing to edit"),
            None
        );
    }

    #[test]
    fn plural_selects_take_the_new_languages_categories() {
        let reference = Locale {
            tag: "en-US".into(),
            files: vec![FtlFile::new(
                "a.ftl",
                "locales/en-US/a.ftl",
                b"# $n (Number) - files\nfiles = { $n ->\n    [one] One file\n   *[other] { $n } files\n}\n",
            )],
        };
        let ru = &scaffold(&reference, &Tag::new("ru"))[0].1;
        for key in [
            "[one] One file",
            "[few] { $n } files",
            "[many] { $n } files",
            "*[other] { $n } files",
        ] {
            assert!(ru.contains(key), "{key} in\n{ru}");
        }
        assert!(
            ru.contains("# $n (Number) - files\n# en-US: files ="),
            "{ru}"
        );
        let ja = &scaffold(&reference, &Tag::new("ja"))[0].1;
        let ja_body: String = ja
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            !ja_body.contains("[one]") && ja_body.contains("*[other] { $n } files"),
            "{ja}"
        );
    }
}
