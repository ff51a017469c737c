//! Problems found in a spec, collected and reported together, like a compiler.
//!
//! Every check pushes into one [`Diagnostics`] per spec instead of returning at the
//! first problem, so a maintainer sees everything wrong with a document in one run.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a [`Diagnostic`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The spec cannot be turned into a correct client.
    Error,
    /// The client is generated, but something in the spec was adjusted or ignored.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a spec: what is wrong, where, and how to fix it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A short, stable name for the kind of problem, such as `path-parameter`.
    pub code: &'static str,
    /// The spec file the problem is in.
    pub file: PathBuf,
    /// The JSON pointer of the node the problem is about (`#/paths/~1tokens~1{id}/delete`).
    pub pointer: String,
    /// Where the node is in the file, where the format gives it (YAML and JSON both do).
    pub location: Option<Location>,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where there is an obvious fix.
    pub help: Option<String>,
}

/// A place in a spec file, with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// How many characters to underline, at least 1.
    pub width: usize,
    /// The text of the line (empty when not known).
    pub source_line: String,
}

/// Where a value given beside the spec was written (a key of a settings file), so that a
/// problem the spec reveals in it is reported there rather than in the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The file the value is in.
    pub file: PathBuf,
    /// The value's key, as a dotted path (`methods.rename.deleteToken`).
    pub key: String,
    /// Where the value is in the file, with its line's text.
    pub location: Location,
}

/// The widest source line shown; longer lines (minified JSON) are cut around the column.
const MAX_SHOWN: usize = 100;

impl fmt::Display for Diagnostic {
    /// Renders the diagnostic as rustc does: a header, the place, the source
    /// line with the node underlined, then the pointer and the help.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        let file = self.file.display();
        let gutter = self
            .location
            .as_ref()
            .map_or(1, |l| l.line.to_string().len());
        let pad = " ".repeat(gutter);
        match &self.location {
            Some(l) => write!(f, "{pad}--> {file}:{}:{}", l.line, l.column)?,
            None => write!(f, "{pad}--> {file}")?,
        }
        if let Some(l) = self.location.as_ref().filter(|l| !l.source_line.is_empty()) {
            let (shown, caret_at, caret_width) = window(l);
            write!(f, "\n{pad} |\n{} | {shown}", l.line)?;
            write!(
                f,
                "\n{pad} | {}{}",
                " ".repeat(caret_at),
                "^".repeat(caret_width)
            )?;
        }
        if self.pointer.len() > 1 {
            write!(f, "\n{pad} = at: {}", self.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n{pad} = help: {help}")?;
        }
        Ok(())
    }
}

/// The part of the source line to show, where the marker starts in it and how
/// wide it is; tabs show as one space so that the marker lines up.
fn window(l: &Location) -> (String, usize, usize) {
    let chars: Vec<char> = l
        .source_line
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let column = l.column.saturating_sub(1).min(chars.len());
    let (start, prefix) = if chars.len() > MAX_SHOWN && column > MAX_SHOWN / 3 {
        (column - MAX_SHOWN / 3, "...")
    } else {
        (0, "")
    };
    let end = (start + MAX_SHOWN).min(chars.len());
    let suffix = if end < chars.len() { "..." } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let caret_at = prefix.len() + column - start;
    let width = l.width.max(1).min(end.saturating_sub(column).max(1));
    (
        format!("{prefix}{}{suffix}", shown.trim_end()),
        caret_at,
        width,
    )
}

/// Collects every problem found in one spec.
///
/// Checks push into it and keep going; [`Diagnostics::finish`] then turns the
/// collection into a result, so no problem is dropped unreported. A collection
/// dropped without being finished is a bug: in debug builds (the tests) it
/// panics, as serde_derive's `Ctxt` does.
#[derive(Debug)]
pub struct Diagnostics {
    file: PathBuf,
    items: Vec<Diagnostic>,
    finished: bool,
}

impl Drop for Diagnostics {
    fn drop(&mut self) {
        if cfg!(debug_assertions) && !self.finished && !std::thread::panicking() {
            panic!(
                "`Diagnostics` of `{}` dropped without `finish`: {} problem(s) would go unreported",
                self.file.display(),
                self.items.len()
            );
        }
    }
}

impl Diagnostics {
    /// An empty collection for problems in `file`.
    pub fn new(file: &Path) -> Self {
        Self {
            file: file.to_path_buf(),
            items: Vec::new(),
            finished: false,
        }
    }

    /// The spec file these diagnostics are about.
    pub fn file(&self) -> &Path {
        &self.file
    }

    /// Records an error at `pointer` and returns it, so a hint can be added.
    pub fn error(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Error, code, pointer.into(), message.into())
    }

    /// Records a warning at `pointer` and returns it, so a hint can be added.
    pub fn warning(
        &mut self,
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(Severity::Warning, code, pointer.into(), message.into())
    }

    /// Records an error about a value written at `origin`, in another file than the spec.
    pub fn error_at(
        &mut self,
        origin: &Origin,
        code: &'static str,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let diagnostic = self.push(Severity::Error, code, origin.key.clone(), message.into());
        diagnostic.file = origin.file.clone();
        diagnostic.location = Some(origin.location.clone());
        diagnostic
    }

    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        pointer: String,
        message: String,
    ) -> &mut Diagnostic {
        self.items.push(Diagnostic {
            severity,
            code,
            file: self.file.clone(),
            pointer,
            location: None,
            message,
            help: None,
        });
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    /// How many errors (not warnings) have been recorded.
    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// Whether any error (not only warnings) has been recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Ends collection: `Err` with every diagnostic if any is an error, otherwise
    /// `Ok` with the warnings.
    pub fn finish(mut self) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
        self.finished = true;
        let mut items = std::mem::take(&mut self.items);
        // Stable order: errors first, then by place in the document.
        items.sort_by(|a, b| {
            (a.severity, &a.pointer, a.code, &a.message)
                .cmp(&(b.severity, &b.pointer, b.code, &b.message))
        });
        items.dedup();
        if items.iter().any(|d| d.severity == Severity::Error) {
            Err(items)
        } else {
            Ok(items)
        }
    }
}

impl Diagnostic {
    /// Sets the hint on a diagnostic recorded with [`Diagnostics::error`] or
    /// [`Diagnostics::warning`].
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the line and column (both from 1) of the problem; the source line
    /// is filled in when the diagnostic is placed (see [`crate::locate`]).
    pub fn at(&mut self, line: usize, column: usize) -> &mut Self {
        self.location = Some(Location {
            line,
            column,
            width: 1,
            source_line: String::new(),
        });
        self
    }

    /// The line and column (both from 1), when known.
    pub fn position(&self) -> Option<(usize, usize)> {
        self.location.as_ref().map(|l| (l.line, l.column))
    }
}

/// Renders diagnostics one after another, separated by blank lines.
pub fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_shows_file_place_and_help() {
        let mut d = Diagnostics::new(Path::new("specs/x.yaml"));
        d.error("path-parameter", "#/paths/~1a", "it is wrong")
            .help("fix it");
        let all = d.finish().unwrap_err();
        assert_eq!(
            all[0].to_string(),
            "error[path-parameter]: it is wrong\n --> specs/x.yaml\n  = at: #/paths/~1a\n  = help: fix it"
        );
    }

    #[test]
    fn display_shows_the_source_line_with_a_marker() {
        let mut d = Diagnostics::new(Path::new("s.yaml"));
        if let Some(l) = d.warning("w", "#/a/b", "odd").at(12, 5).location.as_mut() {
            l.width = 3;
            l.source_line = "    b:\tx".into();
        }
        let all = d.finish().unwrap();
        assert_eq!(
            all[0].to_string(),
            "warning[w]: odd\n  --> s.yaml:12:5\n   |\n12 |     b: x\n   |     ^^^\n   = at: #/a/b"
        );
    }

    #[test]
    fn long_lines_are_cut_around_the_marker() {
        let l = Location {
            line: 1,
            column: 500,
            width: 4,
            source_line: format!("{}\"$ref\"{}", "x".repeat(499), "y".repeat(500)),
        };
        let (shown, at, width) = window(&l);
        assert!(
            shown.starts_with("...") && shown.ends_with("..."),
            "{shown}"
        );
        assert_eq!(&shown[at..at + width], "\"$re");
        assert_eq!(shown.chars().count(), MAX_SHOWN + 6);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "dropped without `finish`")]
    fn diagnostics_cannot_be_dropped_unchecked() {
        let mut d = Diagnostics::new(Path::new("s.json"));
        d.warning("w", "#/b", "lost");
    }

    #[test]
    fn warnings_alone_are_ok_and_errors_come_first() {
        let mut d = Diagnostics::new(Path::new("s.json"));
        d.warning("w", "#/b", "later");
        assert_eq!(d.finish().map(|w| w.len()), Ok(1));

        let mut d = Diagnostics::new(Path::new("s.json"));
        d.warning("w", "#/a", "warn");
        d.error("e", "#/z", "err");
        let all = d.finish().unwrap_err();
        assert_eq!(all[0].severity, Severity::Error);
        assert_eq!(all[1].severity, Severity::Warning);
    }
}
