//! Path templates (`/users/{userId}/tokens/{tokenId}`).

/// The template with each parameter's name left out (`/users/{}/tokens/{}`): two templates that
/// differ only in what their parameters are called name the same URLs.
pub fn anonymous(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_braces = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_braces = true;
                out.push('{');
            }
            '}' => {
                in_braces = false;
                out.push('}');
            }
            _ if in_braces => {}
            c => out.push(c),
        }
    }
    out
}

/// The names of the template's parameters, in order.
pub fn parameters(template: &str) -> Vec<String> {
    template
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameter_names_are_left_out_and_listed_in_order() {
        assert_eq!(
            anonymous("/users/{userId}/tokens/{id}"),
            "/users/{}/tokens/{}"
        );
        assert_eq!(
            anonymous("/users/{a}/tokens/{b}"),
            anonymous("/users/{x}/tokens/{y}")
        );
        assert_ne!(anonymous("/tokens/"), anonymous("/tokens"));
        assert_eq!(
            parameters("/users/{userId}/tokens/{id}.json"),
            ["userId", "id"]
        );
        assert!(parameters("/tokens").is_empty());
    }
}
