//! alliance: localized messenger bundles and signed vendor installers for the software
//! alliance.
//!
//! The pipeline runs one way: [`workspace`] loads and validates everything, [`l10n`] reads the
//! translations, [`release`] plans the artifacts, builds them with [`archive`] and
//! [`templates`], signs them with [`sign`], records them in [`manifest`]s and publishes the
//! release folder. [`run`] is the command line's entry: it converts [`cli`] types into
//! library options and renders the results through [`output`].

pub mod archive;
pub mod cli;
pub mod error;
pub mod l10n;
pub mod manifest;
pub mod output;
pub mod package;
pub mod release;
pub mod sign;
pub mod templates;
pub mod workspace;
pub mod yaml;

use std::process::ExitCode;

use cli::{Cli, Command};
use error::{Error, Result};
use output::Output;
use workspace::Workspace;

/// The environment variable holding the secret key's password.
pub const PASSWORD_ENV: &str = "ALLIANCE_KEY_PASSWORD";

/// Runs a parsed command line; returns the process exit code (0 ok, 1 findings, 2 errors).
pub fn run(cli: Cli) -> ExitCode {
    let mut out = Output::new();
    match dispatch(&cli, &mut out) {
        Ok(code) => code,
        Err(error) => {
            out.error(&error);
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: &Cli, out: &mut Output) -> Result<ExitCode> {
    match &cli.command {
        Command::Release(args) => {
            let ws = Workspace::load(&cli.root)?;
            let options = release::Options {
                source_date_epoch: args.source_date_epoch,
                key: sign::KeySource {
                    secret_key: args
                        .secret_key
                        .clone()
                        .or_else(|| ws.config.secret_key.clone()),
                    password: std::env::var(PASSWORD_ENV).ok(),
                },
            };
            let report = release::run(&ws, &options)?;
            out.release(&ws, &report);
            Ok(ExitCode::SUCCESS)
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Other(e.to_string())
    }
}
