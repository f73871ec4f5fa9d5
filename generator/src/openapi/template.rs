//! Path templates (`/users/{id}/posts`): parsed once, for the checker, the model and the diff.

/// One piece of a path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text taken as it is (`/users/`).
    Literal(&'a str),
    /// A parameter, by name (`id` for `{id}`).
    Param(&'a str),
}

/// A path template, split into literal text and `{parameters}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate<'a> {
    /// The template as written.
    pub path: &'a str,
    /// Its pieces, in order.
    pub segments: Vec<Segment<'a>>,
}

/// What is wrong with a template's braces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateError {
    /// A `{` without its `}`, a `}` alone, or braces inside braces.
    Unbalanced,
    /// `{}`.
    EmptyName,
}

impl<'a> PathTemplate<'a> {
    /// Splits `path`; a `{` left open is taken as literal text (see [`PathTemplate::problem`]).
    pub fn parse(path: &'a str) -> PathTemplate<'a> {
        let mut segments = Vec::new();
        let mut rest = path;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            if start > 0 {
                segments.push(Segment::Literal(&rest[..start]));
            }
            segments.push(Segment::Param(&rest[start + 1..start + len]));
            rest = &rest[start + len + 1..];
        }
        if !rest.is_empty() {
            segments.push(Segment::Literal(rest));
        }
        PathTemplate { path, segments }
    }

    /// The parameter names, in order (a name used twice is listed twice).
    pub fn params(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(name) => Some(*name),
            Segment::Literal(_) => None,
        })
    }

    /// The template with parameter names left out (`/users/{}/posts`): two templates with the
    /// same route are the same endpoint.
    pub fn route(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                Segment::Literal(text) => *text,
                Segment::Param(_) => "{}",
            })
            .collect()
    }

    /// The template's own problem, if it has one.
    pub fn problem(&self) -> Option<TemplateError> {
        let mut depth = 0i32;
        for c in self.path.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if !(0..=1).contains(&depth) {
                return Some(TemplateError::Unbalanced);
            }
        }
        if depth != 0 {
            return Some(TemplateError::Unbalanced);
        }
        self.params().any(str::is_empty).then_some(TemplateError::EmptyName)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        let t = PathTemplate::parse("/v1/users/{id}/posts/{post}");
        assert_eq!(t.params().collect::<Vec<_>>(), ["id", "post"]);
        assert_eq!(t.route(), "/v1/users/{}/posts/{}");
        assert_eq!(t.segments, [Segment::Literal("/v1/users/"), Segment::Param("id"), Segment::Literal("/posts/"), Segment::Param("post")]);
        assert_eq!(t.problem(), None);
        assert_eq!(PathTemplate::parse("/a/{id}.json").segments.last(), Some(&Segment::Literal(".json")));
        assert_eq!(PathTemplate::parse("/a/{id").problem(), Some(TemplateError::Unbalanced));
        assert_eq!(PathTemplate::parse("/a/{{id}}").problem(), Some(TemplateError::Unbalanced));
        assert_eq!(PathTemplate::parse("/a/id}").problem(), Some(TemplateError::Unbalanced));
        assert_eq!(PathTemplate::parse("/a/{}").problem(), Some(TemplateError::EmptyName));
        assert_eq!(PathTemplate::parse("/").params().count(), 0);
    }
}
