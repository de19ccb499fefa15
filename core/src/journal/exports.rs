//! The journal's files: export, import, CSV, backups and restores, and the checks that keep an
//! export from landing on the journal or on a device.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::Invalid;
use crate::model::{BackupInfo, Export, ImportSummary};
use crate::session;
use crate::store::{self, export, files, StoreError};
use crate::zones::Catalog;
use crate::Result;

use super::*;

impl Journal {
    // ---- export, import, backups ----------------------------------------------------------

    /// The whole journal as an export document (`docs/export.md`).
    pub fn export(&self, now: DateTime<Utc>) -> Result<Export> {
        check_now(now)?;
        Ok(self.store.export(now)?)
    }

    /// The whole journal as export JSON (compact: a machine's file, written and read fast; any
    /// JSON tool shows it indented).
    pub fn export_json(&self, now: DateTime<Utc>) -> Result<String> {
        check_now(now)?;
        Ok(serde_json::to_string(&self.export(now)?).map_err(crate::store::StoreError::from)?)
    }

    /// Merges an export file into the journal by id, in one transaction, after validating all
    /// of it. Importing the same file twice changes nothing.
    pub fn import_json(&self, text: &str, now: DateTime<Utc>) -> Result<ImportSummary> {
        check_now(now)?;
        let doc = export::parse(text)?;
        self.import(&doc, now)
    }

    /// Reads an export file without a journal: its shape and version are checked, not yet its
    /// records against a journal ([`Journal::import`] does that).
    pub fn parse_export(text: &str) -> Result<Export> {
        Ok(export::parse(text)?)
    }

    /// Checks a parsed export file as [`Journal::import`] will, before any journal is opened
    /// (pure: a frontend refuses a bad file without creating, changing or backing up anything).
    /// `into_existing`: whether it goes into a journal that exists, whose runs a soreness entry
    /// may follow (that link is checked again on import); into a new journal, every soreness
    /// entry must follow a run in the file.
    pub fn check_import(doc: &Export, into_existing: bool) -> Result<()> {
        session::check_kept(&doc.sessions)?;
        export::validate(doc, Catalog::embedded()?, &|_| Ok(into_existing))?;
        Ok(())
    }

    /// Merges a parsed export document (see [`Journal::import_json`]).
    pub fn import(&self, doc: &Export, now: DateTime<Utc>) -> Result<ImportSummary> {
        check_now(now)?;
        let counted = session::check_kept(&doc.sessions)?;
        Ok(self.store.import(doc, &counted)?)
    }

    /// Writes the export to `target` atomically (the previous file stays whole until the new one
    /// is on disk). A link is written through: the file it points to is replaced, atomically,
    /// and the link stays (a synced copy stays current). Refused, with nothing written, when
    /// `target` is the journal, one of its SQLite companions, inside its backups folder, or a
    /// device, a pipe or another file that is not a regular file.
    pub fn export_to_file(&self, target: &Path, now: DateTime<Utc>) -> Result<()> {
        check_now(now)?;
        check_export_target(self.path(), target)?;
        let dest = export_destination(target)?;
        let text = self.export_json(now)? + "\n";
        files::write_atomically(&dest, text.as_bytes()).map_err(|e| StoreError::io(&dest, e))?;
        Ok(())
    }

    /// Writes `runs.csv` and `soreness.csv` into `dir` (created if needed), each atomically, and
    /// returns their paths. Refused like [`Journal::export_to_file`].
    pub fn export_csv_to(&self, dir: &Path) -> Result<[PathBuf; 2]> {
        if let Ok(meta) = std::fs::metadata(dir) {
            if !meta.is_dir() {
                let kind = special_kind(&meta).unwrap_or("a file");
                return Err(Invalid::new(
                    "dir",
                    format!("{} is {kind}, not a folder; choose a folder", dir.display()),
                )
                .into());
            }
        }
        let targets = [dir.join("runs.csv"), dir.join("soreness.csv")];
        for t in &targets {
            check_export_target(self.path(), t)?;
            export_destination(t)?;
        }
        let texts = [self.runs_csv()?, self.soreness_csv()?];
        std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        for (target, text) in targets.iter().zip(texts) {
            let dest = export_destination(target)?;
            files::write_atomically(&dest, text.as_bytes())
                .map_err(|e| StoreError::io(&dest, e))?;
        }
        Ok(targets)
    }

    /// Runs as CSV (RFC 4180), with the long-run rule applied.
    pub fn runs_csv(&self) -> Result<String> {
        Ok(self.store.runs_csv()?)
    }

    /// Soreness entries as CSV (RFC 4180).
    pub fn soreness_csv(&self) -> Result<String> {
        Ok(self.store.soreness_csv()?)
    }

    /// Takes the daily backup if none was taken today; call on launch.
    pub fn backup_if_due(&self, now: DateTime<Utc>) -> Result<Option<BackupInfo>> {
        check_now(now)?;
        self.store.backup_if_due(now).map_err(|e| match &e {
            // SQLite cannot create the copy in the backups folder: that folder is the problem,
            // not the journal.
            StoreError::Sqlite(cause)
                if cause.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) =>
            {
                StoreError::io(
                    &self.backup_dir(),
                    std::io::Error::new(
                        std::io::ErrorKind::PermissionDenied,
                        "a backup cannot be written in this folder (check its permissions)",
                    ),
                )
                .into()
            }
            _ => e.into(),
        })
    }

    /// The backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        Journal::backups_of(self.path())
    }

    /// The backups beside the journal at `path`, newest first, without opening it (a damaged
    /// journal's backups can be listed). A backups folder that cannot be read is an error, not
    /// an empty list: the backups in it are still there.
    pub fn backups_of(path: &Path) -> Result<Vec<BackupInfo>> {
        let dir = store::dir_for(path);
        match std::fs::read_dir(&dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(StoreError::io(&dir, e).into())
            }
            _ => Ok(store::backups_of(path)),
        }
    }

    /// The folder the backups live in.
    pub fn backup_dir(&self) -> PathBuf {
        Journal::backup_dir_of(self.path())
    }

    /// The folder the backups of the journal at `path` live in.
    pub fn backup_dir_of(path: &Path) -> PathBuf {
        store::dir_for(path)
    }

    /// Restores a backup over the journal, keeping the journal as it is now as a backup first.
    pub fn restore_backup(&self, id: &str, now: DateTime<Utc>) -> Result<BackupInfo> {
        check_now(now)?;
        Ok(self.store.restore_backup(id, now)?)
    }
}

/// Refuses an export target that would overwrite the journal at `journal` (or its `-wal`, `-shm`,
/// `-journal` companions, also through a link, even one to a file not there yet) or land in its
/// backups folder, and one that is a device, a pipe or anything but a regular file. Pure:
/// frontends call it before opening anything.
pub fn check_export_target(journal: &Path, target: &Path) -> Result<()> {
    let target = resolve(&export_destination(target)?);
    let journal = resolve(journal);
    let refuse = |why: &str| {
        Err(Invalid::new(
            "file",
            format!("{} {why}; choose another file", target.display()),
        )
        .into())
    };
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut companion = journal.as_os_str().to_os_string();
        companion.push(suffix);
        if target == Path::new(&companion) {
            return refuse("is the journal (or one of its SQLite files)");
        }
    }
    if target.starts_with(resolve(&store::dir_for(&journal))) {
        return refuse("is in the journal's backups folder");
    }
    Ok(())
}

/// What a file that is not a regular file is, in words (`None` for a regular file).
pub(super) fn special_kind(meta: &std::fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_char_device() || kind.is_block_device() {
            return Some("a device");
        }
        if kind.is_fifo() {
            return Some("a pipe (FIFO)");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Refuses a journal path (through its links) that is a device, a pipe, a socket or a folder:
/// SQLite reads such a file as a full disk or waits on it forever, and nothing should ever set
/// one aside as a damaged journal. A missing path is fine: the journal is created there.
pub(super) fn check_journal_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path).ok().as_ref().and_then(special_kind) {
        Some(kind) => Err(Invalid::new(
            "journal",
            format!(
                "{} is {kind}, not a journal file: give the path of a journal (a new name creates one)",
                path.display()
            ),
        )
        .into()),
        None => Ok(()),
    }
}

/// Where an export to `target` is written: `target` itself, or, when it is a link (or a chain
/// of links, even to a file not there yet), the file it points to, so the link stays and what
/// it points to is replaced atomically. A device (`/dev/stdout`), a pipe or any other file that
/// is not a regular file is refused, with nothing written.
pub(super) fn export_destination(target: &Path) -> Result<PathBuf> {
    let refuse = |kind: &str| -> Result<PathBuf> {
        Err(Invalid::new(
            "file",
            format!(
                "{} is {kind}, not a file an export can replace; choose another file",
                target.display()
            ),
        )
        .into())
    };
    if let Some(kind) = std::fs::metadata(target)
        .ok()
        .as_ref()
        .and_then(special_kind)
    {
        return refuse(kind);
    }
    let mut dest = target.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&dest) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = std::fs::read_link(&dest).map_err(|e| StoreError::io(&dest, e))?;
                dest = files::parent(&dest).join(to);
            }
            _ => return Ok(dest),
        }
    }
    refuse("a loop of links")
}

/// `path` made absolute with every link resolved, as far as it exists; the rest appended, its
/// `.` and `..` read as written (what does not exist yet holds no link).
pub(super) fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let parts: Vec<Component> = path.components().collect();
    for split in (0..=parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        let head = if head.as_os_str().is_empty() {
            PathBuf::from(".")
        } else {
            head
        };
        if let Ok(mut real) = head.canonicalize() {
            for part in &parts[split..] {
                match part {
                    Component::ParentDir => {
                        real.pop();
                    }
                    Component::Normal(name) => real.push(name),
                    _ => {}
                }
            }
            return real;
        }
    }
    path.to_path_buf()
}
