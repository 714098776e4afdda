//! Tables of numbers (CSV): every column but the label is a feature; the label column is
//! a class (text or a few whole numbers) or a real value. The `csv` crate does the
//! splitting (quotes, CRLF, blank lines); this file decides the header, the label column
//! and the task, and names the line and column of anything that is not a number.

use super::error::{ImportError, Place, quoted, quoted_or_empty};
use super::{ImportLimits, TaskChoice};
use crate::TensorData;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Which column holds the label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LabelColumn {
    /// The last column.
    #[default]
    Last,
    /// The column at this index, counting from 0.
    Index(usize),
    /// The column with this header name (the file must have a header row).
    Name(String),
}

/// Whether the first row names the columns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderRow {
    /// A header when some column is numeric below the first row but not in it.
    #[default]
    Auto,
    /// The first row is a header.
    Present,
    /// The first row is data.
    Absent,
}

/// How to read a CSV file; the default reads most files as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvOptions {
    /// Which column is the label.
    pub label: LabelColumn,
    /// Whether the first row is a header.
    pub header: HeaderRow,
    /// The field separator; `None` picks `,`, `;` or tab, whichever the first line has most.
    pub delimiter: Option<u8>,
    /// Classification or regression; `Auto` picks classification when a label is not a
    /// number, or when all labels are whole numbers with at most [`AUTO_MAX_CLASSES`]
    /// distinct values and at least two examples per value on average.
    pub task: TaskChoice,
}

/// Most distinct whole-number labels that `TaskChoice::Auto` still reads as classes.
pub const AUTO_MAX_CLASSES: usize = 20;

/// A table read into examples, with the names the UI shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CsvImport {
    /// Rows of `[features]`; targets are class indices (`[]`) or values (`[1]`, `classes == 0`).
    pub data: TensorData,
    /// The feature columns' names in input order ("column 1"… when there is no header).
    pub feature_names: Vec<String>,
    /// The label column's name.
    pub label_name: String,
    /// Class names in index order (labels sorted: numbers by value, text by its bytes);
    /// empty for regression.
    pub class_names: Vec<String>,
    /// Whether the first row was taken as the header.
    pub has_header: bool,
    /// The separator used.
    pub delimiter: u8,
}

/// One non-blank record: the line it starts on and its trimmed cells (one buffer per
/// row, not one allocation per cell: a large table has millions of cells).
struct Row {
    line: usize,
    cells: ::csv::StringRecord,
}

/// Reads a CSV table from `bytes`; `file` names it in messages.
pub fn import_csv(
    file: &str,
    bytes: &[u8],
    options: &CsvOptions,
    limits: &ImportLimits,
) -> Result<CsvImport, ImportError> {
    limits.check_file_size(file, bytes.len())?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let delimiter = match options.delimiter {
        Some(d) if matches!(d, b'"' | b'\n' | b'\r') || !d.is_ascii() => {
            return Err(ImportError::BadOption {
                option: "the CSV delimiter",
                value: format!("{:?}", d as char),
                allowed: "it must be an ASCII character other than a quote or a line break".into(),
            });
        }
        Some(d) => d,
        None => detect_delimiter(bytes),
    };
    // One more row than the example limit may be read: it may turn out to be the header.
    let max_rows = limits.max_examples + usize::from(options.header != HeaderRow::Absent);
    let rows = read_rows(file, bytes, delimiter, max_rows, limits)?;
    let Some(first) = rows.first() else {
        return Err(unexpected(file, Place::File, "rows of numbers separated by commas", "no rows"));
    };

    let has_header = match (&options.header, &options.label) {
        (HeaderRow::Present, _) => true,
        (HeaderRow::Absent, _) => false,
        (HeaderRow::Auto, LabelColumn::Name(name)) if first.cells.iter().any(|c| c == name) => true,
        (HeaderRow::Auto, _) => looks_like_header(&rows),
    };
    let columns = first.cells.len();
    // The header's cells name columns in messages; the UI gets a name for every column.
    let titles: Vec<&str> = (0..columns).map(|j| if has_header { &first.cells[j] } else { "" }).collect();
    let names: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(j, title)| if title.is_empty() { format!("column {}", j + 1) } else { title.to_string() })
        .collect();
    let label = label_index(file, &options.label, &names, has_header, first.line)?;
    let data_rows = &rows[usize::from(has_header)..];
    if data_rows.is_empty() {
        return Err(unexpected(file, Place::File, "data rows after the header", "none"));
    }
    if data_rows.len() > limits.max_examples {
        let place = Place::Line(data_rows[limits.max_examples].line);
        return Err(ImportError::OverLimit {
            file: file.into(),
            place,
            what: "examples",
            count: None,
            limit: limits.max_examples,
        });
    }

    let features = columns - 1;
    let mut inputs = super::limits::room_for(file, "values", data_rows.len().saturating_mul(features))?;
    for row in data_rows {
        for (j, cell) in row.cells.iter().enumerate().filter(|&(j, _)| j != label) {
            inputs.push(number(cell).ok_or_else(|| not_a_number(file, row, j, titles[j], "a number"))?);
        }
    }
    let labels = Labels { file, rows: data_rows, column: label, name: titles[label] };
    let (targets, class_names) = labels.targets(options.task, limits)?;
    let classes = class_names.len();
    let target_shape = if classes == 0 { vec![1] } else { vec![] };
    let feature_names = names.iter().enumerate().filter(|&(j, _)| j != label).map(|(_, n)| n.clone()).collect();
    Ok(CsvImport {
        data: TensorData { inputs, input_shape: vec![features], targets, target_shape, classes, len: data_rows.len() },
        feature_names,
        label_name: names[label].clone(),
        class_names,
        has_header,
        delimiter,
    })
}

/// The separator the first non-blank line holds most of, outside quotes (comma on a tie).
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let line = bytes.split(|&b| b == b'\n').find(|l| !l.trim_ascii().is_empty()).unwrap_or(&[]);
    let mut counts = [(b',', 0usize), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(entry) = counts.iter_mut().find(|(d, _)| *d == b) {
            entry.1 += 1;
        }
    }
    // max_by_key keeps the last maximum; reversing makes the comma win ties.
    counts.iter().rev().max_by_key(|(_, n)| *n).map_or(b',', |(d, _)| *d)
}

/// Splits the table into rows of trimmed UTF-8 cells, skipping blank rows and refusing
/// ragged ones, too many rows, or too many columns as soon as they are seen.
fn read_rows(
    file: &str,
    bytes: &[u8],
    delimiter: u8,
    max_rows: usize,
    limits: &ImportLimits,
) -> Result<Vec<Row>, ImportError> {
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .trim(::csv::Trim::All)
        .from_reader(bytes);
    let mut rows: Vec<Row> = Vec::new();
    let mut lines = LineCounter { bytes, offset: 0, line: 1 };
    for record in reader.byte_records() {
        let record = record.map_err(|e| {
            let place = e.position().map_or(Place::File, |p| Place::Line(lines.line_at(p.byte() as usize)));
            unexpected(file, place, "CSV text", &e.to_string())
        })?;
        if record.iter().all(<[u8]>::is_empty) {
            continue;
        }
        let line = record.position().map_or(rows.len() + 1, |p| lines.line_at(p.byte() as usize));
        let cells = ::csv::StringRecord::from_byte_record(record).map_err(|e| {
            let (field, valid) = (e.utf8_error().field(), e.utf8_error().valid_up_to());
            let byte = e.into_byte_record().get(field).and_then(|f| f.get(valid).copied()).unwrap_or_default();
            let place = Place::Cell { line, column: field + 1, name: String::new() };
            unexpected(file, place, "UTF-8 text", &format!("the byte 0x{byte:02X}"))
        })?;
        match rows.first() {
            None if cells.len() < 2 => {
                let found = format!("1 column (separator {:?})", delimiter as char);
                return Err(unexpected(file, Place::Line(line), "at least two columns (features and a label)", &found));
            }
            None if cells.len() - 1 > limits.max_features => {
                return Err(ImportError::OverLimit {
                    file: file.into(),
                    place: Place::Line(line),
                    what: "feature columns",
                    count: Some(cells.len() - 1),
                    limit: limits.max_features,
                });
            }
            Some(first) if first.cells.len() != cells.len() => {
                let expected = format!("{} columns (as in line {})", first.cells.len(), first.line);
                return Err(unexpected(file, Place::Line(line), &expected, &cells.len().to_string()));
            }
            _ => {}
        }
        if rows.len() == max_rows {
            return Err(ImportError::OverLimit {
                file: file.into(),
                place: Place::Line(line),
                what: "examples",
                count: None,
                limit: limits.max_examples,
            });
        }
        rows.push(Row { line, cells });
    }
    // The csv crate ends a quoted cell that is never closed at the end of the file, which
    // makes the rest of the file one cell and a puzzling message later.
    if let Some((line, column)) = unclosed_quote(bytes, delimiter) {
        let place = Place::Cell { line, column, name: String::new() };
        return Err(unexpected(file, place, "a closing quote (\") for the quoted cell that starts here", "none"));
    }
    Ok(rows)
}

/// The line and column (from 1) of a quoted cell that no quote closes, if there is one.
/// A quote opens a cell only as its first byte, and `""` inside is a quote, as in the csv crate.
fn unclosed_quote(bytes: &[u8], delimiter: u8) -> Option<(usize, usize)> {
    let (mut line, mut column, mut cell_start) = (1, 1, true);
    let mut open: Option<(usize, usize)> = None;
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let line_break = byte == b'\n' || (byte == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if open.is_some() {
            if byte == b'"' && bytes.get(i + 1) == Some(&b'"') {
                i += 1;
            } else if byte == b'"' {
                open = None;
            }
            line += usize::from(line_break);
            cell_start = false;
        } else if byte == b'"' && cell_start {
            open = Some((line, column));
            cell_start = false;
        } else if byte == delimiter {
            (column, cell_start) = (column + 1, true);
        } else if byte == b'\n' || byte == b'\r' {
            line += usize::from(line_break);
            (column, cell_start) = (1, true);
        } else {
            cell_start = false;
        }
        i += 1;
    }
    open
}

/// Line numbers from byte offsets. The csv crate's own `Position::line` gives the first
/// record after a blank line the blank line's number (rust-csv issue 208), and its byte
/// offset points at the blank line too, so line breaks are skipped and counted here.
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Where counting stopped, and the line number there.
    offset: usize,
    line: usize,
}

impl LineCounter<'_> {
    /// The line of the record that starts at `byte` or after the line breaks there;
    /// offsets must not decrease between calls.
    fn line_at(&mut self, byte: usize) -> usize {
        let skipped = self.bytes.get(byte..).unwrap_or_default().iter().take_while(|b| matches!(b, b'\r' | b'\n'));
        let start = (byte + skipped.count()).min(self.bytes.len());
        let span = &self.bytes[self.offset.min(start)..start];
        // `\n`, `\r\n` and a lone `\r` each end a line.
        let breaks =
            span.iter().enumerate().filter(|&(i, &b)| b == b'\n' || (b == b'\r' && span.get(i + 1) != Some(&b'\n')));
        self.line += breaks.count();
        self.offset = start;
        self.line
    }
}

/// A header when some column is numeric in every later row but not in the first.
fn looks_like_header(rows: &[Row]) -> bool {
    let Some((first, rest)) = rows.split_first() else { return false };
    if rest.is_empty() {
        return first.cells.iter().any(|c| number(c).is_none());
    }
    (0..first.cells.len())
        .any(|j| number(&first.cells[j]).is_none() && rest.iter().all(|r| number(&r.cells[j]).is_some()))
}

/// Resolves the label option to a column index.
fn label_index(
    file: &str,
    label: &LabelColumn,
    names: &[String],
    has_header: bool,
    header_line: usize,
) -> Result<usize, ImportError> {
    match label {
        LabelColumn::Last => Ok(names.len() - 1),
        LabelColumn::Index(i) if *i < names.len() => Ok(*i),
        LabelColumn::Index(i) => {
            let expected =
                format!("a label column index from 0 to {} (the file has {} columns)", names.len() - 1, names.len());
            Err(unexpected(file, Place::File, &expected, &i.to_string()))
        }
        LabelColumn::Name(name) if !has_header => {
            let expected = format!("a header row naming the label column {name:?}");
            Err(unexpected(file, Place::File, &expected, "no header (the first row holds numbers)"))
        }
        LabelColumn::Name(name) => names.iter().position(|n| n == name).ok_or_else(|| {
            let found = names.iter().map(|n| quoted(n)).collect::<Vec<_>>().join(", ");
            unexpected(file, Place::Line(header_line), &format!("a column named {name:?}"), &found)
        }),
    }
}

/// The label column of the data rows.
struct Labels<'a> {
    file: &'a str,
    rows: &'a [Row],
    column: usize,
    name: &'a str,
}

impl Labels<'_> {
    /// The targets and class names (empty for regression) for the chosen task.
    fn targets(&self, task: TaskChoice, limits: &ImportLimits) -> Result<(Vec<f32>, Vec<String>), ImportError> {
        let cells = || self.rows.iter().map(|r| &r.cells[self.column]);
        let numbers: Option<Vec<f32>> = cells().map(number).collect();
        let classification = match task {
            TaskChoice::Classification => true,
            TaskChoice::Regression => false,
            TaskChoice::Auto => match &numbers {
                None => true,
                Some(values) => looks_like_classes(values),
            },
        };
        if !classification {
            let expected = "a number (the label of a regression task)";
            let value = |r: &Row| number(&r.cells[self.column]).ok_or_else(|| self.not_a_number(r, expected));
            return Ok((self.rows.iter().map(value).collect::<Result<_, _>>()?, Vec::new()));
        }
        let (indices, names) = match numbers {
            Some(values) => numeric_classes(&values),
            None => {
                if let Some(row) = self.rows.iter().find(|r| r.cells[self.column].is_empty()) {
                    return Err(self.not_a_number(row, "a class label"));
                }
                text_classes(cells())
            }
        };
        let place = Place::Column { column: self.column + 1, name: self.name.to_string() };
        if names.len() > limits.max_classes {
            return Err(ImportError::OverLimit {
                file: self.file.into(),
                place,
                what: "classes",
                count: Some(names.len()),
                limit: limits.max_classes,
            });
        }
        if names.len() < 2 {
            return Err(unexpected(self.file, place, "at least two classes", &format!("one: {:?}", names[0])));
        }
        Ok((indices, names))
    }

    fn not_a_number(&self, row: &Row, expected: &str) -> ImportError {
        not_a_number(self.file, row, self.column, self.name, expected)
    }
}

/// Whole numbers with few distinct values, each seen at least twice on average.
fn looks_like_classes(values: &[f32]) -> bool {
    if values.iter().any(|v| v.fract() != 0.0) {
        return false;
    }
    let distinct = distinct_sorted(values).len();
    distinct <= AUTO_MAX_CLASSES && distinct * 2 <= values.len()
}

fn distinct_sorted(values: &[f32]) -> Vec<f32> {
    let mut distinct = values.to_vec();
    distinct.sort_by(f32::total_cmp);
    distinct.dedup();
    distinct
}

/// Numeric labels as classes in order of value, named by their value.
fn numeric_classes(values: &[f32]) -> (Vec<f32>, Vec<String>) {
    let distinct = distinct_sorted(values);
    let indices = values.iter().map(|v| distinct.binary_search_by(|d| d.total_cmp(v)).unwrap_or(0) as f32).collect();
    (indices, distinct.iter().map(f32::to_string).collect())
}

/// Text labels as classes in sorted order.
fn text_classes<'a>(labels: impl Iterator<Item = &'a str> + Clone) -> (Vec<f32>, Vec<String>) {
    let names: Vec<String> = labels.clone().collect::<BTreeSet<_>>().into_iter().map(str::to_string).collect();
    let indices = labels.map(|l| names.binary_search_by(|n| n.as_str().cmp(l)).unwrap_or(0) as f32).collect();
    (indices, names)
}

/// A finite f32, or None for text, empty cells, NaN, infinities and overflow.
fn number(cell: &str) -> Option<f32> {
    cell.parse::<f32>().ok().filter(|v| v.is_finite())
}

fn not_a_number(file: &str, row: &Row, column: usize, name: &str, expected: &str) -> ImportError {
    let place = Place::Cell { line: row.line, column: column + 1, name: name.to_string() };
    unexpected(file, place, expected, &quoted_or_empty(&row.cells[column]))
}

fn unexpected(file: &str, place: Place, expected: &str, found: &str) -> ImportError {
    ImportError::Unexpected { file: file.into(), place, expected: expected.into(), found: found.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, options: &CsvOptions) -> Result<CsvImport, ImportError> {
        import_csv("scores.csv", text.as_bytes(), options, &ImportLimits::default())
    }

    fn read_default(text: &str) -> CsvImport {
        read(text, &CsvOptions::default()).unwrap()
    }

    fn message(text: &str, options: &CsvOptions) -> String {
        read(text, options).unwrap_err().to_string()
    }

    #[test]
    fn a_header_and_text_labels_give_sorted_classes() {
        let table = read_default("width,height,kind\n1,2,dog\n3,4,cat\n5,6,dog\n");
        assert!(table.has_header);
        assert_eq!(table.feature_names, ["width", "height"]);
        assert_eq!(table.label_name, "kind");
        assert_eq!(table.class_names, ["cat", "dog"]);
        assert_eq!(table.data.inputs, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
        assert_eq!(table.data.input_shape, [2]);
        assert_eq!(table.data.targets, [1.0, 0.0, 1.0]);
        assert_eq!(table.data.target_shape, Vec::<usize>::new());
        assert_eq!((table.data.classes, table.data.len), (2, 3));
    }

    #[test]
    fn without_a_header_the_columns_are_numbered() {
        let table = read_default("1,2,0\n3,4,1\n5,6,0\n7,8,1\n");
        assert!(!table.has_header);
        assert_eq!(table.feature_names, ["column 1", "column 2"]);
        assert_eq!(table.label_name, "column 3");
        assert_eq!(table.class_names, ["0", "1"]);
        assert_eq!(table.data.len, 4);
    }

    #[test]
    fn real_valued_labels_make_a_regression() {
        let table = read_default("x,y\n1,0.5\n2,1.5\n3,2.25\n");
        assert_eq!(table.data.classes, 0);
        assert_eq!(table.data.target_shape, [1]);
        assert_eq!(table.data.targets, [0.5, 1.5, 2.25]);
        assert!(table.class_names.is_empty());
    }

    #[test]
    fn many_distinct_whole_numbers_are_a_regression_but_few_are_classes() {
        let many: String = (0..30).map(|i| format!("{i},{}\n", i * 3)).collect();
        assert_eq!(read_default(&many).data.classes, 0);
        // Whole numbers each seen once are values, not classes.
        assert_eq!(read_default("1,10\n2,20\n3,30\n").data.classes, 0);
        let few = read_default("1,3\n2,1\n3,3\n4,1\n");
        assert_eq!(few.class_names, ["1", "3"]);
        assert_eq!(few.data.targets, [1.0, 0.0, 1.0, 0.0]);
    }

    #[test]
    fn the_task_can_be_forced() {
        let options = CsvOptions { task: TaskChoice::Regression, ..CsvOptions::default() };
        let table = read("1,3\n2,1\n3,3\n4,1\n", &options).unwrap();
        assert_eq!((table.data.classes, table.data.targets.clone()), (0, vec![3.0, 1.0, 3.0, 1.0]));
        let options = CsvOptions { task: TaskChoice::Classification, ..CsvOptions::default() };
        let table = read("1,10\n2,-2.5\n3,10\n", &options).unwrap();
        assert_eq!(table.class_names, ["-2.5", "10"]);
        assert_eq!(table.data.targets, [1.0, 0.0, 1.0]);
    }

    #[test]
    fn classes_sort_numerically_not_as_text() {
        let table = read_default("1,10\n2,9\n3,10\n4,9\n5,10\n6,9\n");
        assert_eq!(table.class_names, ["9", "10"]);
    }

    #[test]
    fn the_label_column_is_chosen_by_index_or_name() {
        let text = "kind,a,b\ncat,1,2\ndog,3,4\n";
        let by_index = read(text, &CsvOptions { label: LabelColumn::Index(0), ..CsvOptions::default() }).unwrap();
        let by_name = read(text, &CsvOptions { label: LabelColumn::Name("kind".into()), ..CsvOptions::default() });
        assert_eq!(by_name.unwrap(), by_index);
        assert_eq!(by_index.feature_names, ["a", "b"]);
        assert_eq!(by_index.data.inputs, [1.0, 2.0, 3.0, 4.0]);
        assert_eq!(by_index.class_names, ["cat", "dog"]);
        let middle = read(text, &CsvOptions { label: LabelColumn::Name("a".into()), ..CsvOptions::default() });
        let err = middle.unwrap_err().to_string();
        assert_eq!(err, "scores.csv line 2, column 1 (\"kind\"): expected a number, found \"cat\"");
    }

    #[test]
    fn a_named_label_implies_the_header_even_when_every_column_is_text() {
        let options = CsvOptions { label: LabelColumn::Name("b".into()), ..CsvOptions::default() };
        let table = read("a,b\n1,x\n2,y\n", &options).unwrap();
        assert!(table.has_header);
        assert_eq!(table.class_names, ["x", "y"]);
    }

    #[test]
    fn the_header_can_be_forced_either_way() {
        let present = CsvOptions { header: HeaderRow::Present, ..CsvOptions::default() };
        let table = read("1,2,0\n3,4,1\n5,6,0\n", &present).unwrap();
        assert!(table.has_header);
        assert_eq!(table.feature_names, ["1", "2"]);
        assert_eq!(table.data.len, 2);
        let absent = CsvOptions { header: HeaderRow::Absent, ..CsvOptions::default() };
        let err = read("a,b\n1,2\n", &absent).unwrap_err().to_string();
        assert_eq!(err, "scores.csv line 1, column 1: expected a number, found \"a\"");
    }

    #[test]
    fn quotes_crlf_bom_blank_lines_and_spaces_are_read() {
        let text = "\u{feff}\"size, cm\",\"kind\"\r\n\r\n\"1.5\", cat \r\n,\r\n 2 ,\"dog, big\"\r\n\r\n";
        let table = read_default(text);
        assert_eq!(table.feature_names, ["size, cm"]);
        assert_eq!(table.class_names, ["cat", "dog, big"]);
        assert_eq!(table.data.inputs, [1.5, 2.0]);
    }

    #[test]
    fn semicolons_and_tabs_are_detected() {
        let semi = read_default("a;b;c\n1;2;3.5\n4;5;6.5\n");
        assert_eq!((semi.delimiter, semi.data.inputs.clone()), (b';', vec![1.0, 2.0, 4.0, 5.0]));
        let tab = read_default("a\tb\n1\t0.5\n2\t0.25\n");
        assert_eq!((tab.delimiter, tab.data.targets.clone()), (b'\t', vec![0.5, 0.25]));
        // A comma inside quotes does not count.
        assert_eq!(detect_delimiter(b"\"a,b,c\";d\n"), b';');
        assert_eq!(detect_delimiter(b"plain\n"), b',');
    }

    #[test]
    fn a_word_in_a_numeric_column_names_line_column_and_header() {
        let text = "name,height,age\n1,2,0\n3,abc,1\n";
        let options = CsvOptions { label: LabelColumn::Index(0), ..CsvOptions::default() };
        assert_eq!(
            message(text, &options),
            "scores.csv line 3, column 2 (\"height\"): expected a number, found \"abc\""
        );
    }

    #[test]
    fn empty_cells_and_non_finite_numbers_are_not_numbers() {
        let options = CsvOptions::default();
        assert_eq!(
            message("a,b,c\n1,,0\n", &options),
            "scores.csv line 2, column 2 (\"b\"): expected a number, found an empty cell"
        );
        assert_eq!(
            message("a,b,c\n1,NaN,0\n2,3,1\n", &options),
            "scores.csv line 2, column 2 (\"b\"): expected a number, found \"NaN\""
        );
        assert_eq!(
            message("a,b,c\n2,3,1\n1,-1e40,0\n", &options),
            "scores.csv line 3, column 2 (\"b\"): expected a number, found \"-1e40\""
        );
    }

    #[test]
    fn a_ragged_row_names_its_line_and_the_expected_count() {
        assert_eq!(
            message("a,b,c\n1,2,0\n\n3,4\n", &CsvOptions::default()),
            "scores.csv line 4: expected 3 columns (as in line 1), found 2"
        );
    }

    #[test]
    fn a_quote_that_is_never_closed_is_named_where_it_opens() {
        let err = read("x,y,label\r\n0,1,a\r\n1,0,\"b\n0,0,a\n", &CsvOptions::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "scores.csv line 3, column 3: expected a closing quote (\") for the quoted cell that starts here, found none"
        );
        assert_eq!(unclosed_quote(b"a,\"b\"\"c\",d\n\"e\nf\",1\n", b','), None, "closed quotes, one with a line break");
        assert_eq!(unclosed_quote(b"a, 5\" wide,c\n", b','), None, "a quote inside a cell opens nothing");
        assert_eq!(unclosed_quote(b"a;b\n1;\"\"\"2\n", b';'), Some((2, 2)));
    }

    #[test]
    fn lines_after_blank_lines_and_quoted_line_breaks_are_counted() {
        let options = CsvOptions { header: HeaderRow::Absent, ..CsvOptions::default() };
        let text = "1,0\n\n\n\"2\n\",1\r\n\r\nx,3\n";
        assert_eq!(message(text, &options), "scores.csv line 7, column 1: expected a number, found \"x\"");
        // Old Mac line ends: a lone carriage return.
        assert_eq!(message("1,0\r\rx,2\r", &options), "scores.csv line 3, column 1: expected a number, found \"x\"");
    }

    #[test]
    fn a_single_column_is_refused() {
        assert_eq!(
            message("1\n2\n", &CsvOptions::default()),
            "scores.csv line 1: expected at least two columns (features and a label), found 1 column (separator ',')"
        );
    }

    #[test]
    fn an_empty_file_and_a_header_without_rows_are_refused() {
        assert_eq!(
            message("\u{feff}\n\n", &CsvOptions::default()),
            "scores.csv: expected rows of numbers separated by commas, found no rows"
        );
        assert_eq!(
            message("a,b\n", &CsvOptions::default()),
            "scores.csv: expected data rows after the header, found none"
        );
    }

    #[test]
    fn a_label_index_out_of_range_is_refused() {
        let options = CsvOptions { label: LabelColumn::Index(3), ..CsvOptions::default() };
        assert_eq!(
            message("1,2,0\n3,4,1\n", &options),
            "scores.csv: expected a label column index from 0 to 2 (the file has 3 columns), found 3"
        );
    }

    #[test]
    fn an_unknown_label_name_lists_the_columns() {
        let options = CsvOptions { label: LabelColumn::Name("kind".into()), ..CsvOptions::default() };
        assert_eq!(
            message("a,b\n1,2\n3,4\n", &options),
            "scores.csv line 1: expected a column named \"kind\", found \"a\", \"b\""
        );
        assert_eq!(
            message("1,2\n3,4\n", &options),
            "scores.csv: expected a header row naming the label column \"kind\", found no header (the first row holds numbers)"
        );
    }

    #[test]
    fn forced_regression_with_text_labels_names_the_cell() {
        let options = CsvOptions { task: TaskChoice::Regression, ..CsvOptions::default() };
        assert_eq!(
            message("a,kind\n1,2.5\n2,cat\n", &options),
            "scores.csv line 3, column 2 (\"kind\"): expected a number (the label of a regression task), found \"cat\""
        );
    }

    #[test]
    fn an_empty_text_label_is_refused() {
        assert_eq!(
            message("a,kind\n1,cat\n2,\n3,dog\n", &CsvOptions::default()),
            "scores.csv line 3, column 2 (\"kind\"): expected a class label, found an empty cell"
        );
    }

    #[test]
    fn one_class_is_refused() {
        assert_eq!(
            message("a,kind\n1,cat\n2,cat\n", &CsvOptions::default()),
            "scores.csv column 2 (\"kind\"): expected at least two classes, found one: \"cat\""
        );
    }

    #[test]
    fn too_many_classes_are_refused() {
        let limits = ImportLimits { max_classes: 2, ..ImportLimits::default() };
        let err = import_csv("s.csv", b"1,a\n2,b\n3,c\n", &CsvOptions::default(), &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv column 2: 3 classes; the limit is 2");
    }

    #[test]
    fn too_many_rows_stop_reading_at_the_line_past_the_limit() {
        let limits = ImportLimits { max_examples: 2, ..ImportLimits::default() };
        let absent = CsvOptions { header: HeaderRow::Absent, ..CsvOptions::default() };
        let err = import_csv("s.csv", b"1,0\n2,1\n\n3,0\n4,1\n", &absent, &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv line 4: too many examples; the limit is 2");
        // When the first row may be a header, one more row is read: the limit counts data rows.
        let ok = import_csv("s.csv", b"x,y\n2,1.5\n3,0.5\n", &CsvOptions::default(), &limits).unwrap();
        assert_eq!(ok.data.len, 2);
        let err = import_csv("s.csv", b"1,0.5\n2,1.5\n3,0.5\n", &CsvOptions::default(), &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv line 3: too many examples; the limit is 2");
        let err = import_csv("s.csv", b"1,0.5\n2,1.5\n3,0.5\n4,1\n", &CsvOptions::default(), &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv line 4: too many examples; the limit is 2");
    }

    #[test]
    fn too_many_feature_columns_are_refused_at_the_first_row() {
        let limits = ImportLimits { max_features: 2, ..ImportLimits::default() };
        let err = import_csv("s.csv", b"1,2,3,0\n", &CsvOptions::default(), &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv line 1: 3 feature columns; the limit is 2");
    }

    #[test]
    fn a_file_over_the_size_limit_is_refused_before_reading() {
        let limits = ImportLimits { max_file_bytes: 4, ..ImportLimits::default() };
        let err = import_csv("s.csv", b"1,2\n3,4\n", &CsvOptions::default(), &limits).unwrap_err();
        assert_eq!(err.to_string(), "s.csv is 8 bytes; the limit is 4 bytes");
    }

    #[test]
    fn invalid_utf8_names_the_cell_and_byte() {
        let err = import_csv("s.csv", b"1,2\n3,caf\xE9\n", &CsvOptions::default(), &ImportLimits::default());
        assert_eq!(err.unwrap_err().to_string(), "s.csv line 2, column 2: expected UTF-8 text, found the byte 0xE9");
    }

    #[test]
    fn a_bad_delimiter_option_is_refused() {
        let options = CsvOptions { delimiter: Some(b'"'), ..CsvOptions::default() };
        assert_eq!(
            message("1,2\n", &options),
            "the CSV delimiter is '\"'; it must be an ASCII character other than a quote or a line break"
        );
    }
}
