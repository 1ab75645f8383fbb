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

/// Edit distance in characters: insertions, deletions, substitutions and swaps of two
/// neighbours (`lable` → `label` is one edit, the commonest typo), each counting one (the
/// optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back for a swap.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 0..a.len() {
        let mut row = vec![i + 1; b.len() + 1];
        for j in 0..b.len() {
            let cost = usize::from(a[i] != b[j]);
            row[j + 1] = (last[j] + cost).min(last[j + 1] + 1).min(row[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                row[j + 1] = row[j + 1].min(before[j - 1] + 1);
            }
        }
        before = std::mem::replace(&mut last, row);
    }
    last[b.len()]
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
        assert_eq!(edit_distance("lable", "label"), 1, "a swap is one edit");
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn the_distance_counts_characters_not_bytes() {
        assert_eq!(edit_distance("grüße", "grüsse"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
