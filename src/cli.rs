//! The command line: clap derive types only.
//!
//! These types never enter the library; [`crate::run`] converts them into library options at
//! the edge.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Localized messenger bundles and signed installers for the software alliance.
#[derive(Debug, Parser)]
#[command(name = "alliance", version, about, max_term_width = 100)]
pub struct Cli {
    /// The workspace folder (the one holding `alliance.yaml`).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build, sign and record the whole release into `dist/<release>/`.
    Release(ReleaseArgs),
}

/// Options of `alliance release`.
#[derive(Debug, Args)]
pub struct ReleaseArgs {
    /// Time stamp (seconds since 1970) of every archive entry, for reproducible builds.
    #[arg(long, env = "SOURCE_DATE_EPOCH", value_name = "SECONDS")]
    pub source_date_epoch: Option<i64>,

    /// The minisign secret key to sign with (default: `signing.secret_key` of
    /// `alliance.yaml`, else a development key).
    #[arg(long, env = "ALLIANCE_SECRET_KEY", value_name = "FILE")]
    pub secret_key: Option<PathBuf>,
}
