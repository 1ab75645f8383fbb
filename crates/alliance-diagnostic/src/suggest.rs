//! Did you mean …? The candidate a mistyped name most likely meant, for every hint that
//! offers one (locales, keys of `package.yaml` and `alliance.yaml`, message ids, finding
//! codes).

/// "did you mean `x`?" for the candidate closest to `word`, if any is close.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a String>,
) -> Option<String> {
    closest(word, candidates).map(|c| phrase(c))
}

/// "did you mean `x`?" for `x`.
pub fn phrase(candidate: &str) -> String {
    format!("did you mean `{candidate}`?")
}

/// The candidate closest to `word` in spelling (case and `_` for `-` aside), if one is
/// close enough to be a typo of it.
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a String>,
) -> Option<&'a String> {
    let lower = word.to_lowercase().replace('_', "-");
    candidates
        .into_iter()
        .map(|c| (edit_distance(&lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= 1.max(c.chars().count() / 3))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_misses_are_suggested() {
        let tags = ["zh-CN".to_string(), "pt-BR".to_string(), "ja".to_string()];
        assert_eq!(
            did_you_mean("zh_cn", &tags).as_deref(),
            Some("did you mean `zh-CN`?")
        );
        assert_eq!(
            did_you_mean("pt-br", &tags).as_deref(),
            Some("did you mean `pt-BR`?")
        );
        assert_eq!(did_you_mean("fr", &tags), None);
    }

    #[test]
    fn the_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance("grüße", "grüsse"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
