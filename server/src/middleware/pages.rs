//! Minimal HTML pages for answers given before the application can render
//! (no tenant for this host, request refused, internal failure).

use axum::response::Html;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

pub fn simple_page(
    title: &str,
    heading: &str,
    message: &str,
    request_id: Option<&str>,
) -> Html<String> {
    let reference = request_id
        .map(|id| {
            format!(
                "<p class=\"muted\">Reference: <code>{}</code></p>",
                escape(id)
            )
        })
        .unwrap_or_default();
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
