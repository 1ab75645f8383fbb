//! The command line: the only part of alliance that knows clap or prints.
//!
//! [`run`] takes the parsed [`Cli`], finds the workspace, and dispatches each command to one
//! `cmd_*` function of its family (`release`, `l10n`, `keys`, `install`, `manifest`,
//! `docs`). Those convert the clap types (`args`) into library options, call the library,
//! and hand its results to [`render::Output`], which writes them. Errors come back to
//! [`run`], to be rendered once with their exit code.

mod args;
pub mod complete;
mod docs;
mod install;
mod keys;
mod l10n;
mod manifest;
mod release;
pub mod render;
mod root;

use std::path::PathBuf;
use std::process::ExitCode;

pub use args::*;
pub use keys::PASSWORD_ENV;

use crate::diagnostic::{Error, Result};
use render::{ColorChoice, Output};

/// Runs a parsed command line; returns the process exit code (0 ok, 1 findings, 2 errors).
/// A closed stdout (`alliance … | head`) ends the command quietly, with 0.
pub fn run(cli: Cli) -> ExitCode {
    let mut out = Output::with_color(match cli.color {
        Color::Auto => ColorChoice::Auto,
        Color::Always => ColorChoice::Always,
        Color::Never => ColorChoice::Never,
    });
    match dispatch(&cli, &mut out) {
        Ok(code) => code,
        Err(Error::BrokenPipe) => ExitCode::SUCCESS,
        Err(error) => {
            out.error(&error, writes(&cli.command));
            ExitCode::from(error.exit_code())
        }
    }
}

/// Whether `command` may write files: its errors say that nothing was written. The
/// read-only ones (checks, reports, verification, plans) would only confuse with it.
fn writes(command: &Command) -> bool {
    match command {
        Command::Release(args) => !args.dry_run,
        Command::Package(args) => !args.check,
        Command::Verify(_)
        | Command::Manifest(ManifestCommand::Show(_) | ManifestCommand::Diff(_))
        | Command::L10n(L10nCommand::Check(_) | L10nCommand::Status(_) | L10nCommand::Format(_))
        | Command::Trust(TrustCommand::List(_))
        | Command::Root(RootCommand::Show(_))
        | Command::List(_) => false,
        _ => true,
    }
}

/// The workspace a command works on: `--root`, else the nearest folder holding
/// `alliance.yaml` from the current folder up, else the current folder (a command that needs
/// a workspace then says there is none; one that does not goes on without).
///
/// The commands that read release folders (`verify`, `manifest show`, `manifest diff`) do
/// not search: a workspace's keys count for its own output, and a downloaded folder can be
/// made to look like a workspace, so only `--root` or the current folder can name one. Run
/// from inside a downloaded release folder, they never trust a workspace found above it.
fn workspace_root(command: &Command) -> PathBuf {
    if let Some(root) = command.root() {
        return root.to_path_buf();
    }
    let searches = !matches!(
        command,
        Command::Verify(_) | Command::Manifest(ManifestCommand::Show(_) | ManifestCommand::Diff(_))
    );
    searches
        .then(|| std::env::current_dir().ok())
        .flatten()
        .and_then(|here| crate::workspace::discover(&here))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Runs one command: its `cmd_*` function, with the workspace root it works on.
fn dispatch(cli: &Cli, out: &mut Output) -> Result<ExitCode> {
    let root = workspace_root(&cli.command);
    match &cli.command {
        Command::Release(args) => release::cmd_release(&root, args, out),
        Command::Bundle(args) => release::cmd_bundle(&root, args, out),
        Command::Package(args) => release::cmd_package(&root, args, out),
        Command::InitPackage(args) => release::cmd_init_package(&root, args, out),
        Command::Manifest(ManifestCommand::Merge(args)) => release::cmd_merge(&root, args, out),
        Command::Keygen(args) => keys::cmd_keygen(&root, args, out),
        Command::Trust(command) => keys::cmd_trust(command, out),
        Command::Root(RootCommand::Init(_)) => root::cmd_init(&root, out),
        Command::Root(RootCommand::Sign(args)) => root::cmd_sign(args, out),
        Command::Cosign(args) => root::cmd_cosign(&root, args, out),
        Command::Root(RootCommand::Show(args)) => root::cmd_show(args, out),
        Command::Verify(args) => install::cmd_verify(&root, args, out),
        Command::Install(args) => install::cmd_install(args, out),
        Command::Upgrade(args) => install::cmd_upgrade(args, out),
        Command::Mirror(args) => install::cmd_mirror(args, out),
        Command::Uninstall(args) => install::cmd_uninstall(args, out),
        Command::List(args) => install::cmd_list(args, out),
        Command::Manifest(ManifestCommand::Diff(args)) => manifest::cmd_diff(&root, args, out),
        Command::Manifest(ManifestCommand::Show(args)) => manifest::cmd_show(&root, args, out),
        Command::L10n(L10nCommand::Check(args)) => l10n::cmd_check(&root, args, out),
        Command::L10n(L10nCommand::Status(args)) => l10n::cmd_status(&root, args, out),
        Command::L10n(L10nCommand::Add(args)) => l10n::cmd_add(&root, args, out),
        Command::L10n(L10nCommand::Accept(args)) => l10n::cmd_accept(&root, args, out),
        Command::L10n(L10nCommand::Format(args)) => l10n::cmd_format(&root, args, out),
        Command::Completions(args) => docs::cmd_completions(args, out),
        Command::Man(args) => docs::cmd_man(args, out),
        Command::Lsp => Ok(crate::lsp::run()),
    }
}
