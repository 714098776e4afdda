//! The HTML a teacher pastes into a course page to embed what the playground shows: the
//! `<script>` that defines `<nn-playground>` (`www/embed.js`) and the element, with the
//! link's settings as its attributes. `embed.js` turns them back into the same hash.

use crate::share::escape::percent_decode;

/// The hash keys `embed.js` reads from attributes of the same name (its `SETTINGS`).
const ATTRIBUTES: [&str; 6] = ["preset", "lock", "hide", "text", "target", "lang"];
/// Keys left out: `embed.js` writes the host page's own origin and the embed mark.
const LEFT_OUT: [&str; 2] = ["origins", "embed"];

/// The snippet for the page at `page_url` (its address without the hash, such as
/// `https://host/path/` or `https://host/path/index.html`) showing the link `hash`
/// (share's encoding, without `#`). `link_text` is the fallback link's text, shown where
/// scripts do not run.
pub fn snippet(page_url: &str, hash: &str, link_text: &str) -> String {
    let folder = match page_url.rfind('/') {
        Some(slash) => &page_url[..=slash],
        None => page_url,
    };
    let mut attributes = Vec::new();
    let mut rest = Vec::new();
    for pair in hash.trim_start_matches('#').split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        if LEFT_OUT.contains(&key) {
            continue;
        }
        match percent_decode(value) {
            Ok(value) if ATTRIBUTES.contains(&key) => attributes.push(format!(" {key}=\"{}\"", escape(&value))),
            // Anything else (or a value that is not readable as text) goes on as it is written.
            _ => rest.push(pair),
        }
    }
    if !rest.is_empty() {
        attributes.push(format!(" hash=\"{}\"", escape(&rest.join("&"))));
    }
    let fallback = format!("{page_url}#{}", hash.trim_start_matches('#'));
    format!(
        "<script src=\"{}embed.js\"></script>\n<nn-playground{}>\n  <a href=\"{}\">{}</a>\n</nn-playground>\n",
        escape(folder),
        attributes.concat(),
        escape(&fallback),
        escape(link_text),
    )
}

/// `text` safe inside a double-quoted HTML attribute or as element text.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share;

    #[test]
    fn settings_embed_js_knows_become_attributes_and_the_rest_its_hash() {
        let hash = "preset=momentum&lr=0.1&lock=optimizer,seed&target=test_loss%3C%3D0.2&lang=zh&speed=16";
        let html = snippet("https://school.example/nn/index.html", hash, "Open NN Playground");
        assert_eq!(
            html,
            "<script src=\"https://school.example/nn/embed.js\"></script>\n\
             <nn-playground preset=\"momentum\" lock=\"optimizer,seed\" target=\"test_loss&lt;=0.2\" lang=\"zh\" \
             hash=\"lr=0.1&amp;speed=16\">\n  \
             <a href=\"https://school.example/nn/index.html#preset=momentum&amp;lr=0.1&amp;lock=optimizer,seed&amp;\
             target=test_loss%3C%3D0.2&amp;lang=zh&amp;speed=16\">Open NN Playground</a>\n\
             </nn-playground>\n"
        );
    }

    #[test]
    fn the_host_origin_is_left_to_embed_js() {
        let html = snippet("https://a.example/", "preset=cnn-digits&origins=https://b.example&embed=1", "Open");
        assert!(html.contains("<nn-playground preset=\"cnn-digits\">"), "{html}");
        assert!(!html.contains("hash="), "{html}");
        assert!(html.starts_with("<script src=\"https://a.example/embed.js\">"));
    }

    #[test]
    fn markup_in_a_value_stays_text() {
        let html = snippet("https://a.example/", "lock=%22%3E%3Cscript%3E", "<b>Open</b>");
        assert!(html.contains("lock=\"&quot;&gt;&lt;script&gt;\""), "{html}");
        assert!(html.contains(">&lt;b&gt;Open&lt;/b&gt;</a>"), "{html}");
        assert!(!html.contains("<script>"), "{html}");
    }

    #[test]
    fn a_shared_link_survives_the_trip_through_the_attributes() {
        // What embed.js would build back from the snippet: the attributes in its order, then `hash`.
        let state = share::parse("preset=momentum&lr=0.1&lock=optimizer&target=test_loss<=0.2&lang=zh&speed=16").state;
        let hash = share::encode(&state);
        let html = snippet("https://a.example/", &hash, "Open");
        let value = |name: &str| {
            let start = html.find(&format!(" {name}=\""))? + name.len() + 3;
            let end = start + html[start..].find('"')?;
            Some(html[start..end].replace("&lt;", "<").replace("&amp;", "&"))
        };
        let mut rebuilt: Vec<String> = ATTRIBUTES
            .iter()
            .filter_map(|name| value(name).map(|v| format!("{name}={}", share::escape::percent_encode(&v))))
            .collect();
        rebuilt.extend(value("hash"));
        assert_eq!(share::parse(&rebuilt.join("&")).state, state);
    }
}
