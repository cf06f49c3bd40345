//! Pieces of the page every context uses, and no context owns.

/// Text placed inside an element whose children the server renderer
/// writes without escaping — `<textarea>`, `<title>` (leptos_meta),
/// `<script>`, `<style>`, `<noscript>` in tachys 0.2 — escaped by us, so
/// that a saved `</textarea><b id=x>` stays text.
///
/// `<textarea>` and `<title>` hold RCDATA: the browser decodes `&lt;` back
/// to `<`, so what the person typed is what they see. In the browser
/// (hydrated updates) the text is set as text and must not be escaped.
/// Never use this for `<script>` or `<style>` content (raw text, where
/// entities are not decoded): user text does not belong there at all.
pub fn raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        if text.contains(['&', '<', '>']) {
            return text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
        }
        text
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    #[test]
    fn raw_text_is_inert_markup() {
        assert_eq!(
            super::raw_text("</textarea><b id=x> & co".into()),
            "&lt;/textarea&gt;&lt;b id=x&gt; &amp; co"
        );
        assert_eq!(super::raw_text("plain".into()), "plain");
    }
}
