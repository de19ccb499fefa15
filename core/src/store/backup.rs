//! Backups: consistent copies made with SQLite's online backup API, kept in a folder beside the
//! journal (`fascia.db` → `fascia.db.backups/`).
//!
//! - `daily-YYYY-MM-DD.db`: at most one a day (UTC date of the instant it was made, which its name
//!   records). Pruned by [`to_prune`]: the newest of each of the last [`KEEP_DAILY`] days,
//!   [`KEEP_WEEKLY`] ISO weeks and [`KEEP_MONTHLY`] months that have one are kept, so damage
//!   found late still has a good copy, and a wrong clock never costs a real backup.
//! - `pre-migration-vN.db`: taken before a schema upgrade from version N; one per version (a new
//!   one replaces it), never pruned.
//! - `pre-restore-….db`: the journal as it was just before a restore; never replaces another
//!   file, never pruned.
//!
//! A damaged journal is never backed up (`PRAGMA quick_check` first); every copy is made under a
//! temporary name ([`files::part_path`]), passes `PRAGMA integrity_check` and is synced before it
//! takes its name; pruning happens only after that, and tolerates a file another process already
//! removed. Links in the folder are never followed. A restore over the journal is one
//! transaction; a restore in place of a damaged journal is resumable (`finish_restore`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{backup::Backup, Connection, OpenFlags, TransactionBehavior};

use super::files::{self, part_path, remove_if_present, sync_dir, taken, with_suffix};
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
        schema::Identity::Empty => Err(crate::vocab::Invalid::new(
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

/// A finished copy under its temporary name, waiting to take its real one. Dropped before that
/// (a failure on the way), it is removed with any companion SQLite left beside it.
struct Part(PathBuf);

impl Part {
    fn path(&self) -> &Path {
        &self.0
    }

    /// Takes the name `dest`, replacing a file of that name (a daily or pre-migration copy of the
    /// same day or version), and makes the rename durable.
    fn replace(self, dest: &Path) -> Result<(), StoreError> {
        std::fs::rename(&self.0, dest).map_err(|e| StoreError::io(dest, e))?;
        sync_dir(files::parent(dest));
        Ok(())
    }

    /// Takes the first name `stem` + `ext`, `stem-2` + `ext`… that no file has, never replacing
    /// one, even one another process names the same instant; returns it.
    fn place_new(self, dir: &Path, stem: &str, ext: &str) -> Result<PathBuf, StoreError> {
        for n in 1..=10_000 {
            let name = if n == 1 {
                format!("{stem}{ext}")
            } else {
                format!("{stem}-{n}{ext}")
            };
            let dest = dir.join(name);
            if taken(&dest) {
                continue;
            }
            match files::rename_new(&self.0, &dest) {
                Ok(()) => {
                    sync_dir(dir);
                    return Ok(dest);
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(StoreError::io(&dest, e)),
            }
        }
        Err(StoreError::io(
            dir,
            std::io::ErrorKind::AlreadyExists.into(),
        ))
    }
}

impl Drop for Part {
    fn drop(&mut self) {
        for suffix in ["", "-journal", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&self.0, suffix));
        }
    }
}

/// Copies the database behind `src` into a temporary file beside `dest` that no other writer
/// uses: in one step (a consistent snapshot even while another connection writes), as a single
/// file (rollback journal), checked with `integrity_check` and synced. On any failure nothing is
/// left behind.
fn snapshot(src: &Connection, dest: &Path) -> Result<Part, StoreError> {
    let dir = files::parent(dest);
    std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
    let part = Part(part_path(dest));
    {
        let mut out = Connection::open(part.path()).map_err(|e| StoreError::at(part.path(), e))?;
        copy_all(&Backup::new(src, &mut out)?)?;
        // A backup is a single file: reading it never creates `-wal`/`-shm` companions.
        let _: String = out.query_row("PRAGMA journal_mode = DELETE", [], |r| r.get(0))?;
        verify(&out, part.path(), "integrity_check")?;
        out.close()
            .map_err(|(_, e)| StoreError::at(part.path(), e))?;
    }
    std::fs::File::open(part.path())
        .and_then(|f| f.sync_all())
        .map_err(|e| StoreError::io(part.path(), e))?;
    Ok(part)
}

/// Copies the database behind `src` to `dest` atomically ([`snapshot`], then a rename): `dest`
/// is untouched until the copy is whole and on disk.
fn copy(src: &Connection, dest: &Path) -> Result<(), StoreError> {
    snapshot(src, dest)?.replace(dest)
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

/// Daily backups further apart than this belong to different eras: a clock set more than a year
/// wrong (reset to 1970, set to 2199, a mistyped year), or a year away from the app.
pub const ERA_GAP_DAYS: i64 = 366;

/// Which daily backups to remove, given every daily backup's id and the date it was made (its
/// name), at a launch on `today`.
///
/// The core cannot know the real date (`now` is an input), so a backup's date is trusted only as
/// far as it fits the others:
///
/// - a backup dated after `today` (made while the clock was ahead, or the clock is behind now) is
///   never removed and counts against nothing;
/// - the rest split into eras wherever two are more than [`ERA_GAP_DAYS`] apart;
/// - only the era of the newest of them (today's backup: the launch's own) is thinned: the newest
///   backup of each of its last [`KEEP_DAILY`] days, [`KEEP_WEEKLY`] ISO weeks and
///   [`KEEP_MONTHLY`] months is kept. Other eras are left as they are.
///
/// So backups made under a clock more than a year wrong sit in an era of their own: they never
/// count against real ones, and real ones are never thinned while the clock is wrong; each era
/// keeps at most 17 backups. A clock wrong by less than a year cannot be told from a runner back
/// after months away: its backup counts as that era's newest. Pure, so it is tested alone.
pub(crate) fn to_prune(dailies: &[(String, NaiveDate)], today: NaiveDate) -> Vec<String> {
    let mut past: Vec<&(String, NaiveDate)> = dailies.iter().filter(|(_, d)| *d <= today).collect();
    past.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| b.0.cmp(&a.0)));
    let era = past
        .windows(2)
        .position(|w| (w[0].1 - w[1].1).num_days() > ERA_GAP_DAYS)
        .map_or(past.len(), |last| last + 1);
    let mut keep: BTreeSet<&str> = BTreeSet::new();
    let mut tiers = fresh_tiers();
    for (id, date) in &past[..era] {
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
    past[..era]
        .iter()
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

/// Copies the journal behind `conn` to `pre-migration-v{from_version}.db` before its schema is
/// upgraded: one copy per version, the new one replacing any earlier one (an upgrade killed
/// before it committed leaves the journal at that version, so its next attempt copies the same
/// journal again). A copy that turns out to be of a later version (another process upgraded the
/// journal since this one read its version) is dropped: the copy taken before that upgrade stays.
/// Copies an earlier release numbered (`pre-migration-vN-2.db`…) go once the new one is in place.
pub(crate) fn copy_before_migration(
    conn: &Connection,
    db: &Path,
    from_version: u32,
) -> Result<PathBuf, StoreError> {
    let dir = dir_for(db);
    let stem = format!("pre-migration-v{from_version}");
    let dest = dir.join(format!("{stem}.db"));
    let part = snapshot(conn, &dest)?;
    let copied = schema::version(&files::open_immutable(part.path())?)
        .map_err(|e| StoreError::at(part.path(), e))?;
    if copied != from_version {
        return Ok(dest);
    }
    part.replace(&dest)?;
    for (b, _) in scan(&dir) {
        let numbered =
            b.id.strip_prefix(&format!("{stem}-"))
                .and_then(|rest| rest.strip_suffix(".db"))
                .is_some_and(|n| n.parse::<u32>().is_ok());
        if numbered {
            let _ = remove_if_present(&dir.join(&b.id));
        }
    }
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
    /// `pre-restore` backup; returns that copy. The backup is checked and brought to this schema
    /// in a temporary copy first (the backup itself never changes); a bad one changes nothing.
    ///
    /// The restore holds the journal's write lock from the copy of the current contents to the
    /// end (one immediate transaction): a write from another connection or process lands either
    /// before it, and is in the copy, or after it, on top of the restored journal. Never between.
    /// The copy never replaces another file, even one of the same second.
    pub fn restore_backup(&self, id: &str, now: DateTime<Utc>) -> Result<BackupInfo, StoreError> {
        let dir = self.backup_dir();
        let source_path = backup_path(&dir, id)?;
        check(&source_path)?;
        let staged = {
            let source = files::open_immutable(&source_path)?;
            snapshot(&source, &source_path)?
        };
        {
            let (mut conn, _) = schema::connect(staged.path(), schema::SCHEMA_VERSION)?;
            schema::migrate(&mut conn, schema::MIGRATIONS, None, self.counts, |_, _| {
                Ok(())
            })?;
        }
        let staged_name = staged.path().to_str().ok_or_else(|| {
            StoreError::io(staged.path(), std::io::ErrorKind::InvalidInput.into())
        })?;
        let mut conn = self.lock();
        conn.execute("ATTACH DATABASE ?1 AS restored", [staged_name])?;
        let result: Result<PathBuf, StoreError> = (|| {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let keep = self.keep_before_restore(&dir, now)?;
            replace_contents(&tx)?;
            tx.commit()?;
            Ok(keep)
        })();
        let _ = conn.execute("DETACH DATABASE restored", []);
        drop(conn);
        drop(staged);
        let keep = result.map_err(|e| e.on(self.path()))?;
        Ok(info(&keep, BackupKind::PreRestore))
    }

    /// Copies the journal as every connection sees it now to a new `pre-restore-….db`, through a
    /// connection of its own (the restore's holds the write lock, so nothing changes meanwhile).
    fn keep_before_restore(&self, dir: &Path, now: DateTime<Utc>) -> Result<PathBuf, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let reader = Connection::open_with_flags(self.path(), flags)
            .map_err(|e| StoreError::at(self.path(), e))?;
        let stem = format!("pre-restore-{}", now.format("%Y%m%dT%H%M%SZ"));
        snapshot(&reader, &dir.join(format!("{stem}.db")))?.place_new(dir, &stem, ".db")
    }

    /// Brings back a journal that cannot be used: `backup_id` takes its place, and the damaged
    /// file (with its `-wal` and `-shm` companions) is kept beside it as `….damaged` (then
    /// `….damaged-2`…), never deleted. A journal that is not there is simply restored; a journal
    /// that opens and passes its check is refused (`NotDamaged`): restoring over it
    /// ([`Store::restore_backup`]) keeps it as a backup first.
    ///
    /// Resumable: the backup is first copied, checked and synced as `….restoring` beside the
    /// journal; only then is the journal set aside and that copy renamed into its place. Killed
    /// at any point, the journal is the old one, or the restored one, or missing while
    /// `….restoring` waits, and then the next open (or this call again) finishes the restore.
    pub fn restore_damaged(
        path: impl AsRef<Path>,
        backup_id: &str,
        catalog: &'static crate::zones::Catalog,
        counts: super::CountsAsDone,
    ) -> Result<Store, StoreError> {
        let path = path.as_ref();
        let source_path = backup_path(&dir_for(path), backup_id)?;
        check(&source_path)?;
        let restoring = restoring_path(path);
        // With a restore already under way, whatever is at `path` is what it is replacing.
        if !taken(&restoring) {
            refuse_healthy(path)?;
        }
        {
            let source = files::open_immutable(&source_path)?;
            copy(&source, &restoring)?;
        }
        finish_restore(path)?;
        Store::open(path, catalog, counts)
    }
}

/// Empties every table of the journal and fills it from the attached `restored` database (the
/// same schema), in the caller's transaction. Foreign keys are checked at its commit.
fn replace_contents(tx: &Connection) -> Result<(), StoreError> {
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM main.sqlite_schema
             WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    tx.execute_batch("PRAGMA defer_foreign_keys = ON")?;
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    for table in &tables {
        tx.execute(&format!("DELETE FROM main.{}", quote(table)), [])?;
    }
    for table in &tables {
        let columns: Vec<String> = tx
            .prepare("SELECT name FROM pragma_table_info(?1, 'main')")?
            .query_map([table], |r| r.get::<_, String>(0))?
            .map(|c| c.map(|c| quote(&c)))
            .collect::<Result<_, _>>()?;
        let columns = columns.join(", ");
        tx.execute(
            &format!(
                "INSERT INTO main.{t} ({columns}) SELECT {columns} FROM restored.{t}",
                t = quote(table)
            ),
            [],
        )?;
    }
    Ok(())
}

/// `j.db` → `j.db.restoring`: the complete, checked copy a restore in place of a damaged journal
/// puts there before it moves anything, so the restore can be finished if it is killed.
pub(crate) fn restoring_path(db: &Path) -> PathBuf {
    with_suffix(db, ".restoring")
}

/// Refuses to set aside a journal that is not damaged: one that opens as a Fascia journal and
/// passes `PRAGMA quick_check`, the check daily backups make. Read only, creating nothing beside
/// it (an immutable read when it has no write-ahead log). A missing journal, a damaged one or
/// another app's file may be replaced; a journal from a newer Fascia may not
/// (`IncompatibleVersion`).
fn refuse_healthy(path: &Path) -> Result<(), StoreError> {
    if !taken(path) {
        return Ok(());
    }
    let checked: Result<(), StoreError> = (|| {
        let conn = if taken(&with_suffix(path, "-wal")) {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::at(path, e))?
        } else {
            files::open_immutable(path)?
        };
        schema::identify(&conn, path, schema::SCHEMA_VERSION)?;
        verify(&conn, path, "quick_check")
    })();
    match checked {
        Err(StoreError::Damaged { .. }) => Ok(()),
        Err(e) => Err(e),
        Ok(()) => Err(StoreError::NotDamaged {
            path: path.display().to_string(),
        }),
    }
}

/// Finishes a restore in place of a damaged journal once its copy waits as `….restoring`: sets
/// aside whatever is at `path` (with its `-wal` and `-shm`) as the first `….damaged[-n]` whose
/// main file is free, companions first, so a set interrupted half way is completed, never split;
/// then renames the copy into place. Nothing is ever replaced: a name that turns out taken is an
/// error, and the next attempt picks up from there. Does nothing when no restore is under way.
pub(crate) fn finish_restore(path: &Path) -> Result<(), StoreError> {
    let restoring = restoring_path(path);
    if !taken(&restoring) {
        return Ok(());
    }
    let dir = files::parent(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let damaged = (1..=10_000)
        .map(|n| match n {
            1 => dir.join(format!("{name}.damaged")),
            n => dir.join(format!("{name}.damaged-{n}")),
        })
        .find(|d| !taken(d))
        .ok_or_else(|| StoreError::io(dir, std::io::ErrorKind::AlreadyExists.into()))?;
    for suffix in ["-wal", "-shm", ""] {
        let from = with_suffix(path, suffix);
        if taken(&from) {
            let to = with_suffix(&damaged, suffix);
            files::rename_new(&from, &to).map_err(|e| StoreError::io(&to, e))?;
        }
    }
    sync_dir(dir);
    std::fs::rename(&restoring, path).map_err(|e| StoreError::io(path, e))?;
    sync_dir(dir);
    Ok(())
}

/// Refuses to create a journal at `path`, which is missing, when what lies beside it shows there
/// was one: a damaged journal set aside (`….damaged`), the temporary file of a restore
/// (`.….part`), or its write-ahead log. An empty journal there would take the runner's writes
/// while their journal waits to be restored, and its backups would push the good ones out. The
/// error is `Damaged`, naming the newest good backup, so every frontend offers to restore it.
pub(crate) fn refuse_empty_in_place_of(path: &Path) -> Result<(), StoreError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let wal = with_suffix(path, "-wal");
    let found = std::fs::read_dir(files::parent(path))
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .find(|n| {
            n.strip_prefix(&name)
                .is_some_and(|rest| rest.starts_with(".damaged"))
                || (n.starts_with(&format!(".{name}.")) && files::part_owner(n).is_some())
        })
        .or_else(|| taken(&wal).then(|| format!("{name}-wal")));
    match found {
        None => Ok(()),
        Some(beside) => Err(StoreError::Damaged {
            path: path.display().to_string(),
            detail: format!(
                "it is missing, and {beside} beside it shows it was set aside as damaged or a \
                 restore did not finish; no new journal was created in its place"
            ),
            newest_backup: newest_good(&dir_for(path)),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::{any, prop_oneof, Just, Strategy};

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
    fn seasons_of_use_keep_a_bounded_number_of_backups() {
        // Two months a year for ten years: months apart, never a year, so one era.
        let mut kept = Vec::new();
        for year in 2026..2036 {
            kept = lived(kept, &format!("{year}-03-01"), 60);
        }
        assert!(
            kept.len() <= KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY,
            "{kept:?}"
        );
        assert!(ids(&kept).contains("daily-2035-04-29.db"));
        assert!(!ids(&kept).iter().any(|id| id.starts_with("daily-2026")));
        // Back after two years away: the era before the break stays as it was, the new one is
        // thinned on its own.
        let before = ids(&kept);
        let back = lived(kept, "2038-03-01", 400);
        assert!(ids(&back).is_superset(&before));
        assert!(back.len() <= 2 * (KEEP_DAILY + KEEP_WEEKLY + KEEP_MONTHLY));
    }

    /// Two processes opening an older journal at once (an app and its reminder receiver after an
    /// update): the one that read the old version after the other's upgrade committed copies the
    /// upgraded journal; that copy is dropped, and the copy from before the upgrade stays.
    #[test]
    fn a_copy_of_an_already_upgraded_journal_never_replaces_the_pre_upgrade_one() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("fascia.db");
        let older = schema::SCHEMA_VERSION - 1;
        let older_len = usize::try_from(older).expect("version");
        drop(
            Store::open_with(
                &path,
                &schema::MIGRATIONS[..older_len],
                None,
                crate::zones::Catalog::embedded().unwrap(),
                crate::session::counts_as_done,
            )
            .expect("older"),
        );
        let upgraded = Store::opened(&path).expect("upgrade");
        let copy = dir
            .path()
            .join(format!("fascia.db.backups/pre-migration-v{older}.db"));
        let version_of = |file: &Path| {
            schema::version(&files::open_immutable(file).expect("open")).expect("version")
        };
        assert_eq!(version_of(&copy), older);
        copy_before_migration(&upgraded.lock(), &path, older).expect("copy");
        assert_eq!(
            version_of(&copy),
            older,
            "the pre-upgrade copy was replaced"
        );
    }

    /// The retention alone, on one timeline: what the tiers keep of `dates`. The reference the
    /// property below holds `to_prune` to, written independently of it.
    fn retention(dates: &[NaiveDate]) -> BTreeSet<NaiveDate> {
        let mut newest_first = dates.to_vec();
        newest_first.sort_unstable_by(|a, b| b.cmp(a));
        let mut days = BTreeSet::new();
        let mut weeks = BTreeSet::new();
        let mut months = BTreeSet::new();
        let mut kept = BTreeSet::new();
        for d in newest_first {
            let week = d.iso_week();
            let day_new = days.len() < KEEP_DAILY && days.insert(d);
            let week_new = weeks.len() < KEEP_WEEKLY && weeks.insert((week.year(), week.week()));
            let month_new = months.len() < KEEP_MONTHLY && months.insert((d.year(), d.month()));
            if day_new || week_new || month_new {
                kept.insert(d);
            }
        }
        kept
    }

    /// How wrong the phone's clock is at a launch, in minutes (0: right).
    fn clock_error() -> impl Strategy<Value = i64> {
        let log_uniform = |lo: f64, hi: f64| {
            (0.0f64..1.0, any::<bool>()).prop_map(move |(u, ahead)| {
                let minutes = (lo.ln() + u * (hi.ln() - lo.ln())).exp() as i64;
                if ahead {
                    minutes
                } else {
                    -minutes
                }
            })
        };
        let day = 24.0 * 60.0;
        prop_oneof![
            2 => Just(0),
            // Minutes to a year either way: an error that cannot be told from real time.
            1 => log_uniform(1.0, ERA_GAP_DAYS as f64 * day),
            // Three years to two centuries either way: 1970, 2199, a mistyped year.
            1 => log_uniform(3.0 * 366.0 * day, 200.0 * 365.0 * day),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Launches at real times minutes to days apart, each clock right or wrong (forwards or
        /// backwards, minutes to centuries, for one to six launches in a row): no backup of a real
        /// day (dated on or before the real date) is ever deleted unless the retention, applied to
        /// the backups dated no later than a year after the real date, deletes it too. Backups
        /// dated further in the future never count against real ones.
        #[test]
        fn no_backup_of_a_real_day_goes_while_the_retention_keeps_it(
            spells in proptest::collection::vec(
                (clock_error(), proptest::collection::vec(0.0f64..1.0, 1..=6)),
                1..40,
            )
        ) {
            let mut real = NaiveDate::from_ymd_opt(2026, 1, 1)
                .and_then(|d| d.and_hms_opt(8, 0, 0))
                .unwrap();
            let mut kept: Vec<(String, NaiveDate)> = Vec::new();
            for (error, steps) in spells {
                for u in steps {
                    // One minute to ten days later, log-uniform.
                    let minutes = (u * (14_400f64).ln()).exp() as i64;
                    real += chrono::TimeDelta::minutes(minutes);
                    let today = (real + chrono::TimeDelta::minutes(error)).date();
                    if !(1971..=2199).contains(&today.year())
                        || kept.iter().any(|(_, d)| *d == today)
                    {
                        continue;
                    }
                    kept.push((format!("daily-{today}.db"), today));
                    let gone = to_prune(&kept, today);
                    let horizon = real.date() + chrono::TimeDelta::days(ERA_GAP_DAYS);
                    let plausible: Vec<NaiveDate> =
                        kept.iter().map(|(_, d)| *d).filter(|d| *d <= horizon).collect();
                    let reference = retention(&plausible);
                    for (id, date) in kept.iter().filter(|(id, _)| gone.contains(id)) {
                        proptest::prop_assert!(
                            *date > real.date() || !reference.contains(date),
                            "{id} (real date {}, clock {today}) went while the retention keeps it",
                            real.date()
                        );
                    }
                    kept.retain(|(id, _)| !gone.contains(id));
                }
            }
        }
    }
}
