//! alliance: localized messenger bundles and signed vendor installers for the software
//! alliance.
//!
//! The library is `alliance-dist` (with the crates below it), re-exported here whole so that
//! `alliance::install` and the like name it; this crate adds [`cli`], the command line, and
//! the only part that parses arguments or prints: [`cli::run`] converts the parsed arguments
//! into library options and renders the results through [`cli::render`]; and [`lsp`], the
//! editor server (`alliance lsp`), which answers an editor from the same checks.

pub use alliance_dist::*;

pub mod cli;
pub mod lsp;
