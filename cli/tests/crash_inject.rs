//! Crash injection: the real `fascia` binary SIGKILLed at random moments while
//! it runs every command that writes — `run add`, `soreness add`, `run edit`, `import`, the
//! launch's daily backup, `backup restore`, `backup restore-damaged`, the upgrade of a version 1,
//! 2 or 3 journal (`tests/fixtures`) and `export` — and after every kill the same invariants:
//!
//! - no acknowledged write is lost: a command that exited with success before the kill has its
//!   data in the journal or, once a restore has set it aside, in a `pre-restore-…` copy;
//! - the journal opens on the next command, or that command is refused with the command that
//!   restores it, and never creates an empty journal beside a `.damaged` file or a `.part`;
//! - every export (finished, or left at its name by a killed one) imports;
//! - after the next launch no `.part` or `-journal` file is left.
//!
//! `cargo test` runs 90 commands (about 60 of them killed) (a few seconds); `FASCIA_CRASH_RUNS=2000` makes a long run and
//! `FASCIA_CRASH_SEED` replays one (docs/storage.md gives the figures of one long run).

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use rusqlite::{Connection, OpenFlags};

mod common;

use common::BIN;

/// The commands that write, each killed in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Kind {
    RunAdd,
    SorenessAdd,
    RunEdit,
    Import,
    DailyBackup,
    Restore,
    RestoreDamaged,
    Migrate,
    Export,
}

const KINDS: [Kind; 9] = [
    Kind::RunAdd,
    Kind::SorenessAdd,
    Kind::RunEdit,
    Kind::Import,
    Kind::DailyBackup,
    Kind::Restore,
    Kind::RestoreDamaged,
    Kind::Migrate,
    Kind::Export,
];

impl Kind {
    /// A first guess of how long it takes, in ms; the harness learns the real figure.
    fn guess_ms(self) -> f64 {
        match self {
            Kind::Migrate => 40.0,
            _ => 15.0,
        }
    }
}

/// A small xorshift generator: the same seed kills at the same moments (as far as timing allows).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn uuid(&mut self) -> String {
        let (a, b) = (self.next(), self.next());
        format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            b >> 52,
            b & 0xffff_ffff_ffff
        )
    }
}

fn rfc(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn launch(db: &Path, now: DateTime<Utc>, args: &[&str]) -> Output {
    common::fascia_at(db, "UTC", &rfc(now), args)
}

fn must(db: &Path, now: DateTime<Utc>, args: &[&str]) -> String {
    let out = launch(db, now, args);
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What a killed command did: `Some(stdout)` when it exited with success before the kill (an
/// acknowledged write), `None` when it was killed (or failed).
struct Outcome {
    acked: Option<String>,
    killed: bool,
    /// How long it ran when it finished before the kill.
    took: Option<Duration>,
}

fn killed_after(db: &Path, now: DateTime<Utc>, args: &[&str], after: Duration) -> Outcome {
    let mut child = Command::new(BIN)
        .arg("--db")
        .arg(db)
        .args(["--tz", "UTC", "--now", &rfc(now)])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let until = start + after;
    let mut killed = false;
    let mut took = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            took = Some(start.elapsed());
            break;
        }
        if Instant::now() >= until {
            killed = child.kill().is_ok(); // SIGKILL
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let out = child.wait_with_output().unwrap();
    let acked = (out.status.success() && !killed)
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned());
    Outcome {
        acked,
        killed,
        took,
    }
}

/// The first hyphenated UUID in `text`.
fn uuid_in(text: &str) -> Option<String> {
    let b = text.as_bytes();
    (0..b.len().saturating_sub(35)).find_map(|i| {
        let s = &b[i..i + 36];
        let ok = s.iter().enumerate().all(|(j, c)| match j {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        });
        ok.then(|| String::from_utf8_lossy(s).to_lowercase())
    })
}

fn hyphenated(blob: &[u8]) -> String {
    let h: String = blob.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

/// Runs (id → distance in m) and soreness ids in a journal or a copy, read without creating or
/// changing anything.
#[derive(Default, Clone)]
struct Content {
    runs: HashMap<String, i64>,
    soreness: HashSet<String>,
}

fn content(path: &Path) -> Content {
    let c = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut out = Content::default();
    let mut s = c.prepare("SELECT id, distance_m FROM runs").unwrap();
    for r in s
        .query_map([], |r| Ok((r.get::<_, Vec<u8>>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
    {
        let (id, m) = r.unwrap();
        out.runs.insert(hyphenated(&id), m);
    }
    let mut s = c.prepare("SELECT id FROM soreness").unwrap();
    for r in s.query_map([], |r| r.get::<_, Vec<u8>>(0)).unwrap() {
        out.soreness.insert(hyphenated(&r.unwrap()));
    }
    out
}

/// Names in `dir` a finished launch must not leave.
fn leftovers_in(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(".part") || n.ends_with("-journal"))
                .collect()
        })
        .unwrap_or_default()
}

fn leftovers(db: &Path) -> Vec<String> {
    let dir = db.parent().unwrap();
    let mut all = leftovers_in(dir);
    all.extend(leftovers_in(&PathBuf::from(format!(
        "{}.backups",
        db.display()
    ))));
    all
}

/// An acknowledged write, and what must be found for it.
enum Ack {
    Run(String),
    Soreness(String),
    /// A run's distance after an acknowledged edit: any of these (a later killed edit may have
    /// committed its own value).
    Distance(String, HashSet<i64>),
}

#[derive(Default)]
struct Figures {
    runs: usize,
    kills: usize,
    acked: usize,
    lost: usize,
    /// Temporary files a killed export left beside its target (reported, not failed: see
    /// docs/storage.md).
    export_parts: usize,
    per_kind: HashMap<&'static str, (usize, usize, usize)>,
    failures: Vec<String>,
}

struct Harness {
    rng: Rng,
    dir: tempfile::TempDir,
    db: PathBuf,
    now: DateTime<Utc>,
    seed_runs: Vec<String>,
    /// Each acknowledged write, with the pre-restore copy (and its generation) it was found in.
    acks: Vec<(Ack, Option<(String, u32)>)>,
    /// Each pre-restore copy's content, read again only when its size or time changes.
    copies: HashMap<String, ((u64, std::time::SystemTime), u32, Content)>,
    template: String,
    template_id: String,
    backup_for_damaged: Vec<u8>,
    fixtures: Vec<(PathBuf, HashSet<String>)>,
    figures: Figures,
    typical_ms: HashMap<Kind, f64>,
}

fn new_harness(seed: u64) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("j.db");
    let now: DateTime<Utc> = "2026-11-23T08:00:00Z".parse().unwrap();
    // A journal of a few hundred runs, so a copy of it takes some milliseconds.
    let mut seed_runs = Vec::new();
    for d in 0..5 {
        let out = must(
            &db,
            now,
            &[
                "run",
                "add",
                "--date",
                &format!("2026-11-{:02}", 10 + d),
                "--distance-km",
                "12",
                "--duration-min",
                "60",
            ],
        );
        seed_runs.push(uuid_in(&out).unwrap());
    }
    {
        let c = Connection::open(&db).unwrap();
        c.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400)
             INSERT INTO runs (id, started_at, distance_m, duration_s, kind, created_at, updated_at)
             SELECT randomblob(16), r.started_at - n.i * 3600000, r.distance_m, r.duration_s,
                    r.kind, r.created_at, r.updated_at
             FROM n, (SELECT * FROM runs LIMIT 1) AS r",
            [],
        )
        .unwrap();
        c.pragma_update(None, "wal_checkpoint", "TRUNCATE").unwrap();
    }
    let backups = dir.path().join("j.db.backups");
    std::fs::remove_dir_all(&backups).unwrap();
    must(&db, now, &["today"]);
    let backup_for_damaged = std::fs::read(backups.join("daily-2026-11-23.db")).unwrap();

    // An export of one run, whose id each import replaces by a new one.
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    let side = dir.path().join("side/s.db");
    std::fs::create_dir(side.parent().unwrap()).unwrap();
    let out = must(
        &side,
        now,
        &[
            "run",
            "add",
            "--date",
            "2026-11-01",
            "--distance-km",
            "5",
            "--duration-min",
            "30",
        ],
    );
    let template_id = uuid_in(&out).unwrap();
    let file = dir.path().join("side/t.json");
    must(&side, now, &["export", file.to_str().unwrap()]);
    let template = std::fs::read_to_string(&file).unwrap();

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let fixtures = (1..=3)
        .map(|v| {
            let json: serde_json::Value = serde_json::from_str(
                &std::fs::read_to_string(root.join(format!("journal-v{v}.export.json"))).unwrap(),
            )
            .unwrap();
            let ids = ["runs", "soreness"]
                .iter()
                .flat_map(|k| json[k].as_array().cloned().unwrap_or_default())
                .map(|r| r["id"].as_str().unwrap().to_owned())
                .collect();
            (root.join(format!("journal-v{v}.db")), ids)
        })
        .collect();
    Harness {
        rng: Rng(seed | 1),
        dir,
        db,
        now,
        seed_runs,
        acks: Vec::new(),
        copies: HashMap::new(),
        template,
        template_id,
        backup_for_damaged,
        fixtures,
        figures: Figures::default(),
        typical_ms: HashMap::new(),
    }
}

impl Harness {
    fn backups(&self) -> PathBuf {
        self.dir.path().join("j.db.backups")
    }

    fn fail(&mut self, run: usize, kind: Kind, delay: u64, what: String) {
        let line = format!(
            "run {run} ({kind:?}, killed at {delay} ms, --now {}): {what}",
            rfc(self.now)
        );
        eprintln!("{line}");
        self.figures.failures.push(line);
    }

    fn one(&mut self, run: usize) {
        let kind = KINDS[run % KINDS.len()];
        // Kills spread over 0 to 1.6 × how long the command has been taking, learned as it goes.
        let typical = *self.typical_ms.entry(kind).or_insert(kind.guess_ms());
        let delay = self.rng.below((typical * 1.6) as u64 + 1);
        let after = Duration::from_millis(delay);
        // The clock moves 0–10 minutes a run (two restores may share a second, as on a pinned
        // clock); a daily backup comes with a new day.
        self.now += TimeDelta::seconds(self.rng.below(601) as i64);
        let o = match kind {
            Kind::RestoreDamaged => self.restore_damaged(run, delay, after),
            Kind::Migrate => self.migrate(run, delay, after),
            _ => self.on_journal(run, kind, delay, after),
        };
        let (killed, acked) = (o.killed, o.acked.is_some());
        let t = self.typical_ms.get_mut(&kind).unwrap();
        match o.took {
            Some(took) => *t = 0.7 * *t + 0.3 * took.as_secs_f64() * 1000.0,
            // Killed still running past the typical time: it takes longer than that.
            None if delay as f64 >= *t => *t *= 1.25,
            None => {}
        }
        let f = &mut self.figures;
        f.runs += 1;
        f.kills += usize::from(killed);
        f.acked += usize::from(acked);
        let e = f.per_kind.entry(kind_name(kind)).or_default();
        e.0 += 1;
        e.1 += usize::from(killed);
        e.2 += usize::from(acked);
    }

    /// A command on the long-lived journal, then the next launch and every check.
    fn on_journal(&mut self, run: usize, kind: Kind, delay: u64, after: Duration) -> Outcome {
        let db = self.db.clone();
        // Exports go to a folder of their own: what a killed export leaves beside its target is
        // counted apart (no launch of the journal can know that folder).
        let export = self.dir.path().join("exports/export.json");
        let args: Vec<String>;
        let mut import_id = None;
        let mut edit = None;
        match kind {
            Kind::RunAdd => {
                args = [
                    "run",
                    "add",
                    "--date",
                    &rfc(self.now),
                    "--distance-km",
                    "8",
                    "--duration-min",
                    "45",
                ]
                .map(String::from)
                .to_vec();
            }
            Kind::SorenessAdd => {
                args = ["soreness", "add", "--zone", "calves=4"]
                    .map(String::from)
                    .to_vec();
            }
            Kind::RunEdit => {
                let id = self.seed_runs[run % self.seed_runs.len()].clone();
                let m = 20_000 + run as i64; // unique to this edit
                args = vec![
                    "run".into(),
                    "edit".into(),
                    id.clone(),
                    "--distance-km".into(),
                    format!("{}", m as f64 / 1000.0),
                ];
                edit = Some((id, m));
            }
            Kind::Import => {
                let id = self.rng.uuid();
                let file = self.dir.path().join("import.json");
                std::fs::write(&file, self.template.replace(&self.template_id, &id)).unwrap();
                args = vec!["import".into(), file.to_string_lossy().into_owned()];
                import_id = Some(id);
            }
            Kind::DailyBackup => {
                self.now = (self.now + TimeDelta::days(1))
                    .date_naive()
                    .and_hms_opt(8, 0, 0)
                    .unwrap()
                    .and_utc();
                args = vec!["today".into()];
            }
            Kind::Restore => {
                let day = format!("daily-{}.db", self.now.date_naive());
                if !self.backups().join(&day).exists() {
                    must(&db, self.now, &["today"]); // the day's backup, taken at launch
                }
                args = vec!["backup".into(), "restore".into(), day];
            }
            Kind::Export => {
                args = vec!["export".into(), export.to_string_lossy().into_owned()];
            }
            Kind::RestoreDamaged | Kind::Migrate => unreachable!(),
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = killed_after(&db, self.now, &argv, after);
        let acked = o.acked.is_some();
        // Killed edits may still have committed: their value becomes acceptable too.
        if let Some((id, m)) = &edit {
            for (a, _) in &mut self.acks {
                if let Ack::Distance(i, set) = a {
                    if i == id {
                        set.insert(*m);
                    }
                }
            }
        }
        if let Some(stdout) = &o.acked {
            match kind {
                Kind::RunAdd => match uuid_in(stdout) {
                    Some(id) => self.acks.push((Ack::Run(id), None)),
                    None => self.fail(run, kind, delay, format!("no id in {stdout:?}")),
                },
                Kind::SorenessAdd => match uuid_in(stdout) {
                    Some(id) => self.acks.push((Ack::Soreness(id), None)),
                    None => self.fail(run, kind, delay, format!("no id in {stdout:?}")),
                },
                Kind::RunEdit => {
                    let (id, m) = edit.clone().unwrap();
                    self.acks
                        .retain(|(a, _)| !matches!(a, Ack::Distance(i, _) if *i == id));
                    self.acks
                        .push((Ack::Distance(id, HashSet::from([m])), None));
                }
                Kind::Import => self.acks.push((Ack::Run(import_id.clone().unwrap()), None)),
                Kind::DailyBackup => {
                    let file = self
                        .backups()
                        .join(format!("daily-{}.db", self.now.date_naive()));
                    let ok = file.exists()
                        && Connection::open_with_flags(&file, OpenFlags::SQLITE_OPEN_READ_ONLY)
                            .and_then(|c| {
                                c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
                            })
                            .is_ok_and(|s| s == "ok");
                    if !ok {
                        self.fail(
                            run,
                            kind,
                            delay,
                            format!("acknowledged backup {} missing or bad", file.display()),
                        );
                    }
                }
                _ => {}
            }
        }
        // Every export at its name imports, finished or left by a killed one.
        if kind == Kind::Export && export.exists() {
            let fresh = self.dir.path().join(format!("imp-{run}/i.db"));
            std::fs::create_dir(fresh.parent().unwrap()).unwrap();
            let out = launch(&fresh, self.now, &["import", export.to_str().unwrap()]);
            if !out.status.success() {
                let why = String::from_utf8_lossy(&out.stderr).into_owned();
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("export (acknowledged: {acked}) does not import: {why}"),
                );
            }
            std::fs::remove_dir_all(fresh.parent().unwrap()).unwrap();
        }
        if kind == Kind::Export {
            let left = leftovers_in(export.parent().unwrap());
            if !left.is_empty() {
                self.figures.export_parts += left.len();
                for name in left {
                    std::fs::remove_file(export.with_file_name(name)).unwrap();
                }
            }
        }
        // The next launch opens the journal, and leaves nothing temporary.
        let out = launch(
            &db,
            self.now,
            &["--json", "run", "list", "--limit", "1000000"],
        );
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr).into_owned();
            self.fail(
                run,
                kind,
                delay,
                format!("the journal does not open: {why}"),
            );
            return o;
        }
        let left = leftovers(&db);
        if !left.is_empty() {
            self.fail(
                run,
                kind,
                delay,
                format!("left after the next launch: {left:?}"),
            );
        }
        self.check_acks(run, kind, delay);
        o
    }

    /// Every acknowledged write is in the journal or in a pre-restore copy. A write found in a
    /// copy is looked for again only if that copy changes (one restore's copy overwriting
    /// another's).
    fn check_acks(&mut self, run: usize, kind: Kind, delay: u64) {
        let journal = content(&self.db);
        let backups = self.backups();
        for e in std::fs::read_dir(&backups).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with("pre-restore-") && name.ends_with(".db") {
                let m = e.metadata().unwrap();
                let key = (m.len(), m.modified().unwrap());
                let fresh = self.copies.get(&name).is_none_or(|(k, _, _)| *k != key);
                if fresh {
                    let generation = self.copies.get(&name).map_or(0, |c| c.1 + 1);
                    self.copies.insert(
                        name.clone(),
                        (key, generation, content(&backups.join(&name))),
                    );
                }
            }
        }
        let holds = |p: &Content, a: &Ack| match a {
            Ack::Run(id) => p.runs.contains_key(id),
            Ack::Soreness(id) => p.soreness.contains(id),
            Ack::Distance(id, ok) => p.runs.get(id).is_some_and(|m| ok.contains(m)),
        };
        let mut lost = Vec::new();
        for (a, settled) in &mut self.acks {
            let still = settled.as_ref().is_some_and(|(name, generation)| {
                self.copies.get(name).is_some_and(|c| c.1 == *generation)
            });
            if still || holds(&journal, a) {
                continue;
            }
            *settled = self
                .copies
                .iter()
                .find(|(_, c)| holds(&c.2, a))
                .map(|(name, c)| (name.clone(), c.1));
            if settled.is_none() {
                lost.push(match a {
                    Ack::Run(id) => format!("run {id}"),
                    Ack::Soreness(id) => format!("soreness {id}"),
                    Ack::Distance(id, ok) => format!("the edit of run {id} to {ok:?} m"),
                });
            }
        }
        if !lost.is_empty() {
            self.figures.lost += lost.len();
            // Reported once: the next checks count only new losses.
            self.acks
                .retain(|(a, settled)| settled.is_some() || holds(&journal, a));
            self.fail(
                run,
                kind,
                delay,
                format!("acknowledged writes lost: {lost:?}"),
            );
        }
    }

    /// `backup restore-damaged` on a journal overwritten by garbage, killed; then the next
    /// command finds the restored journal or refuses with the command that restores it (never an
    /// empty journal), and the restore run again finishes it.
    fn restore_damaged(&mut self, run: usize, delay: u64, after: Duration) -> Outcome {
        let kind = Kind::RestoreDamaged;
        let dir = self.dir.path().join(format!("damaged-{run}"));
        let db = dir.join("d.db");
        std::fs::create_dir_all(dir.join("d.db.backups")).unwrap();
        std::fs::write(
            dir.join("d.db.backups/daily-2026-11-23.db"),
            &self.backup_for_damaged,
        )
        .unwrap();
        let garbage = b"this journal was overwritten by something else entirely".to_vec();
        std::fs::write(&db, &garbage).unwrap();
        let restore = ["backup", "restore-damaged", "daily-2026-11-23.db"];
        let o = killed_after(&db, self.now, &restore, after);
        let expected = 405;
        let list = ["--json", "run", "list", "--limit", "1000000"];
        let out = launch(&db, self.now, &list);
        let count = |out: &Output| {
            String::from_utf8_lossy(&out.stdout)
                .matches("\"id\"")
                .count()
        };
        if out.status.success() {
            if count(&out) != expected {
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("{} runs instead of the backup's {expected}", count(&out)),
                );
            }
        } else {
            let why = String::from_utf8_lossy(&out.stderr).into_owned();
            if o.acked.is_some() {
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("acknowledged restore, then: {why}"),
                );
            }
            if !why.contains("backup restore-damaged daily-2026-11-23.db") {
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("refused without the command that restores: {why}"),
                );
            }
            if db.exists() && !std::fs::read(&db).is_ok_and(|b| b == garbage) {
                self.fail(
                    run,
                    kind,
                    delay,
                    "an empty journal was created in place of the restore".into(),
                );
            }
            let out = launch(&db, self.now, &restore);
            if !out.status.success() {
                let why = String::from_utf8_lossy(&out.stderr).into_owned();
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("the restore run again fails: {why}"),
                );
            } else {
                let out = launch(&db, self.now, &list);
                if count(&out) != expected {
                    self.fail(
                        run,
                        kind,
                        delay,
                        format!("{} runs after the second restore", count(&out)),
                    );
                }
            }
        }
        if std::fs::read(dir.join("d.db.damaged")).ok() != Some(garbage) {
            self.fail(
                run,
                kind,
                delay,
                "the damaged file was not kept byte for byte".into(),
            );
        }
        let left = leftovers(&db);
        if !left.is_empty() {
            self.fail(
                run,
                kind,
                delay,
                format!("left after the next launch: {left:?}"),
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
        o
    }

    /// The upgrade of a version 1, 2 or 3 journal, killed; the next launch has every record of
    /// the fixture, one pre-migration copy per version and nothing temporary.
    fn migrate(&mut self, run: usize, delay: u64, after: Duration) -> Outcome {
        let kind = Kind::Migrate;
        let (fixture, ids) = self.fixtures[(run / KINDS.len()) % 3].clone();
        let dir = self.dir.path().join(format!("old-{run}"));
        std::fs::create_dir(&dir).unwrap();
        let db = dir.join("old.db");
        std::fs::copy(&fixture, &db).unwrap();
        let o = killed_after(&db, self.now, &["today"], after);
        let out = launch(
            &db,
            self.now,
            &["--json", "run", "list", "--limit", "1000000"],
        );
        if !out.status.success() {
            let why = String::from_utf8_lossy(&out.stderr).into_owned();
            self.fail(
                run,
                kind,
                delay,
                format!("{}: does not open after the kill: {why}", fixture.display()),
            );
        } else {
            let c = content(&db);
            let missing: Vec<&String> = ids
                .iter()
                .filter(|i| !c.runs.contains_key(*i) && !c.soreness.contains(*i))
                .collect();
            if !missing.is_empty() {
                self.figures.lost += missing.len();
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("{}: records lost {missing:?}", fixture.display()),
                );
            }
            let copies: Vec<String> = std::fs::read_dir(dir.join("old.db.backups"))
                .map(|d| {
                    d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                        .filter(|n| n.starts_with("pre-migration-"))
                        .collect()
                })
                .unwrap_or_default();
            if copies.len() > 1 {
                self.fail(run, kind, delay, format!("pre-migration copies {copies:?}"));
            }
            let left = leftovers(&db);
            if !left.is_empty() {
                self.fail(
                    run,
                    kind,
                    delay,
                    format!("left after the next launch: {left:?}"),
                );
            }
        }
        std::fs::remove_dir_all(&dir).unwrap();
        o
    }
}

fn kind_name(k: Kind) -> &'static str {
    match k {
        Kind::RunAdd => "run add",
        Kind::SorenessAdd => "soreness add",
        Kind::RunEdit => "run edit",
        Kind::Import => "import",
        Kind::DailyBackup => "daily backup",
        Kind::Restore => "backup restore",
        Kind::RestoreDamaged => "restore-damaged",
        Kind::Migrate => "migrate v1/v2/v3",
        Kind::Export => "export",
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().map(|v| {
        // The seed is printed in hex (0x…); counts are decimal.
        match v.strip_prefix("0x") {
            Some(hex) => u64::from_str_radix(hex, 16),
            None => v.parse(),
        }
        .unwrap_or_else(|_| panic!("{name}={v}"))
    })
}

#[test]
fn every_command_that_writes_killed_anywhere_loses_nothing_acknowledged() {
    let runs = env_u64("FASCIA_CRASH_RUNS").unwrap_or(90) as usize;
    let seed = env_u64("FASCIA_CRASH_SEED").unwrap_or(0x5eed_f45c_1a00_0011);
    let start = Instant::now();
    let mut h = new_harness(seed);
    for r in 0..runs {
        h.one(r);
    }
    let f = &h.figures;
    let mut kinds: Vec<_> = f.per_kind.iter().collect();
    kinds.sort();
    println!(
        "seed {seed:#x}: {} runs, {} kills, {} acknowledged writes, {} lost, {} failures, {} export .part files left, {:.1} s",
        f.runs,
        f.kills,
        f.acked,
        f.lost,
        f.failures.len(),
        f.export_parts,
        start.elapsed().as_secs_f64()
    );
    for (k, (n, killed, acked)) in kinds {
        let ms = KINDS
            .iter()
            .find(|x| kind_name(**x) == *k)
            .and_then(|x| h.typical_ms.get(x))
            .copied()
            .unwrap_or_default();
        println!(
            "  {k:<18} {n:>5} runs {killed:>5} killed {acked:>5} acknowledged (takes ~{ms:.0} ms)"
        );
    }
    assert!(f.kills > 0, "no kill landed while a command ran");
    assert!(
        f.failures.is_empty(),
        "{} failures (seed {seed:#x}), first: {:#?}",
        f.failures.len(),
        &f.failures[..f.failures.len().min(10)]
    );
}
