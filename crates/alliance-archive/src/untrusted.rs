//! Reading files that come from outside the workspace (a download, a mirror, a shard):
//! regular files only — never a device, a pipe that would block, or a folder — and never
//! more bytes than a file of its kind may hold.

use std::io::Read;
use std::path::Path;

/// Reads the regular file at `path`, at most `cap` bytes (more is an error): never a
/// device, a pipe or a folder, and never more than a file of its kind may be.
pub fn read_capped(path: &Path, cap: u64) -> std::io::Result<Vec<u8>> {
    read_to_cap(&open_regular(path)?, cap)
}

/// Reads the open `file` to its end, at most `cap` bytes (more is an error).
pub fn read_to_cap(file: &std::fs::File, cap: u64) -> std::io::Result<Vec<u8>> {
    // Room for what the file says it holds (and the byte that tells its end): a large
    // manifest is not read into twice its size. A file that grows meanwhile still reads.
    let said = file.metadata().map_or(0, |m| m.len()).min(cap);
    let mut data = Vec::with_capacity(usize::try_from(said).unwrap_or(0).saturating_add(1));
    file.take(cap.saturating_add(1)).read_to_end(&mut data)?;
    if data.len() as u64 > cap {
        return Err(std::io::Error::other(format!(
            "larger than the {cap} bytes allowed"
        )));
    }
    Ok(data)
}

/// Opens `path` for reading if it is a regular file (checked before opening, so that a
/// pipe never blocks the open, and again on the open file).
pub fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let not_a_file = || std::io::Error::other("not a regular file");
    if !std::fs::metadata(path)?.is_file() {
        return Err(not_a_file());
    }
    let file = std::fs::File::open(path)?;
    if !file.metadata()?.is_file() {
        return Err(not_a_file());
    }
    Ok(file)
}
