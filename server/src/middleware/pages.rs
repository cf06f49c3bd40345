//! Minimal HTML pages for answers given before the application can render
//! (no tenant for this host, request refused, internal failure).

use axum::response::Html;

fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    html_escape::encode_text(text)
}

/// `Reference: <code>id</code>`, the line that lets a person quote the
/// request to support (the id is in every log line of the request).
pub fn reference(request_id: &str) -> String {
    format!(
        "<p class=\"muted\">Reference: <code>{}</code></p>",
        escape(request_id)
    )
}

pub fn simple_page(
    title: &str,
    heading: &str,
    message: &str,
    request_id: Option<&str>,
) -> Html<String> {
    let reference = request_id.map(reference).unwrap_or_default();
    Html(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} · Lyceum</title><link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body><main class=\"page\"><section class=\"notice\"><h1>{heading}</h1><p>{message}</p>{reference}</section>\
         </main></body></html>",
        title = escape(title),
        heading = escape(heading),
        message = escape(message),
        css = lyceum_app::assets::stylesheet(),
    ))
}

/// Whether `res` is a page still rendering as it streams: HTML of unknown
/// length (a body of known length is complete already).
pub fn is_streamed_page(res: &axum::response::Response) -> bool {
    use http_body::Body as _;
    res.headers()
        .get(http::header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"))
        && res.body().size_hint().exact().is_none()
}
