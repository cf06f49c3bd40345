//! `/brand.css`: the tenant's colours as CSS variables that override the
//! design tokens in style/main.css (`--brand` fill, `--brand-contrast` text
//! on it, `--brand-ink` for brand-coloured text on the page). A stylesheet
//! (not an inline style) keeps the CSP free of 'unsafe-inline'; colours are
//! `HexColor`s, so nothing but `#rrggbb` is ever written into it.

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use http::{header, StatusCode};
use lyceum_app::request::RequestCtx;

pub async fn stylesheet(req: Request) -> Response {
    let Some(ctx) = req.extensions().get::<RequestCtx>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    // The tenant's colour, shaded where needed so text keeps WCAG 2.2
    // contrast whatever colour was chosen: as a fill behind its text
    // colour, and as ink (links, focus rings) on the page.
    let color = &ctx.tenant.primary_color;
    let css = format!(
        ":root {{\n  --brand: {fill};\n  --brand-contrast: {contrast};\n  --brand-ink: {ink};\n}}\n",
        fill = color.fill(),
        contrast = color.readable_text(),
        ink = color.ink(),
    );
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        css,
    )
        .into_response()
}
