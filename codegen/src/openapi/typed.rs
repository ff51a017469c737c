//! The typed document: reading it into `openapiv3`'s types, and walking its operations, with
//! their paths and methods.

use openapiv3::{OpenAPI, Operation, PathItem, ReferenceOr};
use serde::Deserialize;
use serde_json::Value;

/// Where and why a document does not fit `openapiv3`'s types: the pointer segments of the
/// place, and serde's message.
pub type Misfit = (Vec<String>, String);

/// Reads the (OpenAPI 3.0) document `document` into `openapiv3`'s types, without taking it
/// apart; where it does not fit, the place of the first problem.
pub fn read(document: &Value) -> Result<OpenAPI, Misfit> {
    // The path of a problem is tracked only once there is one: tracking costs on every node.
    OpenAPI::deserialize(document).map_err(|_| {
        match serde_path_to_error::deserialize::<_, OpenAPI>(document) {
            Ok(_) => (Vec::new(), "the document does not fit".to_string()),
            Err(e) => {
                let segments = e
                    .path()
                    .iter()
                    .filter_map(|s| match s {
                        serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                        serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                        serde_path_to_error::Segment::Enum { .. }
                        | serde_path_to_error::Segment::Unknown => None,
                    })
                    .collect();
                (segments, e.inner().to_string())
            }
        }
    })
}

/// Every operation of the document, with its path and method (lower case), in the document's
/// order; path items given by `$ref` (which normalization inlines) are skipped.
pub fn operations(spec: &OpenAPI) -> Vec<(&str, &'static str, &Operation)> {
    let mut out = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let slots = [
            ("get", &item.get),
            ("put", &item.put),
            ("post", &item.post),
            ("delete", &item.delete),
            ("options", &item.options),
            ("head", &item.head),
            ("patch", &item.patch),
            ("trace", &item.trace),
        ];
        for (method, operation) in slots {
            if let Some(operation) = operation {
                out.push((path.as_str(), method, operation));
            }
        }
    }
    out
}

/// The operations of a path item, with their methods, mutably.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    operation_slots(item).filter_map(|(method, operation)| operation.as_mut().map(|o| (method, o)))
}

/// Every operation slot of a path item, with its method, mutably.
pub fn operation_slots(
    item: &mut PathItem,
) -> impl Iterator<Item = (&'static str, &mut Option<Operation>)> {
    [
        ("get", &mut item.get),
        ("put", &mut item.put),
        ("post", &mut item.post),
        ("delete", &mut item.delete),
        ("options", &mut item.options),
        ("head", &mut item.head),
        ("patch", &mut item.patch),
        ("trace", &mut item.trace),
    ]
    .into_iter()
}

/// Every operation of the document, with its path and method, mutably.
pub fn operations_mut_all<'a>(
    spec: &'a mut OpenAPI,
) -> impl Iterator<Item = (&'a str, &'static str, &'a mut Operation)> + 'a {
    spec.paths.paths.iter_mut().flat_map(|(path, item)| {
        let item = match item {
            ReferenceOr::Item(item) => Some(item),
            ReferenceOr::Reference { .. } => None,
        };
        item.into_iter()
            .flat_map(move |item| operations_mut(item).map(move |(m, op)| (path.as_str(), m, op)))
    })
}
