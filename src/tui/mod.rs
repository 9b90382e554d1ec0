//! The terminal: raw mode and the alternate screen, restored on quit, error, panic and
//! signals; Ctrl-Z suspends to the shell.

mod clients;
mod jobs;
pub mod start;
pub mod worker;

use crate::app::{self, App, Cmd, Msg};
use crate::signals::Signals;
use crate::ui;
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until};

/// At most one frame per this interval, and only when something changed.
const FRAME: Duration = Duration::from_millis(16);
const TICK_IDLE: Duration = Duration::from_secs(1);
const TICK_BUSY: Duration = Duration::from_millis(100);

/// Restores the terminal when dropped, whichever way `run` ends.
struct Restore;

impl Drop for Restore {
    fn drop(&mut self) {
        restore();
    }
}

/// Mouse reporting off, then raw mode and the alternate screen (ratatui's restore).
fn restore() {
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
    ratatui::restore();
}

/// Raw mode, the alternate screen (ratatui's init) and mouse reporting.
fn init() -> std::io::Result<DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    Ok(terminal)
}

/// Runs the app until the user quits. `ratatui::init` installs a panic hook that restores the
/// terminal before the panic message prints; tradedeck's own hook turns mouse reporting off
/// first.
/// What the session left for the start-up code to say once the terminal is restored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ended {
    /// Auto-run was on when the trader quit (it does not survive a restart).
    pub auto_run_was_on: bool,
}

pub async fn run(
    mut app: App,
    commands: mpsc::UnboundedSender<Cmd>,
    mut msgs: mpsc::Receiver<Msg>,
) -> std::io::Result<Ended> {
    let mut terminal = init()?;
    let _restore = Restore;
    release_mouse_on_panic();
    let size = terminal.size()?;
    app.size = (size.width, size.height);
    app.clock = time::OffsetDateTime::now_utc();
    for cmd in app.init() {
        let _ = commands.send(cmd);
    }
    let mut events = EventStream::new();
    let mut next_frame = Some(Instant::now());
    let mut last_frame = Instant::now() - FRAME;
    let mut next_tick = Instant::now() + TICK_IDLE;
    // SIGTERM, SIGHUP and SIGINT ask the app to quit: at once, or once the money calls in
    // flight are answered. The loop then ends normally, so the terminal is restored.
    let mut signals = Signals::new()?;

    loop {
        let msg = tokio::select! {
            _ = sleep_until(next_frame.unwrap_or_else(Instant::now)), if next_frame.is_some() => {
                let mut drawn = None;
                terminal.draw(|frame| drawn = Some(ui::draw(frame, &app)))?;
                // What the frame measured reaches the app as a message; it asks for nothing.
                if let Some(drawn) = drawn.filter(|d| d.screen != app.screen || d.window.is_some()) {
                    let _ = app::update(&mut app, Msg::Drawn(drawn));
                }
                last_frame = Instant::now();
                next_frame = None;
                continue;
            }
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind == KeyEventKind::Press => Msg::Key(key),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(Event::Mouse(mouse))) => Msg::Mouse(mouse),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e),
                None => break,
            },
            Some(msg) = msgs.recv() => msg,
            _ = sleep_until(next_tick) => {
                next_tick = Instant::now() + if app.is_loading() { TICK_BUSY } else { TICK_IDLE };
                Msg::Tick(time::OffsetDateTime::now_utc())
            }
            _ = signals.next() => Msg::QuitRequested,
        };
        let mut pending = vec![msg];
        // Drain whatever else is queued so a burst of replies costs one frame.
        while let Ok(more) = msgs.try_recv() {
            pending.push(more);
        }
        for msg in pending {
            let loading_before = app.is_loading();
            if run_commands(app::update(&mut app, msg), &mut terminal, &commands)? {
                return Ok(Ended { auto_run_was_on: app.rules.auto_next.is_some() });
            }
            if app.is_loading() && !loading_before {
                next_tick = next_tick.min(Instant::now() + TICK_BUSY);
            }
        }
        if next_frame.is_none() {
            next_frame = Some((last_frame + FRAME).max(Instant::now()));
        }
    }
    Ok(Ended { auto_run_was_on: app.rules.auto_next.is_some() })
}

/// The terminal's own commands are done here, the rest go to the worker. True: quit.
fn run_commands(
    cmds: Vec<Cmd>,
    terminal: &mut DefaultTerminal,
    worker: &mpsc::UnboundedSender<Cmd>,
) -> std::io::Result<bool> {
    for cmd in cmds {
        match cmd {
            Cmd::Quit => return Ok(true),
            Cmd::Suspend => suspend(terminal)?,
            Cmd::Copy(text) => copy_to_clipboard(&text)?,
            Cmd::Alert(text) => {
                ring_bell()?;
                let _ = worker.send(Cmd::Alert(text));
            }
            other => {
                let _ = worker.send(other);
            }
        }
    }
    Ok(false)
}

/// A panic leaves the mouse released too (ratatui's own hook restores the rest).
fn release_mouse_on_panic() {
    let ratatui_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableMouseCapture);
        ratatui_hook(info);
    }));
}

/// The terminal bell: a sale or a failed run is heard, not only seen.
fn ring_bell() -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout();
    out.write_all(b"\x07")?;
    out.flush()
}

/// OSC 52: the terminal (or tmux with set-clipboard) puts the text on the clipboard, over
/// ssh too. The text is market data: base64 keeps any control character out of the stream.
fn copy_to_clipboard(text: &str) -> std::io::Result<()> {
    use base64::Engine;
    use std::io::Write;
    let encoded = base64::engine::general_purpose::STANDARD.encode(text);
    let mut out = std::io::stdout();
    write!(out, "\x1b]52;c;{encoded}\x07")?;
    out.flush()
}

/// Hands the terminal back to the shell until the user resumes with `fg`.
fn suspend(terminal: &mut DefaultTerminal) -> std::io::Result<()> {
    restore();
    #[cfg(unix)]
    // SAFETY: raising SIGTSTP on our own process only stops it; the shell resumes it.
    unsafe {
        libc::raise(libc::SIGTSTP);
    }
    *terminal = init()?;
    terminal.clear()
}
