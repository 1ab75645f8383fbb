//! The `alliance` command: parse the arguments, run, exit with the code `run` chose.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    alliance::cli::run(alliance::cli::Cli::parse())
}
