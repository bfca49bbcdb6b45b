//! HTML post bodies (Mastodon's `content`) reduced to the text a reader
//! sees: tags removed, `<br>` as a newline, paragraphs separated by a blank
//! line, entities (`&amp;`, `&#39;`, `&nbsp;` ...) decoded. The text of every
//! element is kept, including Mastodon's `invisible` spans, which hold the
//! parts of a link it shortens for display, so links come out whole.

/// The text of an HTML fragment.
pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            // A lone `<` is text.
            out.push('<');
            rest = after;
            continue;
        };
        let tag = after[..gt].trim();
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        match (name.as_str(), closing) {
            ("br", _) => out.push('\n'),
            ("p" | "div" | "blockquote" | "ul" | "ol" | "pre", true) => out.push_str("\n\n"),
            ("li", false) => out.push('\n'),
            _ => {}
        }
        rest = &after[gt + 1..];
    }
    out.push_str(rest);
    let decoded = html_escape::decode_html_entities(&out).replace('\u{a0}', " ");
    tidy(&decoded)
}

/// Trims every line, keeps at most one blank line in a row, and trims the
/// whole.
fn tidy(text: &str) -> String {
    let mut lines: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() && lines.last().is_none_or(|l| l.is_empty()) {
            continue;
        }
        lines.push(line);
    }
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_breaks_entities_and_hidden_link_parts() {
        assert_eq!(
            to_text(
                "<p>What&#39;s new?<br>Beans &amp; buns</p><p>Menu: <a href=\"https://l.example/m\"><span class=\"invisible\">https://</span><span class=\"ellipsis\">l.example/m</span></a></p>"
            ),
            "What's new?\nBeans & buns\n\nMenu: https://l.example/m"
        );
        assert_eq!(
            to_text(
                "<p><span class=\"h-card\"><a href=\"x\" class=\"u-url mention\">@<span>maya_r</span></a></span> Yes!</p>"
            ),
            "@maya_r Yes!"
        );
        assert_eq!(to_text("1 < 2 &lt; 3"), "1 < 2 < 3");
        assert_eq!(to_text("<p></p>"), "");
    }
}
