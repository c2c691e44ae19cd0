//! The shipped scenarios (`scenarios/*.toml`), compiled into the binary so
//! that `agroshift` runs on a machine with nothing but the executable.

/// A scenario file shipped with the program.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// Name used on the command line and in `extends`.
    pub name: &'static str,
    /// The file's text.
    pub text: &'static str,
}

/// The default scenario of `agroshift run`.
pub const DEFAULT_SCENARIO: &str = "sonla-restructuring";

/// Every shipped scenario, the base data first.
pub const BUILTINS: [Builtin; 5] = [
    Builtin { name: "sonla-baseline", text: include_str!("../../scenarios/sonla-baseline.toml") },
    Builtin { name: "sonla-restructuring", text: include_str!("../../scenarios/sonla-restructuring.toml") },
    Builtin { name: "sonla-planned", text: include_str!("../../scenarios/sonla-planned.toml") },
    Builtin { name: "longan-heavy", text: include_str!("../../scenarios/longan-heavy.toml") },
    Builtin { name: "diversified", text: include_str!("../../scenarios/diversified.toml") },
];

/// The shipped scenario called `name`, if any.
pub fn find(name: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.name == name)
}

/// Names of the shipped scenarios.
pub fn names() -> impl Iterator<Item = &'static str> + Clone {
    BUILTINS.iter().map(|b| b.name)
}
