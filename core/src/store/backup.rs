//! Backups: consistent copies made with SQLite's online backup API, kept in a folder beside the
//! journal (`fascia.db` → `fascia.db.backups/`).
//!
//! - `daily-YYYY-MM-DD.db`: at most one a day (UTC date), the newest [`DAILY_KEPT`] kept.
//! - `pre-migration-vN.db`: taken before a schema upgrade from version N; never pruned.
//! - `pre-restore-….db`: the journal as it was just before a restore; never pruned.

use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Utc};
use rusqlite::{backup::Backup, Connection, OpenFlags};

use super::{schema, Store, StoreError};
use crate::model::{BackupInfo, BackupKind};

/// How many daily backups are kept.
pub const DAILY_KEPT: usize = 7;

pub(crate) fn dir_for(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(".backups");
    db.with_file_name(name)
}

fn kind_of(name: &str) -> Option<BackupKind> {
    if !name.ends_with(".db") {
        return None;
    }
    if name.starts_with("daily-") {
        Some(BackupKind::Daily)
    } else if name.starts_with("pre-migration-") {
        Some(BackupKind::PreMigration)
    } else if name.starts_with("pre-restore-") {
        Some(BackupKind::PreRestore)
    } else {
        None
    }
}

/// Backup files in `dir`, newest first (by modification time, then name).
fn scan(dir: &Path) -> Vec<(BackupInfo, SystemTime)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<(BackupInfo, SystemTime)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let id = e.file_name().into_string().ok()?;
            let kind = kind_of(&id)?;
            let meta = e.metadata().ok()?;
            let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
            Some((
                BackupInfo {
                    id,
                    kind,
                    size_bytes: meta.len(),
                },
                modified,
            ))
        })
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.id.cmp(&a.0.id)));
    found
}

/// Whether a backup file is a sound Fascia journal this build can read.
fn check(path: &Path) -> Result<(), StoreError> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| StoreError::at(path, e))?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| StoreError::at(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Damaged {
            path: path.display().to_string(),
            detail: verdict,
            newest_backup: None,
        });
    }
    let version = schema::version(&conn).map_err(|e| StoreError::at(path, e))?;
    if version == 0 {
        return Err(crate::error::Invalid::new(
            "backup",
            format!("{} is not a Fascia journal", path.display()),
        )
        .into());
    }
    if version > schema::SCHEMA_VERSION {
        return Err(StoreError::IncompatibleVersion {
            found: version,
            supported: schema::SCHEMA_VERSION,
        });
    }
    Ok(())
}

/// The newest backup in `dir` that passes an integrity check.
pub(crate) fn newest_good(dir: &Path) -> Option<String> {
    scan(dir)
        .into_iter()
        .map(|(info, _)| info.id)
        .find(|id| check(&dir.join(id)).is_ok())
}

/// Copies the database behind `src` to `dest` atomically (a partial file never has the name).
fn copy(src: &Connection, dest: &Path) -> Result<(), StoreError> {
    let dir = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let part = dest.with_extension("db.part");
    let _ = std::fs::remove_file(&part);
    {
        let mut out = Connection::open(&part).map_err(|e| StoreError::at(&part, e))?;
        Backup::new(src, &mut out)?.run_to_completion(512, Duration::ZERO, None)?;
    }
    std::fs::rename(&part, dest).map_err(|e| StoreError::io(dest, e))?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// A name in `dir` not taken yet: `stem` + `ext`, else `stem-2` + `ext`, `stem-3` + `ext`…
fn free_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{stem}{ext}")
        } else {
            format!("{stem}-{n}{ext}")
        };
        let path = dir.join(name);
        if !path.exists() {
            return path;
        }
        n += 1;
    }
}

pub(crate) fn copy_before_migration(
    conn: &Connection,
    db: &Path,
    from_version: u32,
) -> Result<PathBuf, StoreError> {
    let dest = free_name(
        &dir_for(db),
        &format!("pre-migration-v{from_version}"),
        ".db",
    );
    copy(conn, &dest)?;
    Ok(dest)
}

fn info(path: &Path, kind: BackupKind) -> BackupInfo {
    BackupInfo {
        id: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        kind,
        size_bytes: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
    }
}

/// Resolves a backup id to its file, refusing anything that is not a backup in `dir`.
fn backup_path(dir: &Path, id: &str) -> Result<PathBuf, StoreError> {
    let plain = !id.contains(['/', '\\']) && !id.starts_with('.');
    let path = dir.join(id);
    if !plain || kind_of(id).is_none() || !path.is_file() {
        return Err(StoreError::not_found("backup", id));
    }
    Ok(path)
}

impl Store {
    /// The folder the backups live in.
    pub fn backup_dir(&self) -> PathBuf {
        dir_for(self.path())
    }

    /// Takes today's daily backup unless it exists, and keeps the newest [`DAILY_KEPT`].
    /// Call it when the app starts or comes to the foreground.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>, StoreError> {
        let dir = self.backup_dir();
        let dest = dir.join(format!("daily-{}.db", now.date_naive()));
        if dest.exists() {
            return Ok(None);
        }
        {
            let conn = self.lock();
            copy(&conn, &dest)?;
        }
        let mut daily: Vec<String> = scan(&dir)
            .into_iter()
            .filter(|(b, _)| b.kind == BackupKind::Daily)
            .map(|(b, _)| b.id)
            .collect();
        // Names sort by date; keep the newest.
        daily.sort_unstable_by(|a, b| b.cmp(a));
        for old in daily.iter().skip(DAILY_KEPT) {
            std::fs::remove_file(dir.join(old)).map_err(|e| StoreError::io(&dir.join(old), e))?;
        }
        Ok(Some(info(&dest, BackupKind::Daily)))
    }

    /// Every backup, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        Ok(scan(&self.backup_dir())
            .into_iter()
            .map(|(b, _)| b)
            .collect())
    }

    /// Replaces the journal's contents with a backup, after keeping the current contents as a
    /// `pre-restore` backup. The backup is checked first; a bad one changes nothing.
    pub fn restore_backup(&self, id: &str, now: DateTime<Utc>) -> Result<BackupInfo, StoreError> {
        let dir = self.backup_dir();
        let source_path = backup_path(&dir, id)?;
        check(&source_path)?;
        let source = Connection::open_with_flags(&source_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| StoreError::at(&source_path, e))?;
        let mut conn = self.lock();
        let keep = free_name(
            &dir,
            &format!("pre-restore-{}", now.format("%Y%m%dT%H%M%SZ")),
            ".db",
        );
        copy(&conn, &keep)?;
        Backup::new(&source, &mut conn)?.run_to_completion(512, Duration::ZERO, None)?;
        schema::migrate(&mut conn, schema::MIGRATIONS, |c, found| {
            copy_before_migration(c, self.path(), found).map(|_| ())
        })?;
        Ok(info(&keep, BackupKind::PreRestore))
    }

    /// Brings back a journal that cannot be opened: the damaged file (with its `-wal` and
    /// `-shm` companions) is renamed to `….damaged`, never deleted, and the backup is copied in.
    pub fn restore_damaged(path: impl AsRef<Path>, backup_id: &str) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let source_path = backup_path(&dir_for(path), backup_id)?;
        check(&source_path)?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let damaged = free_name(
            path.parent().unwrap_or(Path::new(".")),
            &format!("{name}.damaged"),
            "",
        );
        for suffix in ["", "-wal", "-shm"] {
            let mut from = path.as_os_str().to_os_string();
            from.push(suffix);
            let from = PathBuf::from(from);
            if from.exists() {
                let mut to = damaged.as_os_str().to_os_string();
                to.push(suffix);
                std::fs::rename(&from, &to).map_err(|e| StoreError::io(&from, e))?;
            }
        }
        {
            let source =
                Connection::open_with_flags(&source_path, OpenFlags::SQLITE_OPEN_READ_ONLY)
                    .map_err(|e| StoreError::at(&source_path, e))?;
            copy(&source, path)?;
        }
        Store::open(path)
    }
}
