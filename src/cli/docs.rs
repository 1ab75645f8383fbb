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
    clap_complete::generate(args.shell, &mut Cli::command(), "alliance", &mut text);
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
            let mut text = Vec::new();
            clap_mangen::Man::new(command)
                .render(&mut text)
                .map_err(Error::Stdout)?;
            out.generated(&examples_as_written(&text))?;
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
        let man = clap_mangen::Man::new(page);
        let path = dir.join(man.get_filename());
        let mut text = Vec::new();
        man.render(&mut text).at("write", &path)?;
        std::fs::write(&path, examples_as_written(&text)).at("write", &path)?;
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
