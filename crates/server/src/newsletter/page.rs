//! The small HTML pages the endpoint shows a browser: the answer to a form
//! posted without JavaScript, and the confirm and unsubscribe links' pages
//! (whose button posts). They use the site's own stylesheet; no script,
//! no inline style (the CSP allows neither); every interpolated string is
//! escaped. They speak the publication's language, with its `lang` and
//! `dir` on `<html>`.

use standfirst_model::escape_html as escape;

/// A link on a page: where to, and its text.
pub struct Link<'a> {
    pub href: &'a str,
    pub text: &'a str,
}

/// A form with one button that posts `token` to `action`.
pub struct Form<'a> {
    pub action: &'a str,
    pub token: &'a str,
    pub button: &'a str,
}

/// A whole page: `<title>` and `<h1>` are `title`, one `<p>` per entry of
/// `text`, then the form, then the links.
pub struct Page<'a> {
    /// The page's language and direction (see [`crate::words`]).
    pub lang: &'a str,
    pub dir: &'a str,
    pub site: &'a str,
    /// The site's stylesheets (site paths).
    pub styles: &'a [String],
    pub title: &'a str,
    pub text: &'a [&'a str],
    pub form: Option<Form<'a>>,
    pub links: &'a [Link<'a>],
}

impl Page<'_> {
    pub fn render(&self) -> String {
        let mut body = String::new();
        for p in self.text {
            body.push_str(&format!("<p>{}</p>\n", escape(p)));
        }
        if let Some(f) = &self.form {
            body.push_str(&format!(
                "<form method=\"post\" action=\"{}\">\n<input type=\"hidden\" name=\"token\" value=\"{}\">\n\
                 <button type=\"submit\">{}</button>\n</form>\n",
                escape(f.action),
                escape(f.token),
                escape(f.button)
            ));
        }
        if !self.links.is_empty() {
            body.push_str("<ul>\n");
            for l in self.links {
                body.push_str(&format!(
                    "<li><a href=\"{}\">{}</a></li>\n",
                    escape(l.href),
                    escape(l.text)
                ));
            }
            body.push_str("</ul>\n");
        }
        let styles: String = self
            .styles
            .iter()
            .map(|s| format!("<link rel=\"stylesheet\" href=\"{}\">\n", escape(s)))
            .collect();
        format!(
            "<!doctype html>\n<html lang=\"{lang}\" dir=\"{dir}\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <meta name=\"robots\" content=\"noindex\">\n<meta name=\"referrer\" content=\"no-referrer\">\n\
             <title>{title} · {site}</title>\n{styles}</head>\n\
             <body>\n<main class=\"notice\">\n<h1>{title}</h1>\n{body}</main>\n</body>\n</html>\n",
            title = escape(self.title),
            site = escape(self.site),
            lang = escape(self.lang),
            dir = escape(self.dir),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_interpolated_is_escaped() {
        let styles = ["/style-0123456789abcdef.css".to_string()];
        let page = Page {
            lang: "en",
            dir: "ltr",
            site: "<Site> & Co",
            styles: &styles,
            title: "A \"title\"",
            text: &["x < y", "it's"],
            form: Some(Form {
                action: "/api/newsletter/confirm",
                token: "a\"b",
                button: "Confirm",
            }),
            links: &[Link {
                href: "/a?b=1&c=\"2\"",
                text: "<back>",
            }],
        }
        .render();
        assert!(page.contains("<title>A &quot;title&quot; · &lt;Site&gt; &amp; Co</title>"));
        assert!(page.contains("<h1>A &quot;title&quot;</h1>"));
        assert!(page.contains("<p>x &lt; y</p>\n<p>it&#39;s</p>"));
        assert!(page.contains("<a href=\"/a?b=1&amp;c=&quot;2&quot;\">&lt;back&gt;</a>"));
        assert!(page.contains("<form method=\"post\" action=\"/api/newsletter/confirm\">"));
        assert!(page.contains("value=\"a&quot;b\""));
        assert!(page.contains("<link rel=\"stylesheet\" href=\"/style-0123456789abcdef.css\">"));
        assert!(page.starts_with("<!doctype html>\n<html lang=\"en\" dir=\"ltr\">"));
        assert!(!page.contains("<script") && !page.contains("style="));
    }
}
