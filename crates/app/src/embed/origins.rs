//! The host pages a framed playground talks to: the `origins` of its URL hash, each a
//! serialised origin (`scheme://host[:port]`), written by `embed.js` from the host's
//! `location.origin`. Only these may command the playground, and only they hear its events.

/// Longest origin read, in bytes (a DNS name is at most 253 characters).
const MAX_ORIGIN_LEN: usize = 300;

/// The origins allowed to embed the playground, normalised as browsers write
/// `MessageEvent.origin`: lower case, without a default port. The link's `origins=` is read
/// (with [`normalise`]) into `crate::share::Course::origins`, from which these come.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origins(Vec<String>);

impl Origins {
    /// The origins of an already normalised list; none when it is empty.
    pub fn new<'a>(origins: impl IntoIterator<Item = &'a str>) -> Option<Origins> {
        let origins: Vec<String> = origins.into_iter().map(str::to_string).collect();
        (!origins.is_empty()).then_some(Origins(origins))
    }

    /// Whether a message from `origin` (a `MessageEvent.origin`, compared exactly) may command the playground.
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|allowed| allowed == origin)
    }

    /// The allowed origins, in the order listed.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(String::as_str)
    }

    /// The target origins to post an event to: the parent's own origin when the browser
    /// tells it (`location.ancestorOrigins`) and it is allowed — nothing when it is not —
    /// else every allowed origin, of which the browser delivers to the one that matches.
    pub fn targets<'a>(&'a self, parent_origin: Option<&'a str>) -> Vec<&'a str> {
        match parent_origin.filter(|origin| *origin != "null") {
            Some(parent) if self.allows(parent) => vec![parent],
            Some(_) => Vec::new(),
            None => self.iter().collect(),
        }
    }
}

/// The entry as browsers serialise it, or why it is not an origin (a phrase that follows
/// the entry's name). The one rule for origins: the link's `origins=` is read with it.
pub fn normalise(entry: &str) -> Result<String, String> {
    const EXAMPLE: &str = "an origin is scheme://host[:port], such as https://course.example.org";
    if entry.is_empty() {
        return Err("is empty".into());
    }
    if entry.len() > MAX_ORIGIN_LEN {
        return Err(format!("is {} characters long; at most {MAX_ORIGIN_LEN} are read", entry.len()));
    }
    if entry == "*" {
        return Err("is not allowed: name each page that may embed the playground, \
                    such as https://course.example.org"
            .into());
    }
    if entry.eq_ignore_ascii_case("null") {
        return Err("is the opaque origin of a file:// page or a sandboxed frame, which any page can \
                    pretend to be; serve the course page over http or https"
            .into());
    }
    let Some((scheme, rest)) = entry.split_once("://") else {
        return Err(format!("has no scheme; {EXAMPLE}"));
    };
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return Err(format!("has the scheme {scheme}; only http and https pages can embed the playground")),
    };
    if let Some(at) = rest.find(['/', '?', '#']) {
        let what = if &rest[at..] == "/" { "ends in /" } else { "has a path" };
        return Err(format!("{what}; {EXAMPLE}"));
    }
    if rest.contains('@') {
        return Err(format!("has a user name; {EXAMPLE}"));
    }
    if !rest.is_ascii() {
        return Err("has a host name that is not ASCII; write it as the browser does, in punycode (xn--…)".into());
    }
    let (host, port) = split_port(rest).map_err(|why| format!("{why}; {EXAMPLE}"))?;
    let host = host.to_ascii_lowercase();
    let host_ok = if host.starts_with('[') {
        host.ends_with(']')
            && host.len() > 2
            && host[1..host.len() - 1].chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
    } else {
        !host.is_empty() && host.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    if !host_ok {
        return Err(format!("has no valid host name; {EXAMPLE}"));
    }
    match port {
        Some(port) if port != default_port => Ok(format!("{scheme}://{host}:{port}")),
        _ => Ok(format!("{scheme}://{host}")),
    }
}

/// Host and port (without leading zeros) of `host[:port]`; an IPv6 host is in brackets.
fn split_port(authority: &str) -> Result<(&str, Option<String>), String> {
    let colon = if authority.starts_with('[') {
        authority.find(']').and_then(|end| authority[end..].find(':').map(|at| end + at))
    } else {
        authority.find(':')
    };
    let Some(colon) = colon else { return Ok((authority, None)) };
    let port = &authority[colon + 1..];
    match port.parse::<u16>() {
        Ok(number) if number > 0 && port.bytes().all(|b| b.is_ascii_digit()) => {
            Ok((&authority[..colon], Some(number.to_string())))
        }
        _ => Err(format!("has the port \"{port}\", not a number from 1 to 65535")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(entry: &str) -> String {
        normalise(entry).unwrap_err()
    }

    #[test]
    fn origins_are_normalised_as_browsers_write_them() {
        let listed: Vec<String> =
            [" HTTPS://Course.Example.org ", "http://localhost:8000", "https://a.org:443", "http://[::1]:80"]
                .iter()
                .map(|entry| normalise(entry.trim()).unwrap())
                .collect();
        assert_eq!(listed, ["https://course.example.org", "http://localhost:8000", "https://a.org", "http://[::1]"]);
        let origins = Origins::new(listed.iter().map(String::as_str)).unwrap();
        assert!(origins.allows("https://course.example.org"));
        assert!(origins.allows("http://localhost:8000"));
        assert!(!origins.allows("http://localhost:8001"));
        assert!(!origins.allows("http://course.example.org"));
        assert!(!origins.allows("https://course.example.org.evil.example"));
        assert!(!origins.allows("null"));
        assert!(!origins.allows(""));
        assert_eq!(Origins::new([]), None, "no list: no host is trusted");
    }

    #[test]
    fn wildcards_paths_and_other_schemes_are_refused_by_name() {
        assert_eq!(
            error("*"),
            "is not allowed: name each page that may embed the playground, such as https://course.example.org"
        );
        assert_eq!(
            error("https://b.org/course"),
            "has a path; an origin is scheme://host[:port], such as https://course.example.org"
        );
        assert!(error("https://a.org/").starts_with("ends in /;"));
        assert!(error("https://a.org?x=1").contains("has a path"));
        assert_eq!(error("ftp://a.org"), "has the scheme ftp; only http and https pages can embed the playground");
        assert!(
            error("a.org")
                .ends_with("has no scheme; an origin is scheme://host[:port], such as https://course.example.org")
        );
        assert!(error("null").contains("opaque origin"));
        assert!(error("https://user@a.org").contains("has a user name"));
        assert!(error("https://bücher.de").contains("punycode"));
        assert!(error("https://a_b.org").contains("has no valid host name"));
        assert!(error("https://").contains("has no valid host name"));
        assert!(error("http://[zz]").contains("has no valid host name"));
        assert_eq!(error(""), "is empty");
    }

    #[test]
    fn ports_must_be_numbers_in_range() {
        assert!(error("https://a.org:0").contains("has the port \"0\", not a number from 1 to 65535"));
        assert!(error("https://a.org:65536").contains("has the port \"65536\""));
        assert!(error("https://a.org:+80").contains("has the port \"+80\""));
        assert!(error("https://a.org:").contains("has the port \"\""));
        assert_eq!(normalise("http://a.org:08080").unwrap(), "http://a.org:8080");
    }

    #[test]
    fn long_entries_are_refused_before_they_are_read() {
        let long = format!("https://{}.org", "a".repeat(400));
        assert_eq!(error(&long), "is 412 characters long; at most 300 are read");
    }

    #[test]
    fn events_go_to_the_parent_when_it_is_allowed_and_known() {
        let origins = Origins::new(["https://a.org", "https://b.org"]).unwrap();
        assert_eq!(origins.targets(Some("https://b.org")), ["https://b.org"]);
        assert!(origins.targets(Some("https://evil.example")).is_empty());
        assert_eq!(origins.targets(None), ["https://a.org", "https://b.org"]);
        assert_eq!(origins.targets(Some("null")), ["https://a.org", "https://b.org"]);
    }
}
