//! `fascia routine`: today's guided routine in the terminal (or the bodywork session, or the
//! dynamic warm-up).
//!
//! Every key press is recorded in the journal before the screen changes, so `q`, a closed
//! terminal or a killed process leave a session the next `fascia routine` offers to resume. The
//! screen is redrawn from `snapshot(now)`; nothing here counts ticks. A sped-up run (`--speed`
//! other than 1) is a preview: the same session rules, nothing stored, so no made-up instant ever
//! reaches the journal.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use crossterm::event::{KeyCode, KeyModifiers};
use fascia_core::keys;
use fascia_core::model::Reason;
use fascia_core::routine::{Routine, Step, StepKind};
use fascia_core::timer::{Event, Snapshot, Status};
use fascia_core::warmup::WarmUp;
use fascia_core::zones::{Catalog, Pressure};
use fascia_core::GuidedSession;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::{Ctx, Failure};

/// Wall time scaled by `--speed`, starting at the context's `now`.
struct Clock {
    start: DateTime<Utc>,
    started: Instant,
    speed: f64,
}

impl Clock {
    fn now(&self) -> DateTime<Utc> {
        let ms = self.started.elapsed().as_secs_f64() * 1000.0 * self.speed;
        self.start + TimeDelta::milliseconds(ms as i64)
    }
}

/// Cbreak mode: keys arrive one at a time and are not echoed, while output keeps its usual line
/// handling (full raw mode would break the progress bars' drawing). Undone however the routine
/// ends; a killed process leaves the terminal for the shell to reset.
#[cfg(unix)]
struct KeyMode {
    saved: nix::sys::termios::Termios,
}

#[cfg(unix)]
impl KeyMode {
    fn on() -> Result<KeyMode, Failure> {
        use nix::sys::termios::{
            tcgetattr, tcsetattr, LocalFlags, SetArg, SpecialCharacterIndices,
        };
        let stdin = std::io::stdin();
        let fail = |e: nix::Error| Failure::Other(format!("terminal: {e}"));
        let saved = tcgetattr(&stdin).map_err(fail)?;
        let mut keys = saved.clone();
        keys.local_flags
            .remove(LocalFlags::ICANON | LocalFlags::ECHO);
        keys.control_chars[SpecialCharacterIndices::VMIN as usize] = 1;
        keys.control_chars[SpecialCharacterIndices::VTIME as usize] = 0;
        tcsetattr(&stdin, SetArg::TCSANOW, &keys).map_err(fail)?;
        Ok(KeyMode { saved })
    }
}

#[cfg(unix)]
impl Drop for KeyMode {
    fn drop(&mut self) {
        let _ = nix::sys::termios::tcsetattr(
            std::io::stdin(),
            nix::sys::termios::SetArg::TCSANOW,
            &self.saved,
        );
    }
}

/// Elsewhere (Windows), raw mode only changes how the console reads input, so it serves.
#[cfg(not(unix))]
struct KeyMode;

#[cfg(not(unix))]
impl KeyMode {
    fn on() -> Result<KeyMode, Failure> {
        crossterm::terminal::enable_raw_mode()
            .map_err(|e| Failure::Other(format!("terminal: {e}")))?;
        Ok(KeyMode)
    }
}

#[cfg(not(unix))]
impl Drop for KeyMode {
    fn drop(&mut self) {
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// What the terminal gave while the routine waited for a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// A key press.
    Key(KeyCode, KeyModifiers),
    /// Nothing within the wait.
    Nothing,
    /// The terminal is gone (end of input, or reading failed): no key will ever come.
    Gone,
}

/// Keys from standard input, a terminal in [`KeyMode`].
#[derive(Default)]
struct Keys {
    /// Keys read but not yet taken (several can arrive in one read).
    pending: std::collections::VecDeque<Input>,
}

impl Keys {
    /// The next key, waiting at most `wait` for one.
    fn next(&mut self, wait: Duration) -> Input {
        if self.pending.is_empty() && !self.read(wait) {
            return Input::Gone;
        }
        self.pending.pop_front().unwrap_or(Input::Nothing)
    }

    /// Reads the keys the terminal has within `wait` into `pending`; false when the terminal is
    /// gone. Read here with poll(2) and read(2): crossterm's reader retries a read that fails or
    /// ends at once, forever, so a terminal that went away without SIGHUP kept the routine
    /// spinning at full CPU.
    #[cfg(unix)]
    fn read(&mut self, wait: Duration) -> bool {
        use nix::errno::Errno;
        use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
        use std::os::fd::AsFd;
        let stdin = std::io::stdin();
        let mut fds = [PollFd::new(stdin.as_fd(), PollFlags::POLLIN)];
        match poll(
            &mut fds,
            PollTimeout::try_from(wait).unwrap_or(PollTimeout::MAX),
        ) {
            Ok(0) | Err(Errno::EINTR | Errno::EAGAIN) => return true,
            Ok(_) => {}
            Err(_) => return false,
        }
        let mut buf = [0u8; 64];
        match nix::unistd::read(stdin.as_fd(), &mut buf) {
            Ok(0) => false,
            Ok(n) => {
                self.pending.extend(decode(&buf[..n]));
                true
            }
            Err(Errno::EINTR | Errno::EAGAIN) => true,
            Err(_) => false,
        }
    }

    /// Elsewhere (Windows) crossterm reads the console; an error there ends the routine too.
    #[cfg(not(unix))]
    fn read(&mut self, wait: Duration) -> bool {
        use crossterm::event::{self, Event as TermEvent, KeyEventKind};
        match event::poll(wait) {
            Ok(false) => true,
            Ok(true) => match event::read() {
                Ok(TermEvent::Key(k)) => {
                    if k.kind == KeyEventKind::Press {
                        self.pending.push_back(Input::Key(k.code, k.modifiers));
                    }
                    true
                }
                Ok(_) => true,
                Err(_) => false,
            },
            Err(_) => false,
        }
    }
}

/// The keys in the bytes a terminal sent: characters, and Esc alone; an escape sequence (an
/// arrow or function key) is no key of the routine and is dropped.
#[cfg(unix)]
fn decode(bytes: &[u8]) -> Vec<Input> {
    let text = String::from_utf8_lossy(bytes);
    let mut keys = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' if chars.peek().is_none() => {
                keys.push(Input::Key(KeyCode::Esc, KeyModifiers::NONE));
            }
            // The rest of the read is the escape sequence.
            '\u{1b}' => break,
            '\u{3}' => keys.push(Input::Key(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            c => keys.push(Input::Key(KeyCode::Char(c), KeyModifiers::NONE)),
        }
    }
    keys
}

/// Five-line block digits for the big countdown.
const DIGITS: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    ["  █", "  █", "  █", "  █", "  █"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    ["   ", " ▪ ", "   ", " ▪ ", "   "],
];

fn big(seconds: u64) -> String {
    let text = format!("{:02}:{:02}", seconds / 60, seconds % 60);
    (0..5)
        .map(|row| {
            let line: Vec<&str> = text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) => DIGITS[d as usize][row],
                    None => DIGITS[10][row],
                })
                .collect();
            format!("    {}", line.join(" "))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The pressure the routine asks of a step's zone today (the zone's chart for a routine stored
/// before the day's pressure was recorded).
fn pressure_of(routine: &Routine, step: &Step) -> u8 {
    routine
        .zones
        .iter()
        .find(|z| z.zone == step.zone)
        .map_or(0, |z| z.pressure)
}

/// The words for a step: what to do and the cue to follow.
fn describe(catalog: &Catalog, step: &Step, pressure: u8, snap: &Snapshot) -> (String, String) {
    if let Some(id) = &step.move_id {
        // A warm-up move: how to do it, while getting ready and while moving.
        let cue = match (step.kind, WarmUp::embedded().ok().and_then(|w| w.get(id))) {
            (StepKind::SwitchSides, _) | (_, None) => String::new(),
            (_, Some(m)) => catalog.text(&m.cue, &[]),
        };
        return (fascia_core::timer::step_title(catalog, step), cue);
    }
    let zone = catalog.zone(&step.zone);
    let cue = match (step.kind, zone) {
        (StepKind::LeadIn | StepKind::Transition, Some(z)) => catalog.text(&z.position, &[]),
        (StepKind::Hold, Some(z)) if !z.technique.is_empty() => {
            // The day's pressure (lighter around a race), then a new technique cue every 20
            // seconds of the hold.
            let i = (snap.step_elapsed_ms / 20_000) as usize % z.technique.len();
            let level = if pressure == 0 {
                z.pressure.daily
            } else {
                pressure
            };
            let words = catalog.text(Pressure::words_key(level), &[]);
            format!(
                "{} {}",
                catalog.text(keys::CUE_PRESSURE, &[("words", &words)]),
                catalog.text(&z.technique[i], &[])
            )
        }
        _ => String::new(),
    };
    (fascia_core::timer::step_title(catalog, step), cue)
}

/// Which routine `fascia routine` runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Today's routine.
    Today,
    /// The 45-minute bodywork session (`--bodywork`).
    Bodywork,
    /// The dynamic warm-up (`--warm-up`).
    WarmUp,
}

/// The routine asked for: today's, the bodywork session or the warm-up.
fn build(
    ctx: &Ctx,
    now: DateTime<Utc>,
    minutes: Option<u32>,
    which: Which,
) -> Result<fascia_core::routine::Routine, Failure> {
    let journal = ctx.journal()?;
    Ok(match which {
        Which::Today => journal.todays_routine(now, minutes)?,
        Which::Bodywork => journal.bodywork_routine(now, minutes)?,
        Which::WarmUp => {
            let routine = journal.warm_up_routine(now)?;
            crate::out(&left_out(&routine))?;
            routine
        }
    })
}

fn start_or_resume(
    ctx: &Ctx,
    now: &dyn Fn() -> DateTime<Utc>,
    minutes: Option<u32>,
    which: Which,
    interactive: bool,
) -> Result<GuidedSession, Failure> {
    if let Some(session) = ctx.journal()?.active_session(now())? {
        let snap = session.snapshot(now());
        let steps = session.routine().steps.len();
        let mut out = std::io::stdout();
        let _ = write!(
            out,
            "A {} from {} is in progress (step {} of {steps}). Resume it? [Y/n] ",
            if session.routine().kind.is_warm_up() {
                "warm-up"
            } else {
                "routine"
            },
            ctx.local(session.started_at()),
            snap.step_index + 1
        );
        let _ = out.flush();
        let answer = if interactive {
            let _raw = KeyMode::on()?;
            let mut keys = Keys::default();
            loop {
                match keys.next(Duration::from_millis(500)) {
                    Input::Key(code, _) => {
                        break Some(!matches!(code, KeyCode::Char('n') | KeyCode::Char('N')))
                    }
                    Input::Nothing => {}
                    Input::Gone => break None,
                }
            }
        } else {
            Some(true)
        };
        let Some(resume) = answer else {
            // The terminal went away at the question: the session is left paused.
            session.leave(now())?;
            return Err(Failure::Other(
                "the terminal went away; the routine is left paused: `fascia routine` resumes it"
                    .into(),
            ));
        };
        crate::out(&format!(
            "{}\n",
            if resume {
                "resuming"
            } else {
                "starting a new one"
            }
        ))?;
        if resume {
            session.resume(now())?;
            return Ok(session);
        }
        session.record(Event::Abort, now())?;
    }
    let routine = build(ctx, now(), minutes, which)?;
    Ok(ctx.journal()?.start_session(routine, now())?)
}

/// A warm-up's moves left out today, each with why, a line each.
fn left_out(routine: &fascia_core::routine::Routine) -> String {
    let Ok(c) = Catalog::embedded() else {
        return String::new();
    };
    let Ok(w) = WarmUp::embedded() else {
        return String::new();
    };
    routine
        .omitted
        .iter()
        .filter_map(|o| {
            let id = o.move_id.as_deref()?;
            Some(format!(
                "{}: {}\n",
                w.name(c, id),
                fascia_core::words::omitted(c, o)
            ))
        })
        .collect()
}

fn key_event(code: KeyCode, modifiers: KeyModifiers, paused: bool) -> Option<Option<Event>> {
    // Some(None): leave. Some(Some(e)): record e.
    match code {
        KeyCode::Char('q') | KeyCode::Esc => Some(None),
        KeyCode::Char('c') if modifiers.contains(KeyModifiers::CONTROL) => Some(None),
        KeyCode::Char(' ') => Some(Some(if paused { Event::Resume } else { Event::Pause })),
        KeyCode::Char('n') => Some(Some(Event::Skip)),
        KeyCode::Char('b') => Some(Some(Event::Back)),
        KeyCode::Char('+') | KeyCode::Char('=') => Some(Some(Event::Extend)),
        KeyCode::Char('p') => Some(Some(Event::PainSkip)),
        _ => None,
    }
}

/// Runs today's routine, the bodywork session or the warm-up (or resumes the one in progress).
pub fn run(ctx: &Ctx, minutes: Option<u32>, which: Which, speed: f64) -> Result<(), Failure> {
    let bodywork = which == Which::Bodywork;
    if !(speed.is_finite() && (0.1..=1000.0).contains(&speed)) {
        return Err(Failure::input(format!(
            "--speed must be between 0.1 and 1000, got {speed}"
        )));
    }
    let catalog = Catalog::embedded().map_err(|e| Failure::Other(e.to_string()))?;
    if let (Some(m), true) = (minutes, bodywork) {
        let b = catalog.timing().bodywork;
        if !(b.min_s..=b.max_s).contains(&m.saturating_mul(60)) {
            return Err(Failure::input(format!(
                "--minutes must be {} to {} for the bodywork session, got {m}",
                b.min_s / 60,
                b.max_s / 60
            )));
        }
    } else if let Some(m) = minutes {
        // Checked before the journal is opened: bad input writes nothing.
        let budget = fascia_core::model::Settings {
            daily_minutes: m,
            ..Default::default()
        };
        budget.validate(catalog).map_err(|_| {
            Failure::input(format!(
                "--minutes must be 5 to 20, got {m} (the 45-minute session is --bodywork)"
            ))
        })?;
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
    // A pinned clock starts the session exactly at --now; otherwise it is the wall clock when the
    // session starts (after any resume prompt). From there --speed scales the passing time.
    let now = || {
        if ctx.pinned {
            ctx.now
        } else {
            DateTime::<Utc>::from(std::time::SystemTime::now())
        }
    };
    let session = if speed == 1.0 {
        start_or_resume(ctx, &now, minutes, which, interactive)?
    } else {
        let routine = build(ctx, now(), minutes, which)?;
        crate::out(&format!(
            "A preview at {speed}x speed: nothing is stored.\n"
        ))?;
        GuidedSession::preview(routine, now())?
    };
    let clock = Clock {
        start: now(),
        started: Instant::now(),
        speed,
    };
    let routine = session.routine();
    let steps = routine.steps.clone();
    let total = routine.total_s;
    if ctx.styled {
        crate::out(&format!(
            "{} minutes, {} steps. Keys: space pause/resume, n skip, b back, + 30 s more, p sharp pain, q leave\n",
            total.div_ceil(60),
            steps.len()
        ))?;
    }

    let _raw = if interactive {
        Some(KeyMode::on()?)
    } else {
        None
    };
    let multi = MultiProgress::with_draw_target(if ctx.styled {
        ProgressDrawTarget::stdout_with_hz(10)
    } else {
        ProgressDrawTarget::hidden()
    });
    let info = multi.add(ProgressBar::new(1));
    info.set_style(
        ProgressStyle::with_template("{msg}").unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let style = |label: &str| {
        ProgressStyle::with_template(&format!("  {label} [{{bar:40.cyan/blue}}] {{msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▓░")
    };
    let step_bar = multi.add(ProgressBar::new(1000));
    step_bar.set_style(style("step   "));
    let session_bar = multi.add(ProgressBar::new(1000));
    session_bar.set_style(style("session"));

    let mut shown_step = None;
    let mut flash_until = Instant::now();
    let mut keys = Keys::default();
    let outcome = loop {
        let now = clock.now();
        let snap = session.snapshot(now);
        let index = snap.step_index as usize;
        let Some(step) = steps.get(index) else {
            break Ok(snap);
        };
        let (what, cue) = describe(catalog, step, pressure_of(&routine, step), &snap);
        if shown_step != Some(index) {
            flash_until = Instant::now() + Duration::from_millis(600);
            if ctx.styled {
                crate::out("\x07")?;
            } else {
                // Every step passed since the last look, so a fast run still lists them all.
                let first = shown_step.map_or(index, |s| if s < index { s + 1 } else { index });
                for (i, passed) in steps.iter().enumerate().take(index + 1).skip(first) {
                    let (what, cue) =
                        describe(catalog, passed, pressure_of(&routine, passed), &snap);
                    crate::out(&format!(
                        "[{:>3}/{}] {what} {} s. {cue}\n",
                        i + 1,
                        steps.len(),
                        passed.seconds
                    ))?;
                }
            }
            shown_step = Some(index);
        }
        if snap.status.is_over() {
            break Ok(snap);
        }
        if ctx.styled {
            let marker = if Instant::now() < flash_until {
                ">>> "
            } else {
                "    "
            };
            let state = if snap.status == Status::Paused {
                "  PAUSED (space to resume)"
            } else {
                ""
            };
            info.set_message(format!(
                "\n{marker}{what}{state}\n    {cue}\n\n{}\n",
                big(snap.step_seconds_left())
            ));
            step_bar.set_position((snap.step_progress * 1000.0) as u64);
            step_bar.set_message(format!("{} s left", snap.step_seconds_left()));
            session_bar.set_position((snap.session_progress * 1000.0) as u64);
            let left = snap.session_seconds_left();
            session_bar.set_message(format!(
                "{}:{:02} left, step {}/{}",
                left / 60,
                left % 60,
                index + 1,
                steps.len()
            ));
        }
        let pressed = if interactive {
            match keys.next(Duration::from_millis(100)) {
                Input::Key(code, modifiers) => {
                    key_event(code, modifiers, snap.status == Status::Paused)
                }
                Input::Nothing => None,
                // No key will ever come: leave, paused, as `q` does.
                Input::Gone => Some(None),
            }
        } else {
            std::thread::sleep(Duration::from_millis(20));
            None
        };
        match pressed {
            Some(None) => break Err(()),
            Some(Some(e)) => {
                // Durable first, then shown.
                session.record(e, clock.now())?;
                if e == Event::PainSkip {
                    let _ = multi.println(if routine.kind.is_warm_up() {
                        "Stopped for sharp pain: that move is skipped. Stop if pain persists and see a professional."
                    } else {
                        "Stopped for sharp pain: that zone is skipped. Stop if pain persists and see a professional."
                    });
                }
            }
            None => {}
        }
    };
    multi.clear().ok();
    drop(_raw);
    match outcome {
        Ok(_) if routine.kind.is_warm_up() => {
            session.tick(clock.now())?;
            let done = session.snapshot(clock.now());
            // A warm-up is never counted toward the streak: nothing to say about it.
            crate::out(&format!(
                "{}{}\n",
                fascia_core::words::warm_up_done(catalog, done.session_elapsed_ms / 1000),
                if session.is_stored() {
                    ""
                } else {
                    " (A preview: not stored.)"
                }
            ))?;
        }
        Ok(_) => {
            session.tick(clock.now())?;
            let done = session.snapshot(clock.now());
            crate::out(&format!(
                "Routine done: {} of slow, sustained pressure.{}{}{}\n",
                Reason::duration(done.held_ms / 1000).english(catalog),
                if done.pain_skips.is_empty() {
                    String::new()
                } else {
                    format!(" {} zone(s) stopped for sharp pain.", done.pain_skips.len())
                },
                if session.counts_as_done() || !session.is_stored() {
                    String::new()
                } else {
                    " That is too little of the routine to count toward your streak.".to_owned()
                },
                if session.is_stored() {
                    ""
                } else {
                    " (A preview: not stored.)"
                }
            ))?;
        }
        Err(()) => {
            // Leaving pauses the clock, so resuming continues where the runner stopped.
            if !session.is_stored() {
                crate::out("Left the preview.\n")?;
                return Ok(());
            }
            session.leave(clock.now())?;
            crate::out(&format!(
                "Left the {}, paused; `fascia routine` resumes it.\n",
                if routine.kind.is_warm_up() {
                    "warm-up"
                } else {
                    "routine"
                }
            ))?;
        }
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn keys_come_from_the_bytes_and_an_escape_sequence_is_no_key() {
        let key = |c| Input::Key(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(decode(b" n"), [key(' '), key('n')]);
        assert_eq!(
            decode(b"\x1b"),
            [Input::Key(KeyCode::Esc, KeyModifiers::NONE)]
        );
        // An arrow key is not Esc: it never leaves the routine.
        assert_eq!(decode(b"\x1b[A"), []);
        assert_eq!(decode(b"q\x1b[B"), [key('q')]);
        assert_eq!(
            decode(b"\x03"),
            [Input::Key(KeyCode::Char('c'), KeyModifiers::CONTROL)]
        );
    }
}
