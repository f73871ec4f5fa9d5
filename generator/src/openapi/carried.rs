//! The extensions the loader carries OpenAPI fields into: `openapiv3` reads the 3.0 shape and
//! keeps only the `x-` keys it does not know, so a field of 3.1 or 3.2 that 3.0 lacks travels in
//! one of these from the loader (`load/v32.rs`, `load/v31.rs`: each moved node remembers where it
//! was written, so messages point there) to the model, which reads it. A new keyword's hop is a
//! constant here, a move in the loader, and a read in `model/build/`.

pub use super::{ADDITIONAL_OPERATIONS, WEBHOOKS};

/// A tag's `parent` (OpenAPI 3.2).
pub const TAG_PARENT: &str = "x-oas-parent";
/// A tag's `kind` (OpenAPI 3.2).
pub const TAG_KIND: &str = "x-oas-kind";
/// Marks an `in: querystring` parameter (OpenAPI 3.2), rewritten as a `form` query object.
pub const QUERYSTRING: &str = "x-oas-querystring";
/// A discriminator's `defaultMapping` (OpenAPI 3.2): the branch of a value whose tag is missing
/// or maps to no branch.
pub const DEFAULT_MAPPING: &str = "x-oas-defaultMapping";
/// The schema of one item of a sequential media type (OpenAPI 3.2's `itemSchema`), what 3.0 and
/// 3.1 documents write.
pub const ITEM_SCHEMA: &str = "x-item-schema";

/// The carried extensions whose values hold OpenAPI objects the loader's rewrites walk into
/// (schemas, operations): every other extension's value is left as written.
pub const HOLDING_OBJECTS: &[&str] = &[ITEM_SCHEMA, ADDITIONAL_OPERATIONS];
