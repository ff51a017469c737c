//! The OpenAPI document itself: JSON pointers, walks over its JSON value, references, media
//! types, statuses, path templates and JSON Schema's types.
//!
//! Architecture invariant: this module imports nothing of this crate. Every other layer
//! (loading, normalization, validation, the back end) builds on it, so what the document *is*
//! is said once, here, and never depends on what the generator does with it.

pub mod json_type;
pub mod media;
pub mod pointer;
pub mod reference;
pub mod status;
pub mod template;
pub mod typed;
pub mod walk;
