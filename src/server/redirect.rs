//! Where a `next` parameter may send someone: only a path of this site.
//! Every redirect taken from a request (sign-in, OAuth, the language switch)
//! goes through [`local_path`], so none can lead to another site and none
//! can carry what a header cannot hold.

/// The most characters a `next` path may have.
const MAX: usize = 2048;

/// `next` when it is a path of this site, else `None`: it starts with one
/// `/`; no `//` or `/\` (another host to a browser), no backslash at all, no
/// control character (browsers drop tabs and newlines, so `/\t/evil.example`
/// is `//evil.example`; and a header cannot hold them), at most 2,048
/// characters.
pub fn local_path(next: &str) -> Option<&str> {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.chars().count() <= MAX;
    local.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_paths_of_this_site_pass() {
        for ok in [
            "/",
            "/account",
            "/catalog?q=torte&page=2",
            "/admin/orders/12#lines",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
        for bad in [
            "",
            "account",
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "\t//evil.example",
            "/account\r\nSet-Cookie: x=1",
            "/\u{7f}",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
        assert_eq!(local_path(&format!("/{}", "a".repeat(2048))), None);
    }
}
