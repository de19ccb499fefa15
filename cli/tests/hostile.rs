//! `fascia` tried as a hostile user would: exports aimed at the journal, a full disk, bad input
//! that must write nothing, inputs that used to panic, closed and full outputs, escape sequences,
//! unwritable folders, a damaged journal, and `fascia` killed while it restores, backs up or
//! upgrades. Each test says what it proves.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod common;

use common::BIN;

const NOW: &str = "2026-11-23T08:00:00Z";

fn fascia(db: &Path, args: &[&str]) -> Output {
    common::fascia_at(db, "UTC", NOW, args)
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = fascia(db, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file under `dir` with its bytes, to prove a command changed nothing.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap_or_default();
                all.push((p, bytes));
            }
        }
    }
    all.sort();
    all
}

fn seeded() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    ok(
        &db,
        &[
            "run",
            "add",
            "--date",
            "2026-11-22",
            "--distance-km",
            "21",
            "--duration-min",
            "120",
        ],
    );
    (dir, db)
}

/// An export aimed at the journal (by a relative or an absolute path), at one of its SQLite files
/// or into its backups folder is refused with exit 2 and changes no file.
#[test]
fn an_export_aimed_at_the_journal_or_a_backup_exits_2_and_changes_nothing() {
    let (dir, db) = seeded();
    let before = snapshot(dir.path());
    let backup = dir.path().join("j.db.backups/daily-2026-11-23.db");
    assert!(backup.is_file());
    for args in [
        vec!["export", "j.db"],
        vec!["export", db.to_str().unwrap()],
        vec!["export", &format!("{}-wal", db.display())],
        vec!["export", backup.to_str().unwrap()],
        vec![
            "export",
            "--csv",
            dir.path().join("j.db.backups").to_str().unwrap(),
        ],
    ] {
        let out = Command::new(BIN)
            .current_dir(dir.path())
            .args(["--db", "j.db", "--tz", "UTC", "--now", NOW])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("choose another file"),
            "{}",
            stderr(&out)
        );
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed a file");
    }
}

/// Bad input writes nothing: no folder, no journal, no backup, no pruning.
#[test]
fn bad_input_creates_no_folder_no_journal_and_no_backup() {
    let root = tempfile::tempdir().unwrap();
    let db = root.path().join("new/sub/j.db");
    for args in [
        vec!["soreness", "add", "--zone", "elbow=3"],
        vec!["soreness", "add", "--zone", "calves=11"],
        vec![
            "soreness",
            "add",
            "--zone",
            "calves=3",
            "--run",
            "no-such-run",
        ],
        vec![
            "race",
            "add",
            "--name",
            "\u{1b}[31mEvil",
            "--date",
            "2027-04-18",
        ],
        vec!["race", "rm", "no-such-race"],
        vec!["settings", "set", "minutes", "90"],
        vec!["routine", "--minutes", "90"],
        vec!["backup", "restore", "daily-2026-01-01.db"],
        vec!["import", "/no/such/file.json"],
        vec![
            "run",
            "add",
            "--date",
            "+262142-12-31",
            "--distance-km",
            "5",
            "--duration-min",
            "30",
        ],
    ] {
        let out = fascia(&db, &args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
        assert!(
            !root.path().join("new").exists(),
            "{args:?} created a folder"
        );
    }
    // On an existing journal: no new daily backup, old ones not pruned.
    let (dir, db) = seeded();
    let backups = dir.path().join("j.db.backups");
    for day in 1..=9 {
        std::fs::copy(
            backups.join("daily-2026-11-23.db"),
            backups.join(format!("daily-2026-10-0{day}.db")),
        )
        .unwrap();
    }
    let before = snapshot(dir.path());
    let out = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--tz", "UTC"])
        .args([
            "--now",
            "2026-11-24T08:00:00Z",
            "soreness",
            "add",
            "--zone",
            "elbow=3",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(2));
    assert_eq!(
        snapshot(dir.path()),
        before,
        "a refused command took or pruned a backup"
    );
}

/// Inputs that used to panic (exit 101) are errors; a full or closed output is not a
/// panic either.
#[test]
fn no_input_or_output_makes_it_panic() {
    let (_dir, db) = seeded();
    for args in [
        vec![
            "run",
            "add",
            "--date=+262142-12-31",
            "--distance-km",
            "5",
            "--duration-min",
            "30",
        ],
        vec![
            "run",
            "add",
            "--date=-262143-01-01",
            "--distance-km",
            "5",
            "--duration-min",
            "30",
        ],
        vec!["plan", "--weeks", "4294967295"],
        vec!["reminders", "--days", "100000000"],
        vec!["reminders", "--days", "10000000", "--limit", "64"],
        vec!["--now", "9999-12-31T00:00:00Z", "today"],
        vec!["--now", "+262142-01-01T00:00:00Z", "report"],
        vec!["bodywork", "add", "--at", "99999-01-01T10:00"],
        vec!["downtime", "add", "--hours", "1", "--date", "-0001-01-01"],
    ] {
        let out = fascia(&db, &args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", stderr(&out));
    }
    ok(&db, &["report"]);

    // A full output: an error with its reason.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = Command::new(BIN)
        .args([
            "--db",
            db.to_str().unwrap(),
            "--tz",
            "UTC",
            "--now",
            NOW,
            "reminders",
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("No space left"), "{}", stderr(&out));

    // A reader that goes away (`| head -1`): the command ends quietly.
    let mut child = Command::new(BIN)
        .args(["--db", db.to_str().unwrap(), "--tz", "UTC", "--now", NOW])
        .args(["reminders", "--days", "1000", "--limit", "1000"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // The pipe closed when `take()`'s handle dropped.
    let status = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Escape sequences never reach the terminal through stored text, and CSV formulas are
/// neutralised.
#[test]
fn stored_text_cannot_carry_escapes_and_csv_cannot_carry_formulas() {
    let (dir, db) = seeded();
    let out = fascia(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves=3",
            "--note",
            "\u{1b}]0;owned\u{7}",
        ],
    );
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    ok(
        &db,
        &[
            "soreness",
            "add",
            "--zone",
            "calves=3",
            "--note",
            "@SUM(A1:A9)",
        ],
    );
    let csv = dir.path().join("csv");
    ok(&db, &["export", "--csv", csv.to_str().unwrap()]);
    let text = std::fs::read_to_string(csv.join("soreness.csv")).unwrap();
    assert!(text.contains(",'@SUM(A1:A9)"), "{text}");
}

/// The damage message names a backup, and the command it gives restores it.
#[test]
fn the_damage_message_gives_the_command_that_restores() {
    let (dir, db) = seeded();
    std::fs::write(
        &db,
        b"this journal was overwritten by something else entirely",
    )
    .unwrap();
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(dir.path().join(format!("j.db{suffix}")));
    }
    let out = fascia(&db, &["today"]);
    assert_eq!(code(&out), Some(1));
    let message = stderr(&out);
    let command = message
        .lines()
        .find_map(|l| l.split_once(": fascia").map(|(_, c)| c.to_owned()))
        .unwrap_or_else(|| panic!("no command in {message}"));
    assert!(
        command.contains("backup restore-damaged daily-2026-11-23.db"),
        "{message}"
    );
    let args: Vec<&str> = command.split_whitespace().collect();
    let out = Command::new(BIN)
        .args(["--tz", "UTC", "--now", NOW])
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    assert_eq!(
        ok(&db, &["--json", "run", "list"])
            .matches("\"id\"")
            .count(),
        1
    );
    assert!(
        dir.path().join("j.db.damaged").is_file(),
        "the damaged file is kept"
    );
    // `backup list` works on a journal that cannot be opened, too.
    std::fs::write(&db, b"broken again").unwrap();
    assert!(ok(&db, &["backup", "list"]).contains("daily-2026-11-23.db"));
}

/// On a full disk, reading, exporting to another disk and listing backups still
/// work; the daily backup is skipped with a warning; a failed export keeps the previous file
/// whole; no temporary file is left. Runs in a private mount namespace on a 2 MB tmpfs (root, as
/// on CI).
#[test]
fn a_full_disk_loses_nothing_and_still_reads() {
    let elsewhere = tempfile::tempdir().unwrap();
    let script = format!(
        r#"set -u
mount -t tmpfs -o size=2m tmpfs /mnt || exit 90
cd /mnt
f() {{ {bin} --db j.db --tz UTC --now "$NOW" "$@"; }}
NOW=2026-11-20T08:00:00Z
f run add --date 2026-11-20 --distance-km 10 --duration-min 50 >/dev/null || exit 91
f export good.json >/dev/null || exit 92
cp good.json good.copy
dd if=/dev/zero of=filler bs=4k 2>/dev/null
NOW=2026-11-21T08:00:00Z
E={elsewhere}
f today >/dev/null 2>$E/today.err; echo "today=$?"
f backup list >/dev/null; echo "list=$?"
f export good.json 2>$E/export.err; echo "export_full=$?"
cmp -s good.json good.copy; echo "kept=$?"
f export $E/out.json >/dev/null 2>$E/elsewhere.err; echo "export_elsewhere=$?"
grep -c "backup was skipped" $E/elsewhere.err
f run add --date 2026-11-21 --distance-km 10 --duration-min 50 2>$E/write.err; echo "write=$?"
grep -c "free some space" $E/write.err
ls -a /mnt /mnt/j.db.backups | grep -c part
"#,
        bin = BIN,
        elsewhere = elsewhere.path().display()
    );
    let out = Command::new("unshare")
        .args(["-m", "sh", "-c", &script])
        .output()
        .expect("unshare (util-linux) runs this test in a private mount namespace");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.code() != Some(90),
        "could not mount a tmpfs: this test needs root (CI runs as root): {}",
        stderr(&out)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines,
        [
            "today=0",
            "list=0",
            "export_full=1",
            "kept=0",
            "export_elsewhere=0",
            "1",
            "write=1",
            "1",
            "0"
        ],
        "{text}\n{}",
        stderr(&out)
    );
    assert!(elsewhere.path().join("out.json").is_file());
}

/// A read-only folder gives a message that says so and how to fix it; reading works.
#[cfg(unix)]
#[test]
fn a_read_only_journal_can_be_read_and_says_how_to_fix_writes() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = seeded();
    let folder = dir.path();
    let set = |mode: u32| {
        for p in [db.as_path(), folder] {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    set(0o555);
    // Root ignores permissions: run as an unprivileged user when we are root.
    let as_user = |args: &[&str]| -> Output {
        let mut cmd = if is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
            c
        } else {
            Command::new(BIN)
        };
        cmd.args(["--db", db.to_str().unwrap(), "--tz", "UTC", "--now", NOW])
            .args(args)
            .output()
            .unwrap()
    };
    let read = as_user(&["run", "list"]);
    let write = as_user(&[
        "run",
        "add",
        "--date",
        "2026-11-23",
        "--distance-km",
        "5",
        "--duration-min",
        "30",
    ]);
    set(0o755);
    assert_eq!(code(&read), Some(0), "{}", stderr(&read));
    assert!(String::from_utf8_lossy(&read.stdout).contains("21.0 km"));
    assert_eq!(code(&write), Some(1), "{}", stderr(&write));
    let message = stderr(&write);
    assert!(message.contains("read-only"), "{message}");
    assert!(message.contains("chmod u+w"), "{message}");
    assert!(
        !message.contains("attempt to write a readonly database\n"),
        "{message}"
    );
}

/// Whether this process runs as root (uid 0), read from /proc so no unsafe code is needed.
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .map(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|u| u == "0"))
                .unwrap_or(false)
        })
        .unwrap_or(false)
}

/// A message that names the journal names the one given, however it was given: `--db=PATH` and
/// `FASCIA_DB` as well as `--db PATH`. The damage message's command restores that journal (run
/// from a home of its own, so a command that lost the journal could not touch a real one), and the
/// read-only message's `chmod` names its file and folder.
#[cfg(unix)]
#[test]
fn messages_name_the_journal_given_with_db_equals_or_fascia_db() {
    use std::os::unix::fs::PermissionsExt;
    // `fascia` with the journal given `how`, as an unprivileged user when `user` (root ignores
    // permissions), from a home with no journal in it.
    let given = |how: &str, db: &Path, home: &Path, user: bool, args: &[&str]| -> Output {
        let mut cmd = if user && is_root() {
            let mut c = Command::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
            c
        } else {
            Command::new(BIN)
        };
        match how {
            "--db=" => {
                cmd.arg(format!("--db={}", db.display()));
            }
            _ => {
                cmd.env("FASCIA_DB", db);
            }
        }
        cmd.args(["--tz", "UTC", "--now", NOW])
            .args(args)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    for how in ["--db=", "FASCIA_DB"] {
        let home = tempfile::tempdir().unwrap();
        let (dir, db) = seeded();
        std::fs::write(&db, b"overwritten by something else entirely").unwrap();
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("j.db{suffix}")));
        }
        let out = given(how, &db, home.path(), false, &["today"]);
        assert_eq!(code(&out), Some(1), "{how}: {}", stderr(&out));
        let message = stderr(&out);
        let command = format!(
            "fascia --db {} backup restore-damaged daily-2026-11-23.db",
            db.display()
        );
        assert!(message.contains(&command), "{how}: {message}");
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let out = Command::new(BIN)
            .args(["--tz", "UTC", "--now", NOW])
            .args(&args)
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path())
            .env_remove("FASCIA_DB")
            .output()
            .unwrap();
        assert_eq!(code(&out), Some(0), "{how}: {}", stderr(&out));
        assert!(ok(&db, &["run", "list"]).contains("21.0 km"), "{how}");
        assert!(
            std::fs::read_dir(home.path()).unwrap().next().is_none(),
            "{how}: a journal appeared in the default place"
        );

        let set = |mode: u32| {
            for p in [db.as_path(), dir.path()] {
                std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
            }
        };
        set(0o555);
        let write = given(
            how,
            &db,
            home.path(),
            true,
            &[
                "run",
                "add",
                "--date",
                "2026-11-23",
                "--distance-km",
                "5",
                "--duration-min",
                "30",
            ],
        );
        set(0o755);
        assert_eq!(code(&write), Some(1), "{how}: {}", stderr(&write));
        let message = stderr(&write);
        let chmod = format!("chmod u+w '{}' '{}'", dir.path().display(), db.display());
        assert!(message.contains(&chmod), "{how}: {message}");
    }
}

/// Three `fascia` processes writing at once, the day changing at every command so each
/// one also takes and prunes the daily backup: no command fails.
#[test]
fn three_processes_changing_day_at_every_write_never_fail() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let writers: Vec<_> = (0..3)
        .map(|w| {
            let db = db.clone();
            std::thread::spawn(move || {
                let mut failures = Vec::new();
                for day in 0..100 {
                    let date = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
                        + chrono::TimeDelta::days(day);
                    let now = format!("{date}T12:0{w}:00Z");
                    let out = Command::new(BIN)
                        .args(["--db", db.to_str().unwrap(), "--tz", "UTC", "--now", &now])
                        .args(["run", "add", "--date", &format!("{date}T0{w}:00")])
                        .args(["--distance-km", "8", "--duration-min", "45"])
                        .output()
                        .unwrap();
                    if !out.status.success() {
                        failures.push(format!("{now}: {}", stderr(&out)));
                    }
                }
                failures
            })
        })
        .collect();
    let failures: Vec<String> = writers
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert!(
        failures.is_empty(),
        "{} failed, e.g. {:?}",
        failures.len(),
        failures.first()
    );
    let listed = ok(&db, &["--json", "run", "list", "--limit", "1000"]);
    assert_eq!(listed.matches("\"id\"").count(), 300);
    let backups = dir.path().join("j.db.backups");
    let parts = std::fs::read_dir(&backups)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".part")
        })
        .count();
    assert_eq!(parts, 0, "temporary files left behind");
}

/// A change that makes an export file hostile.
type Mangle = fn(&mut serde_json::Value);

/// A hostile import file is refused whole (exit 2, the journal byte for byte as it was),
/// and the message says where in the file to look, never an option the runner did not type.
#[test]
fn a_refused_import_names_the_place_in_the_file() {
    let (dir, db) = seeded();
    let export = dir.path().join("export.json");
    ok(&db, &["export", export.to_str().unwrap()]);
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&export).unwrap()).unwrap();
    let cases: [(&str, Mangle, &str); 3] = [
        (
            "uppercase id",
            |d| {
                let id = d["runs"][0]["id"].as_str().unwrap().to_uppercase();
                d["runs"][0]["id"] = id.into();
            },
            "in the file, runs[0].id: ",
        ),
        (
            "stamp from year 9999",
            |d| d["runs"][0]["updated_at"] = "9999-01-01T00:00:00Z".into(),
            "in the file, runs[0].updated_at: ",
        ),
        (
            "level 11",
            |d| {
                let run = d["runs"][0]["id"].clone();
                d["soreness"] = serde_json::json!([{
                    "id": "00000000-0000-4000-8000-000000000001", "zone": "calves",
                    "side": "both", "level": 11, "at": "2026-11-22T12:00:00Z", "run_id": run,
                    "created_at": "2026-11-22T12:00:00Z", "updated_at": "2026-11-22T12:00:00Z",
                }]);
            },
            "in the file, soreness[0].level: ",
        ),
    ];
    for (what, mangle, expected) in cases {
        let mut bad = doc.clone();
        mangle(&mut bad);
        let file = dir.path().join("bad.json");
        std::fs::write(&file, bad.to_string()).unwrap();
        let before = snapshot(dir.path());
        let out = fascia(&db, &["import", file.to_str().unwrap()]);
        assert_eq!(code(&out), Some(2), "{what}: {}", stderr(&out));
        assert!(stderr(&out).contains(expected), "{what}: {}", stderr(&out));
        assert!(!stderr(&out).contains("--zone"), "{what}: {}", stderr(&out));
        assert!(
            snapshot(dir.path()) == before,
            "{what}: a refused import changed a file"
        );
    }
}

/// A journal with silent damage in an index is found out before a command writes
/// to it: `run add` changes no byte (nothing typed lands in the file that `restore-damaged` sets
/// aside), takes no backup, and says which command restores the newest good backup.
#[test]
fn a_silently_damaged_journal_is_not_written_to() {
    let (dir, db) = seeded();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        for i in 0..400i64 {
            c.execute(
                "INSERT INTO runs (id, started_at, distance_m, duration_s, kind, created_at, updated_at)
                 SELECT randomblob(16), started_at - ?1, distance_m, duration_s, kind, created_at, updated_at
                 FROM runs LIMIT 1",
                [(i + 1) * 3_600_000],
            )
            .unwrap();
        }
        c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    }
    // Flip bytes inside the cells of an index leaf page (page type 0x0a), as a bad flash page would.
    let mut bytes = std::fs::read(&db).unwrap();
    let size = 4096;
    let page = (1..bytes.len() / size)
        .find(|&p| {
            let o = p * size;
            bytes[o] == 0x0a && u16::from_be_bytes([bytes[o + 3], bytes[o + 4]]) > 50
        })
        .expect("an index leaf page");
    let start = usize::from(u16::from_be_bytes([
        bytes[page * size + 5],
        bytes[page * size + 6],
    ]));
    for b in &mut bytes[page * size + start + 40..page * size + start + 48] {
        *b ^= 0x5a;
    }
    std::fs::write(&db, &bytes).unwrap();
    let verdict: String = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .unwrap();
    assert_ne!(verdict, "ok", "the test must damage the journal");

    let before = snapshot(dir.path());
    let out = common::fascia_at(
        &db,
        "UTC",
        "2026-11-24T08:00:00Z",
        &[
            "run",
            "add",
            "--date",
            "2026-11-24",
            "--distance-km",
            "5",
            "--duration-min",
            "30",
        ],
    );
    assert_eq!(code(&out), Some(1), "{}", stderr(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("Logged run"));
    let message = stderr(&out);
    assert!(
        message.contains("backup restore-damaged daily-2026-11-23.db"),
        "{message}"
    );
    assert!(
        snapshot(dir.path()) == before,
        "the damaged journal was written to"
    );
}

// ---- Imports, exports, and journals or folders that are not what they seem -------------------

/// Runs `fascia` as an unprivileged user when the tests run as root (root ignores permissions).
#[cfg(unix)]
fn as_user(db: &Path, now: &str, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", BIN]);
        c
    } else {
        Command::new(BIN)
    };
    cmd.arg("--db")
        .arg(db)
        .args(["--tz", "UTC", "--now", now])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// The id of the first run in an export file.
fn first_run(export: &Path) -> String {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(export).unwrap()).unwrap();
    doc["runs"][0]["id"].as_str().unwrap().to_owned()
}

/// The import summary says what it removed (a run deleted on the other
/// phone), not only `--json`.
#[test]
fn an_import_says_what_it_removed() {
    let (dir, db) = seeded();
    let other = dir.path().join("other.db");
    let export = dir.path().join("a.json");
    ok(&db, &["export", export.to_str().unwrap()]);
    ok(&other, &["import", export.to_str().unwrap()]);
    ok(&db, &["run", "rm", &first_run(&export)]);
    ok(&db, &["export", export.to_str().unwrap()]);
    let said = ok(&other, &["import", export.to_str().unwrap()]);
    assert!(said.contains("1 removed"), "{said}");
    assert!(ok(&other, &["run", "list"]).contains("No runs yet"));
}

/// A refused import into a journal not there yet creates nothing: no folder,
/// no journal, no backup; an unknown or overlong time zone in the file is refused naming its
/// place; `/dev/zero` is refused once it is larger than any export; a byte order mark is read.
#[test]
fn a_refused_import_creates_nothing_and_reads_no_more_than_an_export() {
    let (dir, db) = seeded();
    let export = dir.path().join("export.json");
    ok(&db, &["export", export.to_str().unwrap()]);
    let text = std::fs::read_to_string(&export).unwrap();
    let root = tempfile::tempdir().unwrap();
    let fresh = root.path().join("new/j.db");
    let bad = dir.path().join("bad.json");
    let long = "A".repeat(65);
    for zone in ["Mars/Olympus", long.as_str()] {
        let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        doc["runs"][0]["time_zone"] = zone.into();
        std::fs::write(&bad, doc.to_string()).unwrap();
        let out = fascia(&fresh, &["import", bad.to_str().unwrap()]);
        assert_eq!(code(&out), Some(2), "{zone}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("in the file, runs[0].time_zone: "),
            "{}",
            stderr(&out)
        );
        assert!(snapshot(root.path()).is_empty(), "{zone}: a file appeared");
        assert!(
            !root.path().join("new").exists(),
            "{zone}: a folder appeared"
        );
    }
    // A soreness entry after a run in neither the file nor the (missing) journal.
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["runs"] = serde_json::json!([]);
    doc["soreness"] = serde_json::json!([{
        "id": "00000000-0000-4000-8000-000000000001", "zone": "calves", "side": "both",
        "level": 3, "at": "2026-11-22T12:00:00Z", "run_id": "00000000-0000-4000-8000-0000000000ff",
        "created_at": "2026-11-22T12:00:00Z", "updated_at": "2026-11-22T12:00:00Z",
    }]);
    std::fs::write(&bad, doc.to_string()).unwrap();
    let out = fascia(&fresh, &["import", bad.to_str().unwrap()]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(!root.path().join("new").exists());

    let started = std::time::Instant::now();
    let out = fascia(&fresh, &["import", "/dev/zero"]);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("larger than"), "{}", stderr(&out));
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
    assert!(!root.path().join("new").exists());

    let bom = dir.path().join("bom.json");
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    let said = ok(&fresh, &["import", bom.to_str().unwrap()]);
    assert!(said.contains("1 added"), "{said}");
}

/// `fascia export` to a link writes the file it points to (the runner's
/// synced copy) and keeps the link; to a link to `/dev/stdout` or a device it exits 2 with a
/// message, the link left as it was.
#[cfg(unix)]
#[test]
fn an_export_through_a_link_keeps_it_and_a_device_is_refused() {
    use std::os::unix::fs::symlink;
    let (dir, db) = seeded();
    let d = dir.path();
    std::fs::create_dir(d.join("Sync")).unwrap();
    std::fs::write(d.join("Sync/fascia.json"), "stale").unwrap();
    symlink("Sync/fascia.json", d.join("backup.json")).unwrap();
    ok(&db, &["export", d.join("backup.json").to_str().unwrap()]);
    assert_eq!(
        std::fs::read_link(d.join("backup.json")).unwrap(),
        Path::new("Sync/fascia.json")
    );
    let synced = std::fs::read_to_string(d.join("Sync/fascia.json")).unwrap();
    assert!(synced.contains("\"fascia-export\""), "{synced}");

    symlink("/dev/stdout", d.join("stdout.json")).unwrap();
    symlink("/dev/null", d.join("null.json")).unwrap();
    for name in ["stdout.json", "null.json"] {
        let out = fascia(&db, &["export", d.join(name).to_str().unwrap()]);
        assert_eq!(code(&out), Some(2), "{name}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("not a file an export can replace"),
            "{}",
            stderr(&out)
        );
        assert!(std::fs::symlink_metadata(d.join(name))
            .unwrap()
            .file_type()
            .is_symlink());
    }
}

/// A pipe or a device given as the journal is refused as such (exit 2), not
/// reported as a full disk, and nothing is created beside it; `restore-damaged` never sets one
/// aside.
#[cfg(unix)]
#[test]
fn a_pipe_or_a_device_as_the_journal_is_refused_as_such() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let fifo = d.join("pipe.db");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let mut journals = vec![fifo];
    // A device node of our own (root only): the system's /dev is never a test's target.
    if Command::new("mknod")
        .arg(d.join("null.db"))
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success())
    {
        journals.push(d.join("null.db"));
    }
    // Names only: opening the pipe to read it would wait for a writer.
    let names = || {
        let mut v: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        v.sort();
        v
    };
    let listing = names();
    for db in &journals {
        for args in [
            vec!["run", "list"],
            vec![
                "run",
                "add",
                "--date",
                "2026-11-22",
                "--distance-km",
                "5",
                "--duration-min",
                "30",
            ],
            vec!["backup", "restore-damaged", "daily-2026-11-22.db"],
        ] {
            let out = fascia(db, &args);
            assert_eq!(code(&out), Some(2), "{db:?} {args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("--db: "), "{}", stderr(&out));
            assert!(
                stderr(&out).contains("not a journal file"),
                "{}",
                stderr(&out)
            );
            assert!(!stderr(&out).contains("disk"), "{}", stderr(&out));
        }
    }
    assert_eq!(names(), listing, "files appeared beside the journal");
    assert!(std::fs::symlink_metadata(&journals[0])
        .unwrap()
        .file_type()
        .is_fifo());
}

/// A backups folder that cannot be read or written is named as such: the
/// daily backup's warning names the folder (not "the journal cannot be opened"), and `backup
/// list` fails saying why instead of "none yet".
#[cfg(unix)]
#[test]
fn an_unreadable_backups_folder_is_named_and_never_listed_as_empty() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, db) = seeded();
    let backups = dir.path().join("j.db.backups");
    if is_root() {
        for p in [dir.path(), db.as_path(), backups.as_path()] {
            std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
        }
        for e in std::fs::read_dir(&backups).unwrap() {
            std::os::unix::fs::chown(e.unwrap().path(), Some(65534), Some(65534)).unwrap();
        }
    }
    std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o000)).unwrap();
    let next_day = "2026-11-24T08:00:00Z";
    let read = as_user(&db, next_day, &["run", "list"]);
    let listed = as_user(&db, next_day, &["backup", "list"]);
    std::fs::set_permissions(&backups, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(code(&read), Some(0), "{}", stderr(&read));
    let warning = stderr(&read);
    assert!(warning.contains("today's backup was skipped"), "{warning}");
    assert!(warning.contains("j.db.backups"), "{warning}");
    assert!(!warning.contains("journal cannot be opened"), "{warning}");
    assert_eq!(code(&listed), Some(1), "{}", stderr(&listed));
    assert!(!String::from_utf8_lossy(&listed.stdout).contains("none yet"));
    assert!(
        stderr(&listed).contains("j.db.backups"),
        "{}",
        stderr(&listed)
    );
    assert!(stderr(&listed).contains("chmod"), "{}", stderr(&listed));
    // Readable again, the backup that was there is listed.
    assert!(ok(&db, &["backup", "list"]).contains("daily-2026-11-23.db"));
}

/// Peak training's start and end are checked against each other with the
/// stored other one, and a refusal names the setting the runner typed.
#[test]
fn peak_weeks_are_checked_together_and_name_the_setting_typed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let out = fascia(&db, &["settings", "set", "peak-to-weeks", "5"]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).starts_with("fascia: peak-to-weeks: "),
        "{}",
        stderr(&out)
    );
    ok(&db, &["settings", "set", "peak-from-weeks", "10"]);
    let shown = ok(&db, &["settings", "set", "peak-to-weeks", "6"]);
    assert!(shown.contains("peak-to-weeks          6"), "{shown}");
    let out = fascia(&db, &["settings", "set", "peak-from-weeks", "6"]);
    assert_eq!(code(&out), Some(2));
    assert!(
        stderr(&out).starts_with("fascia: peak-from-weeks: "),
        "{}",
        stderr(&out)
    );
    let out = fascia(&db, &["settings", "set", "peak-from-weeks", "20"]);
    assert!(
        stderr(&out).starts_with("fascia: peak-from-weeks: must be 1 to 16"),
        "{}",
        stderr(&out)
    );
}

// ---- `fascia` killed while it restores, backs up or upgrades ----------------------------------

/// A journal of `runs` runs (a few hundred KB: copying it takes some milliseconds), with the
/// day's backup of it.
fn grown(runs: i64) -> (tempfile::TempDir, PathBuf) {
    let (dir, db) = seeded();
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1)
             INSERT INTO runs (id, started_at, distance_m, duration_s, kind, created_at, updated_at)
             SELECT randomblob(16), r.started_at - n.i * 3600000, r.distance_m, r.duration_s,
                    r.kind, r.created_at, r.updated_at
             FROM n, (SELECT * FROM runs LIMIT 1) AS r",
            [runs - 1],
        )
        .unwrap();
        c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    }
    let backups = dir.path().join("j.db.backups");
    std::fs::remove_file(backups.join("daily-2026-11-23.db")).unwrap();
    ok(&db, &["today"]);
    assert!(backups.join("daily-2026-11-23.db").is_file());
    (dir, db)
}

/// Runs `fascia --db db … args` and SIGKILLs it `after` its start (or lets it finish first).
fn killed_after(db: &Path, now: &str, args: &[&str], after: std::time::Duration) {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--tz", "UTC", "--now", now])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(after);
    let _ = child.kill(); // SIGKILL
    child.wait().unwrap();
}

/// How long `fascia … args` takes when nothing kills it (the longest of three runs, each on a
/// fresh copy `fresh` makes in a folder of its own, removed after), so kills can be spread over
/// the whole of it.
fn duration_of(fresh: impl Fn() -> PathBuf, now: &str, args: &[&str]) -> std::time::Duration {
    (0..3)
        .map(|_| {
            let db = fresh();
            let start = std::time::Instant::now();
            let out = common::fascia_at(&db, "UTC", now, args);
            let took = start.elapsed();
            assert!(out.status.success(), "{args:?}: {}", stderr(&out));
            std::fs::remove_dir_all(db.parent().unwrap()).unwrap();
            took
        })
        .max()
        .unwrap()
}

/// Names in `dir` that a finished command must not leave: temporary copies and SQLite's rollback
/// journals of them.
fn leftovers_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".part") || n.ends_with("-journal"))
                .collect()
        })
        .unwrap_or_default()
}

/// `backup restore-damaged` killed at moments spread over its whole run. After
/// every kill the next command finds the restored journal, or is refused with the command that
/// restores it: never an empty journal in its place. Running the restore again finishes it, the
/// damaged file is kept byte for byte, and nothing temporary is left.
#[test]
fn a_killed_restore_damaged_never_leaves_an_empty_journal_and_finishes_when_run_again() {
    let (pristine, db) = grown(3000);
    let backup = std::fs::read(pristine.path().join("j.db.backups/daily-2026-11-23.db")).unwrap();
    let damaged = b"this journal was overwritten by something else entirely".to_vec();
    let fresh = || {
        let dir = tempfile::tempdir().unwrap().keep();
        std::fs::create_dir(dir.join("j.db.backups")).unwrap();
        std::fs::write(dir.join("j.db.backups/daily-2026-11-23.db"), &backup).unwrap();
        std::fs::write(dir.join("j.db"), &damaged).unwrap();
        dir.join("j.db")
    };
    let restore = ["backup", "restore-damaged", "daily-2026-11-23.db"];
    let whole = duration_of(fresh, NOW, &restore);
    let kills = 30u32;
    let mut interrupted = 0;
    for k in 0..kills {
        let db = fresh();
        let dir = db.parent().unwrap().to_owned();
        killed_after(&db, NOW, &restore, whole * k / (kills - 1));
        let out = fascia(&db, &["--json", "run", "list", "--limit", "5000"]);
        if out.status.success() {
            let listed = String::from_utf8_lossy(&out.stdout)
                .matches("\"id\"")
                .count();
            assert_eq!(
                listed, 3000,
                "kill {k}: a journal other than the backup took its place"
            );
        } else {
            interrupted += 1;
            assert_eq!(code(&out), Some(1), "kill {k}: {}", stderr(&out));
            assert!(
                stderr(&out).contains("backup restore-damaged daily-2026-11-23.db"),
                "kill {k}: {}",
                stderr(&out)
            );
            assert!(
                std::fs::read(&db).is_ok_and(|b| b == damaged) || !db.exists(),
                "kill {k}: an empty journal was created"
            );
            let out = fascia(&db, &restore);
            assert_eq!(code(&out), Some(0), "kill {k}: {}", stderr(&out));
            let listed = ok(&db, &["--json", "run", "list", "--limit", "5000"])
                .matches("\"id\"")
                .count();
            assert_eq!(listed, 3000, "kill {k}");
        }
        let kept = std::fs::read(dir.join("j.db.damaged"))
            .unwrap_or_else(|e| panic!("kill {k}: the damaged file is gone: {e}"));
        assert_eq!(kept, damaged, "kill {k}");
        for d in [&dir, &dir.join("j.db.backups")] {
            let left = leftovers_in(d);
            assert!(
                left.is_empty(),
                "kill {k}: {left:?} left in {}",
                d.display()
            );
        }
        assert!(!dir.join("j.db.restoring").exists(), "kill {k}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
    println!("{interrupted} of {kills} kills landed before the restore was done");
    assert!(
        interrupted > 0,
        "no kill landed before the restore was done"
    );

    // A journal that is not damaged is refused, and nothing changes.
    let before = snapshot(pristine.path());
    let out = fascia(&db, &restore);
    assert_eq!(code(&out), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not damaged"), "{}", stderr(&out));
    assert_eq!(snapshot(pristine.path()), before);
}

/// The daily backup killed at moments spread over its whole run, then a normal
/// launch: no temporary copy or rollback journal is left. An upgrade of an old journal killed the
/// same way keeps one pre-upgrade copy per version, never more.
#[test]
fn killed_backups_and_upgrades_leave_nothing_behind_and_one_copy_per_version() {
    let (dir, db) = grown(3000);
    let backups = dir.path().join("j.db.backups");
    let day = |n: u32| format!("2027-{:02}-{:02}T08:00:00Z", n / 28 + 1, n % 28 + 1);
    // Each launch on a new day takes a backup after the command.
    let whole = {
        let start = std::time::Instant::now();
        ok_at(&db, &day(0), &["today"]);
        start.elapsed()
    };
    let kills = 27u32;
    let mut seen = 0;
    // Rounds until kills have landed inside a backup (a loaded machine may be slower than the
    // measured run); each kill on a day of its own, so a backup is due every time.
    for round in 0..3 {
        for k in 1..=kills {
            killed_after(&db, &day(round * kills + k), &["today"], whole * k / kills);
            seen += leftovers_in(&backups).len() + leftovers_in(dir.path()).len();
        }
        if seen > 0 {
            break;
        }
    }
    ok_at(&db, "2027-06-15T08:00:00Z", &["today"]);
    println!("{seen} temporary files seen after {kills} kills");
    assert!(seen > 0, "no kill landed during a backup");
    for d in [dir.path(), &backups] {
        let left = leftovers_in(d);
        assert!(left.is_empty(), "{left:?} left in {}", d.display());
    }

    // A journal written by the first release, its upgrade killed again and again.
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/journal-v1.db");
    let old = tempfile::tempdir().unwrap();
    let fresh = || {
        let db = tempfile::tempdir().unwrap().keep().join("old.db");
        std::fs::copy(&fixture, &db).unwrap();
        db
    };
    let whole = duration_of(fresh, NOW, &["today"]);
    let db = old.path().join("old.db");
    std::fs::copy(&fixture, &db).unwrap();
    let backups = old.path().join("old.db.backups");
    for k in 0..kills {
        killed_after(&db, NOW, &["today"], whole * k / (kills - 1));
        let copies: Vec<String> = std::fs::read_dir(&backups)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .filter(|n| n.starts_with("pre-migration-"))
                    .collect()
            })
            .unwrap_or_default();
        assert!(
            copies.iter().all(|c| c == "pre-migration-v1.db"),
            "kill {k}: {copies:?}"
        );
    }
    ok(&db, &["today"]);
    for d in [old.path(), &backups] {
        let left = leftovers_in(d);
        assert!(left.is_empty(), "{left:?} left in {}", d.display());
    }
}

fn ok_at(db: &Path, now: &str, args: &[&str]) -> String {
    let out = common::fascia_at(db, "UTC", now, args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    String::from_utf8(out.stdout).unwrap()
}
