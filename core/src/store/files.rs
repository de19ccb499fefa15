//! Writing files so that a failure (disk full, a kill, a power cut) never leaves a half-written
//! file under a real name and never touches the previous one: write a temporary file with a name
//! no other writer uses, sync it, rename it over the target, sync the folder.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// A temporary name beside `dest`, unique to this process and call: two processes (or threads)
/// writing the same target at once never share one.
pub(crate) fn part_path(dest: &Path) -> PathBuf {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    dest.with_file_name(format!(".{name}.{}-{n}.part", std::process::id()))
}

/// Makes a rename in `dir` durable.
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// The folder `path` is in (`.` for a bare file name).
pub(crate) fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Writes `bytes` to `dest` atomically: the old file stays whole until the new one is complete
/// and on disk. On failure no temporary file is left behind.
pub(crate) fn write_atomically(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let part = part_path(dest);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&part, dest)?;
        sync_dir(parent(dest));
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
    }
    result
}

/// An SQLite URI that opens `path` read-only as an immutable file: nothing is written beside it,
/// not even the shared-memory file of a WAL database.
pub(crate) fn immutable_uri(path: &Path) -> String {
    let mut uri = String::from("file:");
    for c in path.to_string_lossy().chars() {
        match c {
            '?' | '#' | '%' => uri.push_str(&format!("%{:02X}", u32::from(c))),
            c => uri.push(c),
        }
    }
    uri.push_str("?immutable=1");
    uri
}

/// Opens `path` read-only, writing nothing beside it ([`immutable_uri`]).
pub(crate) fn open_immutable(path: &Path) -> Result<rusqlite::Connection, super::StoreError> {
    let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY
        | rusqlite::OpenFlags::SQLITE_OPEN_URI
        | rusqlite::OpenFlags::SQLITE_OPEN_NOFOLLOW
        | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX;
    rusqlite::Connection::open_with_flags(immutable_uri(path), flags)
        .map_err(|e| super::StoreError::at(path, e))
}

/// Removes a file, counting one that is already gone (another process pruned it) as removed.
pub(crate) fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_part() {
        let dir = tempfile::tempdir().expect("dir");
        let dest = dir.path().join("export.json");
        write_atomically(&dest, b"old and good").expect("first");
        // A folder where the temporary file would go makes the write fail part-way.
        let blocked = dir.path().join("missing-folder").join("export.json");
        assert!(write_atomically(&blocked, b"new").is_err());
        assert_eq!(std::fs::read(&dest).expect("read"), b"old and good");
        write_atomically(&dest, b"new and good").expect("second");
        assert_eq!(std::fs::read(&dest).expect("read"), b"new and good");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["export.json"]);
    }

    #[test]
    fn temporary_names_never_repeat() {
        let dest = Path::new("/x/daily-2026-11-20.db");
        assert_ne!(part_path(dest), part_path(dest));
        assert!(part_path(dest)
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with(".daily-2026-11-20.db.")));
    }
}
