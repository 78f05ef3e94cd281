pub const ALL: &[&str] = &[
    "Simplicity is prerequisite for reliability.",
    "Make it work, make it right, make it fast.",
    "Premature optimization is the root of all evil.",
    "There are two hard things: cache invalidation and naming things.",
];

pub fn pick(index: usize) -> &'static str {
    ALL[index % ALL.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pick_wraps_around() {
        assert_eq!(pick(0), pick(ALL.len()));
    }
}
