//! `Localizer`: the templates' `t()` through the catalogs of a release (`Translate`).

use super::*;

/// Formats messages for templates (`t(id="…", …)`) in the catalogs' locales, as
/// `l10n format` does: CLDR plurals and numbers through ICU4X.
pub struct Localizer {
    pub(super) formatters: HashMap<String, crate::l10n::format::Formatter>,
    /// The locale used when a template gives none.
    pub default: String,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("locales", &self.formatters.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Localizer {
    /// A localizer over `catalogs`; `default` is used when a template names no locale.
    pub fn new(catalogs: &[&Catalog], default: &str) -> Result<Localizer, Vec<Problem>> {
        let mut formatters = HashMap::new();
        let mut problems = Vec::new();
        for catalog in catalogs {
            match catalog.resources() {
                Ok(resources) => {
                    let formatter =
                        crate::l10n::format::Formatter::of_bundle(&catalog.tag, &resources);
                    formatters.insert(catalog.tag.to_string(), formatter);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(Localizer {
                formatters,
                default: default.to_string(),
            })
        } else {
            Err(problems)
        }
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` without arguments.
    pub fn message(&self, locale: &str, id: &str) -> Result<String, String> {
        self.format(locale, id, &BTreeMap::new())
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` with `args`.
    pub(super) fn format(
        &self,
        locale: &str,
        id: &str,
        args: &BTreeMap<String, crate::l10n::format::Value>,
    ) -> Result<String, String> {
        let formatter = self
            .formatters
            .get(locale)
            .or_else(|| self.formatters.get(&self.default))
            .ok_or_else(|| format!("no catalog for `{locale}`"))?;
        let name = id.split_once('.').map_or(id, |(name, _)| name);
        if !formatter.has_message(name) {
            return Err(format!("there is no message `{name}`"));
        }
        let formatted = formatter
            .format(id, args)
            .ok_or_else(|| format!("`{id}` has no text to show"))?;
        match formatted.errors.first() {
            Some(error) => Err(format!("`{id}` cannot be formatted: {error}")),
            None => Ok(formatted.text),
        }
    }
}

impl Translate for Localizer {
    fn default_locale(&self) -> &str {
        &self.default
    }

    fn translate(
        &self,
        locale: &str,
        id: &str,
        args: &BTreeMap<String, Arg>,
    ) -> Result<String, String> {
        use crate::l10n::format::Value;
        let values = args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Arg::Number(n) => Value::Number(n.to_string()),
                    Arg::Text(text) => Value::Text(text.clone()),
                };
                (name.clone(), value)
            })
            .collect();
        self.format(locale, id, &values)
    }
}
