//! Compression of what the server renders (HTML pages, JSON, the brand
//! stylesheet), chunk by chunk, so streaming SSR still streams.
//!
//! Static files are served already compressed (`--precompress` writes
//! `.br` and `.gz` beside them at build time; `ServeDir` picks one), so
//! nothing here compresses the same WASM on every request.
//!
//! Written here rather than with tower-http's `CompressionLayer`: that layer
//! reads the body through an encoder that emits output only when its buffer
//! fills or the body ends (tower-http#292, still open), which holds back
//! every streamed chunk of a page until the last. Here each chunk is
//! written to an async-compression encoder and flushed (a sync flush in
//! both formats), so every chunk reaches the browser as it is produced.

use async_compression::tokio::write::{BrotliEncoder, GzipEncoder};
use async_compression::Level;
use axum::body::Body;
use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use http::header::{self, HeaderValue};
use tokio::io::AsyncWriteExt;

/// Bodies known to be smaller than this go out as they are.
const MIN_BYTES: u64 = 860;

#[derive(Clone, Copy, Debug, PartialEq)]
enum Coding {
    Brotli,
    Gzip,
}

/// The coding to answer with: brotli, else gzip, if the client accepts it
/// (RFC 9110 § 12.5.3; `q=0` refuses).
fn negotiate(accept: &str) -> Option<Coding> {
    let accepts = |name: &str| {
        accept.split(',').any(|item| {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    == Some(0.0)
            });
            coding.eq_ignore_ascii_case(name) && !refused
        })
    };
    if accepts("br") {
        Some(Coding::Brotli)
    } else if accepts("gzip") {
        Some(Coding::Gzip)
    } else {
        None
    }
}

fn compressible(res: &Response) -> bool {
    let headers = res.headers();
    // Already encoded (a precompressed file), or a part of a file whose
    // Content-Range names bytes of the unencoded whole.
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    if res.status().as_u16() < 200 || matches!(res.status().as_u16(), 204 | 206 | 304) {
        return false;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let textual = [
        "text/html",
        "application/json",
        // Server-function answers (`wire.rs`): binary, but mostly text inside.
        "application/x-postcard",
        "text/css",
        "text/plain",
        "image/svg+xml",
    ]
    .iter()
    .any(|t| content_type.starts_with(t));
    let small = http_body::Body::size_hint(res.body())
        .exact()
        .is_some_and(|n| n < MIN_BYTES);
    textual && !small
}

pub async fn compress(req: Request, next: Next) -> Response {
    let coding = req
        .headers()
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .and_then(negotiate);
    let mut res = next.run(req).await;
    if !compressible(&res) {
        return res;
    }
    // Whether or not this client gets it compressed, another may: caches
    // must key the answer by Accept-Encoding.
    res.headers_mut()
        .append(header::VARY, HeaderValue::from_static("accept-encoding"));
    let Some(coding) = coding else {
        return res;
    };
    let headers = res.headers_mut();
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(
        header::CONTENT_ENCODING,
        HeaderValue::from_static(match coding {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }),
    );
    let (parts, body) = res.into_parts();
    let stream = body.into_data_stream();
    let body = match coding {
        // Quality 5 / level 6: a fraction of the CPU of the maximum, most of
        // its ratio; these answers are compressed on every request.
        Coding::Brotli => Body::from_stream(encode(
            stream,
            BrotliEncoder::with_quality(Vec::new(), Level::Precise(5)),
        )),
        Coding::Gzip => Body::from_stream(encode(
            stream,
            GzipEncoder::with_quality(Vec::new(), Level::Precise(6)),
        )),
    };
    Response::from_parts(parts, body)
}

/// The encoders over a `Vec`, which collects what they emit.
trait Encoder: tokio::io::AsyncWrite + Unpin + Send + 'static {
    fn output(&mut self) -> &mut Vec<u8>;
}

impl Encoder for BrotliEncoder<Vec<u8>> {
    fn output(&mut self) -> &mut Vec<u8> {
        self.get_mut()
    }
}

impl Encoder for GzipEncoder<Vec<u8>> {
    fn output(&mut self) -> &mut Vec<u8> {
        self.get_mut()
    }
}

/// Each chunk of `body`, compressed and flushed; then the end of the stream.
fn encode<E: Encoder>(
    body: impl Stream<Item = Result<Bytes, axum::Error>> + Send + Unpin + 'static,
    encoder: E,
) -> impl Stream<Item = std::io::Result<Bytes>> + Send {
    futures_util::stream::unfold((body, Some(encoder)), |(mut body, encoder)| async move {
        let mut encoder = encoder?;
        let result: std::io::Result<Option<Bytes>> = async {
            match body.next().await {
                Some(Ok(chunk)) => {
                    encoder.write_all(&chunk).await?;
                    encoder.flush().await?;
                    Ok(Some(Bytes::from(std::mem::take(encoder.output()))))
                }
                Some(Err(e)) => Err(std::io::Error::other(e)),
                None => {
                    encoder.shutdown().await?;
                    Ok(None)
                }
            }
        }
        .await;
        match result {
            Ok(Some(bytes)) => Some((Ok(bytes), (body, Some(encoder)))),
            Ok(None) => {
                let rest = Bytes::from(std::mem::take(encoder.output()));
                Some((Ok(rest), (body, None)))
            }
            Err(e) => Some((Err(e), (body, None))),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_compression::tokio::bufread::{BrotliDecoder, GzipDecoder};
    use tokio::io::AsyncReadExt;

    async fn decode(coding: Coding, bytes: &[u8]) -> String {
        let mut out = String::new();
        match coding {
            Coding::Brotli => BrotliDecoder::new(bytes).read_to_string(&mut out).await,
            Coding::Gzip => GzipDecoder::new(bytes).read_to_string(&mut out).await,
        }
        .unwrap();
        out
    }

    /// What an unfinished stream decodes to so far.
    async fn decode_prefix(coding: Coding, bytes: &[u8]) -> String {
        let mut out = Vec::new();
        let _ = match coding {
            Coding::Brotli => BrotliDecoder::new(bytes).read_to_end(&mut out).await,
            Coding::Gzip => GzipDecoder::new(bytes).read_to_end(&mut out).await,
        };
        String::from_utf8_lossy(&out).into_owned()
    }

    /// A streamed page keeps streaming: the first chunk comes out
    /// compressed, and readable, while the second has not been produced.
    #[tokio::test]
    async fn every_chunk_is_flushed_as_it_arrives() {
        for coding in [Coding::Brotli, Coding::Gzip] {
            let (tx, rx) = tokio::sync::mpsc::unbounded_channel::<Result<Bytes, axum::Error>>();
            let input = tokio_stream_from(rx);
            let mut output: std::pin::Pin<Box<dyn Stream<Item = std::io::Result<Bytes>> + Send>> =
                match coding {
                    Coding::Brotli => Box::pin(encode(
                        input,
                        BrotliEncoder::with_quality(Vec::new(), Level::Precise(5)),
                    )),
                    Coding::Gzip => Box::pin(encode(
                        input,
                        GzipEncoder::with_quality(Vec::new(), Level::Precise(6)),
                    )),
                };
            let head = "<!DOCTYPE html><html><head><title>Streaming</title></head><body>".repeat(4);
            tx.send(Ok(Bytes::from(head.clone()))).unwrap();
            let first = tokio::time::timeout(std::time::Duration::from_secs(2), output.next())
                .await
                .expect("the first chunk is not held back")
                .unwrap()
                .unwrap();
            assert_eq!(
                decode_prefix(coding, &first).await,
                head,
                "{coding:?}: all of the first chunk"
            );
            tx.send(Ok(Bytes::from("<main>later</main></body></html>")))
                .unwrap();
            drop(tx);
            let mut all = first.to_vec();
            while let Some(chunk) = output.next().await {
                all.extend_from_slice(&chunk.unwrap());
            }
            assert_eq!(
                decode(coding, &all).await,
                format!("{head}<main>later</main></body></html>")
            );
        }
    }

    fn tokio_stream_from(
        mut rx: tokio::sync::mpsc::UnboundedReceiver<Result<Bytes, axum::Error>>,
    ) -> impl Stream<Item = Result<Bytes, axum::Error>> + Send + Unpin + 'static {
        Box::pin(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)))
    }

    #[test]
    fn codings_are_negotiated() {
        assert_eq!(negotiate("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(negotiate("gzip"), Some(Coding::Gzip));
        assert_eq!(negotiate("br;q=0, gzip;q=0.5"), Some(Coding::Gzip));
        assert_eq!(negotiate("identity"), None);
        assert_eq!(negotiate("*"), None);
    }
}
