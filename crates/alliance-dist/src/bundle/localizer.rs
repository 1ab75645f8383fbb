//! `Localizer`: the templates' `t()` through the catalogs of a release (`Translate`).

use super::*;

/// Formats messages for templates (`t(id="…", …)`) in the catalogs' locales.
pub struct Localizer {
    pub(super) bundles: HashMap<String, super::Bundle>,
    /// The locale used when a template gives none.
    pub default: String,
}

impl std::fmt::Debug for Localizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Localizer")
            .field("locales", &self.bundles.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl Localizer {
    /// A localizer over `catalogs`; `default` is used when a template names no locale.
    pub fn new(catalogs: &[&Catalog], default: &str) -> Result<Localizer, Vec<Problem>> {
        let mut bundles = HashMap::new();
        let mut problems = Vec::new();
        for catalog in catalogs {
            match catalog.bundle() {
                Ok(bundle) => {
                    bundles.insert(catalog.tag.to_string(), bundle);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(Localizer {
                bundles,
                default: default.to_string(),
            })
        } else {
            Err(problems)
        }
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` without arguments.
    pub fn message(&self, locale: &str, id: &str) -> Result<String, String> {
        self.format(locale, id, &FluentArgs::new())
    }

    /// The message `id` (or `id.attribute`) formatted in `locale` with `args`.
    pub(super) fn format(
        &self,
        locale: &str,
        id: &str,
        args: &FluentArgs<'_>,
    ) -> Result<String, String> {
        let bundle = self
            .bundles
            .get(locale)
            .or_else(|| self.bundles.get(&self.default))
            .ok_or_else(|| format!("no catalog for `{locale}`"))?;
        let (name, attribute) = match id.split_once('.') {
            Some((name, attribute)) => (name, Some(attribute)),
            None => (id, None),
        };
        let message = bundle
            .get_message(name)
            .ok_or_else(|| format!("there is no message `{name}`"))?;
        let pattern = match attribute {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        }
        .ok_or_else(|| format!("`{id}` has no text to show"))?;
        let mut errors = Vec::new();
        let text = bundle
            .format_pattern(pattern, Some(args), &mut errors)
            .into_owned();
        match errors.first() {
            Some(error) => Err(format!("`{id}` cannot be formatted: {}", describe(error))),
            None => Ok(text),
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
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            let value = match value {
                Arg::Number(n) => FluentValue::from(*n),
                Arg::Text(text) => FluentValue::from(text.clone()),
            };
            fluent_args.set(name.clone(), value);
        }
        self.format(locale, id, &fluent_args)
    }
}
