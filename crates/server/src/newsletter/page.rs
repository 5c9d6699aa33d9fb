//! The small HTML pages the endpoint shows a browser: the answer to a form
//! posted without JavaScript and the confirmation link's page. No script,
//! no inline style (the CSP allows neither); every interpolated string is
//! escaped.

/// A link on a page: where to, and its text.
pub struct Link<'a> {
    pub href: &'a str,
    pub text: &'a str,
}

/// A whole page: `<title>` and `<h1>` are `title`, one `<p>` per entry of
/// `text`, then the links.
pub fn render(site: &str, title: &str, text: &[&str], links: &[Link]) -> String {
    let mut body = String::new();
    for p in text {
        body.push_str(&format!("<p>{}</p>\n", escape(p)));
    }
    if !links.is_empty() {
        body.push_str("<ul>\n");
        for l in links {
            body.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>\n",
                escape(l.href),
                escape(l.text)
            ));
        }
        body.push_str("</ul>\n");
    }
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{title} · {site}</title>\n</head>\n\
         <body>\n<main>\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
        title = escape(title),
        site = escape(site),
    )
}

use standfirst_model::escape_html as escape;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_interpolated_is_escaped() {
        let page = render(
            "<Site> & Co",
            "A \"title\"",
            &["x < y", "it's"],
            &[Link {
                href: "/a?b=1&c=\"2\"",
                text: "<back>",
            }],
        );
        assert!(page.contains("<title>A &quot;title&quot; · &lt;Site&gt; &amp; Co</title>"));
        assert!(page.contains("<h1>A &quot;title&quot;</h1>"));
        assert!(page.contains("<p>x &lt; y</p>\n<p>it&#39;s</p>"));
        assert!(page.contains("<a href=\"/a?b=1&amp;c=&quot;2&quot;\">&lt;back&gt;</a>"));
        assert!(page.starts_with("<!doctype html>\n<html lang=\"en\">"));
        assert!(!page.contains("<script") && !page.contains("style="));
    }
}
