//! Backups: consistent copies made with SQLite's online backup API, kept in a folder beside the
//! journal (`fascia.db` → `fascia.db.backups/`).
//!
//! - `daily-YYYY-MM-DD.db`: at most one a day (UTC date of the instant it was made, which its name
//!   records). The newest of each of the last [`KEEP_DAILY`] days, [`KEEP_WEEKLY`] ISO weeks and
//!   [`KEEP_MONTHLY`] months that have one are kept, so damage found late still has a good copy.
//!   A backup dated after today (made while the clock was wrong) is never pruned and never takes
//!   a real backup's place; backups more than [`ERA_GAP_DAYS`] apart form eras, and only the
//!   newest era is thinned, so a clock set years ahead never pushes a real backup out.
//! - `pre-migration-vN.db`: taken before a schema upgrade from version N; never pruned.
//! - `pre-restore-….db`: the journal as it was just before a restore; never pruned.
//!
//! A damaged journal is never backed up (`PRAGMA quick_check` first); every copy passes
//! `PRAGMA integrity_check` before it takes its name; pruning happens only after that, and
//! tolerates a file another process already removed. Links in the folder are never followed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{backup::Backup, Connection};

use super::files::{self, part_path, remove_if_present, sync_dir};
use super::{schema, Store, StoreError};
use crate::model::{BackupInfo, BackupKind};

/// Daily backups kept: the newest of each of this many most recent days.
pub const KEEP_DAILY: usize = 7;
/// …and of each of this many most recent ISO weeks.
pub const KEEP_WEEKLY: usize = 4;
/// …and of each of this many most recent months.
pub const KEEP_MONTHLY: usize = 6;

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
            // Only regular files: a link placed in the folder is never followed.
            let meta = std::fs::symlink_metadata(e.path()).ok()?;
            if !meta.file_type().is_file() {
                return None;
            }
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
    let conn = files::open_immutable(path)?;
    verify(&conn, path, "integrity_check")?;
    match schema::identify(&conn, path, schema::SCHEMA_VERSION)? {
        schema::Identity::Journal { .. } => Ok(()),
        schema::Identity::Empty => Err(crate::error::Invalid::new(
            "backup",
            format!("{} is not a Fascia journal", path.display()),
        )
        .into()),
    }
}

/// Runs `PRAGMA quick_check` or `integrity_check` on `conn`: anything but `ok` is damage.
fn verify(conn: &Connection, path: &Path, pragma: &str) -> Result<(), StoreError> {
    let verdict: String = conn
        .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
        .map_err(|e| StoreError::at(path, e))?;
    if verdict != "ok" {
        return Err(StoreError::Damaged {
            path: path.display().to_string(),
            detail: verdict,
            newest_backup: None,
        });
    }
    Ok(())
}

/// The backups beside the journal at `db`, newest first.
pub(crate) fn backups_of(db: &Path) -> Vec<BackupInfo> {
    scan(&dir_for(db)).into_iter().map(|(b, _)| b).collect()
}

/// The newest backup in `dir` that passes an integrity check.
pub(crate) fn newest_good(dir: &Path) -> Option<String> {
    scan(dir)
        .into_iter()
        .map(|(info, _)| info.id)
        .find(|id| check(&dir.join(id)).is_ok())
}

/// Copies the database behind `src` to `dest` atomically: into a temporary file no other writer
/// uses, in one step (a consistent snapshot even while another connection writes), checked with
/// `integrity_check`, synced, then renamed. On any failure the temporary file is removed and
/// `dest` is untouched.
fn copy(src: &Connection, dest: &Path) -> Result<(), StoreError> {
    let dir = files::parent(dest);
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let part = part_path(dest);
    let result = (|| {
        {
            let mut out = Connection::open(&part).map_err(|e| StoreError::at(&part, e))?;
            copy_all(&Backup::new(src, &mut out)?)?;
            // A backup is a single file: reading it never creates `-wal`/`-shm` companions.
            let _: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
            verify(&out, &part, "integrity_check")?;
            out.close().map_err(|(_, e)| StoreError::at(&part, e))?;
        }
        std::fs::File::open(&part)
            .and_then(|f| f.sync_all())
            .map_err(|e| StoreError::io(&part, e))?;
        std::fs::rename(&part, dest).map_err(|e| StoreError::io(dest, e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&part);
        // SQLite's own companions of the temporary file, if a failure left any.
        for suffix in ["-journal", "-wal", "-shm"] {
            let mut p = part.as_os_str().to_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    result
}

/// Runs an online backup to its end in one step (a consistent snapshot). A step that finds the
/// source busy (another process writing) is tried again, for as long as a write would wait; a
/// copy is never left half made.
fn copy_all(backup: &Backup<'_, '_>) -> Result<(), StoreError> {
    use rusqlite::backup::StepResult;
    for _ in 0..3_000 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            _ => {}
        }
    }
    Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the journal stayed busy during the backup".into()),
    )))
}

/// The day a daily backup was made, from its name (`daily-2026-11-20.db`).
fn daily_date(id: &str) -> Option<NaiveDate> {
    id.strip_prefix("daily-")?.strip_suffix(".db")?.parse().ok()
}

/// Backups further apart than this belong to different eras: a clock that jumped (to another
/// year, to 1970 after a flat battery) or a long break from the app.
pub const ERA_GAP_DAYS: i64 = 31;
/// Eras whose backups are kept: the newest, thinned by the tiers, and the ones before it, as
/// they were when the next era began.
pub const KEEP_ERAS: usize = 3;

/// Which daily backups to remove, given every daily backup's id and the date it was made.
///
/// Only backups made on or before `today` are considered: one dated later (a clock that was
/// wrong, or is wrong now) is never removed. Those are split into eras wherever two backups are
/// more than [`ERA_GAP_DAYS`] apart. In each of the newest [`KEEP_ERAS`] eras the newest backup
/// of each of its last [`KEEP_DAILY`] days, [`KEEP_WEEKLY`] ISO weeks and [`KEEP_MONTHLY`] months
/// is kept; older eras go. So a clock set years ahead starts an era of its own and never pushes
/// a real backup out: the real ones stay as they were when the clock jumped. Pure, so it is
/// tested alone.
pub(crate) fn to_prune(dailies: &[(String, NaiveDate)], today: NaiveDate) -> Vec<String> {
    let mut past: Vec<&(String, NaiveDate)> = dailies.iter().filter(|(_, d)| *d <= today).collect();
    past.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let mut keep: BTreeSet<&str> = BTreeSet::new();
    let mut eras = 0;
    let mut previous: Option<NaiveDate> = None;
    let mut tiers = fresh_tiers();
    for (id, date) in &past {
        if previous.is_none_or(|p| (p - *date).num_days() > ERA_GAP_DAYS) {
            eras += 1;
            tiers = fresh_tiers();
        }
        previous = Some(*date);
        if eras > KEEP_ERAS {
            break;
        }
        let week = date.iso_week();
        let buckets = [
            (date.year(), date.ordinal()),
            (week.year(), week.week()),
            (date.year(), date.month()),
        ];
        for ((seen, limit), bucket) in tiers.iter_mut().zip(buckets) {
            if seen.len() < *limit && seen.insert(bucket) {
                keep.insert(id.as_str());
            }
        }
    }
    past.iter()
        .filter(|(id, _)| !keep.contains(id.as_str()))
        .map(|(id, _)| id.clone())
        .collect()
}

/// The day, week and month buckets seen so far in an era, with how many of each are kept.
fn fresh_tiers() -> [(BTreeSet<(i32, u32)>, usize); 3] {
    [
        (BTreeSet::new(), KEEP_DAILY),
        (BTreeSet::new(), KEEP_WEEKLY),
        (BTreeSet::new(), KEEP_MONTHLY),
    ]
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

/// Resolves a backup id to its file, refusing anything that is not a backup in `dir`: no path
/// separators, no hidden names, and a regular file (a link is never followed).
fn backup_path(dir: &Path, id: &str) -> Result<PathBuf, StoreError> {
    let plain = !id.contains(['/', '\\']) && !id.starts_with('.');
    let path = dir.join(id);
    let regular = std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
    if !plain || kind_of(id).is_none() || !regular {
        return Err(StoreError::not_found("backup", id));
    }
    Ok(path)
}

impl Store {
    /// The folder the backups live in.
    pub fn backup_dir(&self) -> PathBuf {
        dir_for(self.path())
    }

    /// Takes today's daily backup unless it exists, then prunes by the retention rule (module
    /// docs). A damaged journal is refused (`Damaged`, naming the newest good backup) and never
    /// copied. Call it when the app starts or comes to the foreground.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>, StoreError> {
        let dir = self.backup_dir();
        let today = now.date_naive();
        let dest = dir.join(format!("daily-{today}.db"));
        if std::fs::symlink_metadata(&dest).is_ok() {
            return Ok(None);
        }
        {
            let conn = self.lock();
            verify(&conn, self.path(), "quick_check").map_err(|e| e.on(self.path()))?;
            copy(&conn, &dest)?;
        }
        let dailies: Vec<(String, NaiveDate)> = scan(&dir)
            .into_iter()
            .filter_map(|(b, _)| daily_date(&b.id).map(|d| (b.id, d)))
            .collect();
        for old in to_prune(&dailies, today) {
            let path = dir.join(&old);
            remove_if_present(&path).map_err(|e| StoreError::io(&path, e))?;
        }
        Ok(Some(info(&dest, BackupKind::Daily)))
    }

    /// Every backup, newest first.
    #[cfg(test)]
    pub fn backups(&self) -> Result<Vec<BackupInfo>, StoreError> {
        Ok(backups_of(self.path()))
    }

    /// Replaces the journal's contents with a backup, after keeping the current contents as a
    /// `pre-restore` backup. The backup is checked first; a bad one changes nothing.
    pub fn restore_backup(&self, id: &str, now: DateTime<Utc>) -> Result<BackupInfo, StoreError> {
        let dir = self.backup_dir();
        let source_path = backup_path(&dir, id)?;
        check(&source_path)?;
        let source = files::open_immutable(&source_path)?;
        let mut conn = self.lock();
        let keep = free_name(
            &dir,
            &format!("pre-restore-{}", now.format("%Y%m%dT%H%M%SZ")),
            ".db",
        );
        copy(&conn, &keep)?;
        copy_all(&Backup::new(&source, &mut conn)?)?;
        schema::migrate(&mut conn, schema::MIGRATIONS, None, |c, found| {
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
            let source = files::open_immutable(&source_path)?;
            copy(&source, path)?;
        }
        Store::open(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// One daily backup for each day from `from`, `n` days.
    fn dailies(from: &str, n: i64) -> Vec<(String, NaiveDate)> {
        (0..n)
            .map(|i| {
                let d = day(from) + chrono::TimeDelta::days(i);
                (format!("daily-{d}.db"), d)
            })
            .collect()
    }

    /// What is left after a backup a day from `from` for `n` days, pruned each day as the app does.
    fn lived(mut kept: Vec<(String, NaiveDate)>, from: &str, n: i64) -> Vec<(String, NaiveDate)> {
        for new in dailies(from, n) {
            let today = new.1;
            kept.push(new);
            let gone = to_prune(&kept, today);
            kept.retain(|(id, _)| !gone.contains(id));
        }
        kept
    }

    fn ids(kept: &[(String, NaiveDate)]) -> BTreeSet<String> {
        kept.iter().map(|(id, _)| id.clone()).collect()
    }

    #[test]
    fn a_year_of_daily_use_keeps_seven_days_four_weeks_and_six_months() {
        let kept = lived(Vec::new(), "2026-01-01", 365);
        let ids = ids(&kept);
        for d in 25..=31 {
            assert!(ids.contains(&format!("daily-2026-12-{d}.db")), "{ids:?}");
        }
        assert!(
            ids.contains("daily-2026-07-31.db"),
            "six months back: {ids:?}"
        );
        assert!(!ids.contains("daily-2026-06-30.db"), "{ids:?}");
        assert!(
            kept.len() <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY,
            "{ids:?}"
        );
    }

    #[test]
    fn a_clock_years_ahead_never_pushes_a_real_backup_out() {
        let real = lived(Vec::new(), "2026-10-01", 60);
        let before = ids(&real);
        // A week with the clock in 2199, then back to the right time for a week.
        let wrong = lived(real, "2199-06-01", 7);
        assert!(ids(&wrong).is_superset(&before), "{:?}", ids(&wrong));
        let back = lived(wrong, "2026-11-30", 7);
        let now = ids(&back);
        assert_eq!(now.iter().filter(|id| id.contains("2199")).count(), 7);
        for d in ["2026-11-30", "2026-12-06", "2026-10-31"] {
            assert!(now.contains(&format!("daily-{d}.db")), "{d}: {now:?}");
        }
        // Nothing real was lost to the wrong week: what went, time at the right clock pruned.
        let without_jump = ids(&lived(lived(Vec::new(), "2026-10-01", 60), "2026-11-30", 7));
        assert!(now.is_superset(&without_jump), "{now:?}");
    }

    #[test]
    fn a_clock_reset_to_1970_never_pushes_a_real_backup_out() {
        let real = lived(Vec::new(), "2026-10-01", 60);
        let before = ids(&real);
        let reset = lived(real, "1970-01-01", 10);
        assert!(ids(&reset).is_superset(&before));
    }

    #[test]
    fn long_breaks_keep_a_bounded_number_of_backups() {
        let mut kept = Vec::new();
        for year in 2026..2036 {
            kept = lived(kept, &format!("{year}-03-01"), 60);
        }
        // The newest era is thinned by the tiers; the two before it are kept as they were.
        assert!(kept.len() <= KEEP_ERAS * (KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY));
        assert!(ids(&kept).contains("daily-2035-04-29.db"));
        assert!(!ids(&kept).iter().any(|id| id.starts_with("daily-2026")));
    }
}
