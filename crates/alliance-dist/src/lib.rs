//! The software alliance's distribution: localized messenger bundles, signed vendor
//! installers, their manifests and release folders, and an end user's verify, install,
//! upgrade and mirror.
//!
//! The pipeline runs one way: [`workspace`] loads and validates everything, [`l10n`] reads the
//! translations, [`release`] plans the artifacts, builds them with [`archive`] and
//! [`templates`], signs them with [`sign`], records them in [`manifest`]s and publishes the
//! release folder. On the end user's side, [`remote`] fetches from a mirror, [`verify`]
//! checks against pinned keys ([`trust`]), and [`install`] changes a prefix. It returns
//! values and errors ([`diagnostic`]); it never prints or exits: that is the `alliance`
//! binary's.

pub mod bundle;
pub mod cosign;
pub mod diagnostic;
pub mod diff;
pub mod install;
pub mod manifest;
pub mod package;
pub mod progress;
pub mod release;
pub mod remote;
pub mod root;
pub mod sign;
pub mod site;
pub mod templates;
pub mod trust;
pub mod verify;
pub mod workspace;
pub mod yaml;

pub use alliance_archive as archive;
pub use alliance_archive::untrusted;
pub use alliance_date as date;
pub use alliance_fs as fs;
pub use alliance_l10n as l10n;
