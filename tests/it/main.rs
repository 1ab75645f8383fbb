//! The end-to-end tests, one binary: each module is one area of alliance driven through
//! the built `alliance` binary (or its library), on copies of the sample workspace and of
//! the fixtures under `tests/fixtures/`. The helpers (`common`, the HTTP test server `http`)
//! compile once for all of them.

mod common;
mod http;

mod browser;
mod ci_formats;
mod cldr_plurals;
mod cli_bundle;
mod cli_errors;
mod cli_help;
mod cli_l10n;
mod cli_limits;
mod cli_manifest;
mod cli_mirror;
mod cli_package;
mod cli_release;
mod cli_trust;
mod cli_upgrade_safety;
mod cli_verify_install;
mod cli_workspace;
mod delta;
mod fluent_parity;
mod fluent_spec;
mod fuzz_regressions;
mod l10n_add_property;
mod lsp;
mod native;
mod package_stream;
mod readme;
mod release_index;
mod root_of_trust;
mod stale;
