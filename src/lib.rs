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
pub mod date;
pub mod diagnostic;
pub mod diff;
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
pub mod trust;
pub mod untrusted;
pub mod verify;
pub mod workspace;
pub mod yaml;

use std::process::ExitCode;

use cli::{Cli, Command, Format, L10nCommand, ManifestCommand};
use diagnostic::{Error, PasswordError, Result};
use output::Output;
use workspace::Workspace;

/// The environment variable holding the secret key's password.
pub const PASSWORD_ENV: &str = "ALLIANCE_KEY_PASSWORD";
/// A new key's password shorter than this draws a warning.
const MIN_PASSWORD_CHARS: usize = 12;

/// Runs a parsed command line; returns the process exit code (0 ok, 1 findings, 2 errors).
pub fn run(cli: Cli) -> ExitCode {
    let mut out = Output::with_color(match cli.color {
        cli::Color::Auto => output::ColorChoice::Auto,
        cli::Color::Always => output::ColorChoice::Always,
        cli::Color::Never => output::ColorChoice::Never,
    });
    match dispatch(&cli, &mut out) {
        Ok(code) => code,
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
        | Command::L10n(L10nCommand::Check(_) | L10nCommand::Status(_))
        | Command::Trust(cli::TrustCommand::List(_))
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
fn workspace_root(command: &Command) -> std::path::PathBuf {
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
        .and_then(|here| workspace::discover(&here))
        .unwrap_or_else(|| std::path::PathBuf::from("."))
}

fn dispatch(cli: &Cli, out: &mut Output) -> Result<ExitCode> {
    let root = workspace_root(&cli.command);
    match &cli.command {
        Command::Release(args) => {
            let ws = Workspace::load(&root)?;
            let selection = release::Selection {
                shard: args.shard.map(|s| (s.index, s.count)),
                ..release::Selection::default()
            };
            if args.dry_run {
                out.plan(&ws, &selection, &release::plan(&ws, &selection));
                return Ok(ExitCode::SUCCESS);
            }
            build(&ws, &args.build, selection, args.strict, out)
        }
        Command::Bundle(args) => {
            let ws = Workspace::load(&root)?;
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
            build(&ws, &args.build, selection, args.strict, out)
        }
        Command::Package(args) if args.check => {
            let ws = Workspace::load_packages(&root)?;
            out.packages_checked(&ws);
            Ok(ExitCode::SUCCESS)
        }
        Command::Package(args) => {
            let ws = Workspace::load(&root)?;
            let selection = release::Selection {
                installers_only: Some(args.packages.clone()),
                ..release::Selection::default()
            };
            build(&ws, &args.build, selection, false, out)
        }
        Command::InitPackage(args) => {
            let files = package::scaffold::init_package(&root, &args.id)?;
            out.init_package(&args.id, &files);
            Ok(ExitCode::SUCCESS)
        }
        Command::Keygen(args) => {
            let (public, secret) = match &args.out {
                // An explicit path is where the user is, not where the workspace is.
                Some(path) => (path.with_extension("pub"), path.with_extension("key")),
                None => sign::named_pair(&root, &args.name)?,
            };
            sign::check_new_pair(&public, &secret)?;
            let password = if args.unencrypted {
                None
            } else {
                Some(new_password()?)
            };
            let generated = sign::keygen_pair(&public, &secret, password.as_deref())?;
            out.keygen(&generated);
            if password
                .as_ref()
                .is_some_and(|p| p.chars().count() < MIN_PASSWORD_CHARS)
            {
                out.warn(&format!(
                    "the password is shorter than {MIN_PASSWORD_CHARS} characters: whoever gets \
                     the secret key file could guess it"
                ));
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Verify(args) => {
            let trust = trust::Trust::pinned(&args.trust.keys)?
                .with_workspace(&root, args.trust.allow_dev)?;
            let options = verify::Options {
                keys: Vec::new(),
                release_dir: args.trust.release.clone(),
                allow_dev: args.trust.allow_dev,
                limits: archive::Limits::default(),
            };
            let results = verify::verify_all(&args.artifacts, &trust, &options)?;
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
            // `install` trusts pinned keys only: never a workspace's, never one that came
            // with the download.
            let keys = trust::Trust::pinned(&args.trust.keys)?.keys_for(&[]);
            if keys.is_empty() {
                return Err(diagnostic::Error::Invalid(vec![trust::Trust::none_for(
                    &args.installer,
                    true,
                )]));
            }
            let options = verify::Options {
                keys,
                release_dir: args.trust.release.clone(),
                allow_dev: args.trust.allow_dev,
                limits: archive::Limits::default(),
            };
            let choices = install::Choices {
                allow_downgrade: args.allow_downgrade,
                reinstall: args.reinstall,
            };
            match install::install(&args.installer, &args.prefix, &options, choices)? {
                Ok(installed) => {
                    out.installed(&args.prefix, &installed);
                    Ok(ExitCode::SUCCESS)
                }
                Err(refused) => {
                    out.refused(&args.installer, &refused);
                    Ok(ExitCode::from(1))
                }
            }
        }
        Command::Trust(command) => {
            let store = trust::Store::user_or_error()?;
            match command {
                cli::TrustCommand::Add(args) => {
                    let key = store.add(&args.key, args.name.as_deref())?;
                    out.print(&format!(
                        "trusted key {} ({}), kept in {}\n",
                        key.name,
                        key.key_id,
                        store.dir.display()
                    ));
                }
                cli::TrustCommand::List(args) => {
                    let keys = store.keys()?;
                    match args.format {
                        Format::Text => out.trusted_keys(&store, &keys),
                        Format::Json => out.json(
                            &keys
                                .iter()
                                .map(|k| {
                                    serde_json::json!({
                                        "name": k.name,
                                        "key_id": k.key_id,
                                        "file": store.dir.join(format!("{}.pub", k.name)),
                                    })
                                })
                                .collect::<Vec<_>>(),
                        ),
                    }
                }
                cli::TrustCommand::Remove(args) => {
                    let key = store.remove(&args.name)?;
                    out.print(&format!(
                        "no longer trusted: key {} ({})\n",
                        key.name, key.key_id
                    ));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Uninstall(args) => {
            let removed = install::uninstall(&args.prefix)?;
            out.uninstalled(&args.prefix, &removed);
            Ok(ExitCode::SUCCESS)
        }
        Command::List(args) => {
            // Every prefix is shown; one that holds no install is an error of its own.
            let mut listings = Vec::new();
            let mut failed = false;
            for prefix in &args.prefixes {
                match install::list(prefix) {
                    Ok(listing) => listings.push(listing),
                    Err(error) => {
                        out.error(&error, false);
                        failed = true;
                    }
                }
            }
            match args.format {
                Format::Text => out.listings(&listings),
                Format::Json => out.json(&listings),
            }
            Ok(if failed {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Manifest(ManifestCommand::Diff(args)) => {
            let (old, old_signature) =
                signed_index(&root, &args.old, &args.keys, args.allow_dev, out)?;
            let (new, new_signature) =
                signed_index(&root, &args.new, &args.keys, args.allow_dev, out)?;
            let mut difference = diff::diff(&old, &new);
            let folder = |p: &std::path::Path| {
                if p.is_dir() {
                    p.to_path_buf()
                } else {
                    verify::folder_of(p)
                }
            };
            diff::detail(
                &mut difference,
                (&folder(&args.old), &old),
                (&folder(&args.new), &new),
            );
            match args.format {
                Format::Text => out.diff(&difference),
                Format::Json => out.json(&with_fields(
                    &difference,
                    &[
                        ("old_signature", &old_signature),
                        ("new_signature", &new_signature),
                    ],
                )),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Manifest(ManifestCommand::Merge(args)) => {
            let ws = Workspace::load(&root)?;
            let started = std::time::Instant::now();
            let options = build_options(&ws, &args.build, release::Selection::default());
            let report = shard::merge(&ws, &args.shards, &args.out, &options)?;
            out.release(&ws, &report, started.elapsed());
            Ok(ExitCode::SUCCESS)
        }
        Command::Manifest(ManifestCommand::Show(args)) => {
            let (index, signature) =
                signed_index(&root, &args.release, &args.keys, args.allow_dev, out)?;
            match args.format {
                Format::Text => out.show(&index, &signature),
                Format::Json => out.json(&with_fields(&index, &[("signature", &signature)])),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::L10n(L10nCommand::Check(args)) => {
            let ws = Workspace::load_l10n(&root)?;
            let mut report = l10n_report(&ws, args.reference.as_deref(), &args.locales)?;
            let least = match args.severity {
                cli::SeverityArg::Error => l10n::report::Severity::Error,
                cli::SeverityArg::Warning => l10n::report::Severity::Warning,
            };
            report.retain(least, &args.code);
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
            let ws = Workspace::load_l10n(&root)?;
            let report = l10n_report(&ws, None, &args.locales)?;
            match args.format {
                Format::Text => out.status(&report),
                Format::Json => out.json(&report.json(false)),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Completions(args) => {
            let mut text = Vec::new();
            clap_complete::generate(
                args.shell,
                &mut <Cli as clap::CommandFactory>::command(),
                "alliance",
                &mut text,
            );
            out.print(&String::from_utf8_lossy(&text));
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => {
            let command = <Cli as clap::CommandFactory>::command();
            match &args.out {
                Some(dir) => {
                    let pages = man_pages(command, dir)?;
                    out.print(&format!(
                        "wrote {} into {}: {}\n",
                        diagnostic::plural(pages.len(), "manual page"),
                        dir.display(),
                        pages.join(", ")
                    ));
                }
                None => {
                    let mut text = Vec::new();
                    clap_mangen::Man::new(command)
                        .render(&mut text)
                        .map_err(Error::Stdout)?;
                    out.print(&String::from_utf8_lossy(&text));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::L10n(L10nCommand::Add(args)) => {
            let ws = Workspace::load_l10n(&root)?;
            let added = l10n::add_locale(
                &ws.root,
                workspace::CONFIG_FILE,
                ws.reference(),
                &args.locale,
            )?;
            out.added(&ws, &args.locale, &added);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes the manual page of `command` and of each of its subcommands into `dir`
/// (`alliance.1`, `alliance-manifest-show.1` …); returns their file names.
fn man_pages(command: clap::Command, dir: &std::path::Path) -> Result<Vec<String>> {
    use diagnostic::IoContext;
    fn pages(command: &clap::Command, all: &mut Vec<clap::Command>) {
        all.push(command.clone());
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            pages(sub, all);
        }
    }
    let mut command = command.disable_help_subcommand(true);
    command.build();
    let mut all = Vec::new();
    pages(&command, &mut all);
    std::fs::create_dir_all(dir).at("create", dir)?;
    let mut names = Vec::new();
    for page in all {
        let man = clap_mangen::Man::new(page);
        let path = dir.join(man.get_filename());
        let mut text = Vec::new();
        man.render(&mut text).at("write", &path)?;
        std::fs::write(&path, text).at("write", &path)?;
        names.push(man.get_filename());
    }
    Ok(names)
}

/// Reads the release index at `path` and checks its signature with the keys trusted for
/// it; warns (on stderr) when it is unsigned or its signature does not verify.
fn signed_index(
    root: &std::path::Path,
    path: &std::path::Path,
    keys: &[std::path::PathBuf],
    allow_dev: bool,
    out: &mut Output,
) -> Result<(manifest::ReleaseIndex, verify::IndexSignature)> {
    let folder = if path.is_dir() {
        path.to_path_buf()
    } else {
        verify::folder_of(path)
    };
    let keys = trust::Trust::pinned(keys)?
        .with_workspace(root, allow_dev)?
        .keys_for(&[folder.as_path()]);
    let (index, signature) = verify::load_index(path, &keys)?;
    if !signature.ok {
        out.warn(&format!("{}: {}", path.display(), signature.detail));
    }
    Ok((index, signature))
}

/// `value` as a JSON object with `fields` added beside its own.
fn with_fields(
    value: &impl serde::Serialize,
    fields: &[(&str, &verify::IndexSignature)],
) -> serde_json::Value {
    let mut json = serde_json::to_value(value).unwrap_or_default();
    if let Some(object) = json.as_object_mut() {
        for (name, field) in fields {
            object.insert(
                (*name).to_string(),
                serde_json::to_value(field).unwrap_or_default(),
            );
        }
    }
    json
}

/// A new key's password: `ALLIANCE_KEY_PASSWORD`, or asked twice on a terminal.
fn new_password() -> Result<String> {
    use std::io::IsTerminal;
    if let Ok(password) = std::env::var(PASSWORD_ENV) {
        if password.is_empty() {
            return Err(PasswordError::EmptyVariable.into());
        }
        return Ok(password);
    }
    if !std::io::stdin().is_terminal() {
        return Err(PasswordError::NoTerminal.into());
    }
    let ask = |prompt: &str| {
        rpassword::prompt_password(prompt).map_err(|e| Error::from(PasswordError::Unreadable(e)))
    };
    let first = ask("password for the new secret key: ")?;
    let second = ask("the same password again: ")?;
    if first != second {
        return Err(PasswordError::Differ.into());
    }
    if first.is_empty() {
        return Err(PasswordError::Empty.into());
    }
    Ok(first)
}

/// Runs a building command with progress shown, and reports what it wrote.
fn build(
    ws: &Workspace,
    args: &cli::BuildArgs,
    selection: release::Selection,
    strict: bool,
    out: &mut Output,
) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let mut options = build_options(ws, args, selection);
    options.strict = strict || ws.config.l10n_strict;
    options.progress = Some(out.progress());
    for report in release::run(ws, &options)? {
        out.release(ws, &report, started.elapsed());
    }
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
        strict: false,
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
            let mut problem = diagnostic::Problem::new(
                std::path::Path::new(l10n::LOCALES_DIR).join(tag),
                format!("there is no locale `{tag}` in this workspace"),
            );
            problem = problem.with_help(
                l10n::tag::suggest(tag, tags.iter().copied()).unwrap_or_else(|| {
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
        errors_only: false,
    };
    Ok(l10n::check::check(reference, &locales, &options))
}
