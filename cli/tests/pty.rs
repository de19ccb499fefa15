//! `fascia routine` in a real pseudo-terminal: keys are typed, the screen is read through a
//! terminal emulator, the process is killed mid-session and the session is resumed.

// Test helpers fail loudly; the no-panic lints guard shipped code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Pseudo-terminals as used here are a Unix facility.
#![cfg(unix)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use fascia_core::timer::{Event, Status};
use fascia_core::{time, Journal};
use portable_pty::{native_pty_system, Child, CommandBuilder, MasterPty, PtySize};

struct Screen {
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<String>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
}

impl Screen {
    fn spawn(db: &Path, now: &str, speed: &str) -> Screen {
        Screen::spawn_with(db, now, &["routine", "--speed", speed])
    }

    /// `fascia --db db --tz Europe/London --now now args…` in a new pseudo-terminal.
    fn spawn_with(db: &Path, now: &str, args: &[&str]) -> Screen {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 40,
                cols: 140,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_fascia"));
        cmd.args([
            "--db",
            db.to_str().unwrap(),
            "--tz",
            "Europe/London",
            "--now",
            now,
        ]);
        cmd.args(args);
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().unwrap();
        let writer = pty.master.take_writer().unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(40, 140, 0)));
        let raw = Arc::new(Mutex::new(String::new()));
        let (p, r) = (Arc::clone(&parser), Arc::clone(&raw));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        Screen {
            parser,
            raw,
            writer,
            child,
            _master: pty.master,
        }
    }

    fn contents(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen shows `text` (or everything printed contains it).
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if self.contents().contains(text) || self.raw.lock().unwrap().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.contents()
        );
    }

    fn wait_gone(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("the screen kept showing {text:?}:\n{}", self.contents());
    }

    fn press(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn wait_exit(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("fascia routine did not exit:\n{}", self.contents());
    }
}

fn open(db: &Path) -> Journal {
    Journal::open(db, time::zone("Europe/London").unwrap()).unwrap()
}

fn events(db: &Path) -> Vec<Event> {
    let session = open(db)
        .active_session("2026-11-23T08:00:00Z".parse().unwrap())
        .unwrap()
        .expect("a session in progress");
    session.events().iter().map(|e| e.event).collect()
}

#[test]
fn a_routine_driven_by_keys_survives_sigkill_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");

    // Start, pause, resume, skip, extend, then leave.
    let mut s = Screen::spawn(&db, "2026-11-23T07:00:00Z", "1");
    s.wait_for("Keys: space pause/resume");
    s.wait_for("Get into position");
    s.wait_for("step 1/");
    s.press(" ");
    s.wait_for("PAUSED");
    s.press(" ");
    s.wait_gone("PAUSED");
    s.press("n");
    s.wait_for("step 2/");
    s.wait_for("Hold");
    s.press("+");
    std::thread::sleep(Duration::from_millis(300));
    s.press("q");
    assert!(s.wait_exit());
    s.wait_for("Left the routine, paused");
    assert_eq!(
        events(&db),
        [
            Event::Start,
            Event::Pause,
            Event::Resume,
            Event::Skip,
            Event::Extend,
            Event::Pause
        ]
    );

    // Come back: resume, then the process is killed mid-session.
    let mut s = Screen::spawn(&db, "2026-11-23T07:30:00Z", "1");
    s.wait_for("Resume it? [Y/n]");
    s.press("y");
    s.wait_for("step 2/");
    s.press("n");
    s.wait_for("step 3/");
    s.child.kill().unwrap(); // SIGKILL: no chance to clean up
    let _ = s.wait_exit();
    let after_kill = events(&db);
    assert_eq!(
        &after_kill[6..],
        [Event::Resume, Event::Skip],
        "every key press was durable"
    );

    // The session is still there: resume it and skip through to the end (every skip stored at
    // its real instant; a sped-up run would be a preview that stores nothing).
    let mut s = Screen::spawn(&db, "2026-11-23T07:31:00Z", "1");
    s.wait_for("Resume it? [Y/n]");
    s.press("y");
    s.wait_for("left, step");
    for _ in 0..80 {
        if s.child.try_wait().unwrap().is_some() {
            break;
        }
        s.press("n");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(s.wait_exit());
    s.wait_for("Routine done");
    let journal = open(&db);
    assert!(journal
        .active_session("2026-11-23T09:00:00Z".parse().unwrap())
        .unwrap()
        .is_none());
    let day = journal
        .recent_sessions("2026-11-24T00:00:00Z".parse().unwrap(), 1)
        .unwrap();
    assert_eq!(day.len(), 1);
    let timer =
        fascia_core::timer::Timer::from_log(day[0].routine.clone(), &day[0].events).unwrap();
    assert_eq!(
        timer
            .snapshot("2026-11-23T09:00:00Z".parse().unwrap())
            .status,
        Status::Finished
    );
}

/// The warm-up runs on the same keys: pause, skip, back, sharp pain, leave; `fascia routine`
/// offers to resume it, and it runs to its end without counting toward the streak.
#[test]
fn the_warm_up_runs_on_the_same_keys_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");

    let mut s = Screen::spawn_with(&db, "2026-11-23T07:00:00Z", &["routine", "--warm-up"]);
    s.wait_for("Calf raises: Get into position");
    s.wait_for("step 1/");
    s.press(" ");
    s.wait_for("PAUSED");
    s.press(" ");
    s.wait_gone("PAUSED");
    s.press("n");
    s.wait_for("Calf raises: Go");
    s.wait_for("step 2/");
    s.press("b");
    s.wait_for("step 1/");
    s.press("n");
    s.wait_for("step 2/");
    s.press("n");
    s.wait_for("Front-to-back leg swings, left: Next move");
    s.press("n");
    s.wait_for("step 4/");
    // Sharp pain: the rest of the move (both sides) is skipped.
    s.press("p");
    s.wait_for("that move is skipped");
    s.wait_for("Side-to-side leg swings, left: Next move");
    s.press("q");
    assert!(s.wait_exit());
    s.wait_for("Left the warm-up, paused");
    assert_eq!(
        events(&db),
        [
            Event::Start,
            Event::Pause,
            Event::Resume,
            Event::Skip,
            Event::Back,
            Event::Skip,
            Event::Skip,
            Event::Skip,
            Event::PainSkip,
            Event::Pause
        ]
    );

    // A plain `fascia routine` offers the warm-up in progress; skip through to its end.
    let mut s = Screen::spawn_with(&db, "2026-11-23T07:10:00Z", &["routine"]);
    s.wait_for("A warm-up from");
    s.wait_for("Resume it? [Y/n]");
    s.press("y");
    s.wait_for("Side-to-side leg swings");
    for _ in 0..40 {
        if s.child.try_wait().unwrap().is_some() {
            break;
        }
        s.press("n");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(s.wait_exit());
    s.wait_for("Warm-up done:");
    let journal = open(&db);
    let later = "2026-11-23T09:00:00Z".parse().unwrap();
    assert!(journal.active_session(later).unwrap().is_none());
    let today = journal.today(later).unwrap();
    assert!(!today.done_today);
    assert_eq!(today.streak, 0);
    let day = journal
        .recent_sessions("2026-11-24T00:00:00Z".parse().unwrap(), 1)
        .unwrap();
    assert_eq!(day.len(), 1);
    assert!(day[0].routine.kind.is_warm_up());
    assert_eq!(day[0].status, fascia_core::model::SessionStatus::Finished);
}

/// The terminal goes away while the routine is paused, without SIGHUP (the
/// routine is not the terminal's controlling process, as under `nohup` or `setsid`): reading
/// ends or fails, and the routine exits, still paused, instead of spinning at 100% CPU forever.
#[test]
fn a_terminal_gone_without_sighup_leaves_the_routine_paused_and_exits() {
    use nix::poll::{poll, PollFd, PollFlags};
    use std::os::fd::AsFd;
    use std::process::{Command, Stdio};
    use std::sync::atomic::{AtomicBool, Ordering};

    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("journal.db");
    let size = nix::pty::Winsize {
        ws_row: 40,
        ws_col: 140,
        ws_xpixel: 0,
        ws_ypixel: 0,
    };
    let pty = nix::pty::openpty(&size, None).unwrap();
    // openpty's descriptors are inherited by a child: the master is kept only as a copy that
    // is not (std duplicates with close-on-exec), or the child would hold its own terminal open.
    let mut master = std::fs::File::from(pty.master).try_clone().unwrap();
    let slave = std::fs::File::from(pty.slave);
    let mut child = Command::new(env!("CARGO_BIN_EXE_fascia"))
        .args(["--db", db.to_str().unwrap(), "--tz", "Europe/London"])
        .args(["--now", "2026-11-23T07:00:00Z", "routine"])
        .env("TERM", "xterm-256color")
        .env_remove("NO_COLOR")
        .stdin(Stdio::from(slave.try_clone().unwrap()))
        .stdout(Stdio::from(slave.try_clone().unwrap()))
        .stderr(Stdio::from(slave))
        .spawn()
        .unwrap();
    // The master side: one thread reads the screen until told to stop, then closes it.
    let mut keys = master.try_clone().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let reading = {
        let (seen, stop) = (Arc::clone(&seen), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while !stop.load(Ordering::SeqCst) {
                let mut fds = [PollFd::new(master.as_fd(), PollFlags::POLLIN)];
                if !matches!(poll(&mut fds, 50u16), Ok(n) if n > 0) {
                    continue;
                }
                match master.read(&mut buf) {
                    Ok(n) if n > 0 => seen
                        .lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n])),
                    _ => break,
                }
            }
        })
    };
    let wait_for = |text: &str| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while !seen.lock().unwrap().contains(text) {
            assert!(Instant::now() < deadline, "never showed {text:?}");
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for("step 1/");
    keys.write_all(b" ").unwrap();
    wait_for("PAUSED");

    // Every handle on the master side closes: the terminal is gone.
    stop.store(true, Ordering::SeqCst);
    reading.join().unwrap();
    drop(keys);
    let deadline = Instant::now() + Duration::from_secs(20);
    let exited = loop {
        if child.try_wait().unwrap().is_some() {
            break true;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            let _ = child.wait();
            break false;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        exited,
        "the routine kept running after its terminal went away"
    );
    assert_eq!(events(&db), [Event::Start, Event::Pause]);
}
