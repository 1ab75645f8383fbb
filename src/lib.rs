//! alliance: localized messenger bundles and signed vendor installers for the software
//! alliance.
//!
//! The pipeline runs one way: [`workspace`] loads and validates everything, [`l10n`] reads the
//! translations, [`release`] plans the artifacts, builds them with [`archive`] and
//! [`templates`], signs them with [`sign`], records them in [`manifest`]s and publishes the
//! release folder. [`run`] is the command line's entry: it converts [`cli`] types into
//! library options and renders the results through [`output`].

pub mod archive;
pub mod bundle;
pub mod cli;
pub mod diff;
pub mod error;
pub mod install;
pub mod l10n;
pub mod manifest;
pub mod output;
pub mod package;
pub mod release;
pub mod shard;
pub mod sign;
pub mod site;
pub mod templates;
pub mod verify;
pub mod workspace;
pub mod yaml;

use std::process::ExitCode;

use cli::{Cli, Command, Format, L10nCommand, ManifestCommand};
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
        Command::Release(args) if args.dry_run => {
            let ws = Workspace::load(&cli.root)?;
            out.plan(&ws, &release::plan(&ws, &release::Selection::default()));
            Ok(ExitCode::SUCCESS)
        }
        Command::Release(args) => {
            let ws = Workspace::load(&cli.root)?;
            let selection = release::Selection {
                shard: args.shard.map(|s| (s.index, s.count)),
                ..release::Selection::default()
            };
            build(&ws, &args.build, selection, out)
        }
        Command::Bundle(args) => {
            let ws = Workspace::load(&cli.root)?;
            let selection = release::Selection {
                bundles_only: Some(args.locales.clone()),
                installers_only: None,
                shard: None,
                pseudo: args
                    .pseudo
                    .iter()
                    .map(|p| match p {
                        cli::PseudoArg::Accented => bundle::Pseudo::Accented,
                        cli::PseudoArg::Bidi => bundle::Pseudo::Bidi,
                    })
                    .collect(),
            };
            build(&ws, &args.build, selection, out)
        }
        Command::Package(args) if args.check => {
            let ws = Workspace::load_packages(&cli.root)?;
            out.packages_checked(&ws);
            Ok(ExitCode::SUCCESS)
        }
        Command::Package(args) => {
            let ws = Workspace::load(&cli.root)?;
            let selection = release::Selection {
                installers_only: Some(args.packages.clone()),
                ..release::Selection::default()
            };
            build(&ws, &args.build, selection, out)
        }
        Command::InitPackage(args) => {
            let files = package::scaffold::init_package(&cli.root, &args.id)?;
            out.init_package(&args.id, &files);
            Ok(ExitCode::SUCCESS)
        }
        Command::Keygen(args) => {
            let password = if args.unencrypted {
                None
            } else {
                Some(new_password()?)
            };
            let out_path = if args.out.is_absolute() {
                args.out.clone()
            } else {
                cli.root.join(&args.out)
            };
            let generated = sign::keygen(&out_path, password.as_deref())?;
            out.keygen(&generated);
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify(args) => {
            let options = verify_options(&cli.root, &args.trust)?;
            let results: Vec<verify::Verification> = args
                .artifacts
                .iter()
                .map(|a| verify::verify(a, &options))
                .collect();
            match args.format {
                Format::Text => out.verifications(&results),
                Format::Json => out.json(&results),
            }
            Ok(if results.iter().all(|r| r.ok) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Install(args) => {
            let options = verify_options(&cli.root, &args.trust)?;
            match install::install(&args.installer, &args.prefix, &options)? {
                Ok(receipt) => {
                    out.installed(&args.prefix, &receipt);
                    Ok(ExitCode::SUCCESS)
                }
                Err(refused) => {
                    out.refused(&args.installer, &refused);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Uninstall(args) => {
            let removed = install::uninstall(&args.prefix)?;
            out.uninstalled(&args.prefix, &removed);
            Ok(ExitCode::SUCCESS)
        }
        Command::Manifest(ManifestCommand::Diff(args)) => {
            let difference = diff::diff(&diff::load(&args.old)?, &diff::load(&args.new)?);
            match args.format {
                Format::Text => out.diff(&difference),
                Format::Json => out.json(&difference),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Manifest(ManifestCommand::Merge(args)) => {
            let ws = Workspace::load(&cli.root)?;
            let started = std::time::Instant::now();
            let options = build_options(&ws, &args.build, release::Selection::default());
            let report = shard::merge(&ws, &args.shards, &args.out, &options)?;
            out.release(&ws, &report, started.elapsed());
            Ok(ExitCode::SUCCESS)
        }
        Command::Manifest(ManifestCommand::Show(args)) => {
            let index = diff::load(&args.release)?;
            match args.format {
                Format::Text => out.show(&index),
                Format::Json => out.json(&index),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::L10n(L10nCommand::Check(args)) => {
            let ws = Workspace::load_l10n(&cli.root)?;
            let report = l10n_report(&ws, args.reference.as_deref(), &args.locales)?;
            match args.format {
                Format::Text => out.check(&report),
                Format::Json => out.json(&report.json(true)),
            }
            Ok(if report.fails(args.deny_warnings) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::L10n(L10nCommand::Status(args)) => {
            let ws = Workspace::load_l10n(&cli.root)?;
            let report = l10n_report(&ws, None, &[])?;
            match args.format {
                Format::Text => out.status(&report),
                Format::Json => out.json(&report.json(false)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::L10n(L10nCommand::Add(args)) => {
            let ws = Workspace::load_l10n(&cli.root)?;
            let added = l10n::add_locale(&ws, &args.locale)?;
            out.added(&ws, &args.locale, &added);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The keys `verify` and `install` trust: `--key` files, else the workspace's `keys/*.pub`;
/// with `--allow-dev`, the workspace's development key too.
fn verify_options(root: &std::path::Path, args: &cli::TrustArgs) -> Result<verify::Options> {
    let mut keys = Vec::new();
    // `keys/` is trusted only in a workspace: a downloaded folder could bring its own.
    if args.keys.is_empty() && root.join(workspace::CONFIG_FILE).is_file() {
        keys.extend(sign::trusted_keys(&root.join("keys"))?);
    }
    for path in &args.keys {
        keys.push(sign::TrustedKey::read(path, path.display().to_string())?);
    }
    if args.allow_dev {
        let dev = root.join(sign::DEV_KEY_DIR).join(sign::DEV_PUBLIC);
        if dev.is_file() {
            keys.push(sign::TrustedKey::read(
                &dev,
                "the workspace's development key".to_string(),
            )?);
        }
    }
    if keys.is_empty() {
        return Err(Error::Invalid(vec![
            error::Problem::new(root.join("keys"), "no trusted public key").with_help(
                "pass the publisher's minisign public key with --key FILE (or, in a workspace, put it in keys/)",
            ),
        ]));
    }
    Ok(verify::Options {
        keys,
        release_dir: args.release.clone(),
        allow_dev: args.allow_dev,
        limits: archive::Limits::default(),
    })
}

/// A new key's password: `ALLIANCE_KEY_PASSWORD`, or asked twice on a terminal.
fn new_password() -> Result<String> {
    use std::io::IsTerminal;
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        if password.is_empty() {
            return Err(Error::Signing(format!(
                "{PASSWORD_ENV} is empty; a key needs a password (or --unencrypted)"
            )));
        }
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::Signing(format!(
            "no terminal to ask for the new key's password: set {PASSWORD_ENV}, or pass --unencrypted for a test key"
        )));
    }
    let first = rpassword::prompt_password("password for the new secret key: ")?;
    let second = rpassword::prompt_password("the same password again: ")?;
    if first != second {
        return Err(Error::Signing(
            "the two passwords differ; nothing was written".to_string(),
        ));
    }
    if first.is_empty() {
        return Err(Error::Signing(
            "an empty password protects nothing; nothing was written".to_string(),
        ));
    }
    Ok(first)
}

/// Runs a building command with progress shown, and reports what it wrote.
fn build(
    ws: &Workspace,
    args: &cli::BuildArgs,
    selection: release::Selection,
    out: &mut Output,
) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut options = build_options(ws, args, selection);
    options.progress = Some(out.progress());
    let report = release::run(ws, &options)?;
    out.release(ws, &report, started.elapsed());
    Ok(ExitCode::SUCCESS)
}

/// The release options of a building command.
fn build_options(
    ws: &Workspace,
    args: &cli::BuildArgs,
    selection: release::Selection,
) -> release::Options {
    release::Options {
        source_date_epoch: args.source_date_epoch,
        key: sign::KeySource {
            secret_key: args
                .secret_key
                .clone()
                .or_else(|| ws.config.secret_key.clone()),
            password: std::env::var(PASSWORD_ENV).ok(),
            ask: terminal_prompt(),
        },
        selection,
        progress: None,
    }
}

/// A password prompt when stdin is a terminal (rpassword reads without echo).
fn terminal_prompt() -> Option<fn(&str) -> std::io::Result<String>> {
    use std::io::IsTerminal;
    fn ask(prompt: &str) -> std::io::Result<String> {
        rpassword::prompt_password(prompt)
    }
    std::io::stdin()
        .is_terminal()
        .then_some(ask as fn(&str) -> std::io::Result<String>)
}

/// Checks the requested locales (all when `requested` is empty) against the reference.
fn l10n_report(
    ws: &Workspace,
    reference: Option<&str>,
    requested: &[String],
) -> Result<l10n::report::Report> {
    let tags: Vec<&String> = ws.locales.iter().map(|l| &l.tag).collect();
    let find = |tag: &str| -> Result<&l10n::Locale> {
        ws.locales.iter().find(|l| l.tag == tag).ok_or_else(|| {
            let mut problem = error::Problem::new(
                std::path::Path::new(l10n::LOCALES_DIR).join(tag),
                format!("there is no locale `{tag}` in this workspace"),
            );
            problem = problem.with_help(
                workspace::did_you_mean(tag, tags.iter().copied()).unwrap_or_else(|| {
                    format!(
                        "the locales are {}",
                        tags.iter()
                            .map(|t| t.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                }),
            );
            Error::Invalid(vec![problem])
        })
    };
    let reference = find(reference.unwrap_or(&ws.config.reference_locale))?;
    let locales: Vec<&l10n::Locale> = if requested.is_empty() {
        ws.locales.iter().collect()
    } else {
        requested.iter().map(|t| find(t)).collect::<Result<_>>()?
    };
    let options = l10n::check::Options {
        untranslated_allow: ws.config.untranslated_allow.clone(),
    };
    Ok(l10n::check::check(reference, &locales, &options))
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Other(e.to_string())
    }
}
