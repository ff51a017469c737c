//! Request bodies progenitor does not send itself: `multipart/form-data`, and form data whose
//! media type has an `encoding`.
//!
//! The generated method builds the request as progenitor writes it and hands the builder, the
//! typed body and the `encoding` of the spec to [`multipart`] or [`form`], which set the body
//! and its `Content-Type`.
//!
//! **Multipart.** The body is a struct (or a map); each property that is set becomes parts
//! named after it, as serde serializes it:
//!
//! - a string, number or boolean: one text part (`true`, `42`, the string itself);
//! - a [`File`]: one file part, with the file's name and media type (else the encoding's
//!   `contentType`, else `application/octet-stream`);
//! - an array: one part per item, each under the property's name;
//! - an object (or an array inside an array): one part of JSON text, `application/json`;
//! - `null` and unset options: no part.
//!
//! The encoding's `contentType` of a property is the `Content-Type` of its parts (the first
//! media type of a list; a file part's own media type comes first). A JSON `contentType`
//! (`application/json`, `…+json`) sends the whole property as one part of JSON text. The
//! encoding's `headers` are not sent. reqwest streams a multipart body, so a request with one
//! is sent once, never again on a retry.
//!
//! **Form data with `encoding`.** The body is serialized with serde into JSON first, then each
//! property into `name=value` pairs as its encoding's `style` and `explode` say (`form`,
//! exploded, when it has none): an array exploded is one pair per item, otherwise one pair of
//! its items joined by `,` (`form`), a space (`spaceDelimited`) or `|` (`pipeDelimited`); an
//! object exploded is one pair per key (`form`), `name[key]=value` (`deepObject`), otherwise
//! `name=key,value,…`; a JSON `contentType` sends the property as JSON text. `allowReserved` is
//! not honoured: reserved characters are always percent-encoded, which every server decodes.

use std::fmt;

use reqwest::RequestBuilder;
use reqwest::multipart::{Form, Part};
use serde::ser::{self, Serialize, Serializer};
use serde_json::Value;
use serde_json::value::Serializer as JsonSerializer;

use crate::path::Refused;

/// A file to send in a `multipart/form-data` body: its bytes, and the name and media type its
/// part carries.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct File {
    /// The file name of its part (`filename=` in `Content-Disposition`), if any.
    pub name: Option<String>,
    /// Its media type (`image/png`); the encoding's, or `application/octet-stream`, if `None`.
    pub content_type: Option<String>,
    /// Its content.
    pub bytes: Vec<u8>,
}

impl File {
    /// A file of these bytes, with no name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
            ..Self::default()
        }
    }

    /// The file with this file name.
    #[must_use]
    pub fn with_name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The file with this media type.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }
}

/// The name [`File`] serializes under: a newtype struct of `(name, content type, bytes)`, which
/// the multipart serializer recognizes (and JSON writes as a plain array).
const FILE: &str = "$client_runtime::File";

/// `bytes`, serialized as bytes rather than as a sequence.
struct Bytes<'a>(&'a [u8]);

impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(self.0)
    }
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer
            .serialize_newtype_struct(FILE, &(&self.name, &self.content_type, Bytes(&self.bytes)))
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Repr(Option<String>, Option<String>, Vec<u8>);
        let Repr(name, content_type, bytes) = Repr::deserialize(deserializer)?;
        Ok(Self {
            name,
            content_type,
            bytes,
        })
    }
}

/// How one property of a multipart or form body is encoded, from the media type's `encoding`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Encoding {
    /// The property.
    pub property: &'static str,
    /// Its `contentType`.
    pub content_type: Option<&'static str>,
    /// Its `style` (form data only).
    pub style: Option<Style>,
    /// Its `explode` (form data only).
    pub explode: Option<bool>,
}

/// A form property's `style`.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `form`.
    Form,
    /// `spaceDelimited`.
    SpaceDelimited,
    /// `pipeDelimited`.
    PipeDelimited,
    /// `deepObject`.
    DeepObject,
}

/// The encoding of `property`, if the spec gives one.
fn encoding_of<'a>(encoding: &'a [Encoding], property: &str) -> Option<&'a Encoding> {
    encoding.iter().find(|e| e.property == property)
}

/// Whether `media_type` is JSON (`application/json`, `…+json`).
fn is_json(media_type: &str) -> bool {
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// The first media type of an encoding's `contentType` (which may list several).
fn first_media_type(content_type: &str) -> &str {
    content_type.split(',').next().unwrap_or_default().trim()
}

/// `builder` with `body` as its `multipart/form-data` body (see the module's doc).
///
/// # Errors
///
/// [`Refused`] when `body` is not a struct or map, or a media type is not one.
#[doc(hidden)]
pub fn multipart<T: Serialize + ?Sized>(
    builder: RequestBuilder,
    body: &T,
    encoding: &[Encoding],
) -> Result<RequestBuilder, Refused> {
    let Piece::Fields(fields) = body.serialize(PieceSerializer { top: true })? else {
        return Err(refused("a multipart body must be an object"));
    };
    // Names as they are (RFC 7578 takes UTF-8), not reqwest's default `name*=` percent-encoding,
    // which servers that read `files[]` would not.
    let mut form = Form::new().percent_encode_noop();
    for (name, piece) in fields {
        if name.contains(['"', '\r', '\n']) {
            return Err(refused(format!(
                "the part name {name:?} cannot be written in a `Content-Disposition` header"
            )));
        }
        let content_type = encoding_of(encoding, &name)
            .and_then(|e| e.content_type)
            .map(first_media_type);
        let piece = match content_type {
            Some(ct) if is_json(ct) && !matches!(piece, Piece::File(_) | Piece::Skip) => {
                Piece::Json(piece.into_json())
            }
            _ => piece,
        };
        for part in piece.into_parts(content_type)? {
            form = form.part(name.clone(), part);
        }
    }
    Ok(builder.multipart(form))
}

/// `builder` with `body` as its `application/x-www-form-urlencoded` body, encoded as
/// `encoding` says (see the module's doc).
///
/// # Errors
///
/// [`Refused`] when `body` does not serialize into a JSON object.
#[doc(hidden)]
pub fn form<T: Serialize + ?Sized>(
    builder: RequestBuilder,
    body: &T,
    encoding: &[Encoding],
) -> Result<RequestBuilder, Refused> {
    let Value::Object(object) = serde_json::to_value(body).map_err(|e| refused(e.to_string()))?
    else {
        return Err(refused("a form body must be an object"));
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (name, value) in object {
        let encoding = encoding_of(encoding, &name);
        if value.is_null() {
            continue;
        }
        if encoding
            .and_then(|e| e.content_type)
            .is_some_and(|ct| is_json(first_media_type(ct)))
        {
            pairs.push((name, value.to_string()));
            continue;
        }
        let style = encoding.and_then(|e| e.style).unwrap_or(Style::Form);
        let explode = encoding
            .and_then(|e| e.explode)
            .unwrap_or(style == Style::Form);
        match value {
            Value::Array(items) => {
                let items = items.iter().map(form_text);
                if explode || style == Style::DeepObject {
                    pairs.extend(items.map(|item| (name.clone(), item)));
                } else {
                    let separator = match style {
                        Style::SpaceDelimited => " ",
                        Style::PipeDelimited => "|",
                        Style::Form | Style::DeepObject => ",",
                    };
                    pairs.push((name, items.collect::<Vec<_>>().join(separator)));
                }
            }
            Value::Object(fields) => match (style, explode) {
                (Style::DeepObject, _) => pairs.extend(
                    fields
                        .iter()
                        .map(|(key, value)| (format!("{name}[{key}]"), form_text(value))),
                ),
                (_, true) => pairs.extend(
                    fields
                        .iter()
                        .map(|(key, value)| (key.clone(), form_text(value))),
                ),
                (_, false) => {
                    let joined: Vec<String> = fields
                        .iter()
                        .flat_map(|(key, value)| [key.clone(), form_text(value)])
                        .collect();
                    pairs.push((name, joined.join(",")));
                }
            },
            scalar => pairs.push((name, form_text(&scalar))),
        }
    }
    Ok(builder.form(&pairs))
}

/// A value as form text: a string as it is, anything else as JSON.
fn form_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A refusal of a body that cannot be sent.
fn refused(reason: impl fmt::Display) -> Refused {
    Refused(format!("the request body cannot be sent: {reason}"))
}

/// What a value of a multipart body becomes.
#[derive(Debug)]
enum Piece {
    /// Nothing (`null`, `None`, `()`).
    Skip,
    /// A string, number or boolean.
    Scalar(Value),
    /// Bytes outside a [`File`].
    Bytes(Vec<u8>),
    /// A [`File`].
    File(File),
    /// An array's items.
    Many(Vec<Piece>),
    /// JSON (an object, or anything inside one).
    Json(Value),
    /// The body's own properties (only at the top).
    Fields(Vec<(String, Piece)>),
}

impl Piece {
    /// The piece as a JSON value.
    fn into_json(self) -> Value {
        match self {
            Piece::Skip => Value::Null,
            Piece::Scalar(value) | Piece::Json(value) => value,
            Piece::Bytes(bytes) | Piece::File(File { bytes, .. }) => {
                Value::Array(bytes.into_iter().map(Value::from).collect())
            }
            Piece::Many(items) => Value::Array(items.into_iter().map(Piece::into_json).collect()),
            Piece::Fields(fields) => Value::Object(
                fields
                    .into_iter()
                    .map(|(name, piece)| (name, piece.into_json()))
                    .collect(),
            ),
        }
    }

    /// The parts of a property, with the encoding's media type `content_type`.
    fn into_parts(self, content_type: Option<&str>) -> Result<Vec<Part>, Refused> {
        let with_type = |part: Part, media_type: Option<&str>| match media_type {
            Some(media_type) => part
                .mime_str(media_type)
                .map_err(|_| refused(format!("`{media_type}` is not a media type"))),
            None => Ok(part),
        };
        Ok(match self {
            Piece::Skip => Vec::new(),
            Piece::Scalar(value) => vec![with_type(Part::text(form_text(&value)), content_type)?],
            Piece::Bytes(bytes) => vec![with_type(
                Part::bytes(bytes),
                Some(content_type.unwrap_or("application/octet-stream")),
            )?],
            Piece::File(file) => {
                let media_type = file
                    .content_type
                    .as_deref()
                    .or(content_type)
                    .unwrap_or("application/octet-stream")
                    .to_string();
                let mut part = Part::bytes(file.bytes);
                if let Some(name) = file.name {
                    part = part.file_name(name);
                }
                vec![with_type(part, Some(&media_type))?]
            }
            Piece::Many(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for item in items {
                    let item = match item {
                        Piece::Many(_) => Piece::Json(item.into_json()),
                        item => item,
                    };
                    parts.extend(item.into_parts(content_type)?);
                }
                parts
            }
            Piece::Json(value) => vec![with_type(
                Part::text(value.to_string()),
                Some(content_type.unwrap_or("application/json")),
            )?],
            Piece::Fields(fields) => {
                Piece::Json(Piece::Fields(fields).into_json()).into_parts(content_type)?
            }
        })
    }
}

impl ser::Error for Refused {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        refused(msg)
    }
}

impl std::error::Error for Refused {}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Serializes a value of a multipart body into a [`Piece`]; `top` for the body itself, whose
/// fields are parts (anywhere else an object is JSON).
#[derive(Clone, Copy)]
struct PieceSerializer {
    top: bool,
}

/// A scalar piece of `value`.
fn scalar(value: impl Into<Value>) -> Result<Piece, Refused> {
    Ok(Piece::Scalar(value.into()))
}

/// A serde_json error as a refusal.
fn json_error(error: serde_json::Error) -> Refused {
    refused(error)
}

impl Serializer for PieceSerializer {
    type Ok = Piece;
    type Error = Refused;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = Json<<JsonSerializer as Serializer>::SerializeTupleVariant>;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Json<<JsonSerializer as Serializer>::SerializeStructVariant>;

    fn serialize_bool(self, v: bool) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_i8(self, v: i8) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Piece, Refused> {
        JsonSerializer
            .serialize_i128(v)
            .map(Piece::Scalar)
            .map_err(json_error)
    }
    fn serialize_u8(self, v: u8) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Piece, Refused> {
        JsonSerializer
            .serialize_u128(v)
            .map(Piece::Scalar)
            .map_err(json_error)
    }
    fn serialize_f32(self, v: f32) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_f64(self, v: f64) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_char(self, v: char) -> Result<Piece, Refused> {
        scalar(v.to_string())
    }
    fn serialize_str(self, v: &str) -> Result<Piece, Refused> {
        scalar(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Piece, Refused> {
        Ok(Piece::Bytes(v.to_vec()))
    }
    fn serialize_none(self) -> Result<Piece, Refused> {
        Ok(Piece::Skip)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Piece, Refused> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Piece, Refused> {
        Ok(Piece::Skip)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Piece, Refused> {
        Ok(Piece::Skip)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Piece, Refused> {
        scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Piece, Refused> {
        let piece = value.serialize(PieceSerializer { top: false })?;
        if name != FILE {
            return Ok(piece);
        }
        // `(name, content type, bytes)`, as `File` serializes.
        let Piece::Many(fields) = piece else {
            return Err(refused("a file did not serialize as one"));
        };
        let mut fields = fields.into_iter();
        let text = |piece: Option<Piece>| match piece {
            Some(Piece::Scalar(Value::String(text))) => Some(text),
            _ => None,
        };
        let name = text(fields.next());
        let content_type = text(fields.next());
        let Some(Piece::Bytes(bytes)) = fields.next() else {
            return Err(refused("a file did not serialize as one"));
        };
        Ok(Piece::File(File {
            name,
            content_type,
            bytes,
        }))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Piece, Refused> {
        JsonSerializer
            .serialize_newtype_variant(name, index, variant, value)
            .map(Piece::Json)
            .map_err(json_error)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, Refused> {
        Ok(Items(Vec::with_capacity(len.unwrap_or_default())))
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items, Refused> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, Refused> {
        JsonSerializer
            .serialize_tuple_variant(name, index, variant, len)
            .map(Json)
            .map_err(json_error)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Fields, Refused> {
        Ok(match self.top {
            true => Fields::Parts {
                fields: Vec::new(),
                key: None,
            },
            false => Fields::Json(JsonSerializer.serialize_map(None).map_err(json_error)?),
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields, Refused> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, Refused> {
        JsonSerializer
            .serialize_struct_variant(name, index, variant, len)
            .map(Json)
            .map_err(json_error)
    }
}

/// An array's items.
struct Items(Vec<Piece>);

impl ser::SerializeSeq for Items {
    type Ok = Piece;
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.0
            .push(value.serialize(PieceSerializer { top: false })?);
        Ok(())
    }
    fn end(self) -> Result<Piece, Refused> {
        Ok(Piece::Many(self.0))
    }
}

impl ser::SerializeTuple for Items {
    type Ok = Piece;
    type Error = Refused;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Piece, Refused> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for Items {
    type Ok = Piece;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Piece, Refused> {
        ser::SerializeSeq::end(self)
    }
}

/// serde_json serializing an enum variant, as a [`Piece::Json`].
struct Json<S>(S);

impl<S: ser::SerializeTupleVariant<Ok = Value, Error = serde_json::Error>>
    ser::SerializeTupleVariant for Json<S>
{
    type Ok = Piece;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        self.0.serialize_field(value).map_err(json_error)
    }
    fn end(self) -> Result<Piece, Refused> {
        self.0.end().map(Piece::Json).map_err(json_error)
    }
}

impl<S: ser::SerializeStructVariant<Ok = Value, Error = serde_json::Error>>
    ser::SerializeStructVariant for Json<S>
{
    type Ok = Piece;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        self.0.serialize_field(key, value).map_err(json_error)
    }
    fn end(self) -> Result<Piece, Refused> {
        self.0.end().map(Piece::Json).map_err(json_error)
    }
}

/// An object's fields: the body's parts at the top, JSON anywhere else.
enum Fields {
    /// The body's own fields, each its parts.
    Parts {
        fields: Vec<(String, Piece)>,
        key: Option<String>,
    },
    /// An object inside the body.
    Json(<JsonSerializer as Serializer>::SerializeMap),
}

impl ser::SerializeMap for Fields {
    type Ok = Piece;
    type Error = Refused;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Refused> {
        match self {
            Fields::Parts { key: slot, .. } => {
                *slot = Some(match key.serialize(PieceSerializer { top: false })? {
                    Piece::Scalar(Value::String(key)) => key,
                    Piece::Scalar(key) => key.to_string(),
                    _ => return Err(refused("an object key is not a string")),
                });
                Ok(())
            }
            Fields::Json(map) => map.serialize_key(key).map_err(json_error),
        }
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Refused> {
        match self {
            Fields::Parts { fields, key } => {
                let value = value.serialize(PieceSerializer { top: false })?;
                fields.push((key.take().unwrap_or_default(), value));
                Ok(())
            }
            Fields::Json(map) => map.serialize_value(value).map_err(json_error),
        }
    }
    fn end(self) -> Result<Piece, Refused> {
        match self {
            Fields::Parts { fields, .. } => Ok(Piece::Fields(fields)),
            Fields::Json(map) => map.end().map(Piece::Json).map_err(json_error),
        }
    }
}

impl ser::SerializeStruct for Fields {
    type Ok = Piece;
    type Error = Refused;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Refused> {
        ser::SerializeMap::serialize_entry(self, key, value)
    }
    fn end(self) -> Result<Piece, Refused> {
        ser::SerializeMap::end(self)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// The form body `form` makes of `body` with `encoding`.
    fn form_body(body: &Value, encoding: &[Encoding]) -> String {
        let builder = reqwest::Client::new().post("http://localhost/");
        let request = form(builder, body, encoding)
            .expect("a form")
            .build()
            .expect("a request");
        let bytes = request.body().and_then(reqwest::Body::as_bytes);
        String::from_utf8(bytes.expect("bytes").to_vec()).expect("UTF-8")
    }

    fn styled(property: &'static str, style: Style, explode: Option<bool>) -> Encoding {
        Encoding {
            property,
            content_type: None,
            style: Some(style),
            explode,
        }
    }

    #[test]
    fn form_styles_join_or_repeat() {
        let body = json!({"a": [1, "x y"], "o": {"k": "v", "n": 2}, "s": null, "t": true});
        assert_eq!(form_body(&body, &[]), "a=1&a=x+y&k=v&n=2&t=true");
        let encoding = [
            styled("a", Style::SpaceDelimited, None),
            styled("o", Style::Form, Some(false)),
        ];
        assert_eq!(
            form_body(&body, &encoding),
            "a=1+x+y&o=k%2Cv%2Cn%2C2&t=true"
        );
        let encoding = [styled("a", Style::Form, Some(false))];
        assert_eq!(form_body(&json!({"a": ["p", "q"]}), &encoding), "a=p%2Cq");
    }

    #[test]
    fn a_body_that_is_no_object_is_refused() {
        let builder = || reqwest::Client::new().post("http://localhost/");
        let refused = multipart(builder(), &[1, 2], &[]).expect_err("not an object");
        assert!(
            refused.0.contains("multipart body must be an object"),
            "{refused}"
        );
        let refused = form(builder(), "text", &[]).expect_err("not an object");
        assert!(
            refused.0.contains("form body must be an object"),
            "{refused}"
        );
        let mut fields = serde_json::Map::new();
        fields.insert("a\"b".to_string(), json!(1));
        let refused = multipart(builder(), &fields, &[]).expect_err("a quote");
        assert!(refused.0.contains("Content-Disposition"), "{refused}");
    }

    #[test]
    fn a_file_is_json_as_a_plain_array_and_back() {
        let file = File::new(*b"ab").with_name("a.txt");
        let json = serde_json::to_string(&file).unwrap();
        assert_eq!(json, r#"["a.txt",null,[97,98]]"#);
        assert_eq!(serde_json::from_str::<File>(&json).unwrap(), file);
    }
}
