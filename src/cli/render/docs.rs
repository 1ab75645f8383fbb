//! What the documentation commands print: a completion script or manual page as it is, or
//! the manual pages `man --out` wrote.

use std::io::Write;
use std::path::Path;

use super::Output;
use crate::diagnostic::{Result, plural};

impl Output {
    /// Prints the names of the manual pages written into `dir`.
    pub fn man_pages(&mut self, dir: &Path, pages: &[String]) -> Result<()> {
        self.print_with(|w| {
            writeln!(
                w,
                "wrote {} into {}: {}",
                plural(pages.len(), "manual page"),
                dir.display(),
                pages.join(", ")
            )
        })
    }

    /// Prints generated text (a completion script, a manual page) as it is.
    pub fn generated(&mut self, text: &[u8]) -> Result<()> {
        self.print(&String::from_utf8_lossy(text))
    }
}
