//! Splits an inventory response into its items as the bytes arrive.
//!
//! serde_json reads from a `Read` a byte at a time, several times slower than from a slice,
//! and decoding from one slice needs the whole 60 MB body of a 100,000-item inventory. The
//! splitter gets both speed and a small footprint: it follows just enough of the JSON (strings,
//! nesting, the envelope's keys) to find `data.inventory`, hands over each element of that
//! array as one slice, and keeps the rest of the envelope — a few hundred bytes — with the
//! array left empty. serde_json still parses everything: each item, and the envelope.

/// Where the splitter is in the body.
#[derive(Clone, Copy, PartialEq, Default)]
enum Mode {
    /// In the envelope, outside `data.inventory`.
    #[default]
    Envelope,
    /// In `data.inventory`, between elements.
    Array(Between),
    /// Inside one element, `depth` brackets deep.
    Element { depth: u32 },
}

#[derive(Clone, Copy, PartialEq)]
enum Between {
    Start,
    AfterElement,
    AfterComma,
}

/// An open container of the envelope, and for an object the key its value is under.
struct Frame {
    object: bool,
    expecting_key: bool,
    key: Vec<u8>,
}

/// The largest item read: a real one, stickers and all, takes a few kilobytes.
pub const MAX_ELEMENT: usize = 256 << 10;
/// The most the envelope around the inventory may hold: a few fields and messages.
pub const MAX_ENVELOPE: usize = 1 << 20;

#[derive(Default)]
pub struct Splitter {
    mode: Mode,
    frames: Vec<Frame>,
    in_string: bool,
    escaped: bool,
    reading_key: bool,
    /// The envelope, without the array's elements.
    envelope: Vec<u8>,
    /// The element being read, across chunks.
    element: Vec<u8>,
    found_array: bool,
    saw_content: bool,
    /// Where the items are: `data.inventory` (the API's answer) unless set to a top-level
    /// key (`items`, in tradedeck's own `--json` output).
    pub items_at: Option<&'static [u8]>,
}

/// Why a body could not be split, or what the element callback refused.
#[derive(Debug)]
pub enum SplitError<E> {
    /// The body is not JSON in the places the splitter reads.
    Malformed(String),
    Element(E),
}

/// What is left of the body once the elements are out.
pub struct Envelope {
    pub bytes: Vec<u8>,
    /// Whether `data.inventory` was found and its elements handed out.
    pub split: bool,
    /// Whether the body held nothing but whitespace.
    pub blank: bool,
}

impl Splitter {
    /// Reads the next bytes of the body, calling `on_element` with each whole element of
    /// `data.inventory`. Stops at the first error.
    pub fn feed<E>(
        &mut self,
        bytes: &[u8],
        mut on_element: impl FnMut(&[u8]) -> Result<(), E>,
    ) -> Result<(), SplitError<E>> {
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            self.saw_content |= !byte.is_ascii_whitespace();
            match self.mode {
                Mode::Envelope => {
                    self.envelope_byte(byte);
                    i += 1;
                    if self.envelope.len() > MAX_ENVELOPE {
                        return Err(SplitError::Malformed(format!(
                            "more than {} KiB around the inventory",
                            MAX_ENVELOPE >> 10
                        )));
                    }
                }
                Mode::Array(between) => {
                    if !self.between_elements(between, byte)? {
                        self.mode = Mode::Element { depth: 0 };
                        continue;
                    }
                    i += 1;
                }
                Mode::Element { depth } => {
                    let (consumed, done) = self.scan_element(depth, &bytes[i..]);
                    self.element.extend_from_slice(&bytes[i..i + consumed]);
                    i += consumed;
                    if self.element.len() > MAX_ELEMENT {
                        return Err(SplitError::Malformed(format!(
                            "an item larger than {} KiB (the largest real ones take a few)",
                            MAX_ELEMENT >> 10
                        )));
                    }
                    if done {
                        self.mode = Mode::Array(Between::AfterElement);
                        let result = on_element(&self.element);
                        self.element.clear();
                        result.map_err(SplitError::Element)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// One byte between elements: true when it was a separator (consumed), false when an
    /// element starts with it.
    fn between_elements<E>(&mut self, between: Between, byte: u8) -> Result<bool, SplitError<E>> {
        let unexpected = |what: &str| Err(SplitError::Malformed(format!("{what} in the inventory array")));
        match (between, byte) {
            (_, b' ' | b'\n' | b'\r' | b'\t') => {}
            (Between::AfterElement, b',') => self.mode = Mode::Array(Between::AfterComma),
            (Between::Start | Between::AfterElement, b']') => {
                self.envelope.push(b']');
                self.frames.pop();
                self.mode = Mode::Envelope;
            }
            (Between::AfterComma, b']') => return unexpected("a trailing comma"),
            (_, b',') => return unexpected("a comma without an item"),
            (Between::AfterElement, _) => return unexpected("a missing comma"),
            _ => return Ok(false),
        }
        Ok(true)
    }

    /// Scans an element from its start or where the last chunk left it: how many bytes belong
    /// to it, and whether it ended.
    fn scan_element(&mut self, mut depth: u32, bytes: &[u8]) -> (usize, bool) {
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if self.in_string {
                if !self.escaped && byte != b'"' && byte != b'\\' {
                    // Most of a body is string content: jump to its next quote or escape.
                    i += memchr::memchr2(b'"', b'\\', &bytes[i..]).unwrap_or(bytes.len() - i);
                    continue;
                }
                if self.string_byte(byte) && depth == 0 {
                    return (i + 1, true);
                }
                i += 1;
                continue;
            }
            match byte {
                b'"' => self.in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        return (i + 1, true);
                    }
                }
                // A bare value (null, a number) ends where a separator starts.
                b',' | b']' | b'}' | b' ' | b'\n' | b'\r' | b'\t' if depth == 0 => return (i, true),
                _ => {}
            }
            i += 1;
        }
        self.mode = Mode::Element { depth };
        (bytes.len(), false)
    }

    /// One byte inside a string: true when it is the closing quote.
    fn string_byte(&mut self, byte: u8) -> bool {
        match (self.escaped, byte) {
            (true, _) => self.escaped = false,
            (false, b'\\') => self.escaped = true,
            (false, b'"') => {
                self.in_string = false;
                return true;
            }
            _ => {}
        }
        false
    }

    fn envelope_byte(&mut self, byte: u8) {
        self.envelope.push(byte);
        if self.in_string {
            if self.string_byte(byte) {
                if std::mem::take(&mut self.reading_key) {
                    self.frames.last_mut().into_iter().for_each(|f| f.expecting_key = false);
                }
                return;
            }
            if self.reading_key {
                self.frames.last_mut().into_iter().for_each(|f| f.key.push(byte));
            }
            return;
        }
        match byte {
            b'"' => {
                self.in_string = true;
                if let Some(frame) = self.frames.last_mut().filter(|f| f.object && f.expecting_key) {
                    frame.key.clear();
                    self.reading_key = true;
                }
            }
            b'[' if self.at_inventory() => {
                self.found_array = true;
                self.frames.push(Frame { object: false, expecting_key: false, key: vec![] });
                self.mode = Mode::Array(Between::Start);
            }
            b'{' | b'[' => self.frames.push(Frame { object: byte == b'{', expecting_key: byte == b'{', key: vec![] }),
            b'}' | b']' => {
                self.frames.pop();
            }
            b',' => self.frames.last_mut().filter(|f| f.object).into_iter().for_each(|f| f.expecting_key = true),
            _ => {}
        }
    }

    /// Whether an array opening here is the envelope's `data.inventory` (the first one: a
    /// repeated key is left in the envelope, for serde to refuse).
    fn at_inventory(&self) -> bool {
        let under = |frame: &Frame, key: &[u8]| frame.object && !frame.expecting_key && frame.key == key;
        !self.found_array
            && match self.items_at {
                None => {
                    self.frames.len() == 2 && under(&self.frames[0], b"data") && under(&self.frames[1], b"inventory")
                }
                Some(key) => self.frames.len() == 1 && under(&self.frames[0], key),
            }
    }

    /// The envelope, once the body has ended; why not, when it ended inside the array.
    pub fn finish(self) -> Result<Envelope, String> {
        if matches!(self.mode, Mode::Array(_) | Mode::Element { .. }) {
            return Err("the body ends inside the inventory array".into());
        }
        Ok(Envelope { bytes: self.envelope, split: self.found_array, blank: !self.saw_content })
    }
}
