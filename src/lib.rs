//! alliance: localized messenger bundles and signed vendor installers for the software
//! alliance.
//!
//! The pipeline runs one way: [`workspace`] loads and validates everything, [`l10n`] reads the
//! translations, [`release`] plans the artifacts, builds them with [`archive`] and
//! [`templates`], signs them with [`sign`], records them in [`manifest`]s and publishes the
//! release folder. The library returns values and errors ([`diagnostic`]); it never prints
//! or exits. [`cli`] is the command line, and the only part that parses arguments or prints:
//! [`cli::run`] converts the parsed arguments into library options and renders the results
//! through [`cli::render`].

pub mod bundle;
pub mod cli;
pub mod diagnostic;
pub mod diff;
pub mod install;
pub mod manifest;
pub mod package;
pub mod release;
pub mod remote;
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
