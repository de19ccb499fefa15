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
/// and on disk. On failure no temporary file is left behind, and the temporary files an earlier
/// write to `dest` left when it was killed are removed first (a killed export leaves its part
/// beside the export, where no launch of the journal looks).
pub(crate) fn write_atomically(dest: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = dest.file_name().unwrap_or_default().to_string_lossy();
    remove_leftovers(parent(dest), &format!("{name}."));
    let part = part_path(dest);
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&part)?;
        file.write_all(bytes)?;
        // The new file keeps the old one's permissions (an export the runner made private
        // stays private).
        if let Ok(old) = std::fs::metadata(dest) {
            file.set_permissions(old.permissions())?;
        }
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

/// `path` with `suffix` appended to its name (`j.db` + `-wal` → `j.db-wal`).
pub(crate) fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether anything (a file, a folder, a link, even a dangling one) has this name.
pub(crate) fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Gives `from` the name `to` only if no file has that name yet: never replaces one. A hard link
/// makes the new name (refused with `AlreadyExists` if it is taken, atomically), then the old
/// name goes. Where the file system has no hard links, a checked rename does it.
pub(crate) fn rename_new(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => remove_if_present(from),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
        Err(_) if taken(to) => Err(std::io::ErrorKind::AlreadyExists.into()),
        Err(_) => std::fs::rename(from, to),
    }
}

/// The process that made a temporary file, from its name: a [`part_path`] name
/// (`.{name}.{pid}-{n}.part`), or one of SQLite's companions of it (`…part-journal`, `-wal`,
/// `-shm`). `None` for any other name.
pub(crate) fn part_owner(name: &str) -> Option<u32> {
    let (stem, companion) = name.strip_prefix('.')?.rsplit_once(".part")?;
    if !["", "-journal", "-wal", "-shm"].contains(&companion) {
        return None;
    }
    let (pid, n) = stem.rsplit_once('.')?.1.split_once('-')?;
    n.parse::<u64>().ok()?;
    pid.parse().ok()
}

/// Whether process `pid` may still be writing a temporary file: this process always may (another
/// thread of it); another one is looked up in `/proc` where there is one (Linux, Android), and is
/// taken as gone where there is none (iOS runs one process per app).
fn may_be_writing(pid: u32) -> bool {
    pid == std::process::id() || Path::new(&format!("/proc/{pid}")).exists()
}

/// Removes, from `dir`, the temporary files a killed write left: those named by [`part_path`]
/// (and their SQLite companions) whose name starts with `.{prefix}` and whose process is gone. A
/// file another process removed first is no error; one that cannot be removed is left for the
/// next launch. Returns how many went.
pub(crate) fn remove_leftovers(dir: &Path, prefix: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        let stale = name
            .strip_prefix('.')
            .is_some_and(|rest| rest.starts_with(prefix))
            && part_owner(&name).is_some_and(|pid| !may_be_writing(pid));
        if stale && remove_if_present(&entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
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
    fn a_write_removes_what_a_killed_write_to_the_same_file_left() {
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("fascia-export.json");
        // A process id above Linux's maximum (4,194,304) is never running.
        let killed = dir.path().join(".fascia-export.json.4999999-0.part");
        let other = dir.path().join(".other.json.4999999-0.part");
        let alive = dir.path().join(format!(
            ".fascia-export.json.{}-{}.part",
            std::process::id(),
            u64::MAX
        ));
        for f in [&killed, &other, &alive] {
            std::fs::write(f, b"half").unwrap();
        }
        write_atomically(&dest, b"whole").unwrap();
        assert_eq!(std::fs::read(&dest).unwrap(), b"whole");
        assert!(!killed.exists(), "the killed write's part is gone");
        assert!(
            other.exists(),
            "another file's part is not this write's to remove"
        );
        assert!(
            alive.exists(),
            "a part this process may still be writing stays"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_rewrite_keeps_the_file_s_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let dest = dir.path().join("export.json");
        std::fs::write(&dest, b"old").unwrap();
        std::fs::set_permissions(&dest, std::fs::Permissions::from_mode(0o600)).unwrap();
        write_atomically(&dest, b"new").unwrap();
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }

    #[test]
    fn a_temporary_name_says_which_process_made_it() {
        let dest = Path::new("/x/daily-2026-11-20.db");
        let part = part_path(dest);
        let name = part
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert_eq!(part_owner(&name), Some(std::process::id()));
        assert_eq!(
            part_owner(&format!("{name}-journal")),
            Some(std::process::id())
        );
        assert_eq!(part_owner(".j.db.4242-7.part"), Some(4242));
        for other in [
            "daily-2026-11-20.db",
            "j.db-journal",
            ".j.db.part",
            ".j.db.x-1.part",
            ".j.db.12-1.part.bak",
            "j.db.12-1.part",
        ] {
            assert_eq!(part_owner(other), None, "{other}");
        }
    }

    #[test]
    fn a_new_name_never_replaces_a_file() {
        let dir = tempfile::tempdir().expect("dir");
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::write(&a, b"new").expect("a");
        std::fs::write(&b, b"kept").expect("b");
        let e = rename_new(&a, &b).expect_err("taken");
        assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&b).expect("b"), b"kept");
        let c = dir.path().join("c");
        rename_new(&a, &c).expect("free");
        assert!(!taken(&a));
        assert_eq!(std::fs::read(&c).expect("c"), b"new");
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
