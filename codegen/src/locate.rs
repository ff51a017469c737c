//! Where a JSON pointer is in the text of a spec: line, column and the source
//! line, for diagnostics shown the way rustc shows them.
//!
//! The document is parsed into a [`serde_json::Value`], which keeps no
//! positions, so the text is scanned a second time, only when there are
//! diagnostics to place (or keys twice in one mapping to find): JSON by a small scanner of its own, YAML through the
//! events of `yaml-rust2`'s parser. Each node's pointer is recorded with the
//! place of its key (for a member of a mapping) or of its value (for an item of
//! a list); a pointer that is not in the text, such as a missing field or a node
//! made by normalization, is placed at its nearest ancestor that is.

use std::collections::HashMap;

use crate::diagnostic::{Diagnostic, Location};

/// A span in the text: line and column (both from 1, the column in characters)
/// and how many characters it covers on that line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Width in characters, at least 1.
    pub width: usize,
}

/// The places of a document's nodes, by JSON pointer (`#/paths/~1a/get`), and
/// the keys it has twice. It keeps no text: the methods that need the lines
/// are given the text the map was made from.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    spans: HashMap<String, Span>,
    duplicates: Vec<Duplicate>,
    /// Whether the scan reached the end of the text. `yaml-rust2` refuses a few
    /// texts that serde_yaml reads (a flow list closed left of its items); past
    /// the place it stopped, nodes are found by searching the lines.
    complete: bool,
}

/// A key that appears twice in one mapping: the parsers keep the last one
/// and drop the other without a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duplicate {
    /// The pointer both occurrences have.
    pub pointer: String,
    /// The occurrence that is dropped.
    pub first: Span,
    /// The occurrence that is kept.
    pub second: Span,
}

impl SourceMap {
    /// Scans `text`, a document that parsed as JSON.
    pub fn json(text: &str) -> Self {
        let mut map = Self::default();
        json::scan(text, &mut map);
        map.complete = true;
        map
    }

    /// Scans `text`, a document that parsed as YAML. A text the scanner cannot read gives a
    /// map that finds the nodes past the place it stopped by searching the lines.
    pub fn yaml(text: &str) -> Self {
        let mut map = Self::default();
        yaml::scan(text, &mut map);
        map
    }

    /// Records the span of the node at `pointer`; `member` when it is a key of
    /// a mapping, which must then be the only one with that pointer.
    fn node(&mut self, pointer: &str, span: Span, member: bool) {
        if let Some(first) = self.spans.insert(pointer.to_string(), span)
            && member
        {
            self.duplicates.push(Duplicate {
                pointer: pointer.to_string(),
                first,
                second: span,
            });
        }
    }

    /// The keys that appear twice in one mapping, in the order of the text.
    pub fn duplicates(&self) -> &[Duplicate] {
        &self.duplicates
    }

    /// The span of `pointer` in `text`, or of its nearest ancestor that has one.
    pub fn span(&self, text: &str, pointer: &str) -> Option<Span> {
        self.span_in(text, &mut None, pointer)
    }

    /// As [`SourceMap::span`]; `lines` holds the text's lines once a search
    /// has needed them, for the next one.
    fn span_in<'t>(
        &self,
        text: &'t str,
        lines: &mut Option<Vec<&'t str>>,
        pointer: &str,
    ) -> Option<Span> {
        let mut at = pointer;
        loop {
            if let Some(span) = self.spans.get(at) {
                if !self.complete && at.len() < pointer.len() {
                    let lines = lines.get_or_insert_with(|| text.lines().collect());
                    let from = (at != "#").then_some(*span);
                    return Some(search::below(lines, from, &pointer[at.len()..]).unwrap_or(*span));
                }
                return Some(*span);
            }
            at = &at[..at.rfind('/')?];
        }
    }

    /// Gives each diagnostic its location in `text`: the span of its pointer
    /// (when it has none yet) and the source line it is on.
    pub fn place(&self, text: &str, diagnostics: &mut [Diagnostic]) {
        let mut lines = None;
        for d in diagnostics.iter_mut() {
            if d.location.is_none() {
                d.location = self
                    .span_in(text, &mut lines, &d.pointer)
                    .map(|s| Location {
                        line: s.line,
                        column: s.column,
                        width: s.width,
                        source_line: String::new(),
                    });
            }
        }
        fill_source_lines(text, diagnostics);
    }
}

/// Line `line` (from 1) of `text`, without its line break.
pub fn line_of(text: &str, line: usize) -> Option<&str> {
    text.split('\n')
        .nth(line.checked_sub(1)?)
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
}

/// Copies into each placed diagnostic the source line it is on.
pub fn fill_source_lines(text: &str, diagnostics: &mut [Diagnostic]) {
    // The text's lines, found once for every diagnostic (a large document may have hundreds).
    let mut lines: Option<Vec<&str>> = None;
    for d in diagnostics {
        if let Some(location) = &mut d.location
            && location.source_line.is_empty()
        {
            let lines = lines.get_or_insert_with(|| text.split('\n').collect());
            let line = location
                .line
                .checked_sub(1)
                .and_then(|i| lines.get(i))
                .map_or("", |l| l.strip_suffix('\r').unwrap_or(l));
            location.source_line = line.to_string();
        }
    }
}

mod search {
    //! Finding a block-style YAML node by its keys, line by line, below a node
    //! whose place is known: for the rest of a text the YAML scanner refused.

    use super::Span;
    use crate::openapi::pointer::unescape;

    /// A line's indentation, and its content after any `- ` list markers.
    fn content(line: &str) -> (usize, &str) {
        let mut rest = line.trim_start_matches(' ');
        let mut indent = line.len() - rest.len();
        while let Some(after) = rest.strip_prefix("- ") {
            let trimmed = after.trim_start_matches(' ');
            indent += rest.len() - trimmed.len();
            rest = trimmed;
        }
        (indent, rest)
    }

    fn is_key(content: &str, key: &str) -> bool {
        [
            format!("{key}:"),
            format!("\"{key}\":"),
            format!("'{key}':"),
        ]
        .iter()
        .any(|k| content.starts_with(k.as_str()))
    }

    /// The place of the node `rest` (pointer segments, `/a/b`) below the node at
    /// `from` (the top of the document when `None`), as far as the lines tell;
    /// where a segment is not found, the last one found.
    pub(super) fn below(lines: &[&str], from: Option<Span>, rest: &str) -> Option<Span> {
        let mut found = from;
        // The line after which children are looked for, and the indentation
        // they are deeper than.
        let mut after = from.map(|s| s.line - 1);
        let mut parent_indent = from.map(|s| s.column - 1);
        // Where the `- ` of the list item being searched is, if it is one.
        let mut item_dash: Option<usize> = None;
        for segment in rest.split('/').skip(1) {
            let key = unescape(segment);
            let index = key.parse::<usize>().ok();
            let mut hit = None;
            let mut items = 0usize;
            let start = after.map_or(0, |a| a + 1);
            for (i, line) in lines.iter().enumerate().skip(start) {
                let (indent, content) = content(line);
                if content.is_empty() || content.starts_with('#') {
                    continue;
                }
                let item = line.trim_start().starts_with("- ");
                let dash = line.len() - line.trim_start().len();
                if parent_indent.is_some_and(|p| indent <= p) && !item
                    || i > start && item && item_dash.is_some_and(|d| dash <= d)
                {
                    break;
                }
                match index {
                    Some(index) if item => {
                        if items == index {
                            hit = Some((i, indent, 1, dash));
                            break;
                        }
                        items += 1;
                    }
                    Some(_) => {}
                    None if is_key(content, &key) => {
                        hit = Some((i, indent, key.chars().count(), dash));
                        break;
                    }
                    None => {}
                }
            }
            let Some((i, indent, width, dash)) = hit else {
                break;
            };
            found = Some(Span {
                line: i + 1,
                column: indent + 1,
                width,
            });
            if index.is_some() {
                // The first key of a list item is on the item's own line.
                after = i.checked_sub(1);
                parent_indent = Some(indent.saturating_sub(1));
                item_dash = Some(dash);
            } else {
                after = Some(i);
                parent_indent = Some(indent);
                item_dash = None;
            }
        }
        found
    }
}

mod json {
    //! A scanner for JSON text that serde_json has already accepted.

    use super::{SourceMap, Span};
    use crate::openapi::pointer::push_segment;

    struct Cursor<'t> {
        bytes: &'t [u8],
        text: &'t str,
        at: usize,
        line: usize,
        column: usize,
    }

    impl Cursor<'_> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.at).copied()
        }

        fn bump(&mut self) {
            if let Some(b) = self.peek() {
                self.at += 1;
                if b == b'\n' {
                    self.line += 1;
                    self.column = 1;
                } else if b & 0xC0 != 0x80 {
                    // Count characters, not bytes: skip UTF-8 continuation bytes.
                    self.column += 1;
                }
            }
        }

        fn skip_space(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.bump();
            }
        }

        /// Skips a string starting at `"` and returns its decoded text.
        fn string(&mut self) -> String {
            let start = self.at;
            self.bump();
            while let Some(b) = self.peek() {
                self.bump();
                match b {
                    b'\\' => self.bump(),
                    b'"' => break,
                    _ => {}
                }
            }
            serde_json::from_str(&self.text[start..self.at]).unwrap_or_default()
        }

        /// Skips any value; records the spans of the members and items inside it.
        fn value(&mut self, pointer: &mut String, found: &mut SourceMap) {
            self.skip_space();
            match self.peek() {
                Some(b'{') => {
                    self.bump();
                    loop {
                        self.skip_space();
                        match self.peek() {
                            Some(b'"') => {}
                            Some(b',') => {
                                self.bump();
                                continue;
                            }
                            _ => {
                                self.bump();
                                return;
                            }
                        }
                        let (line, column, start) = (self.line, self.column, self.at);
                        let key = self.string();
                        let key_end = self.at;
                        self.skip_space();
                        if self.peek() == Some(b':') {
                            self.bump();
                        }
                        let len = pointer.len();
                        push_segment(pointer, &key);
                        self.skip_space();
                        let scalar = !matches!(self.peek(), Some(b'{' | b'['));
                        let value_line = self.line;
                        self.value(pointer, found);
                        // A scalar on the key's line is underlined with its key.
                        let end = if scalar && value_line == line {
                            self.at
                        } else {
                            key_end
                        };
                        let width = self.text[start..end].chars().count();
                        found.node(
                            pointer,
                            Span {
                                line,
                                column,
                                width,
                            },
                            true,
                        );
                        pointer.truncate(len);
                    }
                }
                Some(b'[') => {
                    self.bump();
                    let mut index = 0usize;
                    loop {
                        self.skip_space();
                        match self.peek() {
                            Some(b',') => {
                                self.bump();
                                continue;
                            }
                            Some(b']') | None => {
                                self.bump();
                                return;
                            }
                            _ => {}
                        }
                        let (line, column, start) = (self.line, self.column, self.at);
                        let len = pointer.len();
                        push_segment(pointer, &index.to_string());
                        let nested = matches!(self.peek(), Some(b'{' | b'['));
                        self.value(pointer, found);
                        let width = if nested {
                            1
                        } else {
                            self.text[start..self.at].chars().count()
                        };
                        found.node(
                            pointer,
                            Span {
                                line,
                                column,
                                width,
                            },
                            false,
                        );
                        pointer.truncate(len);
                        index += 1;
                    }
                }
                Some(b'"') => {
                    self.string();
                }
                Some(_) => {
                    while matches!(self.peek(), Some(b) if !b" \t\r\n,]}".contains(&b)) {
                        self.bump();
                    }
                }
                None => {}
            }
        }
    }

    /// Records the span of every member and item of the JSON `text`.
    pub(super) fn scan(text: &str, found: &mut SourceMap) {
        let mut cursor = Cursor {
            bytes: text.as_bytes(),
            text,
            at: 0,
            line: 1,
            column: 1,
        };
        if text.starts_with('\u{feff}') {
            cursor.at = '\u{feff}'.len_utf8();
        }
        cursor.skip_space();
        found.node(
            "#",
            Span {
                line: cursor.line,
                column: cursor.column,
                width: 1,
            },
            false,
        );
        cursor.value(&mut String::from("#"), found);
    }
}

mod yaml {
    //! Positions from the events of `yaml-rust2`'s parser.

    use yaml_rust2::parser::{Event, Parser};
    use yaml_rust2::scanner::Marker;

    use super::{SourceMap, Span};
    use crate::openapi::pointer::push_segment;

    /// An open mapping or list, and where its children go.
    enum Open {
        Mapping {
            /// The pointer of the mapping.
            pointer: String,
            /// The key just read, waiting for its value: its text and place.
            key: Option<(String, Marker)>,
            /// Whether the mapping's own place is still to be set from its first key.
            unplaced: bool,
        },
        List {
            pointer: String,
            next: usize,
        },
    }

    fn span(mark: Marker, width: usize) -> Span {
        // yaml-rust2 counts columns from 0; diagnostics count from 1.
        Span {
            line: mark.line(),
            column: mark.col() + 1,
            width: width.max(1),
        }
    }

    /// The characters from `mark` to the end of its line, without trailing
    /// blanks and closing brackets.
    fn rest_of_line(text: &str, mark: Marker) -> usize {
        text.get(mark.index()..)
            .and_then(|rest| rest.split('\n').next())
            // In a flow mapping or list the closing brackets are not the value's.
            .map_or(1, |l| {
                l.trim_end()
                    .trim_end_matches([',', '}', ']', ' '])
                    .chars()
                    .count()
            })
    }

    /// Records the span of every node of the YAML `text`; stops quietly at
    /// anything the parser refuses (serde_yaml accepted the text, so little is).
    pub(super) fn scan(text: &str, found: &mut SourceMap) {
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Open> = Vec::new();
        let mut documents = 0;
        while let Ok((event, mark)) = parser.next_token() {
            let container = matches!(event, Event::MappingStart(..) | Event::SequenceStart(..));
            let node = container || matches!(event, Event::Scalar(..) | Event::Alias(_));
            match &event {
                Event::StreamEnd => {
                    found.complete = true;
                    break;
                }
                Event::DocumentStart => {
                    documents += 1;
                    if documents > 1 {
                        found.complete = true;
                        break;
                    }
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                }
                _ => {}
            }
            if !node {
                continue;
            }
            // Where this node goes: a key, a member's value, a list item or the root.
            let pointer = match stack.last_mut() {
                None => {
                    found.node("#", span(mark, 1), false);
                    Some("#".to_string())
                }
                Some(Open::Mapping {
                    pointer,
                    key,
                    unplaced,
                }) => match key.take() {
                    None => {
                        // This node is a key.
                        let name = match &event {
                            Event::Scalar(s, ..) => s.clone(),
                            _ => String::new(),
                        };
                        if *unplaced {
                            found.node(pointer, span(mark, name.chars().count()), false);
                            *unplaced = false;
                        }
                        *key = Some((name, mark));
                        if container {
                            // A complex key: its contents are not addressable.
                            stack.push(Open::List {
                                pointer: "#complex-key".into(),
                                next: 0,
                            });
                        }
                        continue;
                    }
                    Some((name, key_mark)) => {
                        let mut child = pointer.clone();
                        push_segment(&mut child, &name);
                        let width = if !container && mark.line() == key_mark.line() {
                            rest_of_line(text, key_mark)
                        } else {
                            name.chars().count()
                        };
                        found.node(&child, span(key_mark, width), true);
                        Some(child)
                    }
                },
                Some(Open::List { pointer, next }) => {
                    let mut child = pointer.clone();
                    push_segment(&mut child, &next.to_string());
                    *next += 1;
                    if !matches!(event, Event::MappingStart(..)) {
                        let width = if container {
                            1
                        } else {
                            rest_of_line(text, mark)
                        };
                        found.node(&child, span(mark, width), false);
                    }
                    Some(child)
                }
            };
            if let Some(pointer) = pointer {
                match event {
                    Event::MappingStart(..) => {
                        // A mapping in a list is placed at its first key: the
                        // parser's mark for a block mapping's start is not.
                        let unplaced = !found.spans.contains_key(&pointer);
                        stack.push(Open::Mapping {
                            pointer,
                            key: None,
                            unplaced,
                        });
                    }
                    Event::SequenceStart(..) => stack.push(Open::List { pointer, next: 0 }),
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: id\n          in: path\n        - $ref: '#/components/parameters/X'\n      responses: {'204': {description: ok}}\n";

    #[test]
    fn yaml_members_are_placed_at_their_keys() {
        let map = SourceMap::yaml(YAML);
        assert_eq!(
            map.span(YAML, "#/openapi"),
            Some(Span {
                line: 1,
                column: 1,
                width: 14
            })
        );
        assert_eq!(
            map.span(YAML, "#/paths/~1a~1{id}/get")
                .map(|s| (s.line, s.column)),
            Some((4, 5))
        );
        let item = map
            .span(YAML, "#/paths/~1a~1{id}/get/parameters/0")
            .unwrap();
        assert_eq!((item.line, item.column), (6, 11));
        let reference = map
            .span(YAML, "#/paths/~1a~1{id}/get/parameters/1/$ref")
            .unwrap();
        assert_eq!(
            (reference.line, reference.column, reference.width),
            (8, 11, 33)
        );
        let flow = map
            .span(YAML, "#/paths/~1a~1{id}/get/responses/204/description")
            .unwrap();
        assert_eq!((flow.line, flow.column), (9, 27));
        // A missing member is placed at its parent.
        assert_eq!(
            map.span(YAML, "#/paths/~1a~1{id}/get/requestBody"),
            map.span(YAML, "#/paths/~1a~1{id}/get")
        );
        assert_eq!(
            line_of(YAML, 8),
            Some("        - $ref: '#/components/parameters/X'")
        );
    }

    #[test]
    fn json_members_and_items_are_placed_in_characters() {
        let text = "{\n  \"info\": {\"title\": \"é\", \"version\": \"1\"},\n  \"tags\": [\n    {\"name\": \"a\"}, \"b\"\n  ]\n}\n";
        let map = SourceMap::json(text);
        assert_eq!(
            map.span(text, "#/info/version"),
            Some(Span {
                line: 2,
                column: 26,
                width: 14
            })
        );
        assert_eq!(
            map.span(text, "#/info")
                .map(|s| (s.line, s.column, s.width)),
            Some((2, 3, 6))
        );
        assert_eq!(
            map.span(text, "#/tags/0/name").map(|s| (s.line, s.column)),
            Some((4, 6))
        );
        assert_eq!(
            map.span(text, "#/tags/1")
                .map(|s| (s.line, s.column, s.width)),
            Some((4, 20, 3))
        );
        assert_eq!(map.span(text, "#/nothing/here").map(|s| s.line), Some(1));
    }

    #[test]
    fn duplicate_keys_are_found_in_both_formats() {
        let map = SourceMap::json("{\"a\": {\"b\": 1, \"c\": 2, \"b\": 3}}");
        let d = map.duplicates();
        assert_eq!(d.len(), 1);
        assert_eq!(
            (d[0].pointer.as_str(), d[0].first.column, d[0].second.column),
            ("#/a/b", 8, 24)
        );
        let map = SourceMap::yaml("a:\n  b: 1\n  b: 2\nl: [1, 1]\n");
        let d = map.duplicates();
        assert_eq!(d.len(), 1);
        assert_eq!((d[0].first.line, d[0].second.line), (2, 3));
    }

    #[test]
    fn past_what_the_yaml_scanner_refuses_lines_are_searched() {
        // yaml-rust2 refuses a flow list closed left of its items; serde_yaml reads it.
        let text = "a:\n  b:\n    enum: [\n      \"x\",\n    ]\npaths:\n  /t:\n    get:\n      parameters:\n        - name: x\n        - name: y\n          in: query\n";
        let map = SourceMap::yaml(text);
        assert!(!map.complete);
        let at = |p: &str| map.span(text, p).map(|s| (s.line, s.column));
        assert_eq!(at("#/paths/~1t/get"), Some((8, 5)));
        assert_eq!(at("#/paths/~1t/get/parameters/1"), Some((11, 11)));
        assert_eq!(at("#/paths/~1t/get/parameters/1/in"), Some((12, 11)));
        assert_eq!(at("#/paths/~1t/get/parameters/0/name"), Some((10, 11)));
        // Not found in its own item: placed at the item, not in the next one.
        assert_eq!(at("#/paths/~1t/get/parameters/0/in"), Some((10, 11)));
    }

    #[test]
    fn escaped_keys_match_pointers() {
        let text = "{\"a/b~c\": 1}";
        let map = SourceMap::json(text);
        assert!(map.span(text, "#/a~1b~0c").is_some());
        let text = "a/b~c: 1\n";
        let map = SourceMap::yaml(text);
        assert!(map.span(text, "#/a~1b~0c").is_some());
    }
}
