//! The `alliance` command: parse the arguments, run, exit with the code `run` chose.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A shell asking for completions (`ALLIANCE_COMPLETE=bash alliance -- …`) is answered
    // and nothing else runs.
    alliance::cli::complete::answer_if_asked();
    alliance::cli::run(alliance::cli::Cli::parse())
}
