//! How data crosses from the server to the browser: postcard, for the data a
//! page carries for hydration (resources) and for every server function's
//! answer and error.
//!
//! Why postcard rather than JSON: each serde record is a struct with named
//! fields, and a JSON reader must match every field name at run time, once
//! per reader type (a `&str` for hydration, bytes for answers), so every
//! record's reader was compiled twice into the WebAssembly. Postcard reads
//! fields in order, so a record's reader is a handful of instructions, and
//! one reader type serves both paths. Both ends are this crate, built from
//! the same source, so the format's lack of field names costs nothing.
//! The REST API (`/api/v1`) stays JSON: that is for other programs.
//!
//! Shapes postcard cannot carry (and that the wire types must therefore
//! avoid): `#[serde(flatten)]`, `untagged` enums, `skip_serializing_if`, and
//! `serde_json::Value`. `server/tests/integration/wire.rs` reads answers and
//! refusals as the browser does; the browser suite hydrates every page from
//! this format; `architecture.rs` fails on a resource or server function
//! that bypasses it.

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;

/// The resource codec: postcard bytes, base64 inside the page.
pub type Wire = codee::binary::PostcardCodec;

/// A resource whose value travels as postcard (see the module docs).
///
/// Same arguments as `Resource::new`: `source` is tracked, and `fetcher`
/// runs on the server for the first render and again in the browser when
/// `source` changes.
#[track_caller]
pub fn resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Wire>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}

/// As [`resource`], blocking: the response waits for it (for data that
/// decides the status line or the document's head).
#[track_caller]
pub fn blocking_resource<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T, Wire>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, true)
}

/// A value computed once on the server and carried to the browser with the
/// page (`SharedValue` with the wire codec).
pub fn shared<T>(initial: impl FnOnce() -> T) -> T
where
    T: Serialize + DeserializeOwned,
{
    SharedValue::<T, Wire>::new_with_encoding(initial).into_inner()
}

/// Every server function's encoding: arguments as a URL-encoded form (what
/// a browser without JavaScript posts), the answer as postcard.
/// Use it as `#[server(…, output = crate::wire::Answer)]`.
pub type Answer = server_fn::codec::Postcard;

/// Reads a server function's refusal as the browser does; `None` when the
/// bytes are not one (the server uses it to give argument errors, which
/// server_fn answers with a blanket 500, their real status).
#[cfg(feature = "ssr")]
pub fn read_error(bytes: server_fn::Bytes) -> Option<crate::error::AppError> {
    use server_fn::{codec::PostcardEncoding, Decodes};
    <PostcardEncoding as Decodes<crate::error::AppError>>::decode(bytes).ok()
}
