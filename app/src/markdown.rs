//! Markdown written by people (course descriptions, later lessons and
//! bios) in, sanitized HTML out.
//!
//! pulldown-cmark renders (raw HTML in the source is kept as *text*, never
//! passed through), then ammonia's allow-list removes anything a crafted
//! link or image could still smuggle in (`javascript:` URLs, event
//! handlers). Server-only: the editor's live preview asks the server, so the
//! browser bundle carries no Markdown or HTML parser.

use pulldown_cmark::{html, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// `level` moved down so that `#` becomes `first` (1–6), capped at h6: the
/// text's headings sit under the page's own.
fn demote(level: HeadingLevel, first: u8) -> HeadingLevel {
    match (level as u8).saturating_add(first.clamp(1, 6) - 1) {
        1 => HeadingLevel::H1,
        2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// The sanitized HTML of a Markdown text whose `#` headings become
/// `<h{first_heading}>` (1–6; deeper ones follow, capped at h6): under a
/// page section titled by an h2, pass 3.
pub fn to_safe_html(markdown: &str, first_heading: u8) -> String {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let parser = Parser::new_ext(markdown, options).map(|event| match event {
        // Inline or block HTML written in the description shows as typed.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level, first_heading),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => {
            Event::End(TagEnd::Heading(demote(level, first_heading)))
        }
        other => other,
    });
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, parser);
    ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&unsafe_html)
        .to_string()
}

/// Plain text of a description, for meta descriptions and cards.
pub fn to_plain_text(markdown: &str, max_chars: usize) -> String {
    let mut out = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            // Blocks end with a space; inline ends (bold, a link) do not,
            // so "in **Rust**." stays "in Rust.".
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
                | TagEnd::Image,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !out.ends_with(' ') => {
                out.push(' ');
            }
            _ => {}
        }
        if out.chars().count() > max_chars {
            break;
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > max_chars {
        let cut: String = text.chars().take(max_chars.saturating_sub(1)).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders() {
        let html = to_safe_html(
            "# Title\n\nSome **bold** and a [link](https://example.com).\n\n- a\n- b",
            3,
        );
        assert!(
            html.contains("<h3>Title</h3>"),
            "demoted below the page headings: {html}"
        );
        assert!(html.contains("<strong>bold</strong>"));
        assert!(html.contains(
            "<a href=\"https://example.com\" rel=\"noopener noreferrer nofollow\">link</a>"
        ));
        assert!(html.contains("<li>a</li>"));
    }

    #[test]
    fn payloads_are_inert() {
        for payload in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "![x](javascript:alert(1))",
            "<a href=\"javascript:alert(1)\">x</a>",
            "[x](JaVaScRiPt:alert(1))",
            "<svg onload=alert(1)>",
        ] {
            let html = to_safe_html(payload, 3).to_lowercase();
            // Typed HTML survives only as escaped text; no live tag carries a
            // script, a handler or a javascript: URL.
            for tag in html
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
            {
                let name = tag.split_whitespace().next().unwrap_or("");
                assert!(
                    !["script", "svg", "iframe"].contains(&name),
                    "{payload} → {html}"
                );
                assert!(
                    !tag.contains("javascript:") && !tag.contains(" on"),
                    "{payload} → {html}"
                );
            }
        }
        // Typed HTML stays visible as text.
        assert!(to_safe_html("<b>hi</b>", 3).contains("&lt;b&gt;hi&lt;/b&gt;"));
    }

    #[test]
    fn headings_start_where_the_page_says() {
        assert!(to_safe_html("# A\n\n## B", 2).contains("<h2>A</h2>\n<h3>B</h3>"));
        assert!(
            to_safe_html("##### E", 3).contains("<h6>E</h6>"),
            "capped at h6"
        );
        assert!(to_safe_html("# A", 1).contains("<h1>A</h1>"));
    }

    #[test]
    fn plain_text_for_meta() {
        assert_eq!(
            to_plain_text("# Rust\n\nLearn **it** now.", 100),
            "Rust Learn it now."
        );
        // Inline ends add no space: no "Rust ." before punctuation.
        assert_eq!(
            to_plain_text("In **Rust**, [read](https://x.test)!", 100),
            "In Rust, read!"
        );
        assert_eq!(
            to_plain_text("word ".repeat(50).as_str(), 12),
            "word word w…"
        );
    }
}
