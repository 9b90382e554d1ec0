//! The help: every key of every layer, scrolled when it is taller than the screen.

use crate::app::dialogs::protocol::{Ctx, Dialog, Step};
use crate::app::drawn::Window;
use crate::app::keymap::{Action, Layer};
use crossterm::event::KeyEvent;

#[derive(Debug, Default)]
pub struct HelpView {
    pub scroll: usize,
    /// Reported back by the drawing: the lines that fit, and the last useful scroll.
    pub drawn: Window,
}

impl HelpView {
    fn page(&self) -> isize {
        self.drawn.page.max(1) as isize
    }
}

impl Dialog for HelpView {
    fn layer(&self) -> Layer {
        Layer::Help
    }

    fn took(&mut self, window: Window) {
        self.drawn = window;
    }

    fn scroll_by(&mut self, by: isize) {
        self.scroll = self.drawn.scrolled(self.scroll, by);
    }

    fn on_key(&mut self, action: Option<Action>, _key: KeyEvent, _ctx: &mut Ctx) -> Step {
        match action {
            Some(Action::Close) => return Step::CLOSE,
            Some(Action::Down) => self.scroll_by(1),
            Some(Action::Up) => self.scroll_by(-1),
            Some(Action::PageDown) => self.scroll_by(self.page()),
            Some(Action::PageUp) => self.scroll_by(-self.page()),
            _ => {}
        }
        Step::STAY
    }
}
