//! Where in a JSON text an error is: the path (`causal_chain.nodes[2].kind`) to the value that
//! holds a given byte, read off the text itself.
//!
//! serde_json says where a value failed to read by line and column; a person editing the
//! catalogue needs the field. Read back from the position, not tracked while deserialising
//! (serde_path_to_error), which would wrap every value's reader in the wasm (README,
//! Performance); a test checks that the two agree over the fixtures and the fuzzing corpus.

/// One level of nesting met on the way to the position.
enum Frame {
    /// In an object: the last key read, and whether a key comes next.
    Object { key: Option<String>, in_key: bool },
    /// In an array: the index of the current element.
    Array { index: usize },
}

/// The 0-based byte offset of a serde_json error position (1-based line; column counted in
/// bytes from the start of the line, 0 before its first byte).
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(at, _)| at + 1)
    };
    (line_start + column).min(text.len())
}

/// What an error is about, which decides where its position points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Concern {
    /// A value: a wrong type or an unreadable string, at the value; an unknown field, at its
    /// key (which the path names, as serde_path_to_error does).
    Value,
    /// An object or array as a whole: a missing field, a wrong length, a run of a paragraph
    /// (read whole, then judged). The position is at its end.
    Container,
    /// A key given twice: the path is the object's.
    RepeatedKey,
}

impl Concern {
    pub fn of(error: &serde_json::Error) -> Concern {
        let message = error.to_string();
        if message.starts_with("missing field")
            || message.starts_with("invalid length")
            || message.starts_with(crate::catalogue::RUN_ERROR)
        {
            Concern::Container
        } else if message.starts_with("duplicate field") {
            Concern::RepeatedKey
        } else {
            Concern::Value
        }
    }
}

/// The path to the value that the byte before `end` belongs to, as serde_path_to_error
/// prints it: keys joined by `.`, array indices as `[i]`, `.` for the whole value.
///
/// serde_json reports an error inside an object or array after it has looked for the end of
/// that object or array, so the position may sit past a `,`, `}` or `]` that follows the value
/// at fault: those are stepped back over. A `}` there ends the value at fault when the error
/// concerns a container, and otherwise follows it.
pub fn path_at(text: &str, end: usize, concern: Concern) -> String {
    let bytes = text.as_bytes();
    let mut stop = end.min(bytes.len());
    let skip_space = |mut at: usize| {
        while at > 0 && bytes[at - 1].is_ascii_whitespace() {
            at -= 1;
        }
        at
    };
    stop = skip_space(stop);
    if stop > 0 && bytes[stop - 1] == b',' {
        stop = skip_space(stop - 1);
    }
    // An array's end follows its last element: reached after a run of a paragraph that failed,
    // it is that run's position; an object's end is the end of the object at fault.
    let closes = concern == Concern::Container && stop > 0 && bytes[stop - 1] == b'}';
    if stop > 0 && matches!(bytes[stop - 1], b'}' | b']') {
        stop -= 1;
    }
    let mut stack = open_containers(text, stop);
    if closes {
        // The error is about the container that this byte closes, not about its contents.
        stack.pop();
    }
    if concern == Concern::RepeatedKey
        && let Some(Frame::Object { key, .. }) = stack.last_mut()
    {
        *key = None;
    }
    written_path(&stack)
}

/// The objects and arrays open at byte `stop`, outermost first, each with where in it `stop`
/// is: the key being read or last read, or the element's index.
fn open_containers(text: &str, stop: usize) -> Vec<Frame> {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut at = 0;
    while at < stop {
        match bytes[at] {
            b'"' => {
                // A string: to its closing quote, escapes skipped.
                let start = at + 1;
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                if let Some(Frame::Object { key, in_key: true }) = stack.last_mut() {
                    let inner = text.get(start..at.min(bytes.len())).unwrap_or_default();
                    *key = Some(unescape(inner));
                }
            }
            b'{' => stack.push(Frame::Object {
                key: None,
                in_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b':' => {
                if let Some(Frame::Object { in_key, .. }) = stack.last_mut() {
                    *in_key = false;
                }
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, in_key }) => {
                    *key = None;
                    *in_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            _ => {}
        }
        at += 1;
    }
    stack
}

/// `a.b[2].c` for the open containers, `.` for none.
fn written_path(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            // An error at a key (unknown, duplicate) is reported at the key, as by
            // serde_path_to_error.
            Frame::Object { key: Some(key), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Frame::Object { .. } => {}
            Frame::Array { index } => {
                path.push('[');
                path.push_str(&index.to_string());
                path.push(']');
            }
        }
    }
    if path.is_empty() {
        path.push('.');
    }
    path
}

/// A key as its reader saw it: escapes resolved, `?` for one that cannot be read.
fn unescape(raw: &str) -> String {
    if !raw.contains('\\') {
        return raw.to_owned();
    }
    serde_json::from_str::<String>(&format!("\"{raw}\"")).unwrap_or_else(|_| "?".to_owned())
}
