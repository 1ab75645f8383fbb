//! Finding the newest release through a mirror's channel (`channel.yaml`, beside the release
//! folders; [`crate::manifest::Channel`]): [`open`] takes the address a user gives
//! (`--from`: a channel, a release folder, or the folder holding the channel) and returns
//! the release folder to fetch from with its trusted index.
//!
//! The channel is trusted as an index is: signed by a pinned key (a release key unless
//! development keys are allowed) with a trusted comment naming it, refused once expired
//! (unless `--allow-expired`) or below the sequence the install has seen. The release it
//! leads to is its newest, and that release's `release.yaml` must have the size, SHA-256
//! and sequence the channel states, on top of its own signature: a mirror can neither
//! point a channel at an older release nor swap an index under it.

use http::Size;

use super::{Mirror, Settings, SignedIndex, http, signed_by_pinned};
use crate::diagnostic::{Error, FetchError, Problem, Result};
use crate::manifest::{CHANNEL_FILE, CHANNEL_RELEASE, Channel, ChannelRelease};

/// The largest `channel.yaml` fetched.
pub const MAX_CHANNEL_BYTES: u64 = 4 << 20;

/// The release folder that `url` leads to, and its index, trusted: through the channel when
/// `url` names one (`…/channel.yaml`) or a folder without a release but with a channel;
/// else the release folder `url` itself. `seen` is the sequence the install has seen.
pub fn open(url: &str, settings: Settings, seen: Option<u64>) -> Result<(Mirror, SignedIndex)> {
    let folder = http::release_folder(url)?;
    if let Some(base) = folder.strip_suffix(&format!("/{CHANNEL_FILE}")) {
        return through_channel(base, settings, seen);
    }
    let mut mirror = Mirror::new(&folder, settings.clone())?;
    match mirror.index(seen) {
        Ok(signed) => {
            mirror.channel = signed
                .index
                .channel
                .as_deref()
                .and_then(|channel| relative(&mirror.base, channel));
            Ok((mirror, signed))
        }
        // No release here: the folder holding a channel, else the release's 404 stands.
        Err(missing @ Error::Fetch(FetchError::Status { status: 404, .. })) => {
            match through_channel(&folder, settings, seen) {
                Err(Error::Fetch(FetchError::Status {
                    status: 404, url, ..
                })) if url.ends_with(&format!("/{CHANNEL_FILE}")) => Err(missing),
                found => found,
            }
        }
        Err(e) => Err(e),
    }
}

/// The newest release of the channel in the folder `base`, and its index.
pub fn through_channel(
    base: &str,
    settings: Settings,
    seen: Option<u64>,
) -> Result<(Mirror, SignedIndex)> {
    let mut mirror = Mirror::new(base, settings)?;
    let url = mirror.url(CHANNEL_FILE);
    let (channel, warnings) = mirror.channel(seen)?;
    let Some(newest) = channel.releases.iter().max_by_key(|r| r.sequence) else {
        return Err(Error::Mirror {
            url,
            why: "the signed channel lists no release".to_string(),
        });
    };
    if newest.sequence != channel.sequence || !plain_folder(&newest.folder) {
        return Err(Error::Mirror {
            url,
            why: format!(
                "the signed channel's newest release `{}` is not one it could lead to (folder `{}`, sequence {} of {})",
                newest.release.escape_default(),
                newest.folder.escape_default(),
                newest.sequence,
                channel.sequence
            ),
        });
    }
    mirror.base = http::join(base, &newest.folder);
    mirror.expected = Some(newest.clone());
    mirror.channel = Some(url);
    let mut signed = mirror.index(seen)?;
    signed.warnings.splice(0..0, warnings);
    Ok((mirror, signed))
}

/// Whether `folder` is one path segment a channel may name.
fn plain_folder(folder: &str) -> bool {
    !folder.is_empty()
        && folder != "."
        && folder != ".."
        && !folder.contains(['/', '\\'])
        && !folder.chars().any(char::is_control)
}

/// The address `relative` (`../channel.yaml`, as an index names its channel) names from the
/// folder `base`; None when it climbs above the server's root or is not a plain path.
pub fn relative(base: &str, relative: &str) -> Option<String> {
    let authority = base.find("://")? + 3;
    let mut url = base.to_string();
    for part in relative.split('/') {
        match part {
            ".." => {
                let cut = url.rfind('/').filter(|cut| *cut >= authority)?;
                url.truncate(cut);
            }
            "" | "." => return None,
            name => url = http::join(&url, name),
        }
    }
    Some(url)
}

impl Mirror {
    /// Fetches `channel.yaml` of this folder and its signature and trusts them as
    /// [`Mirror::index`] trusts an index: signed by a pinned key for the channel, not
    /// expired (unless allowed), its sequence not below `seen`. Returns it with what the
    /// user should hear.
    fn channel(&self, seen: Option<u64>) -> Result<(Channel, Vec<String>)> {
        let url = self.url(CHANNEL_FILE);
        let refuse = |why: String| Error::Mirror {
            url: url.clone(),
            why,
        };
        let data = self.client.bytes(&url, Size::AtMost(MAX_CHANNEL_BYTES))?;
        let Some(signature) = self.signature_of(CHANNEL_FILE)? else {
            return Err(refuse(format!(
                "`{CHANNEL_FILE}` is not signed (no `{CHANNEL_FILE}.minisig`): an unsigned channel is never read"
            )));
        };
        // Nothing unsigned reaches the YAML parser.
        let keys = self.index_keys().map_err(&refuse)?;
        let (trusted, comment) = signed_by_pinned(&keys, &data, &signature).map_err(|why| {
            refuse(format!(
                "the signature of `{CHANNEL_FILE}` does not verify with a pinned key: {why}"
            ))
        })?;
        let check = crate::verify::bound_check(
            "channel",
            CHANNEL_FILE,
            &data,
            CHANNEL_RELEASE,
            trusted,
            &comment,
        );
        if !check.ok {
            return Err(refuse(check.detail));
        }
        if crate::sign::comment_field(&comment, "key") == Some("development")
            && !self.settings.allow_dev
        {
            return Err(refuse(
                "signed by a development key, which proves nothing to anyone else; pass --allow-dev to accept it".to_string(),
            ));
        }
        let text = std::str::from_utf8(&data)
            .map_err(|_| refuse(format!("not a channel: `{CHANNEL_FILE}` is not UTF-8 text")))?;
        let channel: Channel = crate::manifest::read(std::path::Path::new(CHANNEL_FILE), text)
            .map_err(|refused| refuse(format!("not a channel: {}", Problem::from(refused))))?;
        let mut warnings = Vec::new();
        let stamp = super::Stamp {
            expires: channel.expires.as_deref(),
            sequence: channel.sequence,
            seen,
        };
        super::fresh("channel", stamp, &self.settings, &mut warnings).map_err(refuse)?;
        Ok((channel, warnings))
    }

    /// Refuses the index `data`, of `sequence`, unless it is the one the channel this
    /// folder was reached through states.
    pub(super) fn check_expected(&self, data: &[u8], sequence: u64) -> Result<()> {
        let Some(ChannelRelease {
            release,
            size,
            sha256,
            sequence: stated,
            ..
        }) = &self.expected
        else {
            return Ok(());
        };
        if data.len() as u64 != *size
            || crate::archive::sha256_hex(data) != *sha256
            || sequence != *stated
        {
            return Err(Error::Mirror {
                url: self.url(crate::manifest::RELEASE_FILE),
                why: format!(
                    "it is not the index of release {} that the signed channel states (size, SHA-256 or sequence differ): the mirror swapped it",
                    release.escape_default()
                ),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_names_its_channel_relative_to_its_folder() {
        let at = |base, rel| relative(base, rel);
        assert_eq!(
            at("http://h:1/m/1995.08", "../channel.yaml").as_deref(),
            Some("http://h:1/m/channel.yaml")
        );
        assert_eq!(
            at("http://h/1995.08", "../channel.yaml").as_deref(),
            Some("http://h/channel.yaml")
        );
        assert_eq!(at("http://h", "../channel.yaml"), None, "above the root");
        assert_eq!(at("http://h/a", "../../channel.yaml"), None);
        assert_eq!(at("http://h/a", "/etc/passwd"), None);
        assert_eq!(at("http://h/a", "./x"), None);
        assert_eq!(
            at("http://h/a", "c d.yaml").as_deref(),
            Some("http://h/a/c%20d.yaml")
        );
    }

    #[test]
    fn a_channel_names_plain_folders_only() {
        for bad in ["", ".", "..", "a/b", "a\\b", "a\u{1b}"] {
            assert!(!plain_folder(bad), "{bad:?}");
        }
        assert!(plain_folder("1995.08"));
    }
}
