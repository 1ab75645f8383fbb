//! The documentation commands: `completions` (a shell's completion script) and `man` (the
//! manual pages, generated from the clap types).

use std::path::Path;
use std::process::ExitCode;

use clap::CommandFactory;

use super::render::Output;
use super::{Cli, CompletionsArgs, ManArgs};
use crate::diagnostic::{Error, IoContext, Result};

/// `alliance completions SHELL`.
pub(super) fn cmd_completions(args: &CompletionsArgs, out: &mut Output) -> Result<ExitCode> {
    let mut text = Vec::new();
    super::complete::registration(args.shell, &mut text)
        .map_err(|e| Error::io("write", std::path::Path::new("the completion script"), e))?;
    out.generated(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// `alliance man [--out DIR]`.
pub(super) fn cmd_man(args: &ManArgs, out: &mut Output) -> Result<ExitCode> {
    let command = Cli::command();
    match &args.out {
        Some(dir) => {
            let pages = man_pages(command, dir)?;
            out.man_pages(dir, &pages)?;
        }
        None => {
            let mut command = command;
            command.build();
            let mut text = Vec::new();
            clap_mangen::Man::new(command.clone())
                .render(&mut text)
                .map_err(Error::Stdout)?;
            let text = with_synopsis(&examples_as_written(&text), &command);
            out.generated(&text)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes the manual page of `command` and of each of its subcommands into `dir`
/// (`alliance.1`, `alliance-manifest-show.1` …); returns their file names.
fn man_pages(command: clap::Command, dir: &Path) -> Result<Vec<String>> {
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
        let man = clap_mangen::Man::new(page.clone());
        let path = dir.join(man.get_filename());
        let mut text = Vec::new();
        man.render(&mut text).at("write", &path)?;
        let text = with_synopsis(&examples_as_written(&text), &page);
        std::fs::write(&path, text).at("write", &path)?;
        names.push(man.get_filename());
    }
    Ok(names)
}

/// A rendered manual page with its examples as written: roff fills and justifies text and
/// hyphenates words, which breaks a command (and a URL) across lines so that it cannot be
/// copied. Hyphenation is turned off for the page (`.nh`), and each `Examples:` block is set
/// line by line (`.nf` … `.fi`).
fn examples_as_written(roff: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let mut out = String::with_capacity(text.len() + 64);
    let mut in_examples = false;
    for line in text.lines() {
        if in_examples && !line.starts_with("  ") && !line.is_empty() {
            out.push_str(".fi\n");
            in_examples = false;
        }
        out.push_str(line);
        out.push('\n');
        if line.starts_with(".TH ") {
            out.push_str(".nh\n");
        }
        if line == "Examples:" {
            out.push_str(".nf\n");
            in_examples = true;
        }
    }
    if in_examples {
        out.push_str(".fi\n");
    }
    out.into_bytes()
}

/// A rendered manual page whose SYNOPSIS shows what each option takes (`--from URL`, as
/// `--help` does; clap_mangen writes `[--from]`), built from `command`.
fn with_synopsis(roff: &[u8], command: &clap::Command) -> Vec<u8> {
    let text = String::from_utf8_lossy(roff);
    let Some(start) = text.find(".SH SYNOPSIS\n") else {
        return roff.to_vec();
    };
    let body = start + ".SH SYNOPSIS\n".len();
    let end = text[body..]
        .find("\n.SH ")
        .map_or(text.len(), |i| body + i + 1);
    let roff_text = |t: &str| t.replace('\\', "\\\\").replace('-', "\\-");
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_string();
    let mut words = vec![format!("\\fB{}\\fR", roff_text(&name))];
    let mut positionals = Vec::new();
    for arg in command.get_arguments().filter(|a| !a.is_hide_set()) {
        let value = arg
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(|| arg.get_id().as_str().to_uppercase(), |n| n.to_string());
        let many = matches!(arg.get_action(), clap::ArgAction::Append);
        if arg.is_positional() {
            let shown = format!(
                "\\fI{}\\fR{}",
                roff_text(&value),
                if many { "..." } else { "" }
            );
            positionals.push(if arg.is_required_set() {
                shown
            } else {
                format!("[{shown}]")
            });
            continue;
        }
        let mut names = Vec::new();
        if let Some(short) = arg.get_short() {
            names.push(format!("\\fB\\-{short}\\fR"));
        }
        if let Some(long) = arg.get_long() {
            names.push(format!("\\fB\\-\\-{}\\fR", roff_text(long)));
        }
        let takes_value = arg.get_num_args().is_some_and(|n| n.takes_values());
        let mut word = names.join("|");
        if takes_value {
            word.push_str(&format!(" \\fI{}\\fR", roff_text(&value)));
        }
        let word = if arg.is_required_set() {
            word
        } else {
            format!("[{word}]")
        };
        words.push(if many { format!("{word}...") } else { word });
    }
    if command.has_subcommands() {
        words.push("\\fICOMMAND\\fR".to_string());
    }
    words.extend(positionals);
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..body]);
    out.push_str(&words.join(" "));
    out.push('\n');
    out.push_str(&text[end..]);
    out.into_bytes()
}
